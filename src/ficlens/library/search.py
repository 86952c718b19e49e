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
from .rows import PASSAGE_SHIFT, passage_range
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


def matching(db: sqlite3.Connection, selection: Selection, index: FacetIndex | None = None) -> list[tuple[int, float]]:
    """(work id, score) of every work in the selection, best first (by title without a query).

    Facets and the word range are applied in memory with `index` (made here when not given): only the
    full-text match goes to SQLite, once, and its bm25 scores are kept for the works the filters keep."""
    index = index or FacetIndex(db)
    keep = index.filter(selection)
    expression = fts_query(selection.query)
    if expression:
        weights = ", ".join(map(str, BM25_WEIGHTS))
        if keep is None:
            rows = db.execute(f"SELECT rowid, -bm25(works_fts, {weights}) FROM works_fts WHERE works_fts MATCH ?",
                              [expression]).fetchall()
        elif not keep:
            return []
        else:
            # bm25 only for the works the filters keep: it reads every matched work's position lists
            rows = db.execute(
                f"SELECT * FROM (SELECT rowid AS id, CASE WHEN rowid IN (SELECT value FROM json_each(?))"
                f" THEN -bm25(works_fts, {weights}) END AS score FROM works_fts WHERE works_fts MATCH ?)"
                " WHERE score IS NOT NULL", [json.dumps(index.members(keep)), expression]).fetchall()
        rows.sort(key=lambda row: (-row[1], row[0]))
        return rows
    if selection.query.strip():
        return []  # only punctuation: nothing can match
    if keep is None:
        return [(i, 0.0) for i in index.by_title]
    kept = _bit_string(keep)
    return [(i, 0.0) for i, p in zip(index.by_title, index.title_rank) if p < len(kept) and kept[p] == "1"]


def _bit_string(mask: int) -> str:
    """The bits of `mask`, lowest first, as a string of 0s and 1s: quicker to read bit by bit than the int."""
    return bin(mask)[:1:-1]


class FacetIndex:
    """Every facet value's works as a bit set (a Python int; bit p = the work at position p of `ids`),
    with each work's word count and the works in title order.

    Made once per library version (a few tens of ms on 2,000 works), it answers a search's filters and
    its facet counts with a few hundred ANDs and popcounts of 2,000-bit integers rather than SQL scans
    of the tags table for every search."""

    def __init__(self, db: sqlite3.Connection) -> None:
        rows = db.execute("SELECT id, words FROM works ORDER BY id").fetchall()
        self.ids: list[int] = [r[0] for r in rows]
        self.position: dict[int, int] = {work_id: p for p, work_id in enumerate(self.ids)}
        self.words: list[int] = [r[1] for r in rows]
        self.all = (1 << len(self.ids)) - 1
        self.by_title: list[int] = [r[0] for r in db.execute("SELECT id FROM works ORDER BY title COLLATE NOCASE, id")]
        self.title_rank: list[int] = [self.position[i] for i in self.by_title]
        positions: dict[str, dict[str, list[int]]] = {facet: {} for facet in FACETS}
        for facet, sql in FACETS.items():
            for work_id, value in db.execute(sql):
                p = self.position.get(work_id)
                if p is not None:
                    positions[facet].setdefault(value, []).append(p)
        self.values: dict[str, list[tuple[str, int]]] = {
            facet: sorted(((v, bits(ps)) for v, ps in found.items()), key=lambda x: x[0])
            for facet, found in positions.items()}
        self.masks: dict[str, dict[str, int]] = {facet: dict(values) for facet, values in self.values.items()}

    def filter(self, selection: Selection) -> int | None:
        """The works the selection's facets and word range keep, as a bit set; None when it has neither."""
        keep: int | None = None
        for facet, values in (selection.facets or {}).items():
            values = [v for v in dict.fromkeys(values or []) if v]
            if not values:
                continue
            if facet not in FACETS:
                raise LibraryError(f"no facet called {facet!r} (facets: {', '.join(FACETS)})")
            masks = self.masks[facet]
            if facet in SINGLE_VALUED:
                mask = 0
                for value in values:
                    mask |= masks.get(value, 0)
            else:
                mask = self.all
                for value in values:
                    mask &= masks.get(value, 0)
            keep = mask if keep is None else keep & mask
        low, high = selection.words
        if low is not None or high is not None:
            low = -1 if low is None else int(low)
            high = float("inf") if high is None else int(high)
            mask = bits([p for p, n in enumerate(self.words) if low <= n <= high])
            keep = mask if keep is None else keep & mask
        return keep

    def members(self, mask: int) -> list[int]:
        """The work ids in a bit set."""
        return [self.ids[p] for p, bit in enumerate(_bit_string(mask)) if bit == "1"]

    def counts(self, ids: list[int] | None) -> dict[str, list[tuple[str, int]]]:
        """For every facet, its values among the works `ids` (None: all) and how many works have each,
        most first, at most FACET_VALUES_SHOWN."""
        if ids is None:
            chosen = self.all
        else:
            position = self.position
            chosen = bits([position[i] for i in ids if i in position])
        out: dict[str, list[tuple[str, int]]] = {}
        for facet, values in self.values.items():
            found = [(value, n) for value, mask in values if (n := (mask & chosen).bit_count())]
            found.sort(key=lambda x: -x[1])  # stable: values with equal counts stay in name order
            out[facet] = found[:FACET_VALUES_SHOWN]
        return out


