"""Full-text search (FTS5, bm25) combined with facets, and the dashboard over the same selection.

A selection is a query, facet values and a word-count range. Across facets the
conditions all hold. Within a facet that a work has one value of (rating, POV,
tense, language) the values are alternatives; within the others (characters,
tags, ...) a work must have every value chosen. Facet counts are the works of
the current selection having each value.
"""

from __future__ import annotations

import html
import json
import re
import sqlite3
from dataclasses import dataclass

from .records import Dashboard, Hit, SearchResults
from .store import LibraryError

# facet -> SQL giving (work_id, value) pairs
FACETS = {
    "fandom": "SELECT work_id, name AS value FROM tags WHERE kind = 'fandom' AND origin = 'declared'",
    "rating": "SELECT work_id, name AS value FROM tags WHERE kind = 'rating' AND origin = 'declared'",
    "warning": "SELECT work_id, name AS value FROM tags WHERE kind = 'warning' AND origin = 'declared'",
    "category": "SELECT work_id, name AS value FROM tags WHERE kind = 'category' AND origin = 'declared'",
    "relationship": "SELECT work_id, name AS value FROM tags WHERE kind = 'relationship' AND origin = 'declared'",
    "character": "SELECT work_id, name AS value FROM tags WHERE kind = 'character' AND origin = 'declared'",
    "tag": "SELECT work_id, name AS value FROM tags WHERE kind = 'freeform' AND origin = 'declared'",
    "inferred_category": "SELECT work_id, name AS value FROM tags WHERE kind = 'category' AND origin = 'inferred'",
    "inferred_relationship":
        "SELECT work_id, name AS value FROM tags WHERE kind = 'relationship' AND origin = 'inferred'",
    "pov": "SELECT id AS work_id, pov AS value FROM works WHERE pov IS NOT NULL",
    "tense": "SELECT id AS work_id, tense AS value FROM works WHERE tense IS NOT NULL",
    "language": "SELECT id AS work_id, language AS value FROM works WHERE language IS NOT NULL",
    "author": "SELECT work_id, name AS value FROM authors",
}
SINGLE_VALUED = {"rating", "pov", "tense", "language"}
FACET_VALUES_SHOWN = 50
BM25_WEIGHTS = (8.0, 4.0, 4.0, 1.0)  # title, summary, tags, text
SNIPPET_TOKENS = 24
_OPEN, _CLOSE = "\x02", "\x03"
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Selection:
    query: str = ""
    facets: dict[str, list[str]] | None = None
    words: tuple[int | None, int | None] = (None, None)


def fts_query(query: str) -> str:
    """A user's query as an FTS5 expression: every word must match; "quoted words" match as a phrase;
    a trailing * makes a prefix. Operators and punctuation are taken as text, never as syntax."""
    parts = []
    for phrase, word in _QUERY_PART.findall(query):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                parts.append('"' + " ".join(words) + '"')
        else:
            words = _WORD.findall(word)
            prefix = word.endswith("*") and len(words) == 1
            parts.extend(f'"{w}"' + ("*" if prefix else "") for w in words)
    return " AND ".join(parts)


def matching(db: sqlite3.Connection, selection: Selection) -> list[tuple[int, float]]:
    """(work id, score) of every work in the selection, best first (by title without a query)."""
    where, params = _filters(selection)
    expression = fts_query(selection.query)
    if expression:
        # The full-text matches first, once: joined the other way round SQLite may run the MATCH per work.
        sql = (f"WITH f AS MATERIALIZED (SELECT rowid AS id, -bm25(works_fts, {', '.join(map(str, BM25_WEIGHTS))})"
               " AS score FROM works_fts WHERE works_fts MATCH ?)"
               f" SELECT w.id, f.score FROM f JOIN works w ON w.id = f.id {'WHERE ' + ' AND '.join(where) if where else ''}"
               " ORDER BY f.score DESC, w.id")
        params = [expression, *params]
    elif selection.query.strip():
        return []  # only punctuation: nothing can match
    else:
        sql = (f"SELECT w.id, 0.0 FROM works w {'WHERE ' + ' AND '.join(where) if where else ''}"
               " ORDER BY w.title COLLATE NOCASE, w.id")
    return db.execute(sql, params).fetchall()


