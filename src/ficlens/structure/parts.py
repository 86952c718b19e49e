"""Parts: the headings that group chapters ("PART ONE", "Part II: The Return", "BOOK THE FIRST",
"Volume 1").

A reader splits a file at its chapter headings, so a part's heading is left alone before the
first chapter of its part (an untitled "chapter" of its own, or the top of that chapter) or at the
end of the chapter before. Such a heading groups the chapters that follow, up to the next part;
the chapters keep their own titles. A part heading with story on both sides of it in its chapter
is a section heading, and a line that only starts like one ("Part of me knew.") is prose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..model import Part
from .headings import NUMBER, is_heading

_PART = re.compile(rf"[\W_]*(?:part|book|volume|vol\.)\s+(?:the\s+)?{NUMBER}\b(?:\s*[.:\-–—~|]\s*.*|\s*)", re.I)
_STORY = ("text", "letter")


def is_part_heading(line: str) -> bool:
    """True when `line` (one stripped paragraph) is a part's heading, not a sentence."""
    return is_heading(line) and bool(_PART.fullmatch(line))


def only_a_part(lines: Sequence[str], roles: Sequence[str]) -> bool:
    """Whether a chapter (its stripped paragraphs and their roles) holds a part's heading and no
    story: what a reader makes of the lines before a part's first chapter."""
    return not any(role in _STORY for role in roles) and any(
        role == "heading" and is_part_heading(line) for line, role in zip(lines, roles))


def find_parts(chapters: Sequence[Sequence[tuple[str, str]]]) -> list[tuple[int, int, int]]:
    """The part headings among the chapters (each its paragraphs as (stripped text, role)), as
    (chapter, paragraph index in it, first chapter of the part): a part heading before all the
    story of its chapter opens the part there; one after all of it, the next chapter's part."""
    found = []
    if len(chapters) < 2:
        return found
    for index, paragraphs in enumerate(chapters):
        story = [i for i, (_, role) in enumerate(paragraphs) if role in _STORY]
        for i, (line, role) in enumerate(paragraphs):
            if role != "heading" or not is_part_heading(line):
                continue
            if not story or i < story[0]:
                found.append((index, i, index))
            elif i > story[-1] and index + 1 < len(chapters):
                found.append((index, i, index + 1))
    return found


def group_chapters(headings: Sequence[tuple[str, int, int, int]], chapters: int) -> list[Part]:
    """Parts from their headings (title, start, end, first chapter), in order: each groups its
    chapters up to the next part's first (a heading opening no chapter of its own is a part too)."""
    parts = []
    for n, (title, start, end, first) in enumerate(headings):
        last = headings[n + 1][3] if n + 1 < len(headings) else chapters
        parts.append(Part(title, start, end, list(range(first, max(first, last)))))
    return parts
