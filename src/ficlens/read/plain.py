"""Plain text: the decoded file is the work's text, chapters found from their markers.

Front matter or "Label: value" lines at the top are metadata (frontmatter.py).
A chapter marker is a line of its own such as "Chapter 3", "CHAPTER III.",
"Chapter Two: The Letter" or "Ch. 4 - Rain". Prologues and epilogues stay
inside chapters as section headings (the structure stage finds those).
"""

from __future__ import annotations

import re

from ..model import Chapter, Metadata, Source, Span, Work
from .frontmatter import read_header

_CHAPTER_LINE = re.compile(
    r"^[ \t]*(?:chapter|ch\.)[ \t]+(?:\d+|[IVXLCDM]+|[A-Za-z]+(?:[- ][A-Za-z]+)?)\b[^\n]{0,120}?[ \t\r]*$",
    re.I | re.M,
)


def read_plain(text: str, source: Source, meta: Metadata | None = None, start: int = 0, end: int | None = None) -> Work:
    """A Work whose chapters are the marked chapters of `text[start:end]`.

    Without `meta` (a text file read as such), front matter or "Fandom: ..." lines at the top
    are the work's metadata and the story starts below them.
    """
    end = len(text) if end is None else end
    if meta is None:
        header = read_header(text, source.path)
        meta, start = header.meta, max(start, header.end)
    return Work(text=text, source=source, meta=meta, chapters=find_chapters(text, start, end))


def find_chapters(text: str, start: int, end: int) -> list[Chapter]:
    """Chapters of `text[start:end]` split at chapter-marker lines (one chapter if none)."""
    markers = _markers(text, start, end)
    if not markers:
        return [Chapter(None, start, end)]
    chapters = []
    if text[start : markers[0].start()].strip():
        chapters.append(Chapter(None, start, markers[0].start()))
    for i, marker in enumerate(markers):
        body_end = markers[i + 1].start() if i + 1 < len(markers) else end
        title_start = marker.start() + len(marker.group(0)) - len(marker.group(0).lstrip())
        title_end = _title_end(text, marker, body_end)
        chapters.append(
            Chapter(text[title_start:title_end], title_end, body_end, title_span=Span(title_start, title_end))
        )
    return chapters


def _markers(text: str, start: int, end: int) -> list[re.Match]:
    found = []
    for m in _CHAPTER_LINE.finditer(text, start, end):
        line = m.group(0)
        if _is_marker(line) and (not line.rstrip().endswith((",", ";")) or _title_lines(text, m.end(), end)):
            found.append(m)
    return found


def undoubled_title(title: str | None) -> str | None:
    """A chapter title without AO3's label doubled: AO3 heads chapter 1 "Chapter 1: " + the author's
    title, so a title that says it already reads "Chapter 1: Chapter 1: Festival" ("Chapter 1: Festival")."""
    match = _DOUBLED.match(title or "")
    if match and _number(match.group(1)) == _number(match.group(2)) is not None:
        return title[match.end(1) :].lstrip(" :.-–—")
    return title


_DOUBLED = re.compile(r"\s*(?:chapter|ch\.)\s+(\w+)\s*[:.\-–—]\s*(?:chapter|ch\.)\s+(\w+)\b", re.I)
_ORDINALS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
             "sixteen seventeen eighteen nineteen twenty").split()


def _number(word: str) -> int | None:
    word = word.lower()
    if word.isdecimal():
        return int(word)
    return _ORDINALS.index(word) if word in _ORDINALS else None


def is_chapter_marker(line: str) -> bool:
    """A chapter's heading by its words ("Chapter 3: Rain", "Prologue"), not a work's title."""
    line = line.strip()
    return bool(_CHAPTER_LINE.fullmatch(line)) and _is_marker(line) or bool(_SECTION.match(line))


_SECTION = re.compile(r"(?:prologue|epilogue|interlude|part \w+)\b", re.I)


def _is_marker(line: str) -> bool:
    """"Chapter 3" or "Chapter Two: Rain" but not a sentence starting with "Chapter"
    ("Chapter two was found, and she glanced at it.")."""
    words = line.split()
    if len(words) > 14:
        return False
    second = words[1].rstrip(".:-–—")
    numeric = second.isdigit() or re.fullmatch(r"[IVXLCDM]+", second) is not None
    spelled = second.lower() in _NUMBER_WORDS
    runs_on = len(words) > 2 and words[1] == second and words[2][:1].islower()
    return (numeric or spelled) and not runs_on


def _title_end(text: str, marker: re.Match, limit: int) -> int:
    """Where a chapter's title ends: its marker line, and the lines after it that carry the
    title on ("CHAPTER I." / "Down the Rabbit-Hole"; a long title wrapped over three lines)."""
    lines = _title_lines(text, marker.end(), limit)
    end = lines[-1] if lines else marker.end()
    while end > marker.start() and text[end - 1] in " \t\r":
        end -= 1
    return end


def _title_lines(text: str, start: int, limit: int) -> list[int]:
    """Ends of the lines right after `start` that read as a title, when the paragraph
    holds nothing else (up to three lines; none when prose follows without a blank line)."""
    ends: list[int] = []
    position = start + 1  # past the marker line's newline
    for _ in range(_MAX_TITLE_LINES + 1):
        if position >= limit:
            return ends
        line_end = text.find("\n", position, limit)
        line_end = limit if line_end < 0 else line_end
        line = text[position:line_end].strip()
        if not line:
            return ends
        if len(ends) == _MAX_TITLE_LINES or not _title_case(line) or _CHAPTER_LINE.fullmatch(line):
            return []
        ends.append(line_end)
        position = line_end + 1
    return ends


_MAX_TITLE_LINES = 3
_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for with by from as into upon".split())


def _title_case(line: str) -> bool:
    """"The Pool of Tears", "THE ONE THING NEEDFUL": the words that count are capitalised."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL_WORDS]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


_NUMBER_WORDS = {
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred",
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "twenty-one", "twenty-two", "twenty-three", "twenty-four", "twenty-five", "last", "final",
}  # fmt: skip
