"""What an AO3-style blurb shows of each work: fandoms, the four required tags (rating, warnings,
category, complete), relationships, characters, freeform tags, summary, language, words, chapters "3/?",
kudos, hits, dates. Read for a page of works at once, from the tables (the analysis JSON is read only for
the chapter counts and whether the work is complete, which no table keeps).

Values ficlens found, where the file declares none of that kind, are marked `found`, never mixed
unmarked with what the file says (see DESIGN's output contract): categories, relationships and
characters ficlens inferred, and the fandom of a work that declares none (the fandom whose works share
most of its characters, as the "found" fandom facet has it).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field

from .search import INFERRED_FANDOM_AMONG


@dataclass(slots=True)
class Tag:
    name: str
    found: bool = False  # found by ficlens, not declared by the file


@dataclass(slots=True)
class Blurb:
    work_id: int
    title: str
    authors: list[str] = field(default_factory=list)
    fandoms: list[Tag] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[Tag] = field(default_factory=list)
    relationships: list[Tag] = field(default_factory=list)
    characters: list[Tag] = field(default_factory=list)
    freeforms: list[str] = field(default_factory=list)
    summary: str | None = None  # sanitised HTML, as the works table keeps it
    language: str | None = None
    words: int = 0
    chapters: int = 1  # posted, as the file says, else the chapters found
    planned: int | None = None
    complete: bool | None = None
    kudos: int | None = None
    hits: int | None = None
    comments: int | None = None
    bookmarks: int | None = None
    published: str | None = None
    updated: str | None = None
    added: str | None = None

    @property
    def chapter_count(self) -> str:
        """AO3's "3/?" (posted / planned, "?" when the end is not known)."""
        planned = self.planned or (self.chapters if self.complete else None)
        return f"{self.chapters}/{planned if planned else '?'}"

    @property
    def rating_symbol(self) -> tuple[str, str, str]:
        """(AO3's class, letter, words) for the rating square."""
        return _RATINGS.get((self.rating or "").strip().lower(), ("rating-notrated", "", "Not Rated"))

    @property
    def warning_symbol(self) -> tuple[str, str, str]:
        names = {w.strip().lower() for w in self.warnings}
        if not names:
            return "warning-unknown", "", "No archive warnings declared"
        if names <= {"no archive warnings apply"}:
            return "warning-no", "", "No Archive Warnings Apply"
        if names <= {"creator chose not to use archive warnings", "choose not to use archive warnings"}:
            return "warning-choosenotto", "?", "Creator Chose Not To Use Archive Warnings"
        return "warning-yes", "!", ", ".join(self.warnings)

    @property
    def category_symbol(self) -> tuple[str, str, str, bool]:
        """(class, letter, words, found by ficlens) for the category square."""
        if not self.categories:
            return "category-none", "", "No category", False
        found = all(c.found for c in self.categories)
        names = ", ".join(c.name for c in self.categories)
        if len(self.categories) > 1:
            return "category-multi", "", names, found
        css, letter = _CATEGORIES.get(self.categories[0].name.strip().lower(), ("category-other", ""))
        return css, letter, names, found

    @property
    def squares(self) -> list[tuple[str, str, str, str, bool]]:
        """AO3's four required-tag squares in order: (kind, class, letter, words, found by ficlens)."""
        category = self.category_symbol
        return [("rating", *self.rating_symbol, False), ("warnings", *self.warning_symbol, False),
                ("category", *category), ("completion", *self.complete_symbol, False)]

    @property
    def complete_symbol(self) -> tuple[str, str, str]:
        if self.complete is None:
            return "complete-unknown", "", "Not known whether complete"
        return ("complete-yes", "✓", "Complete Work") if self.complete else ("complete-no", "", "Work in Progress")


_RATINGS = {
    **dict.fromkeys(("general audiences", "g", "general"), ("rating-general-audience", "G", "General Audiences")),
    **dict.fromkeys(("teen and up audiences", "t", "teen", "teen and up"), ("rating-teen", "T", "Teen And Up Audiences")),
    **dict.fromkeys(("mature", "m"), ("rating-mature", "M", "Mature")),
    **dict.fromkeys(("explicit", "e"), ("rating-explicit", "E", "Explicit")),
}
_CATEGORIES = {"f/f": ("category-femslash", "♀♀"), "f/m": ("category-het", "♀♂"), "m/m": ("category-slash", "♂♂"),
               "gen": ("category-gen", "◎"), "multi": ("category-multi", ""), "other": ("category-other", "")}

_LISTS = {"fandom": "fandoms", "category": "categories", "relationship": "relationships", "character": "characters"}


def blurbs(db: sqlite3.Connection, ids: list[int]) -> dict[int, Blurb]:
    """The blurb of each work in `ids` that is in the library."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    out: dict[int, Blurb] = {}
    for row in db.execute(
            "SELECT w.id, w.title, w.rating, w.language, w.summary, w.words, w.chapters, w.added_at,"
            " json_extract(w.analysis, '$.work.complete'), json_extract(w.analysis, '$.work.chapters_posted'),"
            " json_extract(w.analysis, '$.work.chapters_planned'),"
            " s.kudos, s.hits, s.comments, s.bookmarks, s.published, s.updated"
            f" FROM works w LEFT JOIN work_stats s ON s.work_id = w.id WHERE w.id IN ({marks})", ids):
        (work_id, title, rating, language, summary, words, found_chapters, added, complete, posted, planned,
         kudos, hits, comments, bookmarks, published, updated) = row
        out[work_id] = Blurb(work_id, title, rating=rating, summary=summary, language=language, words=words,
                             chapters=_whole(posted) or found_chapters or 1, planned=_whole(planned),
                             complete=None if complete is None else bool(complete), kudos=kudos, hits=hits,
                             comments=comments, bookmarks=bookmarks, published=published, updated=updated,
                             added=(added or "")[:10] or None)
    for work_id, name in db.execute(f"SELECT work_id, name FROM authors WHERE work_id IN ({marks})"
                                    " ORDER BY work_id, position", ids):
        out[work_id].authors.append(name)
    declared: dict[tuple[int, str], list[str]] = {}
    inferred: dict[tuple[int, str], list[str]] = {}
    for work_id, kind, origin, name in db.execute(
            f"SELECT work_id, kind, origin, name FROM tags WHERE work_id IN ({marks}) ORDER BY rowid", ids):
        (declared if origin == "declared" else inferred).setdefault((work_id, kind), []).append(name)
    found_fandoms: dict[int, list[str]] = {}
    for work_id, name in db.execute(INFERRED_FANDOM_AMONG.format(among=" AND work_id IN (SELECT value FROM"
                                                                     " json_each(?))") + " ORDER BY work_id, value",
                                    [json.dumps(ids)]):
        found_fandoms.setdefault(work_id, []).append(name)
    for work_id, blurb in out.items():
        if not declared.get((work_id, "fandom")):
            blurb.fandoms.extend(Tag(name, True) for name in found_fandoms.get(work_id, []))
        for kind, attribute in _LISTS.items():
            names = declared.get((work_id, kind))
            tags = [Tag(n) for n in names] if names else [Tag(n, True) for n in inferred.get((work_id, kind), [])]
            getattr(blurb, attribute).extend(tags)
        blurb.warnings = declared.get((work_id, "warning"), [])
        blurb.freeforms = declared.get((work_id, "freeform"), [])
    return out


def _whole(value: object) -> int | None:
    return value if type(value) is int and value > 0 else None
