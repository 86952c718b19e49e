"""FanFicFare's TXT output (FanFiction.Net, AO3 and other sites, as saved by it).

Its writer lays a file out as: the title, "by <author>", a title page of
"Label: value" lines (wrapped at 78 columns), an optional "TABLE OF CONTENTS",
then each chapter under its title line ("\\t<title>", which the wrapping turns
into eight spaces), the chapter text as html2text renders it (blank-line
paragraphs, two trailing spaces for a `<br>`, "* * *" for rules) and "End
file." at the very end. Lines end in "\\r\\n" by default.

Site adapters number chapter titles ("1. The Letter") or title a lone chapter
with the work's title, and FanFicFare's AO3 adapter puts the work's and the
chapters' notes and chapter summaries into the chapter text, each a bold label
over a blockquote. Numbers and lone titles are dropped and notes taken out of
the chapters (into `Work.notes` and `Chapter.summary`), so the work reads as
AO3's own download does. The text itself is the decoded file, unchanged.
"""

from __future__ import annotations

import re

from ..model import Block, Chapter, Metadata, Note, Source, Span, Work
from .notes import note_label
from .tags import apply_label, field_for_label, split_authors

_BY = re.compile(r"^by (.+)$", re.M)
_FFF_LABEL = re.compile(r"^(?:Story URL|Publisher|Packaged|Status|Author URL):", re.M)
_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9 /]{0,30}?)\s*:(?:\s+(.*))?")
_MARKER = re.compile(r"^(?:\t| {8})(\S[^\n]*?)[ \t\r]*$", re.M)
_END = re.compile(r"\n[ \t]*End file\.[ \t\r]*\n?\s*\Z")
_LINE = re.compile(r"[^\n]*\n?")
_NOTE_LABEL = re.compile(r"\*\*([^*\n]{1,40}?:)\*\*")  # html2text's bold label over a note's blockquote
_SPACE = " \t\r\f\v\u00a0"
# Title page entries FanFicFare writes that Metadata has no field for.
_OTHER_LABELS = {
    "author url", "author id", "story id", "series url", "site abbrev", "file format", "file extension",
    "extra tags", "downloader version", "chapters/total chapters", "total chapters",
}  # fmt: skip


def looks_like_fff_text(text: str) -> bool:
    """True for a "by <author>" line with FanFicFare's title page labels or table of contents."""
    head = text[:8000]
    return bool(_BY.search(head)) and bool(_FFF_LABEL.search(head) or "\nTABLE OF CONTENTS" in head)


def read_fff_text(text: str, source: Source) -> Work:
    """Read a FanFicFare TXT file: title page metadata, chapters, notes and paragraphs."""
    meta = Metadata()
    body_from = _read_title_page(text, meta)
    end_match = _END.search(text)
    body_end = end_match.start() if end_match else len(text)
    markers = _chapter_markers(text, body_from, body_end)
    titles = strip_numbers([m.group(1) for m in markers])
    notes: list[Note] = []
    chapters = []
    for i, marker in enumerate(markers):
        stop = markers[i + 1].start() if i + 1 < len(markers) else body_end
        title_start = marker.start(1) + len(marker.group(1)) - len(titles[i])
        chapter = Chapter(titles[i], marker.end(), stop, Span(title_start, marker.end(1)))
        if len(markers) == 1 and titles[i] == meta.title:
            chapter.title = chapter.title_span = None
        _take_out_notes(text, chapter, i, i == len(markers) - 1, notes)
        chapter.blocks = _blocks(text, chapter.start, chapter.end)
        chapters.append(chapter)
    if not chapters:
        chapters = [Chapter(None, body_from, body_end)]
    return Work(text=text, source=source, meta=meta, chapters=chapters, notes=notes)


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
        elif (entry := _entry(line)) is not None:
            entries.append(entry)
        elif entries:
            entries[-1][1] = f"{entries[-1][1]} {line}".strip()  # the entry's value, wrapped at 78 columns
        else:
            break
    for label, value in entries:
        if label.lower() not in _OTHER_LABELS:
            apply_label(meta, label, value)
    return pos


def _entry(line: str) -> list[str] | None:
    """[label, value] for a title page line "Label: value" with a label FanFicFare writes."""
    match = _ENTRY.fullmatch(line)
    if match and (field_for_label(match.group(1)) or match.group(1).lower() in _OTHER_LABELS):
        return [match.group(1), (match.group(2) or "").strip()]
    return None


def _chapter_markers(text: str, start: int, end: int) -> list[re.Match[str]]:
    """The chapter title lines: indented, between blank lines, in the table of contents' order."""
    found = [m for m in _MARKER.finditer(text, start, end) if _blank_line_before(text, m.start()) and _blank_line_after(text, m.end())]
    toc = text.find("\nTABLE OF CONTENTS", start, min(end, start + 200_000))
    if toc < 0 or not found:
        return found
    toc_end = found[0].start()
    entries = [line.strip() for line in text[toc + len("\nTABLE OF CONTENTS") : toc_end].split("\n") if line.strip()]
    matched: list[re.Match[str]] = []
    for marker in found:
        if len(matched) < len(entries) and marker.group(1).strip() == entries[len(matched)]:
            matched.append(marker)
    return matched if len(matched) == len(entries) else found


