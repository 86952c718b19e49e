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
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
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
_CONTAINERS = {qn(tag) for tag in ("w:tbl", "w:tr", "w:tc", "w:sdt", "w:sdtContent", "w:customXml", "w:ins")}
_P, _PPR, _R, _T, _TAB, _BR, _CR, _NB_HYPHEN = (qn(t) for t in ("w:p", "w:pPr", "w:r", "w:t", "w:tab", "w:br", "w:cr", "w:noBreakHyphen"))
_PSTYLE, _JC, _OUTLINE, _PBDR, _TOP, _BOTTOM = (qn(t) for t in ("w:pStyle", "w:jc", "w:outlineLvl", "w:pBdr", "w:top", "w:bottom"))
_STYLE, _NAME, _BASED_ON = qn("w:style"), qn("w:name"), qn("w:basedOn")
_VAL, _TYPE, _STYLE_ID, _DEFAULT = qn("w:val"), qn("w:type"), qn("w:styleId"), qn("w:default")


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
    styles = _StyleSheet(document.styles.element)  # a file with no styles part gets python-docx's defaults, as before
    for p in _paragraph_elements(document.element.body):
        yield _item(p, styles)


def _paragraph_elements(container) -> Iterator:
    for child in container:
        if child.tag == _P:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _paragraph_elements(child)


def _item(p, styles: _StyleSheet) -> _Item:
    text = _text(p)
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return _Item("rule" if _is_rule(p) else "empty", [])
    pPr = p.find(_PPR)
    style_id = _val(pPr.find(_PSTYLE)) if pPr is not None else None
    level, alignment = styles.resolve(style_id)
    own_level = _outline_level(pPr)
    level = own_level if own_level is not None else level
    if level == 0:
        return _Item("title", lines, "heading")
    if level == 1:
        return _Item("chapter", lines, "heading")
    if level is not None:
        return _Item("heading", lines, "heading")
    own_alignment = _val(pPr.find(_JC)) if pPr is not None else None
    alignment = own_alignment if own_alignment is not None else alignment
    return _Item("text", lines, "center" if alignment == "center" else "p")


def _text(element) -> str:
    """A paragraph's text: runs, hyperlinks, insertions and fields; soft breaks as "\\n"; no deletions."""
    out: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED_SUBTREES or tag in _SKIPPED:
                continue
            if tag == _T:
                out.append(child.text or "")
            elif tag == _TAB and node.tag == _R:
                out.append("\t")
            elif tag == _BR:
                if child.get(_TYPE, "textWrapping") == "textWrapping":
                    out.append("\n")
            elif tag == _CR:
                out.append("\n")
            elif tag == _NB_HYPHEN:
                out.append("-")
            elif tag != _PPR:
                walk(child)

    walk(element)
    return "".join(out)


def _val(element) -> str | None:
    """An element's `w:val`, or None when the element or the attribute is missing."""
    return element.get(_VAL) if element is not None else None


class _StyleSheet:
    """The document's styles, resolved once per style id rather than once per paragraph.

    python-docx looks a paragraph's style up by scanning every style (and again for the
    default style), which made style lookups nearly all of a long draft's read time. This
    follows python-docx's rules: an unknown, empty or non-paragraph style id means the
    default paragraph style (the last one marked default), and a style's base is looked up
    by id whatever its type, following at most 20 links.
    """

    def __init__(self, styles) -> None:
        self._by_id: dict[str, etree._Element] = {}
        self._default: etree._Element | None = None
        for style in styles.iterchildren(_STYLE):
            style_id = style.get(_STYLE_ID)
            if style_id is not None:
                self._by_id.setdefault(style_id, style)
            if style.get(_TYPE, "paragraph") == "paragraph" and style.get(_DEFAULT) in ("1", "true", "on"):
                self._default = style
        self._resolved: dict[str | None, tuple[int | None, str | None]] = {}

    def resolve(self, style_id: str | None) -> tuple[int | None, str | None]:
        """(heading level, alignment) a paragraph gets from its style id alone, before its own properties."""
        resolved = self._resolved.get(style_id)
        if resolved is None:
            chain = list(self._chain(style_id))
            resolved = self._resolved[style_id] = (_style_level(chain, style_id), _style_alignment(chain))
        return resolved

    def _chain(self, style_id: str | None) -> Iterator:
        """The paragraph style for `style_id` and the styles it is based on."""
        style = self._by_id.get(style_id) if style_id else None
        if style is None or style.get(_TYPE, "paragraph") != "paragraph":
            style = self._default
        for _ in range(20):
            if style is None:
                return
            yield style
            style = self._by_id.get(_val(style.find(_BASED_ON)) or "")


def _style_level(chain: list, style_id: str | None) -> int | None:
    """0 for the Title style, 1 to 9 for headings (by style name, outline level or bare style id), else None."""
    for style in chain:
        name = _val(style.find(_NAME)) or ""
        if name.lower() == "title":
            return 0
        match = _HEADING.fullmatch(name)
        if match:
            return int(match.group(1))
        level = _outline_level(style.find(_PPR))
        if level is not None:
            return level
    style_id = (style_id or "").lower().replace(" ", "")
    if style_id == "title":
        return 0
    match = _HEADING.fullmatch(style_id.replace("heading", "heading "))
    return int(match.group(1)) if match else None


def _style_alignment(chain: list) -> str | None:
    """The `w:jc` value of the first style in the chain that sets one."""
    for style in chain:
        pPr = style.find(_PPR)
        alignment = _val(pPr.find(_JC)) if pPr is not None else None
        if alignment is not None:
            return alignment
    return None


def _outline_level(pPr) -> int | None:
    if pPr is None:
        return None
    found = pPr.find(_OUTLINE)
    if found is None:
        return None
    try:
        value = int(found.get(_VAL))
    except (TypeError, ValueError):
        return None
    return value + 1 if 0 <= value < 9 else None


def _is_rule(element) -> bool:
    """An empty paragraph drawn as a line: a top or bottom border, or Word's inserted horizontal line."""
    pPr = element.find(_PPR)
    borders = pPr.find(_PBDR) if pPr is not None else None
    if borders is not None and (borders.find(_BOTTOM) is not None or borders.find(_TOP) is not None):
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
