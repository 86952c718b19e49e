"""AO3's canonical tag values and the labels story files use for them.

Shared by every reader that meets a "Label: value" list (AO3 HTML's tag list,
FanFicFare's title page, a docx draft's header) so that all of them fill
`Metadata` the same way.
"""

from __future__ import annotations

import re

from ..model import Metadata
from .facts import note_stat, note_url, series_in

RATINGS = ("General Audiences", "Teen And Up Audiences", "Mature", "Explicit", "Not Rated")
WARNINGS = (
    "Creator Chose Not To Use Archive Warnings",
    "Graphic Depictions Of Violence",
    "Major Character Death",
    "No Archive Warnings Apply",
    "Rape/Non-Con",
    "Underage Sex",
    "Underage",
)
CATEGORIES = ("F/F", "F/M", "Gen", "M/M", "Multi", "Other")

_RATING_ALIASES = {
    "g": "General Audiences",
    "general": "General Audiences",
    "general audiences": "General Audiences",
    "t": "Teen And Up Audiences",
    "teen": "Teen And Up Audiences",
    "teen and up": "Teen And Up Audiences",
    "teen and up audiences": "Teen And Up Audiences",
    "m": "Mature",
    "mature": "Mature",
    "e": "Explicit",
    "explicit": "Explicit",
    "nr": "Not Rated",
    "not rated": "Not Rated",
}
_CATEGORY_KEYS = {c.lower(): c for c in CATEGORIES}

# Labels as AO3, FanFicFare and writers spell them, mapped to Metadata fields.
_LABELS = {
    "rating": "rating",
    "ratings": "rating",
    "archive warning": "warnings",
    "archive warnings": "warnings",
    "warning": "warnings",
    "warnings": "warnings",
    "category": "categories",
    "categories": "categories",
    "ao3 categories": "categories",
    "fandom": "fandoms",
    "fandoms": "fandoms",
    "relationship": "relationships",
    "relationships": "relationships",
    "ships": "relationships",
    "pairing": "relationships",
    "pairings": "relationships",
    "character": "characters",
    "characters": "characters",
    "additional tags": "tags",
    "additional tag": "tags",
    "freeform tags": "tags",
    "freeform": "tags",
    "tags": "tags",
    "genre": "tags",
    "genres": "tags",
    "language": "language",
    "series": "series",
    "collections": "collections",
    "collection": "collections",
    "summary": "summary",
    "description": "summary",
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "story url": "url",
    "url": "url",
    "stats": "stats",
    "published": "stats",
    "updated": "stats",
    "completed": "stats",
    "words": "stats",
    "chapters": "stats",
    "status": "stats",
    "packaged": "stats",
    "publisher": "stats",
    "kudos": "stats",
    "hits": "stats",
    "bookmarks": "stats",
    "comments": "stats",
    "reviews": "stats",
    "favs": "stats",
    "follows": "stats",
}
_LIST_FIELDS = {"warnings", "categories", "fandoms", "relationships", "characters", "tags", "series", "collections", "authors"}
_LABEL_LINE = re.compile(r"\s*([A-Za-z][A-Za-z0-9 ]{0,30}?)\s*:\s*(.*)")
_STATS_PART = re.compile(r"(Published|Updated|Completed|Words|Chapters|Kudos|Hits|Bookmarks|Comments)\s*:\s*(\S+)")


def canonical_rating(value: str) -> str | None:
    """AO3's name for a rating written as a letter or a name ("G" -> "General Audiences")."""
    return _RATING_ALIASES.get(value.strip().strip(".").lower())


def canonical_categories(value: str) -> list[str] | None:
    """The categories in `value` ("F/M, M/M"), or None if it is not a category list."""
    parts = [p.strip() for p in value.split(",") if p.strip()]
    if parts and all(p.lower() in _CATEGORY_KEYS for p in parts):
        return [_CATEGORY_KEYS[p.lower()] for p in parts]
    return None


def field_for_label(label: str) -> str | None:
    """The Metadata field a label names ("Archive Warnings" -> "warnings"), or None."""
    return _LABELS.get(label.strip().rstrip(":").strip().lower())


def split_label_line(line: str) -> tuple[str, str] | None:
    """("Rating", "General Audiences") for "Rating: General Audiences" when the label is known."""
    match = _LABEL_LINE.fullmatch(line)
    if match and field_for_label(match.group(1)):
        return match.group(1), match.group(2).strip()
    return None


def split_tags(value: str) -> list[str]:
    """Tags joined by ", " as AO3 writes them."""
    return [t.strip() for t in value.split(",") if t.strip()]


def apply_label(meta: Metadata, label: str, value: str) -> bool:
    """Store `value` under the field `label` names; False when the label is unknown."""
    name = field_for_label(label)
    if name is None or not value.strip():
        return name is not None
    value = value.strip()
    if name == "rating":
        meta.rating = canonical_rating(value) or value
    elif name == "categories":
        categories = canonical_categories(value)
        if categories is None and label.strip().lower() == "category":
            # FanFicFare's "Category" on FanFiction.Net is the fandom.
            _extend(meta.fandoms, split_tags(value))
        else:
            _extend(meta.categories, categories or split_tags(value))
    elif name == "stats":
        found = _STATS_PART.findall(value)
        if not (found and label.strip().lower() not in {p.lower() for p, _ in found}):
            found = [(label.strip(), value)]
        for key, stat in found:
            meta.stats[key.lower()] = stat
            note_stat(meta, key, stat)
    elif name == "series":
        known = {s.name for s in meta.series}
        meta.series.extend(s for s in series_in(value) if s.name not in known)
    elif name == "collections":
        _extend(meta.collections, split_tags(value))
    elif name == "url":
        note_url(meta, value)
    elif name == "authors":
        _extend(meta.authors, split_authors(value))
    elif name == "tags" and label.strip().lower() in ("genre", "genres"):
        # FanFicFare's AO3 "Genre" holds the additional tags and the AO3 categories.
        values = split_tags(value)
        _extend(meta.categories, [_CATEGORY_KEYS[v.lower()] for v in values if v.lower() in _CATEGORY_KEYS])
        _extend(meta.tags, [v for v in values if v.lower() not in _CATEGORY_KEYS])
    elif name in _LIST_FIELDS:
        _extend(getattr(meta, name), split_tags(value))
    else:
        setattr(meta, name, value)
    return True


def apply_values(meta: Metadata, label: str, values: list[str]) -> bool:
    """Store tags already separated (AO3 HTML's links, which may hold commas)."""
    name = field_for_label(label)
    if name is None:
        return False
    values = [v.strip() for v in values if v.strip()]
    if name == "series":  # each value one series, which may name its part ("Owl Post [2]")
        for value in values:
            apply_label(meta, label, value)
        return True
    if name in _LIST_FIELDS and values:
        if name == "categories":
            values = [_CATEGORY_KEYS.get(v.lower(), v) for v in values]
        _extend(getattr(meta, name), values)
        return True
    return apply_label(meta, label, ", ".join(values))


def split_authors(value: str) -> list[str]:
    """Authors from a byline ("by A, B and C") or a document's author field ("A; B")."""
    value = re.sub(r"^\s*by\s+", "", value.strip(), flags=re.I)
    return [a.strip() for a in re.split(r"[,;]\s*|\s+and\s+|\s*&\s*", value) if a.strip()]


def _extend(target: list[str], values: list[str]) -> None:
    for value in values:
        if value not in target:
            target.append(value)
