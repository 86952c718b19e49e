"""The values a reader sorts works by and holds them to ranges of (words, dates, kudos ...), one array a key.

A work without a value (no kudos in a plain-text file, no publication date) goes last whichever the
direction, and is outside every range of that key. Ties keep the title order.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime

import numpy as np

from .keys import name_sort_key
from .store import LibraryError

SORTS = {
    "relevance": "relevance",
    "title": "title",
    "author": "author",
    "words": "words",
    "chapters": "chapters",
    "added": "date added",
    "published": "date published",
    "updated": "date updated",
    "kudos": "kudos",
    "hits": "hits",
    "comments": "comments",
    "bookmarks": "bookmarks",
    "dialogue": "dialogue share",
}
"""Every sort key and what a reader calls it."""

ASCENDING = {"title", "author"}
"""The keys sorted A to Z unless told otherwise; the others go most (or latest) first, as AO3's do."""

RANGES = {
    "words": "words",
    "chapters": "chapters",
    "chapter_words": "words a chapter",
    "kudos": "kudos",
    "hits": "hits",
    "comments": "comments",
    "bookmarks": "bookmarks",
    "published": "published",
    "updated": "updated",
}
"""Every key a search can hold to a range (low and high, each optional), and what a reader calls it."""

DATES = {"published", "updated"}
"""Range keys whose values are days (`date.toordinal`); their bounds are written YYYY, YYYY-MM or YYYY-MM-DD.
(The date a work was added sorts by the second it was stored.)"""

_FACTS = ("published", "updated", "kudos", "hits", "comments", "bookmarks")
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def descending_by_default(key: str) -> bool:
    """Whether `key` sorts most first when no direction is asked for."""
    return key not in ASCENDING


def check_sort(key: str) -> str:
    """`key` when it is a sort key; a LibraryError naming the keys otherwise."""
    if key not in SORTS:
        raise LibraryError(f"no sort called {key!r} (sorts: {', '.join(SORTS)})")
    return key


def bound(key: str, text: str | int | float | None, upper: bool = False) -> float | None:
    """One end of a range of `key` as the number its values are compared with; None when `text` is blank.
    A date may be a year or a month: as a lower bound it is its first day, as an upper bound its last
    ("2019" to "2019" is the whole year). A LibraryError says what is wrong with anything else."""
    if key not in RANGES:
        raise LibraryError(f"no range called {key!r} (ranges: {', '.join(RANGES)})")
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if key in DATES:
        found = _DATE.match(str(text).strip())
        try:
            if not found:
                raise ValueError
            year, month, day = int(found[1]), int(found[2] or 0), int(found[3] or 0)
            if not upper:
                return float(date(year, month or 1, day or 1).toordinal())
            if not month:
                return float(date(year, 12, 31).toordinal())
            if not day:
                following = date(year + month // 12, month % 12 + 1, 1)
                return float(following.toordinal() - 1)
            return float(date(year, month, day).toordinal())
        except ValueError:
            raise LibraryError(f"{text!r} is not a date for {key} (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    try:
        value = float(str(text).replace(",", "").replace("_", "").strip())
    except ValueError:
        raise LibraryError(f"{text!r} is not a number for {key}") from None
    if not value >= 0:
        raise LibraryError(f"{text!r} is not a number of {RANGES[key]} (0 or more)")
    return value


def _day(text: object) -> float:
    """An ISO date ("2019-06-09", or a timestamp beginning with one) as its day number; NaN otherwise."""
    try:
        return float(date.fromisoformat(str(text)[:10]).toordinal())
    except ValueError:
        return float("nan")


def _moment(text: str) -> float:
    """A stored time ("2026-12-07T22:08:55+00:00") in seconds; NaN when it is not one."""
    try:
        return datetime.fromisoformat(text).timestamp()
    except (TypeError, ValueError):
        return float("nan")


def _count(value: object) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else float("nan")


class WorkValues:
    """The sort and range values of the works `ids` (the positions of a `FacetIndex`), read once per
    library version from the works and work_stats tables."""

    def __init__(self, db: sqlite3.Connection, ids: list[int], title_rank: np.ndarray) -> None:
        n = len(ids)
        position = {work_id: p for p, work_id in enumerate(ids)}
        self.title_rank = title_rank
        numbers = {key: np.full(n, np.nan) for key in ("words", "chapters", "added", "dialogue", *_FACTS)}
        for work_id, words, chapters, added in db.execute("SELECT id, words, chapters, added_at FROM works"):
            p = position.get(work_id)
            if p is not None:
                numbers["words"][p], numbers["chapters"][p], numbers["added"][p] = words, chapters, _moment(added)
        for work_id, *facts, quoted in db.execute(
                f"SELECT work_id, {', '.join(_FACTS)}, quoted_words FROM work_stats"):
            p = position.get(work_id)
            if p is None:
                continue
            for fact, value in zip(_FACTS, facts):
                numbers[fact][p] = _day(value) if fact in DATES else _count(value)
            words = numbers["words"][p]
            if quoted is not None and words > 0:
                numbers["dialogue"][p] = min(1.0, quoted / words)
        # a work never updated was last updated when it was published (AO3 sorts it so)
        numbers["updated"] = np.where(np.isnan(numbers["updated"]), numbers["published"], numbers["updated"])
        with np.errstate(divide="ignore", invalid="ignore"):
            numbers["chapter_words"] = np.where(numbers["chapters"] > 0, numbers["words"] / numbers["chapters"],
                                                np.nan)
        authors = dict(db.execute("SELECT work_id, name FROM authors WHERE position = 0"))
        keys = {i: name_sort_key(authors[i]) for i in ids if i in authors}
        places = {key: place for place, key in enumerate(sorted(set(keys.values())))}
        numbers["author"] = np.asarray([places[keys[i]] if i in keys else np.nan for i in ids], dtype=np.float64)
        numbers["title"] = title_rank.astype(np.float64)
        self.numbers = numbers
        self._orders: dict[tuple[str, bool], tuple[np.ndarray, np.ndarray]] = {}

    def inside(self, ranges: dict[str, tuple[float | None, float | None]]) -> np.ndarray:
        """Which works hold every range (bounds from `bound`); a work without the value holds none."""
        keep = np.ones(len(self.title_rank), dtype=bool)
        for key, (low, high) in ranges.items():
            values = self.numbers[key]
            if low is not None:
                keep &= values >= low
            if high is not None:
                keep &= values <= high
        return keep

    def order(self, key: str, descending: bool) -> tuple[np.ndarray, np.ndarray]:
        """The positions of all works in the order of `key`, and each position's place in it; works
        without a value last, ties in title order. Made once per key and direction."""
        kept = self._orders.get((key, descending))
        if kept is not None:
            return kept
        n = len(self.title_rank)
        values = self.numbers["title" if key == "relevance" else key]
        missing = np.isnan(values)
        filled = np.where(missing, 0.0, -values if descending else values)
        positions = np.lexsort((self.title_rank, filled, missing))
        places = np.empty(n, dtype=np.int64)
        places[positions] = np.arange(n)
        self._orders[(key, descending)] = kept = (positions, places)
        return kept
