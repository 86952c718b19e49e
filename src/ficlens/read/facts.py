"""The facts fans sort and match works by, typed from what a file declares.

Archives and downloaders write them as text: "Chapters: 3/?", "Kudos: 1,234",
"Published: 2019-06-09", "Part 2 of Foo", a work's address. Every reader hands
them to `note_stat`, `note_url` or `series_in` so that the same fact gives the
same typed `Metadata` field whatever file it came in.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from ..model import Metadata, Series

# (site, pattern of a work's address, canonical address)
_SITES = (
    ("ao3", re.compile(r"(?:archiveofourown\.org|ao3\.org)/(?:collections/[^/\s]+/)?works/(\d+)", re.I),
     "https://archiveofourown.org/works/{}"),
    ("ffn", re.compile(r"fanfiction\.net/s/(\d+)", re.I), "https://www.fanfiction.net/s/{}"),
)
_COUNTS = {"kudos": "kudos", "hits": "hits", "comments": "comments", "reviews": "comments", "bookmarks": "bookmarks"}
_COUNT = re.compile(r"\d{1,3}(?:[,.\u202f\u00a0 ]\d{3})+|\d+")
_CHAPTERS = re.compile(r"\s*(\d[\d,]*)\s*/\s*(\d[\d,]*|\?)\s*")
_ISO = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_US = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*")  # FanFiction.Net's month/day/year
_SERIES = (
    re.compile(r"\s*Part\s+(\d+)\s+of\s+(?:the\s+)?(.+?)(?:\s+series)?\s*", re.I),  # AO3
    re.compile(r"\s*(.+?)\s*\[(\d+)\]\s*"),  # FanFicFare's "Foo [2]"
)
_AO3_PARTS = re.compile(r"(?=\bPart\s+\d+\s+of\s)", re.I)
_COMPLETE = {"complete", "completed", "finished", "yes"}
_IN_PROGRESS = {"in-progress", "in progress", "wip", "ongoing", "incomplete", "no", "unfinished"}


def site_of(url: str) -> tuple[str, str, str] | None:
    """(site, work id, canonical address) of an AO3 or FanFiction.Net work address, or None."""
    for site, pattern, canonical in _SITES:
        match = pattern.search(url)
        if match:
            return site, match.group(1), canonical.format(match.group(1))
    return None


def note_url(meta: Metadata, url: str) -> None:
    """Keep the work's address, and its archive and id when it is an AO3 or FanFiction.Net work."""
    url = url.strip()
    if not url:
        return
    found = site_of(url)
    if found:
        meta.site, meta.site_id, canonical = found
        meta.url = canonical
    elif meta.url is None:
        meta.url = url


def note_stat(meta: Metadata, key: str, value: str) -> None:
    """Type one declared fact ("kudos", "1,234") into its field; facts without one are left alone."""
    key = key.strip().lower()
    if key in _COUNTS:
        number = count(value)
        if number is not None:
            setattr(meta, _COUNTS[key], number)
    elif key == "chapters":
        match = _CHAPTERS.fullmatch(value)
        if match:
            meta.chapters_posted = int(match.group(1).replace(",", ""))
            planned = match.group(2)
            meta.chapters_planned = None if planned == "?" else int(planned.replace(",", ""))
            meta.complete = meta.chapters_planned is not None and meta.chapters_posted >= meta.chapters_planned
        elif count(value) is not None:
            meta.chapters_posted = count(value)
    elif key == "published":
        meta.published = iso_date(value) or meta.published
    elif key in ("updated", "completed"):
        meta.updated = iso_date(value) or meta.updated
        if key == "completed":
            meta.complete = True
    elif key == "status":
        meta.complete = status(value) if status(value) is not None else meta.complete
    if meta.complete and meta.chapters_planned is None and meta.chapters_posted is not None:
        meta.chapters_planned = meta.chapters_posted  # "Chapters: 3" and "Status: Completed" in either order


def count(value: str) -> int | None:
    """A count as archives write it ("1,234", "1 234", "56"), or None when it is none ("12k+")."""
    match = _COUNT.fullmatch(value.strip())
    return int(re.sub(r"\D", "", match.group())) if match else None


def status(value: str) -> bool | None:
    """True for "Completed", False for "In-Progress", None for anything else."""
    word = value.strip().lower()
    return True if word in _COMPLETE else False if word in _IN_PROGRESS else None


def iso_date(value: str) -> str | None:
    """"2019-06-09" for "2019-06-09", "2019/06/09" or FanFiction.Net's "6/9/2019"; None when not a date."""
    match = _ISO.fullmatch(value)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _US.fullmatch(value)
        if not match:
            return None
        month, day, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_timestamp(value: str) -> str | None:
    """The UTC date of a Unix time in seconds ("1278984264" -> "2010-07-13"), or None."""
    try:
        return datetime.fromtimestamp(int(value), tz=timezone.utc).date().isoformat()
    except (ValueError, OverflowError, OSError):
        return None


def series_in(value: str) -> list[Series]:
    """The series named by "Part 2 of Foo" (AO3, several joined by ", "), "Foo [2]" (FanFicFare) or a bare name."""
    parts = [p for p in _AO3_PARTS.split(value) if p.strip(" ,")]
    found = []
    for part in parts if len(parts) > 1 else [value]:
        part = part.strip().rstrip(",").strip()
        for pattern in _SERIES:
            match = pattern.fullmatch(part)
            if match:
                first, second = match.groups()
                number, name = (first, second) if first.isdigit() else (second, first)
                found.append(Series(name.strip(), int(number)))
                break
        else:
            if part:
                found.append(Series(part))
    return found
