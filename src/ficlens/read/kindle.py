"""Kindle books: MOBI and AZW3, unencrypted, unpacked with the `mobi` library (KindleUnpack).

AO3 makes its MOBI and AZW3 downloads from its HTML download with Calibre's
`ebook-convert`. An AZW3 (KF8) book unpacks to an EPUB, read by the EPUB
reader like AO3's own EPUB. A MOBI (version 6) book unpacks to one HTML file
in which Calibre has flattened the download's markup: no ids or classes are
left, the tag list is a run of "Label:" paragraphs each followed by its value,
a chapter begins with a heading after a page break (`<mbp:pagebreak>`), and
every paragraph of a summary or note is a `<blockquote>` after its label.
The download's structure is rebuilt from those marks and read by the AO3 HTML
reader; any other MOBI is read as plain HTML, a chapter per headed page.

The book's headers are checked before anything is unpacked: a DRM-protected
(encrypted) book is refused, and so is one that declares more text than the
size limit. Unpacking happens in a temporary folder that is always removed.
"""

from __future__ import annotations

import contextlib
import io
import re
import struct
import tempfile
import warnings
from pathlib import Path

import lxml.html
from loguru import logger
from lxml import etree

from ..errors import InputError
from ..model import Source, Work
from . import ao3_html
from .safezip import megabytes
from .tags import field_for_label

logger.disable("mobi")  # KindleUnpack logs every step at debug level

