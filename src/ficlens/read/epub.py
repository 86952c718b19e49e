"""EPUB stories: AO3's own EPUBs and any other EPUB.

The EPUB is read with ebooklib, member by member through the `SafeZip` that
has already refused zip bombs and path traversal; nothing is fetched. The
spine gives the XHTML documents in reading order. AO3's EPUB (made by Calibre
from the HTML download) is the download's XHTML split into files (preface,
one file per chapter, afterword), so those are joined back and read as the
download. Any other EPUB gives one chapter per spine document that has text,
titled by its first heading or its table-of-contents label, and its metadata
comes from the OPF (title, creators, language, description, subjects).
Navigation documents, tables of contents and cover pages are skipped.
"""

from __future__ import annotations

import codecs
import html
import posixpath
import re
from dataclasses import fields
from urllib.parse import unquote

from ebooklib import epub
from lxml import etree

from ..errors import InputError
from ..model import Metadata, Source, Work
from . import ao3_html, anthology
from .chapters import join_works
from .fff_text import strip_numbers
from .layout import PARAGRAPH, TextBuilder
from .notes import take_out_notes
from .safezip import SafeZip
from .tags import split_authors
from .titlepage import TitlePage, read_title_page

CONTAINER = "META-INF/container.xml"
_SKIPPED_NAMES = re.compile(r"(?:^|/)(?:nav|toc|toc_page|cover(?:page)?)\.x?html?$", re.I)
_TITLE_PAGE_NAME = re.compile(r"(?:^|/)title_?page\.x?html?$", re.I)
_SKIPPED_GUIDE = {"cover", "toc"}
_FFF_DATE_TAG = re.compile(r"Last Update(?: Year/Month)?:", re.I)  # FanFicFare's `lastupdate` subject tags
_FFF_STATUS = {"Completed", "In-Progress"}
_XML_ENCODING = re.compile(rb"""\A\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")

_Document = tuple[str, etree._Element, str | None]  # file name, parsed XHTML, table-of-contents label


def read_epub(archive: SafeZip, source: Source) -> Work:
    """Read an EPUB (already checked by `SafeZip`) into one `Work`.

    An anthology's works are read one by one into `Work.parts`, and joined,
    with the anthology's own metadata, into the work returned.
    """
    book, docs, skipped = _open(archive, source)
    opf = _opf_metadata(book)
    groups = anthology.split(book, docs)
    if groups is None:
        return _read_book(book, docs, source, opf, skipped)
    parts = []
    for number, (part_docs, declared) in enumerate(groups, 1):
        declared.language = declared.language or opf.language
        try:
            parts.append(_read_book(book, part_docs, anthology.part_source(source, number), declared, []))
        except InputError as error:  # one unreadable work leaves the others to read
            skipped.append(f"{source.path}: work {number} ({declared.title or 'untitled'}): {error.reason}")
    if not parts:
        raise InputError(source.path, f"none of the anthology's {len(groups)} works holds story text")
    parts[0].skipped.extend(skipped)  # the file's problems, told once by whichever work is read
    source.format = "epub"
    work = join_works(parts, source, opf.title or "", list(skipped))
    work.meta, work.parts = opf, parts
    return work


def _open(archive: SafeZip, source: Source) -> tuple[epub.EpubBook, list[_Document], list[str]]:
    """The parsed book, its story documents in spine order, and what could not be read."""
    reader = _Reader(archive)
    try:
        book = reader.load()
    except InputError:
        raise
    except epub.EpubException as error:
        raise InputError(source.path, f"not a readable EPUB ({error.msg})") from None
    except Exception as error:  # ebooklib meets untrusted XML; any failure is a bad file, not a bug
        raise InputError(source.path, f"not a readable EPUB ({_one_line(error)})") from None
    docs, skipped = _spine_documents(book, source.path)
    skipped = [f"{source.path}/{name}: missing from the archive" for name in reader.missing] + skipped
    if not docs:
        raise InputError(source.path, "EPUB holds no readable documents in its spine")
    return book, docs, skipped


def _read_book(book: epub.EpubBook, docs: list[_Document], source: Source, opf: Metadata, skipped: list[str]) -> Work:
    """One work from its story documents: title pages read as metadata, the rest as AO3's XHTML or chapters."""
    page, docs = _title_pages(docs)
    if not docs:
        raise InputError(source.path, "EPUB holds no story text")
    roots = [root for _, root, _ in docs]
    if ao3_html.is_ao3(roots):
        work = ao3_html.read_html_bodies(roots, source)
        if not any(root.xpath('.//div[@id="preface"]') for root in roots):
            work.meta.title = opf.title or work.meta.title  # a downloader's copy of the work page has no preface
        _fill_gaps(work.meta, page.meta)
        _fill_gaps(work.meta, opf, everything=False)  # Calibre's subjects repeat the XHTML's tags
    else:
        _fill_gaps(page.meta, opf)
        work = _read_generic(docs, source, page.meta)
    work.notes[:0] = page.notes
    source.format = "epub"
    work.skipped.extend(skipped)
    return work


def _title_pages(docs: list[_Document]) -> tuple[TitlePage, list[_Document]]:
    """The downloaders' title pages, read and merged, and the documents left.

    A document named as a title page that holds no entries is dropped as before.
    """
    found = TitlePage()
    rest = []
    for doc in docs:
        page = None if ao3_html.is_ao3([doc[1]]) else read_title_page(doc[1])  # AO3's preface is the AO3 reader's
        if page is not None:
            _fill_gaps(found.meta, page.meta)
            found.notes.extend(page.notes)
        elif not _TITLE_PAGE_NAME.search(doc[0]):
            rest.append(doc)
    return found, rest


class _Reader(epub.EpubReader):
    """ebooklib's reader, reading members through the SafeZip instead of opening the file again."""

    def __init__(self, archive: SafeZip) -> None:
        super().__init__(archive.path, {"ignore_ncx": True})
        self.archive = archive
        self.members = set(archive.names())
        self.missing: list[str] = []

    def _load(self) -> None:
        path = self.archive.path
        if CONTAINER not in self.members:
            raise InputError(path, f"EPUB has no {CONTAINER}")
        if _xml_root(self.archive.read(CONTAINER)) is None:
            raise InputError(path, f"EPUB's {CONTAINER} is not XML")
        self._load_container()
        if not self.opf_file:
            raise InputError(path, f"EPUB's {CONTAINER} names no package (OPF) file")
        opf = posixpath.normpath(self.opf_file)
        if opf not in self.members:
            raise InputError(path, f"EPUB's package file {opf!r} is missing")
        problem = _opf_problem(self.archive.read(opf))
        if problem:
            raise InputError(path, f"EPUB's package file {opf!r} {problem}")
        self._load_opf_file()

    def _load_metadata(self) -> None:
        try:
            super()._load_metadata()
        except KeyError:  # no Dublin Core metadata at all: the story can still be read
            self.book.metadata.setdefault(epub.NAMESPACES["DC"], {})

    def read_file(self, name: str) -> bytes:
        name = posixpath.normpath(unquote(name))
        if name not in self.members:
            if name not in self.missing:
                self.missing.append(name)
            return b""
        return self.archive.read(name)

    def _parse_ncx(self, data: bytes) -> None:
        try:
            super()._parse_ncx(data)
        except Exception:  # a broken table of contents only costs chapter labels
            self.book.toc = []

    def _parse_nav(self, data: bytes, base_path: str, navtype: str = "toc") -> None:
        try:
            super()._parse_nav(data, base_path, navtype)
        except Exception:  # a broken table of contents only costs chapter labels
            if navtype == "toc":
                self.book.toc = []


def _xml_root(data: bytes) -> etree._Element | None:
    """The root element as ebooklib's forgiving parser would find it, or None."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(data, parser)
    except etree.LxmlError:
        return None


def _opf_problem(data: bytes) -> str | None:
    """What keeps an OPF from being read ("is not XML", "has no <spine>"), or None."""
    root = _xml_root(data)
    if root is None:
        return "is not XML"
    opf = epub.NAMESPACES["OPF"]
    for part in ("metadata", "manifest", "spine"):
        if root.find(f"{{{opf}}}{part}") is None:
            return f"has no <{part}>"
    return None


def _one_line(error: Exception) -> str:
    message = f"malformed XML: {error.msg}" if isinstance(error, etree.XMLSyntaxError) else str(error)
    text = " ".join(message.split()) or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "..."


def _spine_documents(book: epub.EpubBook, path: str) -> tuple[list[_Document], list[str]]:
    """(file name, parsed root, TOC label) for the spine's story documents, and the ones skipped."""
    labels = _toc_labels(book.toc)
    guide = {posixpath.normpath(unquote((g.get("href") or "").split("#")[0])) for g in book.guide if (g.get("type") or "").lower() in _SKIPPED_GUIDE}
    docs = []
    skipped: list[str] = []
    for idref, linear in book.spine:
        item = book.get_item_with_id(idref)
        if item is None or not isinstance(item, epub.EpubHtml) or (linear or "").lower() == "no":
            continue
        name = posixpath.normpath(item.file_name)
        if _navigation(item, name, guide):
            continue
        content = item.get_content() or b""
        if not content.strip():
            continue
        try:
            root = ao3_html.parse(_decode(content), f"{path}/{name}")
        except InputError as error:
            skipped.append(f"{path}/{name}: {error.reason}")
            continue
        if _link_list(root) and read_title_page(root) is None:  # a title page's tags are links too
            continue
        docs.append((name, root, labels.get(name)))
    return docs, skipped


def _navigation(item: epub.EpubHtml, name: str, guide: set[str]) -> bool:
    """Navigation documents, tables of contents and cover pages."""
    if isinstance(item, (epub.EpubNav, epub.EpubCoverHtml)) or "nav" in (getattr(item, "properties", None) or []):
        return True
    return name in guide or bool(_SKIPPED_NAMES.search(name))


def _link_list(root: etree._Element) -> bool:
    """A document that is only headings and a list of links (an inline table of contents)."""
    links = root.xpath(".//body//a[@href]")
    if len(links) < 2:
        return False
    body = root.find(".//body")
    total = len("".join((body if body is not None else root).itertext()).split())
    headings = sum(len("".join(h.itertext()).split()) for h in root.xpath(".//body//*[self::h1 or self::h2 or self::h3 or self::h4]"))
    linked = sum(len("".join(a.itertext()).split()) for a in links)
    return linked >= 0.9 * (total - headings)


def _toc_labels(toc: list) -> dict[str, str]:
    """The first table-of-contents label for each file."""
    labels: dict[str, str] = {}

    def visit(entries: list) -> None:
        for entry in entries:
            if isinstance(entry, tuple) and len(entry) == 2:
                visit([entry[0]])
                visit(list(entry[1]))
                continue
            href, title = getattr(entry, "href", None), getattr(entry, "title", None)
            if href and title:
                labels.setdefault(posixpath.normpath(unquote(href.split("#")[0])), " ".join(title.split()))

    visit(list(toc or []))
    return labels


def _decode(data: bytes) -> str:
    """XHTML bytes as text: a byte-order mark, else the XML declaration, else UTF-8."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    match = _XML_ENCODING.match(data[:200])
    encoding = match.group(1).decode("ascii") if match else "utf-8"
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


def _dc(book: epub.EpubBook, name: str) -> list[tuple[str, dict]]:
    try:
        return [(value, others) for value, others in book.get_metadata("DC", name) if value and value.strip()]
    except (KeyError, AttributeError):
        return []


def _opf_metadata(book: epub.EpubBook) -> Metadata:
    """What the OPF declares: title, creators, language, description and subjects."""
    meta = Metadata()
    titles = _dc(book, "title")
    meta.title = " ".join(titles[0][0].split()) if titles else None
    for value, others in _dc(book, "creator"):
        role = next((v for k, v in others.items() if k.endswith("role")), "aut")
        if role.lower() == "aut":
            for author in split_authors(value) if "&" in value or ";" in value else [value.strip()]:
                if author not in meta.authors:
                    meta.authors.append(author)
    languages = _dc(book, "language")
    meta.language = languages[0][0].strip() if languages else None
    descriptions = _dc(book, "description")
    meta.summary = _plain(descriptions[0][0]) if descriptions else None
    fanficfare = _by_fanficfare(book)
    for value, _ in _dc(book, "subject"):
        tag = html.unescape(" ".join(value.split()))
        if _FFF_DATE_TAG.match(tag):
            continue
        if fanficfare and tag in _FFF_STATUS:
            meta.stats.setdefault("status", tag)
        elif not (fanficfare and tag == "FanFiction") and tag not in meta.tags:
            meta.tags.append(tag)
    return meta


def _by_fanficfare(book: epub.EpubBook) -> bool:
    """FanFicFare signs its EPUBs as contributor or in the identifier, as EpubMerge tells them."""
    for name in ("contributor", "identifier"):
        for value, others in _dc(book, name):
            marks = [value, *others.values()]
            if any("fanficfare" in mark.lower() or "fanficdownloader" in mark.lower() for mark in marks):
                return True
    return False


def _plain(description: str) -> str | None:
    """A description as text: Calibre and FanFicFare write it as HTML."""
    if "<" not in description:
        return description.strip() or None
    try:
        root = ao3_html.parse(description, "description")
    except InputError:
        return description.strip() or None
    return PARAGRAPH.join(text for text, _ in ao3_html.html_blocks(root) if text) or None


def _fill_gaps(meta: Metadata, other: Metadata, everything: bool = True) -> None:
    """Fill what `meta` does not say from `other`: empty fields, and tags not already declared elsewhere
    (only title, authors, language and summary unless `everything`)."""
    if not everything:
        meta.title = meta.title or other.title
        meta.authors = meta.authors or other.authors
        meta.language = meta.language or other.language
        meta.summary = meta.summary or other.summary
        return
    for name in (f.name for f in fields(Metadata) if f.name not in ("tags", "stats")):
        value = getattr(other, name)
        if getattr(meta, name) in (None, [], {}) and value not in (None, [], {}):
            setattr(meta, name, list(value) if isinstance(value, list) else value)
    declared = {v for values in (meta.fandoms, meta.characters, meta.relationships, meta.categories, meta.warnings,
                                 meta.tags, [meta.rating]) for v in values}
    # AO3 tags hold no commas: a subject with commas is several tags joined (WebToEpub joins them all in one)
    meta.tags.extend(dict.fromkeys(t for tag in other.tags for t in tag.split(", ") if t not in declared))
    for key, value in other.stats.items():
        meta.stats.setdefault(key, value)


def _read_generic(docs: list[_Document], source: Source, meta: Metadata) -> Work:
    builder = TextBuilder()
    chapters = []
    notes = []
    for i, (_, root, label) in enumerate(docs):
        body = root.find(".//body")
        body = body if body is not None else root
        found = take_out_notes(body, len(chapters), first=i == 0, last=i == len(docs) - 1)
        notes.extend(found.notes)
        blocks = ao3_html.html_blocks(body)
        texts = [i for i, (text, _) in enumerate(blocks) if text]
        if not texts:
            continue
        title = label
        heading = root.xpath("(.//body//*[self::h1 or self::h2 or self::h3])[1]")
        first = blocks[texts[0]]
        if heading and first[1] == "heading" and first[0] == _heading_text(heading[0]):
            title = first[0]
            del blocks[texts[0]]
            if not any(text for text, _ in blocks):
                continue
        chapters.append(builder.add_chapter(title, found.summary, blocks))
    if not chapters or not builder.has_text():
        raise InputError(source.path, "EPUB holds no story text")
    if len(chapters) == 1 and chapters[0].title == meta.title:
        chapters[0].title = None  # a one-chapter work titled with the work's title, as AO3 shows it
    if all(chapter.title for chapter in chapters):
        for chapter, title in zip(chapters, strip_numbers([c.title for c in chapters])):
            chapter.title = title
    return Work(text=builder.text(), source=source, meta=meta, chapters=chapters, notes=notes)


def _heading_text(heading: etree._Element) -> str:
    return " ".join(text for text, _ in ao3_html.html_blocks(heading) if text)
