"""A saved AO3 work page (File > Save Page As): the work inside the site's page.

otwarchive renders a work (`works/show`, `chapters/show`) as `dl.work.meta.group`
(per tag group a `dt` and a `dd` holding `ul.commas` of tag links; Language;
Series, "Part N of <a>" in `span.position`; Collections; Stats, a nested
`dl.stats` of Published, Updated or Completed, Words, Chapters, Comments, Kudos,
Bookmarks, Hits), then `div#workskin` with the work's `div.preface.group`
(`h2.title`, `h3.byline`, `div.summary` and `div.notes`, each text in a
`blockquote.userstuff`), `div#chapters` and `div.afterword` (`div#work_endnotes`).
In `div#chapters` each chapter shown ("entire work" view, or the one chapter of
the chapter view) is a `div.chapter`: its `div.chapter.preface.group` (`h3.title`,
`div#summary`, `div#notes`), the text in a `div.userstuff` after an `h3.landmark`
("Chapter Text"), and `div.end.notes`. A one-chapter work holds its text directly
in a `div.userstuff`. The header, navigation, kudos, comments and footer are the
site's and never read.
"""

from __future__ import annotations

import re

from lxml import etree

from ..model import Metadata, Note
from .ao3_html import block_text, classes, series_urls, text_of
from .notes import remove_element
from .facts import note_url
from .tags import apply_label, apply_values, split_authors
from .webpage import page_url

Part = tuple[str | None, str | None, etree._Element]
_DOWNLOAD = re.compile(r"/downloads/(\d+)/")
_CHAPTER_LINK = re.compile(r"/works/(\d+)/chapters/")


def is_work_page(body: etree._Element) -> bool:
    """True for AO3's work page: its tag list `dl.work.meta` and `div#chapters`."""
    return body.find('.//div[@id="chapters"]') is not None and any(
        {"work", "meta"} <= classes(dl) for dl in body.iter("dl")
    )


def read_work_page(roots: list[etree._Element], body: etree._Element, meta: Metadata, notes: list[Note]) -> list[Part]:
    """Fill `meta` and `notes` from the page and return its chapters as (title, summary, text element)."""
    _read_meta(body, meta)
    _read_preface(body, meta, notes)
    _read_address(roots, body, meta)
    chapters = _chapters(body, notes)
    for quote in body.xpath('.//div[@id="work_endnotes"]//blockquote'):
        notes.append(Note("end-notes", block_text(quote)))
    return chapters


def _read_meta(body: etree._Element, meta: Metadata) -> None:
    dl = next(dl for dl in body.iter("dl") if {"work", "meta"} <= classes(dl))
    for dt in dl.findall("dt"):
        dd = dt.getnext()
        if dd is None or dd.tag != "dd":
            continue
        label = text_of(dt).rstrip(":").strip()
        if label.lower() == "stats":
            for stat in dd.iter("dt"):
                value = stat.getnext()
                if value is not None and value.tag == "dd":
                    apply_label(meta, text_of(stat).rstrip(":").strip(), text_of(value))
        elif label.lower() == "series":
            for position in dd.xpath('.//span[contains(@class, "position")]') or [dd]:
                apply_label(meta, "Series", text_of(position))
            series_urls(meta, dd)
        elif "tags" in classes(dd):
            # Only `a.tag` links: a reader who hides warnings or tags gets a "Show warnings" toggle instead.
            apply_values(meta, label, [text_of(a) for a in dd.iter("a") if "tag" in classes(a)])
        else:
            links = [text_of(a) for a in dd.iter("a")]
            if links:
                apply_values(meta, label, links)
            else:
                apply_label(meta, label, text_of(dd))


def _work_preface(body: etree._Element) -> etree._Element | None:
    for div in body.iter("div"):
        found = classes(div)
        if {"preface", "group"} <= found and not found & {"chapter", "afterword"}:
            return div
    return None


def _read_preface(body: etree._Element, meta: Metadata, notes: list[Note]) -> None:
    preface = _work_preface(body)
    if preface is not None:
        title = preface.xpath('.//h2[contains(@class, "title")]')
        if title and text_of(title[0]):
            meta.title = text_of(title[0])
        byline = preface.xpath('.//h3[contains(@class, "byline")]')
        if byline:
            authors = [text_of(a) for a in byline[0].iter("a") if a.get("rel") == "author"]
            meta.authors = authors or split_authors(text_of(byline[0]))
        for quote in preface.xpath('.//div[contains(@class, "summary")]//blockquote'):
            meta.summary = block_text(quote)
        for quote in preface.xpath('.//div[contains(@class, "notes")]//blockquote'):
            notes.append(Note("notes", block_text(quote)))


def _read_address(roots: list[etree._Element], body: etree._Element, meta: Metadata) -> None:
    """The work's address: where the page was saved from, else its download or chapter links."""
    url = page_url(roots)
    if url:
        note_url(meta, url)
    if meta.site == "ao3":
        return
    for link in body.iter("a"):
        match = _DOWNLOAD.search(link.get("href", "")) or _CHAPTER_LINK.search(link.get("href", ""))
        if match:
            note_url(meta, f"https://archiveofourown.org/works/{match.group(1)}")
            return


def _chapters(body: etree._Element, notes: list[Note]) -> list[Part]:
    holder = body.find('.//div[@id="chapters"]')
    parts: list[Part] = []
    for chapter in holder.findall("div"):
        if "chapter" not in classes(chapter):
            continue
        title = summary = text = None
        for div in chapter.iter("div"):
            found = classes(div)
            if {"chapter", "preface"} <= found and title is None and text is None:
                heading = div.xpath('./h3[contains(@class, "title")]')
                title = text_of(heading[0]) if heading else None
                for quote in div.xpath('.//div[@id="summary"]//blockquote'):
                    summary = block_text(quote)
                for quote in div.xpath('.//div[@id="notes"]//blockquote'):
                    notes.append(Note("chapter-notes", block_text(quote), chapter=len(parts)))
            elif "userstuff" in found and text is None:
                text = div
            elif {"end", "notes"} <= found:
                for quote in div.iter("blockquote"):
                    notes.append(Note("chapter-end-notes", block_text(quote), chapter=len(parts)))
        if text is not None:
            parts.append((title, summary, _without_landmarks(text)))
    if not parts:
        parts = [(None, None, _without_landmarks(div)) for div in holder.findall("div") if "userstuff" in classes(div)]
    return parts


def _without_landmarks(text: etree._Element) -> etree._Element:
    """The story text without the headings AO3 leaves for screen readers ("Chapter Text")."""
    for landmark in text.xpath('./h3[contains(@class, "landmark")]'):
        remove_element(landmark)
    return text