_PALM_HEADER = 78
_AO3_MESSAGE = "Posted originally on the Archive of Our Own"
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9._-]+)""", re.I)


def read_kindle(data: bytes, source: Source, max_bytes: int) -> Work:
    """Read an unencrypted MOBI or AZW3 book into one `Work`."""
    _check_headers(data, source.path, max_bytes)
    with tempfile.TemporaryDirectory(prefix="ficlens-kindle-") as folder:
        book = Path(folder) / "book.mobi"
        book.write_bytes(data)
        out = Path(folder) / "unpacked"
        _unpack(book, out, source.path)
        total = sum(f.stat().st_size for f in out.rglob("*") if f.is_file())
        if total > max_bytes:
            raise InputError(source.path, f"Kindle book unpacks to {megabytes(total)}, over the {megabytes(max_bytes)} limit")
        epub = out / "mobi8" / "book.epub"
        if epub.is_file():
            return _read_kf8(epub.read_bytes(), source, max_bytes)
        html = out / "mobi7" / "book.html"
        if html.is_file():
            return _read_mobi6(html.read_bytes(), source)
    raise InputError(source.path, "Kindle book holds no text (a print replica or dictionary?)")


def _check_headers(data: bytes, path: str, max_bytes: int) -> None:
    """Refuse a truncated, encrypted or oversized book (or a PalmDOC one, which KindleUnpack
    cannot read) from its PalmDB and record 0 headers."""
    if data[60:68] != b"BOOKMOBI":
        raise InputError(path, "a PalmDOC e-book, not supported (convert it to EPUB)")
    if len(data) < _PALM_HEADER + 8:
        raise InputError(path, "damaged or truncated Kindle book (no record list)")
    (records,) = struct.unpack_from(">H", data, 76)
    if records == 0 or len(data) < _PALM_HEADER + 8 * records:
        raise InputError(path, "damaged or truncated Kindle book (its record list is cut short)")
    offsets = [struct.unpack_from(">L", data, _PALM_HEADER + 8 * i)[0] for i in range(records)]
    missing = sum(offset >= len(data) for offset in offsets)
    if missing:
        raise InputError(path, f"damaged or truncated Kindle book ({missing} of its {records} records are missing)")
    if offsets != sorted(offsets) or offsets[0] + 16 > len(data):
        raise InputError(path, "damaged Kindle book (its record list is out of order)")
    first = offsets[0]
    # PalmDOC header: compression, unused, text length, record count, record size, encryption.
    _, _, text_length, _, _, encryption = struct.unpack_from(">HHLHHH", data, first)
    if encryption != 0:
        raise InputError(path, "DRM-protected Kindle book (encrypted), ficlens reads only DRM-free books")
    if text_length > max_bytes:
        raise InputError(path, f"Kindle book declares {megabytes(text_length)} of text, over the {megabytes(max_bytes)} limit")


def _unpack(book: Path, out: Path, path: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # KindleUnpack imports imghdr, gone in Python 3.13
        from mobi.kindleunpack import unpackBook

    try:
        # KindleUnpack prints notes about odd books to stdout, where ficlens writes its output.
        with contextlib.redirect_stdout(io.StringIO()):
            unpackBook(str(book), str(out), epubver="A")
    except Exception as error:  # untrusted binary data: any failure is a bad file, not a bug
        message = " ".join(str(error).split()) or type(error).__name__
        if "encrypted" in message.lower():
            raise InputError(path, "DRM-protected Kindle book (encrypted), ficlens reads only DRM-free books") from None
        raise InputError(path, f"damaged Kindle book ({message[:120]})") from None


def _read_kf8(epub: bytes, source: Source, max_bytes: int) -> Work:
    from .epub import read_epub
    from .safezip import SafeZip

    work = read_epub(SafeZip(epub, source.path, max_bytes), source)
    work.source.format = "azw3"
    return work


def _read_mobi6(html: bytes, source: Source) -> Work:
    match = _CHARSET.search(html[:1024])
    try:
        text = html.decode(match.group(1).decode("ascii") if match else "utf-8", errors="replace")
    except LookupError:
        text = html.decode("utf-8", errors="replace")
    body = ao3_html.parse(text, source.path).find(".//body")
    if body is None:
        raise InputError(source.path, "Kindle book holds no story text")
    blocks = [child for child in body if isinstance(child.tag, str)]
    restored = _ao3_download(blocks) if _is_ao3(blocks) else _headed_pages(blocks)
    work = ao3_html.read_html_bodies([restored], source)
    work.source.format = "mobi"
    return work


# --- AO3's download as Calibre flattens it into MOBI 6 ---------------------------------------


def _is_ao3(blocks: list[etree._Element]) -> bool:
    return any(_AO3_MESSAGE in _text(b) for b in blocks[:12])


def _text(element: etree._Element) -> str:
    return " ".join(element.text_content().split())


def _pagebreak(element: etree._Element) -> bool:
    return element.tag.endswith("pagebreak")


def _anchor(element: etree._Element) -> bool:
    """An empty `<a id>` Calibre leaves as a link target."""
    return element.tag == "a" and not _text(element)


def _big(element: etree._Element) -> bool:
    """A heading as Calibre renders it: all the text in a bold `<font size>` of 4 or more."""
    text = _text(element)
    for font in element.iter("font"):
        size = font.get("size", "")
        if size.isdigit() and int(size) >= 4 and _text(font) == text and font.find(".//b") is not None:
            return bool(text)
    return False


def _centred(element: etree._Element) -> bool:
    return element.get("align", "").lower() == "center"


def _label(element: etree._Element) -> str:
    return _text(element).lower().rstrip(":")


class _Blocks:
    """The body's top-level elements read in order, link targets skipped."""

    def __init__(self, blocks: list[etree._Element]) -> None:
        self.blocks = [b for b in blocks if not _anchor(b)]
        self.at = 0

    def peek(self, ahead: int = 0) -> etree._Element | None:
        index = self.at + ahead
        return self.blocks[index] if index < len(self.blocks) else None

    def take(self) -> etree._Element:
        block = self.blocks[self.at]
        self.at += 1
        return block

    def starts_chapter(self) -> bool:
        """A page break and a heading (`h2.heading`): the next chapter, unless it is the afterword or the contents."""
        block, after = self.peek(), self.peek(1)
        if block is None or not _pagebreak(block) or after is None or not _big(after):
            return False
        return not self.starts_afterword() and not self.starts_section("Table of Contents")

    def starts_section(self, name: str) -> bool:
        block, after = self.peek(), self.peek(1)
        return block is not None and _pagebreak(block) and after is not None and _big(after) and _text(after) == name

    def starts_afterword(self) -> bool:
        """AO3's "Afterword" heading, which is not centred as a chapter's heading is (whatever its title)."""
        return self.starts_section("Afterword") and not _centred(self.peek(1))

    def labelled_notes(self, parent: etree._Element, labels: set[str]) -> bool:
        """Move a note label and the blockquotes after it into `parent`, if one comes next."""
        block, after = self.peek(), self.peek(1)
        if block is None or after is None or _label(block) not in labels:
            return False
        if _text(after).startswith("See the end of the"):
            self.take()  # the notes are all at the end: only the link to them is here
            return True
        if after.tag != "blockquote":
            return False
        etree.SubElement(parent, "p").text = _text(self.take())
        note = etree.SubElement(parent, "blockquote", {"class": "userstuff"})
        while (block := self.peek()) is not None and block.tag == "blockquote":
            paragraph = self.take()  # one blockquote per paragraph of the note
            paragraph.tag = "p"
            paragraph.attrib.clear()
            note.append(paragraph)
        return True

    def skip_link_to_notes(self) -> bool:
        """"See the end of the chapter for notes" (the link AO3 puts in the preface and chapters)."""
        block = self.peek()
        if block is not None and _text(block).startswith("See the end of the"):
            self.take()
            return True
        return False


