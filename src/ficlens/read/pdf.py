"""PDF stories, AO3's PDF download above all, read with pypdf.

AO3 makes its PDF from the HTML download with Calibre's `ebook-convert`, so
the pages show the download's layout: a preface (the title over "Posted
originally on the Archive of Our Own at <url>", one "Label: tags" row per tag
group, then the title again, "by <authors>", and "Summary" and "Notes" each
over an indented block), one chapter per page run (a bold heading, "Chapter
Summary" and "Chapter Notes" blocks, the text, "Chapter End Notes"), and an
afterword ("End Notes"). The PDF's outline (bookmarks) names each section and
where it starts.

A PDF keeps only lines on pages, so the reader rebuilds what the layout shows:
lines from pypdf's text with each line's position, font size and weight;
running headers and footers (a line at the top or bottom of many pages, page
numbers) dropped; paragraphs where the gap between lines opens wider than a
line's spacing or the indent changes, and a scene break where a rule is drawn
across the page between two lines; a word hyphenated at a line's end joined
when the rest of the document spells it whole (and its hyphen kept when the
document spells it with one, or nowhere). The result is laid out as AO3's
download markup and read by the AO3 HTML reader; any other PDF is read as plain
paragraphs, a chapter per outline entry.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass

import lxml.html
from lxml import etree
from pypdf import PageObject, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from ..errors import InputError
from ..model import Source, Work
from . import ao3_html
from .tags import field_for_label

_AO3_MESSAGE = "Posted originally on the Archive of Our Own"
_PAGE_NUMBER = re.compile(r"(?:page\s*)?[-–—(\[]?\s*#\s*[-–—)\]]?(?:\s*(?:of|/)\s*#)?", re.I)
_LABEL_ROW = re.compile(r"([A-Z][A-Za-z ]{1,30}):\s*(.*)")
_HYPHENATED = re.compile(r"([^\W\d_]+)[-\u00ad]$")
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*$")
_DASH_END = re.compile(r"\S[—–]$")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_EDGE = 2  # lines looked at for running heads at each end of a page (a header and a page number)
_PARAGRAPH_GAP = 1.45  # in font sizes: lines of one paragraph sit about 1.15 apart
_NOTE_LABELS = {"summary", "notes"}
_CHAPTER_LABELS = {"chapter summary", "chapter notes"}
_TAG_FIELDS = {"rating", "warnings", "categories", "fandoms", "relationships", "characters", "tags", "collections"}


@dataclass(slots=True)
class _Line:
    text: str
    x: float
    y: float  # from the bottom of the page, as PDF measures it
    size: float
    bold: bool
    page: int


def read_pdf(data: bytes, source: Source) -> Work:
    """Read a PDF into one `Work`: AO3's layout into its metadata, notes and chapters."""
    reader = _open(data, source.path)
    pages, rules = [], {}
    for number, page in enumerate(reader.pages):
        lines, rules[number] = _page_lines(page, number, source.path)
        pages.append(lines)
    _drop_running_heads(pages)
    lines = [line for page in pages for line in page]
    if not any(line.text for line in lines):
        raise InputError(source.path, "PDF holds no text (a scan or images only?)")
    layout = _Layout(lines, rules)
    sections = _sections(reader, lines)
    if any(_AO3_MESSAGE in line.text for line in lines[:12]):
        body = _ao3_download(sections, layout)
    else:
        body = _plain(sections, layout, _document_title(reader))
    work = ao3_html.read_html_bodies([body], source)
    work.source.format = "pdf"
    return work


