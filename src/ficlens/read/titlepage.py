"""Title pages that download tools put before a story, read as the work's metadata.

FanFicFare's EPUB opens with `title_page.xhtml` (`<body class="fff_titlepage">`,
an `<h3>` linking the title to the story's URL, then one `<b>Label:</b> value<br />`
per entry, or a table of `<td><b>Label:</b></td><td>value</td>` rows);
FicHub's `introduction.xhtml` is an `<h1>` title, "By: author", the
description and "Label: value" paragraphs (Status, Published, Updated, Words,
Chapters, "Original source: <url>"); WebToEpub's "Information" page gives the
"Table of Contents URL:" and copies AO3's own page markup (`dl.meta` with
`dt`/`dd` tags and nested stats, `div.summary` and `div.notes` with a heading
over a blockquote). A page is a title page when its labelled entries, not its
prose, are what it holds; it is then metadata and never a chapter.
"""

from __future__ import annotations

import copy
import html
import re
from dataclasses import dataclass, field

from lxml import etree

from ..model import Metadata, Note
from .facts import note_url
from .layout import PARAGRAPH
from .notes import remove_element
from .tags import apply_label, apply_values, field_for_label, split_authors

# Labels the downloaders write that tags.py does not know, as the labels it does know.
_ALIASES = {
    "original source": "Story URL",
    "source url": "Story URL",
    "source": "Story URL",
    "table of contents url": "Story URL",
    "story url": "Story URL",
    "by": "Author",
    "author(s)": "Author",
}
# Entries that describe the download, not the work.
_IGNORED = {"author url", "author id", "story id", "series url", "site abbrev", "file format", "file extension",
            "extra tags", "downloader version", "packaged", "publisher"}
_STATS = {"status", "published", "updated", "completed", "words", "chapters"}
_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9 ()/']{0,30}?)\s*:\s*(.*)", re.S)
_SPACES = re.compile(r"\s+")
_STAT_LABEL = re.compile(r"\b(?:Status|Published|Updated|Completed|Words|Chapters)\s*:", re.I)
_MOST = 40_000  # characters: a title page is short, whatever its summary
_MARKERS = ("exported with the assistance of fichub", "table of contents url")


@dataclass(slots=True)
class TitlePage:
    """What a title page declares: the metadata, and the work's notes when it carries them."""

    meta: Metadata = field(default_factory=Metadata)
    notes: list[Note] = field(default_factory=list)


def read_title_page(root: etree._Element) -> TitlePage | None:
    """The metadata of a downloader's title page, or None when `root` is not one.

    A page is one when FanFicFare marks it (`body.fff_titlepage`), or when it
    holds entries under three or more labels a title page uses, one of them a
    stat (status, dates, words, chapters) that no chapter of a story declares,
    and little prose besides (a summary is an entry, not prose).
    """
    body = root.find(".//body")
    body = body if body is not None else root
    marked = "fff_titlepage" in (body.get("class") or "").split()
    if not marked:
        text = " ".join(body.itertext())
        if len(text) > _MOST or not _STAT_LABEL.search(text):
            return None  # a chapter: looked over quickly, not taken apart
    entries, prose = _entries(body)
    labels = {label.strip().lower() for label, _ in entries if _field(label)}
    if not marked:
        if len(labels) < 3 or not labels & _STATS:
            return None
        text = " ".join(body.itertext()).lower()
        if not any(marker in text for marker in _MARKERS) and len(prose) > len(entries) + 2:
            return None
    page = TitlePage()
    for label, value in entries:
        _apply(page, label, value)
    _read_title_line(body, page.meta)
    return page


def _field(label: str) -> str | None:
    key = label.strip().lower()
    if key in _IGNORED:
        return None
    return field_for_label(_ALIASES.get(key, label))


def _apply(page: TitlePage, label: str, value: str | list[str]) -> None:
    key = label.strip().lower()
    if key in _IGNORED:
        return
    label = _ALIASES.get(key, label)
    if key == "notes" and isinstance(value, str):
        page.notes.append(Note("notes", value))
        return
    if isinstance(value, list):
        apply_values(page.meta, label, [_clean(v) for v in value])
        return
    value = _clean(value)
    if key == "rating" and " - " in value:
        value = _ffn_rating_line(page, value)
    if field_for_label(label) == "url":
        value = next((word for word in value.split() if word.startswith(("http://", "https://"))), "")
        if not value:
            return  # "Source: the show" names no address
    apply_label(page.meta, label, value)


