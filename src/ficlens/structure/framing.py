"""Lines that frame chapters rather than tell the story.

Writers put the story's title over every chapter ("HUNTED"), write the chapter's
title again under the one the file gives it ("Chapter 1: Festival" twice), and
sign every chapter off ("Bex-chan", "- Bex"). Read as story they became scenes
of their own, characters and words. A short line at a chapter's top is a header
when it is the work's title or the chapter's own title, or when it is the same
first line that opens at least half the chapters (two at least); a short line at
a chapter's end is a sign-off when it names an author of the work, or when it
is the same last line that closes half the chapters.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .parts import is_part_heading

HEADER, SIGNOFF = "chapter-title", "signoff"
_EDGE = 3  # paragraphs looked at from each end of a chapter
_HEADER_WORDS = 12
_SIGNOFF_WORDS = 5
_SIGNOFF_CHARS = 40
_MIN_KEY = 3  # a line whose letters are fewer ("A", "-") matches nothing
_FRAMES = ("text", "heading")  # roles a framing line may have been given; never a break, note or letter
_QUOTES = re.compile("[\"“”«»„]")  # a line someone says is story


def framing_roles(
    chapters: Sequence[Sequence[tuple[str, str]]],
    title: str | None,
    chapter_titles: Sequence[str | None],
    authors: Sequence[str],
) -> list[dict[int, str]]:
    """Per chapter (its paragraphs as (stripped text, role)), the indices of its framing lines and
    their new role: "chapter-title" for a header, "signoff" for a sign-off."""
    tops = [_edge(paragraphs, range(min(_EDGE, len(paragraphs))), _HEADER_WORDS) for paragraphs in chapters]
    ends = [_edge(paragraphs, range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _EDGE), -1), _SIGNOFF_WORDS)
            for paragraphs in chapters]
    repeated_tops, repeated_ends = _repeated(tops, len(chapters)), _repeated(ends, len(chapters))
    title_key = _key(title or "")
    author_keys = [k for k in map(_key, authors) if len(k) >= _MIN_KEY]
    found: list[dict[int, str]] = []
    for paragraphs, top, end, chapter_title in zip(chapters, tops, ends, chapter_titles):
        roles: dict[int, str] = {}
        chapter_key = _key(chapter_title or "")
        for n, (i, key) in enumerate(top):
            # a heading over many chapters ("Harry's POV") still heads its scene
            repeated = n == 0 and key in repeated_tops and paragraphs[i][1] == "text"
            if not (key == title_key or repeated or _same_title(key, chapter_key)):
                break
            roles[i] = HEADER
        for n, (i, key) in enumerate(end):
            line = paragraphs[i][0]
            if i in roles or len(line) > _SIGNOFF_CHARS or _QUOTES.search(line):
                break
            # "- Bex", "Love, Bex-chan", or "Bex" for Bex-chan; not "Ann" for Joanna
            if not (n == 0 and key in repeated_ends or any(a in key or a.startswith(key) for a in author_keys)):
                break
            roles[i] = SIGNOFF
        found.append(roles)
    return found


def _edge(paragraphs: Sequence[tuple[str, str]], order: range, max_words: int) -> list[tuple[int, str]]:
    """(index, key) of the short paragraphs at one end of a chapter, up to the first that is no
    framing line by its role or length; breaks, notes and part headings between are passed over."""
    edge = []
    for i in order:
        line, role = paragraphs[i]
        if role in ("break", "note") or role == "heading" and is_part_heading(line):
            continue
        if role not in _FRAMES or len(line.split()) > max_words or len(_key(line)) < _MIN_KEY:
            break
        edge.append((i, _key(line)))
    return edge


def _repeated(edges: list[list[tuple[int, str]]], chapters: int) -> set[str]:
    """Keys of the outermost line at the same end of at least half the chapters, and of two at least."""
    counts = Counter(edge[0][1] for edge in edges if edge)
    return {key for key, n in counts.items() if n >= 2 and 2 * n >= chapters}


def _same_title(key: str, chapter_key: str) -> bool:
    """The chapter's title written again: whole, or its name without "Chapter 1:" or with it."""
    if len(chapter_key) < _MIN_KEY or len(key) < _MIN_KEY:
        return False
    short, long = sorted((key, chapter_key), key=len)
    return long.endswith(short) and bool(_LABEL.fullmatch(long[: len(long) - len(short)]))


_LABEL = re.compile(
    r"(?:chapter|ch|part|book)?(?:\d+|[ivxlc]+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)?"
)


def _key(line: str) -> str:
    """A line's letters and digits, case folded: "HUNTED" and "Hunted!" are one line."""
    return "".join(ch for ch in line.casefold() if ch.isalnum())