def _filters(selection: Selection) -> tuple[list[str], list]:
    where: list[str] = []
    params: list = []
    for facet, values in (selection.facets or {}).items():
        values = [v for v in dict.fromkeys(values or []) if v]
        if not values:
            continue
        if facet not in FACETS:
            raise LibraryError(f"no facet called {facet!r} (facets: {', '.join(FACETS)})")
        if facet in SINGLE_VALUED:
            where.append(f"w.id IN (SELECT work_id FROM ({FACETS[facet]}) WHERE value IN ({', '.join('?' * len(values))}))")
            params.extend(values)
        else:
            for value in values:
                where.append(f"w.id IN (SELECT work_id FROM ({FACETS[facet]}) WHERE value = ?)")
                params.append(value)
    low, high = selection.words
    if low is not None:
        where.append("w.words >= ?")
        params.append(int(low))
    if high is not None:
        where.append("w.words <= ?")
        params.append(int(high))
    return where, params


def _selected(ids: list[int] | None, column: str) -> tuple[str, list]:
    """A condition keeping the selected works (None: all of them). `IN (subquery)` has SQLite build an
    index of the ids once; a join on a CTE of them would scan it for every row."""
    if ids is None:
        return "1", []
    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


# tags.(kind, origin) -> facet, and works columns that are facets
_TAG_FACETS = {("fandom", "declared"): "fandom", ("rating", "declared"): "rating", ("warning", "declared"): "warning",
               ("category", "declared"): "category", ("relationship", "declared"): "relationship",
               ("character", "declared"): "character", ("freeform", "declared"): "tag",
               ("category", "inferred"): "inferred_category", ("relationship", "inferred"): "inferred_relationship"}
_COLUMN_FACETS = ("pov", "tense", "language")


def facet_counts(db: sqlite3.Connection, ids: list[int] | None) -> dict[str, list[tuple[str, int]]]:
    """For every facet, its values among the selected works and how many works have each.

    Three grouped scans (tags, works, authors) rather than one query a facet: with a selection each reads
    only the selected works' rows, through the work_id index."""
    counts: dict[str, list[tuple[str, int]]] = {facet: [] for facet in FACETS}
    on_tags, params = _selected(ids, "work_id")
    for kind, origin, name, count in db.execute(
            f"SELECT kind, origin, name, count(*) FROM tags WHERE {on_tags} GROUP BY kind, origin, name", params):
        facet = _TAG_FACETS.get((kind, origin))
        if facet:
            counts[facet].append((name, count))
    on_works, _ = _selected(ids, "id")
    union = " UNION ALL ".join(f"SELECT '{c}', {c}, count(*) FROM works WHERE {on_works} AND {c} IS NOT NULL"
                               f" GROUP BY {c}" for c in _COLUMN_FACETS)
    counts_rows = db.execute(union, params * len(_COLUMN_FACETS)).fetchall()
    counts_rows += db.execute(f"SELECT 'author', name, count(*) FROM authors WHERE {on_tags} GROUP BY name",
                              params).fetchall()
    for facet, value, count in counts_rows:
        counts[facet].append((value, count))
    return {f: sorted(v, key=lambda x: (-x[1], x[0]))[:FACET_VALUES_SHOWN] for f, v in counts.items()}


def search(db: sqlite3.Connection, selection: Selection, page: int = 1, per_page: int = 20) -> SearchResults:
    page, per_page = max(1, int(page)), max(1, min(int(per_page), 500))
    found = matching(db, selection)
    unfiltered = not selection.query.strip() and not _filters(selection)[0]
    facets = facet_counts(db, None if unfiltered else [i for i, _ in found])
    shown = found[(page - 1) * per_page : page * per_page]
    return SearchResults(len(found), page, per_page, hits(db, shown, selection.query), facets)


