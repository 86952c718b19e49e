"""Anthologies: several works bound in one EPUB, told apart so that each is read on its own.

EpubMerge (the Calibre plugin readers bind works with, and what FanFicFare's
series anthologies are made by) copies each book into a folder of its own
("1/", "2/", ...), signs the result as contributor "epubmerge", describes it as
"Anthology containing:" with a "<title> by <author>" line per book, nests each
book's table of contents under one entry ("<title>", or "<title> by <author>"
when the books have several authors) and, with --keep-meta, keeps each book's
own OPF (media type "origrootfile/xml"). Other tools that bind AO3 works (a
series in one file) leave each work's AO3 preface, naming the work, at its start.

`split` groups the spine documents by book and gives what the anthology says
of each; the EPUB reader reads each group as a work.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import replace

from lxml import etree

from ..model import Metadata, Source

_BOOK_FOLDER = re.compile(r"(\d+)/")
_DC = "http://purl.org/dc/elements/1.1/"
_CONTAINING = "Anthology containing:"


def split(book, docs: list) -> list[tuple[list, Metadata]] | None:
    """The anthology's works as (documents, what the anthology says of the work), or None for one work.

    `book` is the ebooklib book, `docs` its story documents as (file name,
    parsed root, table-of-contents label) in spine order.
    """
    groups = _merged_books(book, docs)
    if groups is None:
        groups = [(part, Metadata()) for part in _ao3_works(docs)]
    return groups if len(groups) > 1 else None


def part_source(source: Source, number: int) -> Source:
    """The source of the anthology's work `number` (from 1): the same file, its own digest.

    A library knows a stored work by its source's digest; each work of one file
    gets the file's digest hashed with its number, so that none hides another.
    """
    digest = hashlib.sha256(f"{source.sha256}:{number}".encode()).hexdigest()
    return replace(source, sha256=digest)


def _merged_books(book, docs: list) -> list[tuple[list, Metadata]] | None:
    """EpubMerge's books: the documents under each numbered folder, with each book's title and authors."""
    folders: dict[str, list] = {}
    for doc in docs:
        match = _BOOK_FOLDER.match(doc[0])
        if match is None:
            return None
        folders.setdefault(match.group(1), []).append(doc)
    signed = any("epubmerge" in value.lower() for value, _ in _dc(book, "contributor"))
    if len(folders) < 2 or not signed and not _numbered_from_one(folders):
        return None
    described = _described(book)
    labels = _toc_labels(book)
    groups = []
    for index, (folder, part) in enumerate(folders.items()):
        meta = _kept_opf(book, folder) or Metadata()
        if not meta.title and len(described) == len(folders):
            meta.title, author = described[index]
            meta.authors = [author] if author and not meta.authors else meta.authors
        meta.title = meta.title or labels.get(folder)
        groups.append((part, meta))
    return groups


def _numbered_from_one(folders: dict[str, list]) -> bool:
    return sorted(int(f) for f in folders) == list(range(1, len(folders) + 1))


def _ao3_works(docs: list) -> list[list]:
    """Documents split where an AO3 preface declares another work (its "Posted originally on the
    Archive of Our Own at <work address>" message); what comes before the first joins it.

    Calibre repeats `div#preface` in every file it splits a preface into, so the
    work the message names, not the preface itself, tells one work from the next.
    """
    parts: list[list] = []
    current = None
    for doc in docs:
        declared = _declared_work(doc[1])
        if not parts or declared is not None and current is not None and declared != current:
            parts.append([])
        current = declared or current
        parts[-1].append(doc)
    return parts


def _declared_work(root) -> str | None:
    """The work an AO3 preface's message names: its address, else its bold title."""
    messages = root.xpath('.//div[@id="preface"]//p[contains(@class, "message")]')
    for message in messages:
        for link in message.xpath(".//a[@href]"):
            if "/works/" in link.get("href", ""):
                return link.get("href")
        bold = message.find(".//b")
        if bold is not None and "".join(bold.itertext()).strip():
            return "".join(bold.itertext()).strip()
    return None


def _described(book) -> list[tuple[str, str | None]]:
    """(title, author) per line of EpubMerge's own description, in order."""
    for value, _ in _dc(book, "description"):
        if value.strip().startswith(_CONTAINING):
            lines = [line.strip() for line in value.strip()[len(_CONTAINING) :].splitlines() if line.strip()]
            return [(t, a or None) if a else (line, None) for line in lines for t, _, a in [line.rpartition(" by ")]]
    return []


def _toc_labels(book) -> dict[str, str]:
    """Each book folder's entry in the top level of the table of contents."""
    labels: dict[str, str] = {}
    for entry in list(book.toc or []):
        section = entry[0] if isinstance(entry, tuple) else entry
        href, title = getattr(section, "href", None), getattr(section, "title", None)
        match = _BOOK_FOLDER.match(posixpath.normpath(href or ""))
        if match and title:
            labels.setdefault(match.group(1), " ".join(title.split()))
    return labels


def _kept_opf(book, folder: str) -> Metadata | None:
    """A book's own OPF, kept by EpubMerge's --keep-meta: its title, authors, language, summary and tags."""
    for item in book.get_items():
        name = posixpath.normpath(item.file_name or "")
        if getattr(item, "media_type", "") == "origrootfile/xml" and name.startswith(f"{folder}/"):
            parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
            try:
                root = etree.fromstring(item.get_content() or b"<x/>", parser)
            except etree.LxmlError:
                return None
            if root is None:
                return None
            values = {name: [" ".join("".join(e.itertext()).split()) for e in root.iter(f"{{{_DC}}}{name}")]
                      for name in ("title", "creator", "language", "description", "subject")}
            return Metadata(
                title=next(iter(values["title"]), None) or None,
                authors=[v for v in values["creator"] if v],
                language=next(iter(values["language"]), None) or None,
                summary=_plain(next(iter(values["description"]), "")) or None,
                tags=[v for v in values["subject"] if v],
            )
    return None


def _plain(description: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", description).split())


def _dc(book, name: str) -> list[tuple[str, dict]]:
    try:
        return [(value, others) for value, others in book.get_metadata("DC", name) if value]
    except (KeyError, AttributeError):
        return []
