"""FanFicFare's TXT output (FanFiction.Net, AO3 and other sites, as saved by it).

Its writer lays a file out as: the title, "by <author>", a title page of
"Label: value" lines (wrapped at 78 columns), an optional "TABLE OF CONTENTS",
then each chapter under a tab-indented title line, the chapter text as
html2text renders it (blank-line paragraphs, "* * *" for rules) and "End
file." at the very end.
"""

from __future__ import annotations

import re

from ..model import Chapter, Metadata, Source, Span, Work
from .tags import apply_label, split_authors, split_label_line

_BY = re.compile(r"^by (.+)$", re.M)
_FFF_LABEL = re.compile(r"^(?:Story URL|Publisher|Packaged|Status|Author URL):", re.M)
_CHAPTER = re.compile(r"(?<=\n)\t([^\t\n][^\n]*?)[ \t\r]*$", re.M)
_END = re.compile(r"\n[ \t]*End file\.[ \t\r]*\n?\s*\Z")
_LINE = re.compile(r"[^\n]*\n?")


def looks_like_fff_text(text: str) -> bool:
    head = text[:8000]
    return bool(_BY.search(head)) and bool(_FFF_LABEL.search(head) or "\nTABLE OF CONTENTS" in head)


def read_fff_text(text: str, source: Source) -> Work:
    meta = Metadata()
    body_from = _read_title_page(text, meta)
    end_match = _END.search(text)
    body_end = end_match.start() if end_match else len(text)
    toc = text.find("\nTABLE OF CONTENTS", body_from, body_from + 200_000)
    markers = [m for m in _CHAPTER.finditer(text, body_from, body_end)]
    if toc >= 0 and markers:
        body_from = markers[0].start()
    chapters = []
    for i, marker in enumerate(markers):
        stop = markers[i + 1].start() if i + 1 < len(markers) else body_end
        chapters.append(Chapter(marker.group(1).strip(), marker.end(), stop, Span(marker.start(1), marker.start(1) + len(marker.group(1).strip()))))
    if not chapters:
        chapters = [Chapter(None, body_from, body_end)]
    return Work(text=text, source=source, meta=meta, chapters=chapters)


def _read_title_page(text: str, meta: Metadata) -> int:
    """Fill `meta` from the title page; return where the title page ends."""
    entries: list[list[str]] = []
    blank_run = 0
    pos = 0
    for match in _LINE.finditer(text, 0, min(len(text), 60_000)):
        if not match.group(0):
            break
        line = match.group(0).strip()
        pos = match.end()
        if not line:
            blank_run += 1
            if entries and blank_run >= 2:
                break
            continue
        blank_run = 0
        if meta.title is None:
            meta.title = line
        elif not meta.authors and line.startswith("by "):
            meta.authors = split_authors(line)
        elif (pair := split_label_line(line)) is not None:
            entries.append(list(pair))
        elif entries:
            entries[-1][1] += " " + line  # the entry's value, wrapped at 78 columns
        else:
            break
    for label, value in entries:
        apply_label(meta, label, value)
    return pos