def _ao3_download(elements: list[etree._Element]) -> etree._Element:
    """AO3's download markup (`div#preface`, `div#chapters`, `div#afterword`) rebuilt from MOBI 6."""
    blocks = _Blocks(elements)
    body = lxml.html.Element("body")
    preface = etree.SubElement(body, "div", id="preface")
    chapters = etree.SubElement(body, "div", {"id": "chapters", "class": "userstuff"})
    afterword = etree.SubElement(body, "div", id="afterword")
    meta = etree.SubElement(preface, "div", {"class": "meta"})
    tags = etree.SubElement(meta, "dl", {"class": "tags"})
    while (block := blocks.peek()) is not None and _AO3_MESSAGE not in _text(block):
        blocks.take()
    if block is not None:
        message = blocks.take()
        message.attrib.clear()
        message.set("class", "message")
        preface.insert(0, message)
    _preface(blocks, meta, tags)
    _chapters(blocks, chapters)
    endnotes = etree.SubElement(afterword, "div", id="endnotes")
    while blocks.peek() is not None:
        if not blocks.labelled_notes(endnotes, {"end notes"}):
            blocks.take()
    return body


def _preface(blocks: _Blocks, meta: etree._Element, tags: etree._Element) -> None:
    """The tag list, title, byline, summary and notes, up to the first chapter or the story."""
    while (block := blocks.peek()) is not None:
        after = blocks.peek(1)
        titled = meta.find("h1") is not None
        if _pagebreak(block) and not (titled and blocks.starts_chapter()):
            blocks.take()
        elif _text(block).endswith(":") and field_for_label(_text(block)) and after is not None and not _pagebreak(after):
            term = etree.SubElement(tags, "dt")
            term.text = _text(blocks.take())
            value = blocks.take()
            value.tag = "dd"
            value.attrib.clear()
            tags.append(value)
        elif _big(block) and not titled:
            etree.SubElement(meta, "h1").text = _text(blocks.take())
        elif _text(block).startswith("by ") and titled and meta.find("div") is None:
            byline = blocks.take()
            byline.tag = "div"
            byline.attrib.clear()
            byline.set("class", "byline")
            meta.append(byline)
        elif not (blocks.labelled_notes(meta, {"summary", "notes"}) or blocks.skip_link_to_notes()):
            return


def _chapters(blocks: _Blocks, chapters: etree._Element) -> None:
    """Each chapter's heading, summary and notes, text and end notes, up to the afterword."""
    position = 0
    while blocks.peek() is not None and not blocks.starts_afterword():
        if blocks.starts_chapter():
            blocks.take()
            position += 1
            group = etree.SubElement(chapters, "div", {"class": "meta group"})
            etree.SubElement(group, "h2", {"class": "heading"}).text = _text(blocks.take())
            while blocks.labelled_notes(group, {"chapter summary", "chapter notes"}) or blocks.skip_link_to_notes():
                pass
        text = etree.SubElement(chapters, "div", {"class": "userstuff"})
        while blocks.peek() is not None and not blocks.starts_chapter() and not blocks.starts_afterword():
            if blocks.starts_section("Table of Contents"):
                return
            if position and _label(blocks.peek()) == "chapter end notes":
                notes = lxml.html.Element("div", {"class": "meta", "id": f"endnotes{position}"})
                if blocks.labelled_notes(notes, {"chapter end notes"}):
                    chapters.append(notes)
                    continue
            element = blocks.take()
            if not _pagebreak(element):
                text.append(element)


def _headed_pages(elements: list[etree._Element]) -> etree._Element:
    """Any other MOBI: a heading that opens a page becomes an `h2`, so each headed page is a chapter."""
    blocks = _Blocks([etree.Element("pagebreak"), *elements])  # the book opens a page too
    body = lxml.html.Element("body")
    while (block := blocks.peek()) is not None:
        if blocks.starts_section("Table of Contents"):
            break
        if _pagebreak(block):
            blocks.take()
            after = blocks.peek()
            if after is not None and _big(after):
                etree.SubElement(body, "h2").text = _text(blocks.take())
            continue
        body.append(blocks.take())
    return body