def _blank_line_before(text: str, pos: int) -> bool:
    if pos == 0 or text[pos - 1] != "\n":
        return False
    previous = text.rfind("\n", 0, pos - 1)
    return not text[previous + 1 : pos - 1].strip(_SPACE)


def _blank_line_after(text: str, pos: int) -> bool:
    if pos >= len(text) or text[pos] != "\n":
        return pos >= len(text)
    following = text.find("\n", pos + 1)
    return not text[pos + 1 : following if following >= 0 else len(text)].strip(_SPACE)


def strip_numbers(titles: list[str]) -> list[str]:
    """Titles without the "1. ", "2. " numbering site adapters give every chapter (all or none)."""
    stripped = [t.strip() for t in titles]
    if len(stripped) < 2:
        return stripped
    unnumbered = []
    for i, title in enumerate(stripped):
        match = re.fullmatch(rf"{i + 1}\.\s+(\S.*)", title)
        if not match:
            return stripped
        unnumbered.append(match.group(1))
    return unnumbered


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each line in `text[start:end]`, without its newline."""
    out = []
    pos = start
    while pos < end:
        newline = text.find("\n", pos, end)
        stop = end if newline < 0 else newline
        out.append((pos, stop))
        pos = stop + 1
    return out


def _take_out_notes(text: str, chapter: Chapter, index: int, last: bool, notes: list[Note]) -> None:
    """Move the chapter's edges past FanFicFare's AO3 notes ("**Label:**" over "> " lines)."""
    lines = _lines(text, chapter.start, chapter.end)
    content = [(s, e) for s, e in lines if text[s:e].strip(_SPACE)]
    head = 0
    while head + 1 < len(content) and _label_kind(text, content[head]):
        quote = head + 1
        while quote < len(content) and _strip(text, content[quote]).startswith(">"):
            quote += 1
        if quote == head + 1:
            break
        label = _label_kind(text, content[head])
        kind = {"author-note": "notes", "summary": "chapter-summary"}.get(label, label)
        note = _note(text, kind, content[head + 1 : quote], None if kind == "notes" else index)
        if kind == "chapter-summary":
            chapter.summary = note.text
        else:
            notes.append(note)
        head = quote
    foot = len(content)
    tail: list[Note] = []
    while foot > head:
        quote = foot
        while quote > head and _strip(text, content[quote - 1]).startswith(">"):
            quote -= 1
        if quote == foot or quote - 1 < head or not _label_kind(text, content[quote - 1]):
            break
        label = _label_kind(text, content[quote - 1])
        kind = "end-notes" if label in ("author-note", "end-notes") and last else "chapter-end-notes"
        tail.insert(0, _note(text, kind, content[quote:foot], None if kind == "end-notes" else index))
        foot = quote - 1
    notes.extend(tail)
    if head:
        chapter.start = content[head - 1][1]
    if foot < len(content):
        chapter.end = content[foot][0]


def _label_kind(text: str, line: tuple[int, int]) -> str | None:
    """The kind of note a "**Label:**" line opens ("Author's Note:", "A/N:", "Summary for the Chapter:"), or None."""
    match = _NOTE_LABEL.fullmatch(_strip(text, line))
    label = note_label(match.group(1)) if match else None
    return label[0] if label and not label[1] else None


def _strip(text: str, line: tuple[int, int]) -> str:
    return text[line[0] : line[1]].strip(_SPACE)


def _note(text: str, kind: str, quoted: list[tuple[int, int]], chapter: int | None) -> Note:
    """A note from html2text's blockquote lines: "> " stripped, wrapped lines joined, ">" between paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in quoted:
        content = _strip(text, line)[1:].strip(_SPACE)
        if content:
            paragraphs[-1].append(content)
        elif paragraphs[-1]:
            paragraphs.append([])
    body = "\n\n".join(" ".join(p) for p in paragraphs if p)
    end = quoted[-1][0] + len(text[quoted[-1][0] : quoted[-1][1]].rstrip(_SPACE))
    return Note(kind, body, quoted[0][0], end, chapter)


def _blocks(text: str, start: int, end: int) -> list[Block]:
    """Paragraphs separated by blank lines; a line ending in two spaces (html2text's `<br>`) ends a block."""
    blocks: list[Block] = []
    block_start: int | None = None
    block_end = start
    for line_start, line_end in _lines(text, start, end):
        line = text[line_start:line_end]
        if not line.strip(_SPACE):
            if block_start is not None:
                blocks.append(Block(block_start, block_end))
                block_start = None
            continue
        if block_start is None:
            block_start = line_start + len(line) - len(line.lstrip(_SPACE))
        block_end = line_start + len(line.rstrip(_SPACE))
        if line.rstrip("\r").endswith("  "):
            blocks.append(Block(block_start, block_end))
            block_start = None
    if block_start is not None:
        blocks.append(Block(block_start, block_end))
    return blocks
