"""Plain text: the decoded file is the work's text, chapters found from their markers.

A chapter marker is a line of its own such as "Chapter 3", "CHAPTER III.",
"Chapter Two: The Letter" or "Ch. 4 - Rain". Prologues and epilogues stay
inside chapters as section headings (the structure stage finds those).
"""

from __future__ import annotations

import re

from ..model import Chapter, Metadata, Source, Span, Work

_CHAPTER_LINE = re.compile(
    r"^[ \t]*(?:chapter|ch\.)[ \t]+(?:\d+|[IVXLCDM]+|[A-Za-z]+(?:[- ][A-Za-z]+)?)\b[^\n]{0,120}?[ \t\r]*$",
    re.I | re.M,
)


def read_plain(text: str, source: Source, meta: Metadata | None = None, start: int = 0, end: int | None = None) -> Work:
    """A Work whose chapters are the marked chapters of `text[start:end]`."""
    end = len(text) if end is None else end
    return Work(text=text, source=source, meta=meta or Metadata(), chapters=find_chapters(text, start, end))


def find_chapters(text: str, start: int, end: int) -> list[Chapter]:
    """Chapters of `text[start:end]` split at chapter-marker lines (one chapter if none)."""
    markers = [m for m in _CHAPTER_LINE.finditer(text, start, end) if _is_marker(m.group(0))]
    if not markers:
        return [Chapter(None, start, end)]
    chapters = []
    if text[start : markers[0].start()].strip():
        chapters.append(Chapter(None, start, markers[0].start()))
    for i, marker in enumerate(markers):
        body_end = markers[i + 1].start() if i + 1 < len(markers) else end
        title_start = marker.start() + len(marker.group(0)) - len(marker.group(0).lstrip())
        title_end = marker.end() - (len(marker.group(0)) - len(marker.group(0).rstrip()))
        chapters.append(
            Chapter(text[title_start:title_end], marker.end(), body_end, title_span=Span(title_start, title_end))
        )
    return chapters


def _is_marker(line: str) -> bool:
    """"Chapter 3" or "Chapter Two: Rain" but not a sentence starting with "Chapter"."""
    stripped = line.strip()
    words = stripped.split()
    if len(words) > 14 or stripped.endswith((",", ";")):
        return False
    second = words[1].rstrip(".:-–—")
    numeric = second.isdigit() or re.fullmatch(r"[IVXLCDM]+", second) is not None
    spelled = second.lower() in _NUMBER_WORDS
    return numeric or spelled


_NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five", "last", "final",
}  # fmt: skip