def hits(db: sqlite3.Connection, shown: list[tuple[int, float]], query: str) -> list[Hit]:
    if not shown:
        return []
    ids = [i for i, _ in shown]
    marks = ", ".join("?" * len(ids))
    works = {row[0]: row for row in db.execute(
        f"SELECT id, title, rating, words, pov, tense FROM works WHERE id IN ({marks})", ids)}
    lists: dict[tuple[int, str], list[str]] = {}
    for work_id, position, name in db.execute(f"SELECT work_id, position, name FROM authors WHERE work_id IN ({marks}) ORDER BY work_id, position", ids):
        lists.setdefault((work_id, "author"), []).append(name)
    for work_id, kind, name in db.execute(
            f"SELECT work_id, kind, name FROM tags WHERE origin = 'declared' AND kind IN ('fandom', 'category')"
            f" AND work_id IN ({marks}) ORDER BY rowid", ids):
        lists.setdefault((work_id, kind), []).append(name)
    snippets = _snippets(db, ids, query)
    result = []
    for work_id, score in shown:
        _, title, rating, words, pov, tense = works[work_id]
        categories = lists.get((work_id, "category"))
        result.append(Hit(work_id, title, lists.get((work_id, "author"), []), lists.get((work_id, "fandom"), []),
                          rating, ", ".join(categories) if categories else None, words, pov, tense,
                          snippets.get(work_id, ""), round(score, 6)))
    return result


def _snippets(db: sqlite3.Connection, ids: list[int], query: str) -> dict[int, str]:
    """Escaped snippets with the matched words in <mark>; the summary or opening without a query."""
    marks = ", ".join("?" * len(ids))
    expression = fts_query(query)
    if expression:
        rows = db.execute(
            f"SELECT rowid, snippet(works_fts, -1, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS}) FROM works_fts"
            f" WHERE works_fts MATCH ? AND rowid IN ({marks})", [expression, *ids])
        return {work_id: highlight(text) for work_id, text in rows}
    rows = db.execute(f"SELECT rowid, CASE WHEN summary != '' THEN substr(summary, 1, 400) ELSE substr(text, 1, 400) END"
                      f" FROM works_fts WHERE rowid IN ({marks})", ids)
    return {work_id: html.escape(_shorten(text)) for work_id, text in rows}


def highlight(snippet: str) -> str:
    """FTS5's snippet as safe HTML: the text escaped, the markers made <mark> elements."""
    return html.escape(snippet).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def dashboard(db: sqlite3.Connection, selection: Selection, top: int = 10) -> Dashboard:
    """Corpus figures over the selection: works, words, POV and tense shares, top characters and pairings."""
    unfiltered = not selection.query.strip() and not _filters(selection)[0]
    ids = None if unfiltered else [i for i, _ in matching(db, selection)]
    on_works, params = _selected(ids, "id")
    works, words = db.execute(f"SELECT count(*), coalesce(sum(words), 0) FROM works WHERE {on_works}",
                              params).fetchone()

    def shares(column: str) -> dict[str, float]:
        rows = db.execute(f"SELECT {column}, count(*) FROM works WHERE {on_works} AND {column} IS NOT NULL"
                          f" GROUP BY {column} ORDER BY count(*) DESC", params).fetchall()
        total = sum(n for _, n in rows)
        return {value: round(n / total, 4) for value, n in rows}

    on_characters, _ = _selected(ids, "work_id")
    characters = db.execute(
        f"WITH c AS MATERIALIZED (SELECT work_id, key, name, mentions FROM characters WHERE {on_characters}"
        "  AND key != ''),"
        " named AS (SELECT key, name, count(*) AS n FROM c GROUP BY key, name)"
        " SELECT (SELECT name FROM named WHERE named.key = c.key ORDER BY n DESC, name LIMIT 1),"
        "  count(DISTINCT c.work_id) AS works, sum(c.mentions) AS mentions"
        f" FROM c GROUP BY c.key ORDER BY works DESC, mentions DESC LIMIT {int(top)}", params).fetchall()
    pairings = db.execute(
        f"SELECT name, count(DISTINCT work_id) AS works FROM tags WHERE {on_characters} AND kind = 'relationship'"
        f" GROUP BY name ORDER BY works DESC, name LIMIT {int(top)}", params).fetchall()
    return Dashboard(works, words, shares("pov"), shares("tense"), [tuple(c) for c in characters],
                     [tuple(p) for p in pairings])
