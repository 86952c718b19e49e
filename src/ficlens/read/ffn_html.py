"""A saved FanFiction.Net story page, desktop (www.) or mobile (m.): the story and what the page says of it.

The desktop page (as FanFicFare's `adapter_fanfictionnet.py` reads it) puts the
category and fandom links in `div#pre_story_links` ("Books > Harry Potter", or
one "A + B Crossover" link), then `div#profile_top`: the title in `b`, the
author's `/u/<id>/` link, the summary in a `div.xcontrast_txt`, and the info
line in `span.xgray`: "Rated: Fiction T - English - Romance/Hurt/Comfort -
[Draco M., OC] Pansy P. - Chapters: 3 - Words: 1,234 - Reviews: 12 - Favs: 34 -
Follows: 56 - Updated: <span data-xutime> - Published: <span data-xutime> -
Status: Complete - id: 1234567". Chapters are the options of
`select#chap_select` ("2. Owls", the one shown `selected`); the chapter's text
is `div#storytext`. The mobile page has the title in `b` and the author link at
the top of `div#content`, the same info line with commas ("Rated: T, English,
Romance & Drama, ..."), the fandom in the breadcrumb links and the text in
`div#storycontent`. Everything else (menus, footer, cookie banner, reviews
form) is the site's: only the story text is read as story.
"""

from __future__ import annotations

import copy
import re

import lxml.html
from lxml import etree

from ..model import Metadata
from .ao3_html import text_of
from .facts import date_from_timestamp, note_url
from .tags import apply_label, canonical_rating
from .webpage import page_url

Part = tuple[str | None, str | None, etree._Element]
GENRES = ("Adventure", "Angst", "Crime", "Drama", "Family", "Fantasy", "Friendship", "General", "Horror", "Humor",
          "Hurt/Comfort", "Mystery", "Parody", "Poetry", "Romance", "Sci-Fi", "Spiritual", "Supernatural",
          "Suspense", "Tragedy", "Western")
_FANDOM_LINK = re.compile(r"^(?:https?://[^/]+)?/(?:anime|book|cartoon|comic|game|misc|movie|play|tv)/[^/]+/?$")
_CROSSOVER_LINK = re.compile(r"Crossovers?/")
_KEYED = re.compile(r"\s*([A-Za-z]+)\s*:\s*(.*)", re.S)
_OPTION_NUMBER = re.compile(r"^\s*\d+\.\s*")
_FFN_ID = re.compile(r"[0-9]+")
_STORY_TEXT = './/div[@id="storytext"] | .//div[@id="storycontent"]'


def is_story_page(roots: list[etree._Element], body: etree._Element) -> bool:
    """True for a FanFiction.Net (or FictionPress) story page, desktop or mobile."""
    if not body.xpath(_STORY_TEXT):
        return False
    if body.find('.//div[@id="profile_top"]') is not None:
        return True
    address = page_url(roots) or ""
    title = " ".join(text_of(t) for root in roots for t in root.iter("title"))
    links = " ".join(a.get("href", "") for a in body.iter("a"))
    return any("fanfiction.net" in place.lower() or "fictionpress.com" in place.lower()
               for place in (address, title, links)) or "FanFiction" in title


def read_story_page(roots: list[etree._Element], body: etree._Element, meta: Metadata) -> list[Part]:
    """Fill `meta` from a page `is_story_page` accepts and return its one chapter: (chapter title, None,
    the story text)."""
    text = body.xpath(_STORY_TEXT)[0]
    profile = body.find('.//div[@id="profile_top"]')
    header = profile if profile is not None else _mobile_header(body, text)
    _read_title_and_author(header, meta)
    if profile is not None:
        summary = [d for d in profile.findall("div") if "xcontrast_txt" in d.get("class", "")]
        if summary and text_of(summary[0]):
            meta.summary = text_of(summary[0])
    meta.fandoms = _fandoms(body)
    info = _info_line(header)
    if info is not None:
        _read_info(info, meta)
    url = page_url(roots)
    if url:
        note_url(meta, url)
    fictionpress = any("fictionpress" in text_of(t).lower() for root in roots for t in root.iter("title"))
    if meta.site is None and not fictionpress and _FFN_ID.fullmatch(meta.stats.get("id", "")):
        note_url(meta, f"https://www.fanfiction.net/s/{meta.stats['id']}")  # FictionPress ids are another site's
    return [(_chapter_title(body), None, text)]


def _mobile_header(body: etree._Element, text: etree._Element) -> etree._Element:
    """What the mobile page's `div#content` (or body) holds above the story text."""
    content = body.find('.//div[@id="content"]')
    header = lxml.html.Element("div")
    for element in (content if content is not None else body):
        if element is text or text in element.iterdescendants():
            break
        header.append(copy.deepcopy(element))
    return header


def _read_title_and_author(header: etree._Element, meta: Metadata) -> None:
    bold = header.find(".//b")
    if bold is not None and text_of(bold):
        meta.title = text_of(bold)
    for link in header.iter("a"):
        if re.match(r"^(?:https?://[^/]+)?/u/\d+", link.get("href", "")) and text_of(link):
            meta.authors = [text_of(link)]
            return


