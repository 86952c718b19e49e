"""AO3 works as text in dataset dumps.

Two shapes are known. A "Work Text:" dump has that line first and the story
after it. A header dump has short lines before the story: the title, the
fandom, the category ("F/M"), the rating letter ("G"), the title again,
"Summary" and the summary paragraph, then the story.
"""

from __future__ import annotations

import re

from ..model import Metadata, Source, Work
from .plain import read_plain
from .tags import apply_label, canonical_categories, canonical_rating, split_tags

_WORK_TEXT = re.compile(r"\A\ufeff?[ \t]*Work Text:[ \t]*\r?\n")
_HEADER_LINES = 20
_LINE = re.compile(r"[^\n]*\n?")


def looks_like_work_text_dump(text: str) -> bool:
    return _WORK_TEXT.match(text) is not None


def looks_like_header_dump(text: str) -> bool:
    lines = _lines(text)[:_HEADER_LINES]
    stripped = [t for _, _, t in lines]
    if "Summary" not in stripped:
        return False
    head = stripped[: stripped.index("Summary")]
    has_rating = any(canonical_rating(t) for t in head)
    has_category = any(canonical_categories(t) for t in head)
    title_repeated = bool(head) and head.count(head[0]) >= 2
    return sum((has_rating, has_category, title_repeated)) >= 2


def read_work_text_dump(text: str, source: Source) -> Work:
    """The story starts on the line after "Work Text:"."""
    start = _WORK_TEXT.match(text).end()
    return read_plain(text, source, Metadata(), start=start)


def read_header_dump(text: str, source: Source) -> Work:
    """Read the header lines into Metadata; the story starts after the summary."""
    meta = Metadata()
    lines = _lines(text)
    summary_at = next(i for i, (_, _, t) in enumerate(lines[:_HEADER_LINES]) if t == "Summary")
    unlabelled = []
    for _, _, line in lines[:summary_at]:
        if not line:
            continue
        rating = canonical_rating(line)
        categories = canonical_categories(line)
        if meta.title is None:
            meta.title = line
        elif line == meta.title:
            continue
        elif rating and meta.rating is None:
            meta.rating = rating
        elif categories:
            meta.categories.extend(c for c in categories if c not in meta.categories)
        elif ":" in line and apply_label(meta, *line.split(":", 1)):
            continue
        else:
            unlabelled.append(line)
    # Unlabelled lines are the fandom first, then pairings ("A/B") and tags.
    for i, line in enumerate(unlabelled):
        if i == 0:
            meta.fandoms.extend(split_tags(line))
        elif "/" in line or " & " in line:
            meta.relationships.extend(split_tags(line))
        else:
            meta.tags.extend(split_tags(line))
    # The summary runs to the first blank line; the story starts after it.
    story_start = len(text)
    summary_parts = []
    for start, end, line in lines[summary_at + 1 :]:
        if not line:
            if summary_parts:
                story_start = end
                break
            continue
        summary_parts.append(line)
    meta.summary = "\n".join(summary_parts) or None
    while story_start < len(text) and text[story_start] in "\r\n":
        story_start += 1
    return read_plain(text, source, meta, start=story_start)


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end including the newline, stripped text) of the first lines."""
    result = []
    for match in _LINE.finditer(text, 0, min(len(text), 20_000)):
        if not match.group(0) or len(result) == 200:
            break
        result.append((match.start(), match.end(), match.group(0).strip().lstrip("\ufeff")))
    return result