def _open(data: bytes, path: str) -> PdfReader:
    """A pypdf reader for an intact, readable PDF; truncated and encrypted ones are refused."""
    if b"%%EOF" not in data[-2048:]:
        raise InputError(path, "damaged or truncated PDF (its end-of-file marker is missing)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(path, "encrypted PDF (it needs a password or is DRM-protected), ficlens reads only unencrypted PDFs")
        if len(reader.pages) == 0:
            raise InputError(path, "PDF has no pages")
    except InputError:
        raise
    except (DependencyError, FileNotDecryptedError, NotImplementedError):
        raise InputError(path, "encrypted PDF (with a cipher ficlens cannot open), ficlens reads only unencrypted PDFs") from None
    except Exception as error:  # untrusted binary data: any failure is a bad file, not a bug
        raise InputError(path, f"damaged PDF ({_one_line(error)})") from None
    return reader


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _page_lines(page: PageObject, number: int, path: str) -> tuple[list[_Line], list[float]]:
    """The page's lines in pypdf's reading order, each placed where its first text is drawn,
    and the heights of the horizontal rules drawn across it (AO3's `<hr>`: a thin filled box)."""
    lines: list[_Line] = []
    rules: list[float] = []
    width = float(page.mediabox.width)
    current: list[str] = []
    where: list[tuple[float, float, float, bool] | None] = [None]

    def finish() -> None:
        text = " ".join("".join(current).split())
        if text and where[0] is not None:
            x, y, size, bold = where[0]
            lines.append(_Line(text, x, y, size, bold, number))
        current.clear()
        where[0] = None

    def visit(text: str, cm: list, tm: list, font: dict | None, size: float) -> None:
        for i, part in enumerate(text.split("\n")):
            if i:
                finish()
            current.append(part)
            if part.strip() and where[0] is None:
                name = str((font or {}).get("/BaseFont", ""))
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                where[0] = (x, y, abs(size * tm[3] * cm[3]) or size, "bold" in name.lower())

    def draw(operator: bytes, operands: list, cm: list, tm: list) -> None:
        if operator == b"re" and len(operands) == 4:
            x, y, w, h = (float(value) for value in operands)
            if abs(h * cm[3]) <= 2 and abs(w * cm[0]) >= width / 2:
                top = x * cm[1] + y * cm[3] + cm[5]
                if not any(abs(top - rule) < 4 for rule in rules):  # a rule's two borders are one rule
                    rules.append(top)

    try:
        page.extract_text(visitor_text=visit, visitor_operand_before=draw)
    except Exception as error:  # a broken content stream: the page cannot be read
        raise InputError(path, f"damaged PDF (page {number + 1}: {_one_line(error)})") from None
    finish()
    return lines, rules


def _drop_running_heads(pages: list[list[_Line]]) -> None:
    """Remove page numbers, and lines repeated at the same height at the top or bottom of many pages."""
    edges: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edges.update({_shape(line) for line in lines[:_EDGE] + lines[-_EDGE:]})
    repeated = {shape for shape, count in edges.items() if count >= 3 and count >= 0.3 * len(pages)}

    def running(line: _Line) -> bool:
        return _shape(line) in repeated or _PAGE_NUMBER.fullmatch(_shape(line)[0]) is not None

    for lines in pages:
        for _ in range(_EDGE):
            if lines and running(lines[0]):
                del lines[0]
            if lines and running(lines[-1]):
                del lines[-1]


def _shape(line: _Line) -> tuple[str, int]:
    """A line's text with its numbers made alike ("Page 3", "Page 4"), and its height on the page."""
    return re.sub(r"\d+", "#", line.text), round(line.y / 4)


class _Layout:
    """How the document sets its text: which words it spells whole, how long a full line runs,
    where rules are drawn. All are read from the whole document, for joining lines into paragraphs.
    """

    def __init__(self, lines: list[_Line], rules: dict[int, list[float]]) -> None:
        self.rules = rules
        self.words: set[str] = set()
        for line in lines:
            self.words.update(word.lower() for word in _WORD.findall(_HYPHENATED.sub("", line.text)))
        lengths = sorted(len(line.text) for line in lines)
        self.full = lengths[int(0.9 * (len(lengths) - 1))] if lengths else 0

    def paragraphs(self, lines: list[_Line]) -> list[str]:
        """Lines grouped into paragraphs, each joined into its text; "" for a rule drawn between two."""
        out: list[str] = []
        group: list[_Line] = []
        for line in lines:
            if group and (self.ruled(group[-1], line) or self.breaks(group[-1], line)):
                out += [self.join(group), ""] if self.ruled(group[-1], line) else [self.join(group)]
                group = []
            group.append(line)
        return out + [self.join(group)] if group else out

    def ruled(self, before: _Line, line: _Line) -> bool:
        """A rule drawn between two lines of a page (a scene break)."""
        return line.page == before.page and any(line.y < rule < before.y for rule in self.rules.get(line.page, ()))

    def breaks(self, before: _Line, line: _Line) -> bool:
        """A new paragraph: the gap widens, the indent or the type changes, or a page ends one."""
        if abs(line.size - before.size) > 0.5 or line.bold != before.bold or abs(line.x - before.x) > line.size / 2:
            return True
        if line.page != before.page:  # a paragraph runs on over the page from a full line mid-sentence
            return len(before.text) < 0.8 * self.full or _SENTENCE_END.search(before.text) is not None
        return before.y - line.y > _PARAGRAPH_GAP * line.size

    def join(self, lines: list[_Line]) -> str:
        """The lines as one text, words hyphenated at a line's end mended where that is safe."""
        text = ""
        for line in lines:
            if not text:
                text = line.text
                continue
            match = _HYPHENATED.search(text)
            first = _WORD.match(line.text)
            if match and first and line.text[:1].islower():
                whole = (match.group(1) + first.group(0)).lower()
                hyphened = f"{match.group(1)}-{first.group(0)}".lower()
                if text.endswith("\u00ad") or whole in self.words and hyphened not in self.words:
                    text = text[:-1] + line.text
                else:
                    text += line.text
            elif _DASH_END.search(text):
                text += line.text  # "word—word" breaks after its dash, with no space to restore
            else:
                text += " " + line.text
        return text


def _gap(before: _Line, line: _Line) -> float:
    """How far `line` sits below `before`, in font sizes (a new page counts as far)."""
    return (before.y - line.y) / line.size if line.page == before.page else 99.0


# --- sections from the outline -------------------------------------------------------------------


@dataclass(slots=True)
class _Section:
    title: str | None
    lines: list[_Line]


def _sections(reader: PdfReader, lines: list[_Line]) -> list[_Section]:
    """The lines cut where the outline's top-level entries point; one section without an outline."""
    marks: list[tuple[int, float, str]] = []
    try:
        for entry in reader.outline:
            if isinstance(entry, list):
                continue
            page = reader.get_destination_page_number(entry)
            top = entry.get("/Top")
            marks.append((page, float(top) if top is not None else 1e9, " ".join(str(entry.title).split())))
    except Exception:  # a broken outline only costs the chapter titles
        marks = []
    marks.sort(key=lambda mark: (mark[0], -mark[1]))
    sections = [_Section(None, [])]
    at = 0
    for line in lines:
        while at < len(marks) and (marks[at][0], -marks[at][1]) <= (line.page, -line.y - 1):  # at or below the mark
            sections.append(_Section(marks[at][2], []))
            at += 1
        sections[-1].lines.append(line)
    if len(sections) > 1 and sections[0].lines:  # what comes before the first entry belongs to it
        sections[1].lines[:0] = sections[0].lines
    return [s for s in sections[len(sections) > 1 :] if s.lines]


def _document_title(reader: PdfReader) -> str | None:
    try:
        title = (reader.metadata or {}).get("/Title")
    except Exception:  # a damaged information dictionary only costs the title
        return None
    return " ".join(str(title or "").split()) or None


def _plain(sections: list[_Section], layout: _Layout, title: str | None) -> etree._Element:
    """Any PDF: its paragraphs, a chapter per outline entry (headed by the entry's title)."""
    root = lxml.html.fromstring("<html><head><title></title></head><body></body></html>")
    root.find(".//title").text = title or ""
    body = root.find(".//body")
    for section in sections:
        lines = _without_heading(section)
        if not lines:
            continue
        if section.title and len(sections) > 1:
            etree.SubElement(body, "h2").text = section.title
        for paragraph in layout.paragraphs(lines):
            etree.SubElement(body, "p" if paragraph else "hr").text = paragraph or None
    return root


def _without_heading(section: _Section) -> list[_Line]:
    """The section's lines after the heading that repeats its outline title."""
    lines = section.lines
    if not section.title:
        return lines
    wanted = " ".join(section.title.split())
    text = ""
    for count, line in enumerate(lines[:4], 1):
        text = f"{text} {line.text}".strip()
        if text == wanted:
            return lines[count:]
    return lines


# --- AO3's download as Calibre prints it ---------------------------------------------------------


class _Cursor:
    """A section's lines read in order."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.at = 0

    def peek(self, ahead: int = 0) -> _Line | None:
        index = self.at + ahead
        return self.lines[index] if index < len(self.lines) else None

    def take(self) -> _Line:
        self.at += 1
        return self.lines[self.at - 1]


def _ao3_download(sections: list[_Section], layout: _Layout) -> etree._Element:
    """AO3's download markup (`div#preface`, `div#chapters`, `div#afterword`) rebuilt from its pages."""
    body = lxml.html.Element("body")
    preface = etree.SubElement(body, "div", id="preface")
    chapters = etree.SubElement(body, "div", {"id": "chapters", "class": "userstuff"})
    afterword = etree.SubElement(body, "div", id="afterword")
    body_size = _body_size(sections)
    position = 0
    for number, section in enumerate(sections):
        cursor = _Cursor(_without_heading(section))
        if section.title == "Afterword" and number == len(sections) - 1:
            endnotes = etree.SubElement(afterword, "div", id="endnotes")
            while cursor.peek() is not None:
                if not _labelled_note(cursor, endnotes, {"end notes"}, layout):
                    cursor.take()
        elif number == 0:
            _preface(cursor, preface, layout, body_size)
            if cursor.peek() is not None:  # a one-chapter work's text follows its preface
                _chapter_text(cursor, chapters, 0, layout)
        else:
            position += 1
            group = etree.SubElement(chapters, "div", {"class": "meta group"})
            etree.SubElement(group, "h2", {"class": "heading"}).text = section.title
            while _labelled_note(cursor, group, _CHAPTER_LABELS, layout) or _link_to_notes(cursor):
                pass
            _chapter_text(cursor, chapters, position, layout)
    return body


def _body_size(sections: list[_Section]) -> float:
    sizes = Counter(round(line.size, 1) for section in sections for line in section.lines)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _preface(cursor: _Cursor, preface: etree._Element, layout: _Layout, body_size: float) -> None:
    """The message, tag rows, title, byline, summary and notes."""
    message = etree.SubElement(preface, "p", {"class": "message"})
    meta = etree.SubElement(preface, "div", {"class": "meta"})
    title: list[str] = []
    while (line := cursor.peek()) is not None and _AO3_MESSAGE not in line.text:
        line = cursor.take()
        if line.bold and line.text != "Preface":
            title.append(line.text)
    etree.SubElement(message, "b").text = " ".join(title)
    posted: list[_Line] = []
    while (line := cursor.peek()) is not None and not _label_row(line):
        posted.append(cursor.take())
        if posted[-1].text.endswith("."):
            break
    url = re.search(r"https?://\S+/works/\d+", " ".join(line.text for line in posted))
    if url:
        etree.SubElement(message, "a", href=url.group(0)).text = url.group(0)
    tags = etree.SubElement(meta, "dl", {"class": "tags"})
    while (line := cursor.peek()) is not None and (row := _label_row(line)):
        cursor.take()
        values = [row[1]]
        while (more := cursor.peek()) is not None and not _label_row(more) and not more.bold and _gap(line, more) < _PARAGRAPH_GAP:
            line = cursor.take()
            values.append(line.text)
        etree.SubElement(tags, "dt").text = f"{row[0]}:"
        dd = etree.SubElement(tags, "dd")
        value = layout.join([_Line(v, 0, 0, 0, False, 0) for v in values])
        if field_for_label(row[0]) in _TAG_FIELDS:
            for tag in value.split(", "):  # AO3 tags never hold a comma
                etree.SubElement(dd, "a").text = tag
        else:
            dd.text = value
    heading = []
    while (line := cursor.peek()) is not None and line.bold and line.size > body_size:
        heading.append(cursor.take().text)
    if heading:
        etree.SubElement(meta, "h1").text = " ".join(heading)
    if (line := cursor.peek()) is not None and line.text.startswith("by "):
        byline = [cursor.take()]
        while (more := cursor.peek()) is not None and not layout.breaks(byline[-1], more):
            byline.append(cursor.take())
        etree.SubElement(meta, "div", {"class": "byline"}).text = layout.join(byline)
    while _labelled_note(cursor, meta, _NOTE_LABELS, layout) or _link_to_notes(cursor):
        pass


def _label_row(line: _Line) -> tuple[str, str] | None:
    """("Rating", "General Audiences") for a tag row of the preface."""
    match = _LABEL_ROW.fullmatch(line.text)
    if match and field_for_label(match.group(1)) and match.group(1).lower() not in ("summary", "notes"):
        return match.group(1), match.group(2)
    return None


def _labelled_note(cursor: _Cursor, parent: etree._Element, labels: set[str], layout: _Layout) -> bool:
    """Move a note label ("Chapter Notes") and the indented block under it into `parent`."""
    label, first = cursor.peek(), cursor.peek(1)
    if label is None or first is None or label.text.lower() not in labels:
        return False
    if first.text.startswith("See the end of the"):
        cursor.take()  # the notes are all at the end: only the link to them is here
        return True
    if first.x <= label.x + label.size / 2:
        return False
    cursor.take()
    lines = [cursor.take()]
    # The block ends where the indent goes back, the type changes or the block's padding opens a wide gap.
    while (line := cursor.peek()) is not None and abs(line.x - first.x) < line.size / 2 and abs(line.size - first.size) < 0.5:
        if _gap(lines[-1], line) > 3.5 and line.page == lines[-1].page:
            break
        lines.append(cursor.take())
    etree.SubElement(parent, "p").text = label.text
    note = etree.SubElement(parent, "blockquote", {"class": "userstuff"})
    for paragraph in filter(None, layout.paragraphs(lines)):
        etree.SubElement(note, "p").text = paragraph
    return True


def _link_to_notes(cursor: _Cursor) -> bool:
    """"See the end of the chapter for notes", AO3's link to end notes."""
    line = cursor.peek()
    if line is not None and line.text.startswith("See the end of the"):
        cursor.take()
        return True
    return False


def _chapter_text(cursor: _Cursor, chapters: etree._Element, position: int, layout: _Layout) -> None:
    """The chapter's paragraphs, then its end notes."""
    text = etree.SubElement(chapters, "div", {"class": "userstuff"})
    lines: list[_Line] = []
    while (line := cursor.peek()) is not None:
        if line.text == "Chapter End Notes" and position:
            notes = lxml.html.Element("div", {"class": "meta", "id": f"endnotes{position}"})
            if _labelled_note(cursor, notes, {"chapter end notes"}, layout):
                chapters.append(notes)
                continue
        lines.append(cursor.take())
    for paragraph in layout.paragraphs(lines):
        etree.SubElement(text, "p" if paragraph else "hr").text = paragraph or None
