"""Word drafts (.docx), read with python-docx.

Writers draft in Word and lay a story out the way they will post it: a title
(the "Title" style, else the document's title property), then AO3's tag list as
"Label: value" lines, a "Summary" (on its label line or in the paragraphs after
a lone "Summary" line), and chapters that start at "Heading 1" paragraphs
("Heading 2" and lower are headings inside a chapter). Authors come from
"Author:"/"by ..." lines, else from the document's author property.

Each paragraph is a block of the work's text, laid out as HTML's are; a soft
line break splits a paragraph into blocks as `<br>` does, a centered paragraph
has the hint "center", an empty paragraph with a border (Word's horizontal
line) is a rule, and paragraphs holding only a page break are left out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from ..errors import InputError
from ..model import Chapter, Metadata, Note, Source, Work
from .layout import PARAGRAPH, TextBuilder
from .tags import apply_label, field_for_label, split_authors, split_label_line

_HEADING = re.compile(r"heading ([1-9])", re.I)
_BY = re.compile(r"by\s+(\S.{0,200})", re.I)
_NOTES = re.compile(r"(?:author'?s'?\s+)?notes?|a/n", re.I)
_SKIPPED = {qn("w:delText"), qn("w:instrText")}
_SKIPPED_SUBTREES = {qn("w:del"), qn("w:moveFrom"), qn("w:txbxContent"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
_HR_ATTRIBUTE = "{urn:schemas-microsoft-com:office:office}hr"


@dataclass
class _Item:
    """One paragraph of the document: what it is and its lines of text."""

    kind: str  # "title", "chapter", "heading", "text", "rule", "empty"
    lines: list[str]
    hint: str = "p"

    def joined(self) -> str:
        return " ".join(self.lines)


def read_docx(data: bytes, source: Source) -> Work:
    """Read a Word document into one `Work`."""
    try:
        document = docx.Document(io.BytesIO(data))
        items = list(_items(document))
    except Exception as error:  # python-docx meets untrusted XML; any failure is a bad file, not a bug
        raise InputError(source.path, f"not a readable Word document ({_reason(error)})") from None
    core_title = core_author = core_language = None
    try:
        document.part.package.part_related_by(RT.CORE_PROPERTIES)
        core = document.core_properties
        core_title, core_author, core_language = core.title, core.author, core.language
    except Exception:  # no properties part (python-docx would invent one titled "Word Document"), or a broken one
        pass
    meta = Metadata()
    notes: list[Note] = []
    start = _read_header(items, meta, notes)
    meta.title = meta.title or (core_title or "").strip() or None
    if not meta.authors and core_author and core_author.strip():
        meta.authors = split_authors(core_author)
    meta.language = meta.language or (core_language or "").strip() or None
    builder = TextBuilder()
    chapters: list[Chapter] = []
    for title, blocks in _chapters(items[start:]):
        if any(text for text, _ in blocks):
            chapters.append(builder.add_chapter(title, None, blocks))
    if not chapters:
        raise InputError(source.path, "Word document holds no story text")
    return Work(text=builder.text(), source=source, meta=meta, chapters=chapters, notes=notes)


def _reason(error: Exception) -> str:
    """A library error as a short phrase: malformed XML, a missing part, or the error's own words."""
    if isinstance(error, etree.XMLSyntaxError):
        text = f"malformed XML: {error.msg}"
    elif isinstance(error, KeyError) and error.args:
        text = str(error.args[0])
        match = re.search(r"no item named '([^']+)'", text)
        text = f"part {match.group(1)!r} is missing" if match else text
    else:
        text = str(error)
    text = " ".join(text.split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _items(document: docx.document.Document) -> Iterator[_Item]:
    """The document's paragraphs in order, tables and content controls included."""
    for p in _paragraph_elements(document.element.body):
        yield _item(Paragraph(p, document))


def _paragraph_elements(container) -> Iterator:
    for child in container:
        if child.tag == qn("w:p"):
            yield child
        elif child.tag in (qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins")):
            yield from _paragraph_elements(child)


def _item(paragraph: Paragraph) -> _Item:
    text = _text(paragraph._p)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    level = _heading_level(paragraph)
    if not lines:
        return _Item("rule" if _is_rule(paragraph._p) else "empty", [])
    if level == 0:
        return _Item("title", lines, "heading")
    if level == 1:
        return _Item("chapter", lines, "heading")
    if level is not None:
        return _Item("heading", lines, "heading")
    return _Item("text", lines, "center" if _alignment(paragraph) == WD_ALIGN_PARAGRAPH.CENTER else "p")


def _text(element) -> str:
    """A paragraph's text: runs, hyperlinks, insertions and fields; soft breaks as "\\n"; no deletions."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_SUBTREES or tag in _SKIPPED:
                continue
            if tag == qn("w:t"):
                out.append(child.text or "")
            elif tag == qn("w:tab") and node.tag == qn("w:r"):
                out.append("\t")
            elif tag == qn("w:br"):
                if child.get(qn("w:type"), "textWrapping") == "textWrapping":
                    out.append("\n")
            elif tag == qn("w:cr"):
                out.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                out.append("-")
            elif tag != qn("w:pPr"):
                walk(child)

    walk(element)
    return "".join(out)


def _styles(paragraph: Paragraph) -> Iterator:
    """The paragraph's style and the styles it is based on."""
    style = paragraph.style
    seen = 0
    while style is not None and seen < 20:
        yield style
        style = style.base_style
        seen += 1


def _heading_level(paragraph: Paragraph) -> int | None:
    """0 for the Title style, 1 to 9 for headings (by style, outline level or bare style id), else None."""
    level = _outline_level(paragraph._p.pPr)
    if level is not None:
        return level
    for style in _styles(paragraph):
        name = style.name or ""
        if name.lower() == "title":
            return 0
        match = _HEADING.fullmatch(name)
        if match:
            return int(match.group(1))
        level = _outline_level(style.element.pPr)
        if level is not None:
            return level
    style_id = (paragraph._p.style or "").lower().replace(" ", "")
    if style_id == "title":
        return 0
    match = _HEADING.fullmatch(style_id.replace("heading", "heading "))
    return int(match.group(1)) if match else None


def _outline_level(pPr) -> int | None:
    if pPr is None:
        return None
    found = pPr.find(qn("w:outlineLvl"))
    if found is None:
        return None
    try:
        value = int(found.get(qn("w:val")))
    except (TypeError, ValueError):
        return None
    return value + 1 if 0 <= value < 9 else None


def _alignment(paragraph: Paragraph):
    if paragraph.paragraph_format.alignment is not None:
        return paragraph.paragraph_format.alignment
    for style in _styles(paragraph):
        if style.paragraph_format.alignment is not None:
            return style.paragraph_format.alignment
    return None


def _is_rule(element) -> bool:
    """An empty paragraph drawn as a line: a top or bottom border, or Word's inserted horizontal line."""
    pPr = element.pPr
    borders = pPr.find(qn("w:pBdr")) if pPr is not None else None
    if borders is not None and (borders.find(qn("w:bottom")) is not None or borders.find(qn("w:top")) is not None):
        return True
    return any(node.get(_HR_ATTRIBUTE) in ("t", "true") for node in element.iter() if isinstance(node.tag, str))


def _read_header(items: list[_Item], meta: Metadata, notes: list[Note]) -> int:
    """Read the title, tag lines, summary and notes before the story; return where the story starts."""
    chaptered = any(item.kind == "chapter" for item in items)
    collected: dict[str, list[str]] = {"summary": [], "notes": []}
    mode: str | None = None
    pos = 0
    while pos < len(items):
        item = items[pos]
        if item.kind == "chapter":
            break
        if item.kind in ("empty", "rule"):
            pos += 1
            continue
        text = item.joined()
        if item.kind == "title" and meta.title is None:
            meta.title = text
        elif item.kind == "text" and (pair := split_label_line(text)) is not None:
            label, value = pair
            mode = None
            if field_for_label(label) == "summary":
                mode = "summary"
                collected["summary"].extend([value] if value else [])
            else:
                apply_label(meta, label, value)
        elif item.kind == "text" and (notes_line := _notes_line(text)) is not None:
            mode = "notes"
            collected["notes"].extend([notes_line] if notes_line else [])
        elif item.kind == "text" and text.rstrip(":").strip().lower() == "summary":
            mode = "summary"
        elif item.kind == "text" and mode is None and not meta.authors and (by := _BY.fullmatch(text)):
            meta.authors = split_authors(by.group(1))
        elif mode and (chaptered or not collected[mode]):
            collected[mode].append(PARAGRAPH.join(item.lines))
        else:
            break
        pos += 1
    if collected["summary"]:
        meta.summary = PARAGRAPH.join(collected["summary"])
    if collected["notes"]:
        notes.append(Note("notes", PARAGRAPH.join(collected["notes"])))
    return pos


def _notes_line(text: str) -> str | None:
    """The note after "Notes:", "Author's Note:" or "A/N:" ("" for a bare label), else None."""
    label, colon, rest = text.partition(":")
    if _NOTES.fullmatch(label.strip()) and (colon or not rest):
        return rest.strip()
    return None


def _chapters(items: list[_Item]) -> Iterator[tuple[str | None, list[tuple[str, str]]]]:
    """(title, blocks) per chapter: a "Heading 1" paragraph starts one; text before the first is untitled."""
    title: str | None = None
    blocks: list[tuple[str, str]] = []
    for item in items:
        if item.kind == "chapter":
            if blocks:
                yield title, blocks
            title, blocks = item.joined(), []
        elif item.kind == "rule":
            blocks.append(("", "hr"))
        elif item.kind != "empty":
            blocks.extend((line, item.hint) for line in item.lines)
    if blocks:
        yield title, blocks