def bits(positions: list[int]) -> int:
    """The bit set (a Python int) with these bits on."""
    if not positions:
        return 0
    buffer = bytearray(max(positions) // 8 + 1)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def _selected(ids: list[int] | None, column: str) -> tuple[str, list]:
    """A condition keeping the selected works (None: all of them). `IN (subquery)` has SQLite build an
    index of the ids once; a join on a CTE of them would scan it for every row."""
    if ids is None:
        return "1", []
    return f"{column} IN (SELECT value FROM json_each(?))", [json.dumps(ids)]


def search(db: sqlite3.Connection, selection: Selection, page: int = 1, per_page: int = 20,
           index: FacetIndex | None = None) -> SearchResults:
    """A page of the works in the selection (hits with snippets) and the facet counts over all of them.
    `index` is the library's `FacetIndex` for its current version (made here when not given)."""
    page, per_page = max(1, int(page)), max(1, min(int(per_page), 500))
    index = index or FacetIndex(db)
    found = matching(db, selection, index)
    unfiltered = not selection.query.strip() and index.filter(selection) is None
    facets = index.counts(None if unfiltered else [i for i, _ in found])
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
    """Escaped snippets with the matched words in <mark>; the summary or opening without a query.

    A work's snippet is FTS5's snippet() of one passage (passages_fts: its summary, then its text in slices
    of about a paragraph): the first passage holding every word of the query, else the first holding any.
    A few hundred characters are tokenised instead of the whole text (snippet() on works_fts: about 1 ms
    a hit). A work whose words matched only in its title or tags gets the snippet of that column."""
    expression = fts_query(query)
    if not expression:
        return _openings(db, ids)
    tries = [expression] if " AND " not in expression else [expression, expression.replace(" AND ", " OR ")]
    sql = (f"SELECT rowid, snippet(passages_fts, 0, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
           " FROM passages_fts WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1")
    found: dict[int, tuple[int, str]] = {}
    for work_id in ids:
        for match in tries:
            row = db.execute(sql, (match, *passage_range(work_id))).fetchone()
            if row is not None:
                found[work_id] = row
                break
    out: dict[int, str] = {}
    if found:
        after = [rowid + 1 for rowid, _ in found.values()]
        followed = {r[0] - 1 for r in db.execute(
            f"SELECT rowid FROM passages_fts WHERE rowid IN ({', '.join('?' * len(after))})", after)}
        for work_id, (rowid, text) in found.items():
            position = rowid & ((1 << PASSAGE_SHIFT) - 1)
            if position > 1 and not text.startswith("…"):
                text = "…" + text.lstrip()
            if rowid in followed and position > 0 and not text.endswith("…"):
                text = text.rstrip() + "…"
            out[work_id] = highlight(text)
    rest = [i for i in ids if i not in found]
    if rest:
        rows = db.execute(
            f"SELECT rowid, snippet(works_fts, 0, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS}),"
            f" snippet(works_fts, 2, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS}) FROM works_fts"
            f" WHERE works_fts MATCH ? AND rowid IN ({', '.join('?' * len(rest))})", [expression, *rest])
        for work_id, title, tags in rows:
            out[work_id] = highlight(tags if tags.count(_OPEN) > title.count(_OPEN) else title)
    return out


def _openings(db: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """Each work's summary, else the start of its text, shortened and escaped (from its first passages,
    which are the text's first characters, rather than the whole text)."""
    wanted = [(i << PASSAGE_SHIFT) + p for i in ids for p in range(3)]
    parts: dict[int, list[tuple[int, str]]] = {}
    for rowid, text in db.execute(
            f"SELECT rowid, text FROM passages_fts WHERE rowid IN ({', '.join('?' * len(wanted))})", wanted):
        parts.setdefault(rowid >> PASSAGE_SHIFT, []).append((rowid & ((1 << PASSAGE_SHIFT) - 1), text))
    out = {}
    for work_id, found in parts.items():
        found.sort()
        if found[0][0] == 0 and found[0][1] != "":
            opening = found[0][1][:400]
        else:
            opening = "".join(text for position, text in found if position > 0)[:400]
        out[work_id] = html.escape(_shorten(opening))
    return out


def highlight(snippet: str) -> str:
    """FTS5's snippet as safe HTML: the text escaped, the markers made <mark> elements."""
    return html.escape(snippet).replace(_OPEN, "<mark>").replace(_CLOSE, "</mark>")


def _shorten(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def dashboard(db: sqlite3.Connection, selection: Selection, top: int = 10,
              index: FacetIndex | None = None) -> Dashboard:
    """Corpus figures over the selection: works, words, POV and tense shares, top characters and pairings."""
    index = index or FacetIndex(db)
    unfiltered = not selection.query.strip() and index.filter(selection) is None
    ids = None if unfiltered else [i for i, _ in matching(db, selection, index)]
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