def _fandoms(body: etree._Element) -> list[str]:
    """The fandom links of the breadcrumb ("Books > Harry Potter"), or a crossover's two fandoms."""
    scope = body.find('.//div[@id="pre_story_links"]')
    links = list((scope if scope is not None else body).iter("a"))
    found: list[str] = []
    for link in links:
        href, name = link.get("href", ""), text_of(link)
        if _CROSSOVER_LINK.search(href) or name.endswith(" Crossover"):
            found.extend(part.strip() for part in name.removesuffix(" Crossover").split(" + ") if part.strip())
        elif _FANDOM_LINK.match(href) and name:
            found.append(name)
        if found and scope is None:
            break
    return list(dict.fromkeys(found))


def _info_line(header: etree._Element) -> etree._Element | None:
    """The element holding "Rated: ...": `span.xgray` on desktop, the smallest such element on mobile."""
    for span in header.iter("span"):
        if "xgray" in span.get("class", "").split():
            return span
    best = None
    for element in header.iter("div", "span", "p", "center"):
        if text_of(element).startswith("Rated:"):
            best = element
    return best


def _read_info(info: etree._Element, meta: Metadata) -> None:
    dates = [date_from_timestamp(span.get("data-xutime", "")) for span in info.iter("span") if span.get("data-xutime")]
    line = text_of(info)
    desktop = " - " in line
    items = _split(line, " - " if desktop else ", ")
    people: list[str] = []
    for position, item in enumerate(items):
        keyed = _KEYED.fullmatch(item)
        if keyed and keyed.group(1).lower() in _INFO_KEYS:
            key, value = keyed.group(1).lower(), keyed.group(2).strip()
            if key == "rated":
                rating = re.sub(r"^Fiction\s+", "", value).strip()
                meta.rating = canonical_rating(rating) or rating
            elif key == "id":
                meta.stats["id"] = value
            else:  # Chapters, Words, Reviews, Favs, Follows, Updated, Published, Status
                apply_label(meta, key.capitalize(), value)
        elif position == 1 and not keyed:
            apply_label(meta, "Language", item)
        elif _genres(item):
            meta.tags.extend(g for g in _genres(item) if g not in meta.tags)
        elif not keyed:
            people.append(item)
    known = [d for d in dates if d]
    if known:  # Updated comes first when both are shown; the last date is Published
        meta.published, meta.updated = known[-1], known[0] if len(known) > 1 else meta.updated
    if meta.chapters_posted is None:
        meta.chapters_posted = 1  # a one-chapter story's line has no "Chapters:"
    meta.complete = meta.complete is True  # the line says "Status: Complete" only when it is
    if meta.complete:
        meta.chapters_planned = meta.chapters_posted
    _read_people(" - ".join(people) if desktop else ", ".join(people), meta)


_INFO_KEYS = {"rated", "chapters", "words", "reviews", "favs", "follows", "updated", "published", "status", "id"}


def _split(line: str, separator: str) -> list[str]:
    """Items of the info line, a bracketed pairing ("[Draco M., OC]") kept whole."""
    items, depth, current = [], 0, ""
    at = 0
    while at < len(line):
        if line.startswith(separator, at) and depth == 0:
            items.append(current.strip())
            current, at = "", at + len(separator)
            continue
        depth += {"[": 1, "]": -1}.get(line[at], 0)
        current += line[at]
        at += 1
    items.append(current.strip())
    return [item for item in items if item]


def _genres(item: str) -> list[str]:
    """FanFiction.Net's genres in an item ("Romance/Hurt/Comfort", "Romance & Drama"), or [] if it is not one."""
    rest, found = item.replace(" & ", "/"), []
    while rest:
        genre = next((g for g in GENRES if rest == g or rest.startswith(g + "/")), None)
        if genre is None:
            return []
        found.append(genre)
        rest = rest[len(genre) + 1 :]
    return found


def _read_people(text: str, meta: Metadata) -> None:
    """Characters, and the pairings FanFiction.Net writes in brackets: "[Draco M., OC] Pansy P."."""
    for pairing in re.findall(r"\[([^\]]*)\]", text):
        names = [n.strip() for n in pairing.split(",") if n.strip()]
        if len(names) > 1 and "/".join(names) not in meta.relationships:
            meta.relationships.append("/".join(names))
    for name in re.split(r",|&|\[|\]", text):
        name = name.strip()
        if name and name not in meta.characters:
            meta.characters.append(name)


def _chapter_title(body: etree._Element) -> str | None:
    for select in body.iter("select"):
        if select.get("id") == "chap_select" or (select.get("name") or "").lower() == "chapter":
            chosen = [o for o in select.iter("option") if o.get("selected") is not None]
            if chosen:
                return _OPTION_NUMBER.sub("", text_of(chosen[0])) or None
    return None