def _ffn_rating_line(page: TitlePage, value: str) -> str:
    """FicHub's one-line FanFiction.Net stats ("Fiction T - English - Romance - Words: 1,234"):
    labelled parts are entries of their own; the rating is the first part."""
    first, *rest = value.split(" - ")
    for part in rest:
        match = _ENTRY.fullmatch(part.strip())
        if match and _field(match.group(1)):
            _apply(page, match.group(1), match.group(2))
    return re.sub(r"^Fiction\s+", "", first.strip())


def _clean(value: str) -> str:
    """A value as text: whitespace runs made one space, and entities a tool escaped twice ("&amp;") read."""
    value = _SPACES.sub(" ", value).strip()
    return html.unescape(value) if "&" in value else value


def _entries(body: etree._Element) -> tuple[list[tuple[str, str | list[str]]], list[str]]:
    """("Label", value) pairs in page order, and the blocks of prose that are no entry.

    AO3's `dl` gives its tags as lists and its headed blockquotes as values; of
    the other blocks, a label alone ("Summary:" over paragraphs, a table cell)
    takes the blocks after it up to the next label.
    """
    from .ao3_html import html_blocks

    body = copy.deepcopy(body)  # the page is taken apart; the caller's tree stays whole
    entries: list[tuple[str, str | list[str]]] = []
    for dl in [dl for dl in body.iter("dl") if not any(a.tag == "dl" for a in dl.iterancestors())]:
        entries.extend(_dl_entries(dl))
        remove_element(dl)
    for heading, blockquote in _headed_blockquotes(body):
        entries.append((_text(heading).rstrip(":"), PARAGRAPH.join(t for t, _ in html_blocks(blockquote) if t)))
        remove_element(heading)
        remove_element(blockquote)
    prose: list[str] = []
    pending: str | None = None
    gathered: list[str] = []
    for text, _ in html_blocks(body):
        match = _ENTRY.fullmatch(text) if text else None
        if match and (_field(match.group(1)) or match.group(1).strip().lower() in _IGNORED):
            if pending is not None:
                entries.append((pending, PARAGRAPH.join(gathered)))
            label, value = match.group(1), match.group(2).strip()
            pending, gathered = (None, []) if value else (label, [])
            if value:
                entries.append((label, value))
        elif text and pending is not None:
            gathered.append(text)
        elif text:
            prose.append(text)
    if pending is not None:
        entries.append((pending, PARAGRAPH.join(gathered)))
    return entries, prose


def _dl_entries(dl: etree._Element) -> list[tuple[str, str | list[str]]]:
    """AO3 page markup: `dt` label, `dd` of tag links (a list) or of text; stats as a nested `dl`."""
    out: list[tuple[str, str | list[str]]] = []
    for dt in dl.iter("dt"):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd" or any(child.tag == "dl" for child in dd.iter()):
            continue
        label = _text(dt).rstrip(":")
        links = [_text(a) for a in dd.iter("a")]
        out.append((label, links if links and label.lower() not in ("series", "stats") else _text(dd)))
    return out


def _headed_blockquotes(body: etree._Element) -> list[tuple[etree._Element, etree._Element]]:
    """AO3 page markup's `div.summary` / `div.notes`: a heading ("Summary:") right over a blockquote."""
    out = []
    for blockquote in body.iter("blockquote"):
        heading = blockquote.getprevious()
        if heading is not None and heading.tag in ("h2", "h3", "h4", "p", "b", "strong"):
            if _text(heading).rstrip(":").strip().lower() in ("summary", "notes", "description"):
                out.append((heading, blockquote))
    return out


def _read_title_line(body: etree._Element, meta: Metadata) -> None:
    """The page's first heading: FanFicFare's `<h3><a href="url">Title</a> by Author</h3>`, FicHub's `<h1>`."""
    heading = next(body.iter("h1", "h2", "h3"), None)
    text = _text(heading) if heading is not None else ""
    if not text or text.endswith(":") or text.lower() in ("information", "title page", "introduction"):
        return
    link = heading.find(".//a[@href]")
    if link is not None and link.get("href", "").startswith("http") and not meta.url:
        note_url(meta, link.get("href"))
    title = _text(link) if link is not None else re.sub(r"\s+by\s+.*$", "", text)
    meta.title = meta.title or title or None
    byline = text[len(title):].strip() if title and text.startswith(title) else ""
    if byline.startswith("by ") and not meta.authors:
        meta.authors = split_authors(byline)


def _text(element: etree._Element) -> str:
    return _SPACES.sub(" ", "".join(element.itertext())).strip()
