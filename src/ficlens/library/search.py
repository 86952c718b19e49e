"""Full-text search (FTS5, bm25) combined with facets, and the dashboard over the same selection.

A selection is a query, facet values to include and to exclude, ranges (words,
dates, kudos ...; see `sorting`) and an order. Across facets the conditions all
hold. Within a facet that a work has one value of (rating, POV, tense, language)
the values included are alternatives; within the others (characters, tags, ...)
a work must have every value included. A work with any value excluded is left
out, as AO3's "Exclude" filters do. Facet counts are the works of the current
selection having each value. Works come best first for a query, else in title
order, unless another order is asked for.
"""

from __future__ import annotations

import copy
import hashlib
import html
import json
import math
import re
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from .records import Dashboard, Hit, SearchResults
from .keys import name_key, title_sort_key
from .rows import PASSAGE_SHIFT, passage_range
from .sorting import WorkValues, bound, check_sort, descending_by_default
from .store import LibraryError

# A work that declares no fandom is in the fandom whose declaring works share most of its
# characters by full name ("Draco Malfoy", not a bare "Candy" that any fandom may have).
# Worked out when the facets are (once per library version), so a work added later counts.
INFERRED_FANDOM_AMONG = """
WITH declared AS (SELECT work_id, name FROM tags WHERE kind = 'fandom' AND origin = 'declared'),
undeclared AS MATERIALIZED (
    SELECT work_id, key FROM characters WHERE key LIKE '% %' AND work_id NOT IN (SELECT work_id FROM declared){among}
),
votes AS (
    SELECT u.work_id, d.name, count(DISTINCT u.key) AS shared
    FROM undeclared u JOIN characters c ON c.key = u.key JOIN declared d ON d.work_id = c.work_id
    GROUP BY u.work_id, d.name
)
SELECT work_id, name AS value FROM (
    SELECT work_id, name, shared, max(shared) OVER (PARTITION BY work_id) AS best FROM votes
) WHERE shared = best
"""
INFERRED_FANDOM = INFERRED_FANDOM_AMONG.format(among="")
"""(work id, fandom) of every work that declares none; `INFERRED_FANDOM_AMONG` with a condition on the
works' ids (`among`) is the same for a few of them."""

# Each work's fandom: the one it declares first, else the one found by its characters.
WORK_FANDOM = f"""
WITH inferred AS ({INFERRED_FANDOM})
SELECT w.id AS work_id, coalesce(
    (SELECT name FROM tags t WHERE t.work_id = w.id AND kind = 'fandom' AND origin = 'declared' ORDER BY rowid LIMIT 1),
    (SELECT min(value) FROM inferred i WHERE i.work_id = w.id)) AS fandom
FROM works w
"""

# A character's identity across works: its fandom and full name. A work with no fandom, or a name of
# one word ("Harry"), keeps its characters to itself.
CHARACTER_IDENTITY = """
CASE WHEN f.fandom IS NULL OR c.key NOT LIKE '% %' THEN 'work ' || c.work_id || ': ' || c.key
     ELSE f.fandom || ': ' || c.key END
"""

# Each character's name as the facets show it, by its folded full name: the way most works write it.
CHARACTER_NAMES = """
SELECT key, name FROM (
    SELECT key, name, row_number() OVER (PARTITION BY key ORDER BY count(*) DESC, name) AS place
    FROM characters WHERE key != '' GROUP BY key, name
) WHERE place = 1
"""

# facet -> SQL giving (work_id, value) pairs
FACETS = {
    "fandom": "SELECT work_id, name AS value FROM tags WHERE kind = 'fandom' AND origin = 'declared'",
    "rating": "SELECT work_id, name AS value FROM tags WHERE kind = 'rating' AND origin = 'declared'",
    "warning": "SELECT work_id, name AS value FROM tags WHERE kind = 'warning' AND origin = 'declared'",
    "category": "SELECT work_id, name AS value FROM tags WHERE kind = 'category' AND origin = 'declared'",
    "relationship": "SELECT work_id, name AS value FROM tags WHERE kind = 'relationship' AND origin = 'declared'",
    "character": "SELECT work_id, name AS value FROM tags WHERE kind = 'character' AND origin = 'declared'",
    "tag": "SELECT work_id, name AS value FROM tags WHERE kind = 'freeform' AND origin = 'declared'",
    "inferred_fandom": INFERRED_FANDOM,
    "inferred_category": "SELECT work_id, name AS value FROM tags WHERE kind = 'category' AND origin = 'inferred'",
    "inferred_relationship":
        "SELECT work_id, name AS value FROM tags WHERE kind = 'relationship' AND origin = 'inferred'",
    "pairing": "SELECT id AS work_id, json_extract(analysis, '$.pairing.tag') AS value FROM works"
               " WHERE json_extract(analysis, '$.pairing.tag') IS NOT NULL",
    "relationship_kind": "SELECT DISTINCT work_id, kind AS value FROM relationships"
                         " WHERE kind IS NOT NULL AND kind != 'unknown'",
    "pov": "SELECT id AS work_id, pov AS value FROM works WHERE pov IS NOT NULL",
    "tense": "SELECT id AS work_id, tense AS value FROM works WHERE tense IS NOT NULL",
    "language": "SELECT id AS work_id, language AS value FROM works WHERE language IS NOT NULL",
    "author": "SELECT work_id, name AS value FROM authors",
    "appears": f"WITH shown AS ({CHARACTER_NAMES}) SELECT DISTINCT c.work_id, s.name AS value"
               " FROM characters c JOIN shown s ON s.key = c.key",
    "speaks": f"WITH shown AS ({CHARACTER_NAMES}) SELECT DISTINCT c.work_id, s.name AS value"
              " FROM characters c JOIN shown s ON s.key = c.key WHERE c.lines > 0",
    # the reader's own (see `personal`); "read" is every work read or unread, so read=unread hides read works
    "status": "SELECT work_id, status AS value FROM personal WHERE status IS NOT NULL",
    "read": "SELECT id AS work_id, CASE WHEN id IN (SELECT work_id FROM personal WHERE status = 'read')"
            " THEN 'read' ELSE 'unread' END AS value FROM works",
    "favourite": "SELECT work_id, 'favourite' AS value FROM personal WHERE favourite = 1",
    "collection": "SELECT cw.work_id, c.name AS value FROM collection_works cw"
                  " JOIN collections c ON c.id = cw.collection_id",
    "bookmark_tag": "SELECT work_id, tag AS value FROM bookmark_tags",
}
PERSONAL = ("status", "read", "favourite", "collection", "bookmark_tag")
"""The facets of the reader's own fields: a bookmark or a collection changes these and nothing else the
index holds (see `FacetIndex.with_personal`)."""
SINGLE_VALUED = {"rating", "pov", "tense", "language", "pairing", "status", "read", "favourite"}
FOLDED = {"appears", "speaks"}
"""Facets of the names ficlens found, matched folded: "draco malfoy" selects "Draco Malfoy"."""
FACET_VALUES_SHOWN = 50
BM25_WEIGHTS = (8.0, 4.0, 4.0, 1.0)  # title, summary, tags, text
SNIPPET_TOKENS = 24
_OPEN, _CLOSE = "\x02", "\x03"
_QUERY_PART = re.compile(r'"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+")


@dataclass(slots=True)
class Selection:
    """What a search asks for. `facets` are the values a work must have, `exclude` those it must not;
    `ranges` hold keys of `sorting.RANGES` to (low, high), either None, as `sorting.bound` reads them;
    `sort` is a key of `sorting.SORTS` (None: relevance with a query, else title), `descending` None
    for the key's own direction. In any order but relevance no bm25 is computed: every hit scores 0."""

    query: str = ""
    facets: dict[str, list[str]] | None = None
    words: tuple[int | None, int | None] = (None, None)
    exclude: dict[str, list[str]] | None = None
    ranges: dict[str, tuple[Any, Any]] | None = None
    sort: str | None = None
    descending: bool | None = None


def query_parts(query: str) -> list[tuple[str, bool]]:
    """A user's query as its parts, each (words, prefix): a word, or "quoted words" as one phrase;
    a trailing * makes a word a prefix. Operators and punctuation are taken as text, never as syntax."""
    parts = []
    for phrase, word in _QUERY_PART.findall(query):
        if phrase:
            words = _WORD.findall(phrase)
            if words:
                parts.append((" ".join(words), False))
        else:
            words = _WORD.findall(word)
            prefix = word.endswith("*") and len(words) == 1
            parts.extend((w, prefix) for w in words)
    return parts


def fts_query(query: str) -> str:
    """A user's query as an FTS5 expression (see `query_parts`): every part must match."""
    return " AND ".join(f'"{words}"' + ("*" if prefix else "") for words, prefix in query_parts(query))


@dataclass(slots=True)
class Matched:
    """The works of a selection, best first, and the same works as a bit set of `FacetIndex` positions
    (None: every work of the library), which the facet counts are made from."""

    rows: list[tuple[int, float]]
    chosen: int | None


def matching(db: sqlite3.Connection, selection: Selection, index: FacetIndex | None = None) -> list[tuple[int, float]]:
    """(work id, score) of every work in the selection, best first (by title without a query); the score
    is -bm25 of FTS5 over works_fts with BM25_WEIGHTS (higher is better), 0 without a query."""
    return _matched(db, selection, index or FacetIndex(db)).rows


def _matched(db: sqlite3.Connection, selection: Selection, index: FacetIndex) -> Matched:
    """`matching`, with the matched works as a bit set too, in the order the selection asks for."""
    keep = index.filter(selection, db)
    sort = check_sort(selection.sort) if selection.sort is not None else None
    descending = selection.descending if selection.descending is not None else descending_by_default(sort or "")
    parts = query_parts(selection.query)
    if parts and (sort is None or sort == "relevance"):
        ranked = _ranked(db, selection, index, keep, parts)
        return ranked if descending else Matched(ranked.rows[::-1], ranked.chosen)
    if parts:  # in another order than the best first: which works match is all it takes, no bm25
        found = _found(db, selection.query, index, keep)
        return Matched(index.in_order(db, found, sort, descending), found)
    if selection.query.strip():
        return Matched([], 0)  # only punctuation: nothing can match
    if sort not in (None, "relevance", "title") or sort == "title" and descending:
        return Matched(index.in_order(db, keep, sort, descending), keep)
    if keep is None:
        return Matched([(i, 0.0) for i in index.by_title], None)
    inside = _mask(keep, len(index.ids))[index.title_positions]
    return Matched([(i, 0.0) for i in index.by_title_ids[inside].tolist()], keep)


def _found(db: sqlite3.Connection, query: str, index: FacetIndex, keep: int | None) -> int:
    """The works matching every part of `query` among those `keep` holds (None: all), as a bit set: FTS5's
    doclists alone, without the position lists bm25 reads."""
    if keep == 0:
        return 0
    position = index.position
    rows = db.execute("SELECT rowid FROM works_fts WHERE works_fts MATCH ?", [fts_query(query)]).fetchall()
    found = bits([position[i] for i, in rows if i in position])
    return found if keep is None else found & keep


def _ranked(db: sqlite3.Connection, selection: Selection, index: FacetIndex, keep: int | None,
            parts: list[tuple[str, bool]]) -> Matched:
    """The works matching the selection's query (its `parts`) among those `keep` holds (None: all), best first.

    bm25 comes from `index.terms` (numpy over per-part postings read from FTS5); a query it does not rank
    (see `TermIndex.rank`: words asked for the first time, among others) goes to FTS5, once, with bm25
    only for the works the filters keep. Both give the same scores."""
    if keep == 0:
        return Matched([], 0)
    if index.terms is None:
        index.terms = term_index(db, index.ids)
    ranked = index.terms.rank(db, parts, keep)
    if ranked is not None:
        return ranked
    expression = fts_query(selection.query)
    weights = ", ".join(map(str, BM25_WEIGHTS))
    if keep is None:
        rows = db.execute(f"SELECT rowid, -bm25(works_fts, {weights}) FROM works_fts WHERE works_fts MATCH ?",
                          [expression]).fetchall()
    else:
        # bm25 only for the works the filters keep: it reads every matched work's position lists
        rows = db.execute(
            f"SELECT * FROM (SELECT rowid AS id, CASE WHEN rowid IN (SELECT value FROM json_each(?))"
            f" THEN -bm25(works_fts, {weights}) END AS score FROM works_fts WHERE works_fts MATCH ?)"
            " WHERE score IS NOT NULL", [json.dumps(index.members(keep)), expression]).fetchall()
    rows.sort(key=lambda row: (-row[1], row[0]))
    position = index.position
    return Matched(rows, bits([position[i] for i, _ in rows if i in position]))


BM25_K1, BM25_B = 1.2, 0.75
"""FTS5's bm25 constants (fts5_aux.c)."""

POSTINGS_KEPT = 4_000_000
"""Work frequencies a `TermIndex` keeps, all parts together (8 bytes each, one a work a part: 2,000 parts
of a 2,000-work library), least recently used out."""


class TermIndex:
    """FTS5's bm25 over works_fts, computed in numpy: the same formula, constants, column weights and
    statistics (row count, average and per-row token counts) as bm25(works_fts, *BM25_WEIGHTS).

    FTS5 must read the position lists and the size record of every matched row to rank them, which
    for a word found in nearly every work costs milliseconds a search. Here each query part's postings
    (a term's, a prefix's or a phrase's weighted frequency in every work, read back from FTS5 the first
    time the part is asked for, see `_postings`) are kept, so a search is a few vectorised sums over the
    library's works. So are the passages holding each part and the snippets made for each query and work
    (see `first_passages`, `kept_snippets`). Made once per state of the library's full-text indexes and
    shared by the connections of a process (see `term_index`), on `FacetIndex`'s work positions.

    For FTS5, bm25 = -sum over phrases p of idf(p) * f(p) * (k1 + 1) / (f(p) + k1 * (1 - b + b * D / avgdl)),
    where f(p) is the sum of the column weights over p's instances in the row, D the row's tokens,
    avgdl the table's average, and idf(p) = log((N - n(p) + 0.5) / (n(p) + 0.5)) (1e-6 when not positive)
    with n(p) the rows matching p. The sums are done in the same order, so the scores are FTS5's to the bit."""

    def __init__(self, db: sqlite3.Connection, ids: list[int]) -> None:
        self.ids = np.asarray(ids, dtype=np.int64)
        position = {work_id: p for p, work_id in enumerate(ids)}
        sizes = np.zeros(len(ids), dtype=np.float64)
        for work_id, blob in db.execute("SELECT id, sz FROM works_fts_docsize"):
            p = position.get(work_id)
            if p is not None:
                sizes[p] = sum(_varints(blob))
        averages = db.execute("SELECT block FROM works_fts_data WHERE id = 1").fetchone()
        counts = (_varints(averages[0]) if averages else []) or [0]
        self.rows = counts[0]
        avgdl = sum(counts[1:]) / self.rows if self.rows else 1.0
        # k1 * (1 - b + b * D / avgdl), evaluated as fts5_aux.c does
        self.norm = BM25_K1 * ((1 - BM25_B) + (BM25_B * sizes) / avgdl)
        columns = [row[1] for row in db.execute("PRAGMA table_info(works_fts)")]
        self.weights = {name: BM25_WEIGHTS[i] if i < len(BM25_WEIGHTS) else 1.0 for i, name in enumerate(columns)}
        self.whole_weights = all(float(w).is_integer() for w in self.weights.values())
        self.postings: OrderedDict[tuple, tuple[np.ndarray, int]] = OrderedDict()
        self.tokenizer = _tokenizer(db)
        self.passage_postings: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.passage_postings_size = 0
        self.lock = threading.Lock()  # a TermIndex is shared by the connections of a process (see `term_index`)
        self.snippets: OrderedDict[tuple[str, int], str] = OrderedDict()
        self.seen: OrderedDict[tuple[str, tuple], None] = OrderedDict()  # parts asked for once (see `_second_time`)

    def terms(self, db: sqlite3.Connection, parts: list[tuple[str, bool]]) -> list[tuple[tuple, str]] | None:
        """The query's parts as (key, FTS5 expression): the key is (term, prefix) for a part of one token,
        (its tokens, None) for a phrase of several. None when a part has no token, or when the column
        weights are not whole numbers (see `_postings`): FTS5 ranks those."""
        terms = []
        for words, prefix in parts:
            tokens = tokenize(db, words, self.tokenizer)
            expression = f'"{words}"' + ("*" if prefix else "")
            if not tokens or not self.whole_weights:
                return None
            if len(tokens) == 1:
                terms.append(((tokens[0], prefix), expression))
            elif not prefix:
                terms.append(((" ".join(tokens), None), expression))
            else:
                return None
        return terms

    def rank(self, db: sqlite3.Connection, parts: list[tuple[str, bool]], keep: int | None) -> Matched | None:
        """The works matching every part (and in `keep`, a bit set, when given), best first, with their
        scores; None when FTS5 must rank them (see `terms`), and the first time a part is asked for (see
        `_second_time`)."""
        terms = self.terms(db, parts)
        if terms is None or not self._second_time("works", self.postings, [key for key, _ in terms]):
            return None
        found = np.ones(len(self.ids), dtype=bool) if keep is None else _mask(keep, len(self.ids))
        frequencies = []
        for key, expression in terms:
            frequency, hits = self._postings(db, key, expression)
            found &= frequency > 0
            idf = math.log((self.rows - hits + 0.5) / (hits + 0.5))
            frequencies.append((frequency, idf if idf > 0 else 1e-6))
        where = np.flatnonzero(found)
        score = np.zeros(len(where), dtype=np.float64)
        norm = self.norm[where]
        for frequency, idf in frequencies:
            f = frequency[where]
            score += idf * ((f * (BM25_K1 + 1.0)) / (f + norm))
        ids = self.ids[where]
        order = np.lexsort((ids, -score))
        rows = list(zip(ids[order].tolist(), score[order].tolist()))
        return Matched(rows, _bitset(found))

    def _postings(self, db: sqlite3.Connection, key: tuple, expression: str) -> tuple[np.ndarray, int]:
        """A part's weighted frequency f in each work, by position, and the number of rows of works_fts
        holding it, read once from FTS5: its bm25 of the part alone is idf * f * (k1 + 1) / (f + norm)
        with everything but f known, so it is solved for f and rounded (f is a sum of whole column
        weights, hence exact). FTS5 reads the part's doclist and position lists once, as for any search
        (an fts5vocab table of the instances gives the same frequencies at about twice the cost)."""
        with self.lock:
            kept = self.postings.get(key)
            if kept is not None:
                self.postings.move_to_end(key)
                return kept
        weights = ", ".join(map(str, BM25_WEIGHTS))
        rows = db.execute(f"SELECT rowid, -bm25(works_fts, {weights}) FROM works_fts WHERE works_fts MATCH ?",
                          [expression]).fetchall()
        frequency = np.zeros(len(self.ids), dtype=np.float64)
        hits = len(rows)
        if rows:
            idf = math.log((self.rows - hits + 0.5) / (hits + 0.5))
            idf = idf if idf > 0 else 1e-6
            docs = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
            scores = np.fromiter((r[1] for r in rows), dtype=np.float64, count=len(rows))
            at, known = self._at(docs)
            norm = self.norm[at[known]]
            score = scores[known]
            frequency[at[known]] = np.rint(score * norm / (idf * (BM25_K1 + 1.0) - score))
        with self.lock:
            self.postings[key] = (frequency, hits)
            while len(self.postings) * len(self.ids) > POSTINGS_KEPT and len(self.postings) > 1:
                self.postings.popitem(last=False)
        return frequency, hits

    def _at(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The positions of works_fts rowids among the works, and which of them are works at all."""
        if not len(self.ids):
            return np.zeros(len(docs), dtype=np.int64), np.zeros(len(docs), dtype=bool)
        at = np.searchsorted(self.ids, docs).clip(0, len(self.ids) - 1)
        return at, self.ids[at] == docs

    def _second_time(self, kind: str, kept: OrderedDict, keys: list[tuple]) -> bool:
        """Whether every part (by key) has postings (of `kind`) in `kept` or was asked for before. Postings cost FTS5
        more to read whole (every matching row and passage) than one search costs it (only the works the
        filters keep, only the first matching passage of the works shown), so a part asked for once, as
        most new words are, goes to FTS5; asked for again, its postings are read and kept."""
        with self.lock:
            new = [key for key in keys if key not in kept and (kind, key) not in self.seen]
            for key in new:
                self.seen[(kind, key)] = None
            while len(self.seen) > SEEN_KEPT:
                self.seen.popitem(last=False)
        return not new

    def kept_snippets(self, query: str, ids: list[int]) -> tuple[dict[int, str], list[int]]:
        """The snippets kept for `query` (its FTS5 expression) of the works `ids`, and the works without."""
        found, missing = {}, []
        with self.lock:
            for work_id in ids:
                text = self.snippets.get((query, work_id))
                if text is None:
                    missing.append(work_id)
                else:
                    found[work_id] = text
                    self.snippets.move_to_end((query, work_id))
        return found, missing

    def keep_snippets(self, query: str, snippets: dict[int, str]) -> None:
        with self.lock:
            for work_id, text in snippets.items():
                self.snippets[(query, work_id)] = text
            while len(self.snippets) > SNIPPETS_KEPT:
                self.snippets.popitem(last=False)

    def first_passages(self, db: sqlite3.Connection, parts: list[tuple[str, bool]],
                       ids: list[int]) -> dict[int, tuple[int, bool]] | None:
        """For each work in `ids`, the passages_fts rowid of its first passage holding every part of the
        query, else of its first holding any (with whether it holds every part); works with neither are
        left out. None when FTS5 must find them (see `terms`), and the first time a part is asked for."""
        terms = self.terms(db, parts)
        if terms is None or not self._second_time("passages", self.passage_postings, [key for key, _ in terms]):
            return None
        lists = [self._passages(db, key, expression) for key, expression in terms]
        every = lists[0]
        for other in lists[1:]:
            every = np.intersect1d(every, other, assume_unique=True)
        starts = np.asarray([i << PASSAGE_SHIFT for i in ids], dtype=np.int64)
        out: dict[int, tuple[int, bool]] = {}
        for rowids, all_parts in ((every, True), (_union(lists), False)):
            if len(rowids) == 0:
                continue
            at = np.searchsorted(rowids, starts)
            first = rowids[np.minimum(at, len(rowids) - 1)]
            inside = (at < len(rowids)) & (first < starts + (1 << PASSAGE_SHIFT))
            for work_id, rowid, ok in zip(ids, first.tolist(), inside.tolist()):
                if ok and work_id not in out:
                    out[work_id] = (rowid, all_parts)
            if len(lists) == 1:
                break
        return out

    def _passages(self, db: sqlite3.Connection, key: tuple, expression: str) -> np.ndarray:
        """The passages_fts rowids holding a part (a term, any term a prefix begins, a phrase), in order."""
        with self.lock:
            kept = self.passage_postings.get(key)
            if kept is not None:
                self.passage_postings.move_to_end(key)
                return kept
        rows = db.execute("SELECT rowid FROM passages_fts WHERE passages_fts MATCH ?", [expression]).fetchall()
        rowids = np.unique(np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows)))
        with self.lock:
            if key not in self.passage_postings:
                self.passage_postings[key] = rowids
                self.passage_postings_size += len(rowids)
            while self.passage_postings_size > PASSAGE_POSTINGS_KEPT and len(self.passage_postings) > 1:
                _, dropped = self.passage_postings.popitem(last=False)
                self.passage_postings_size -= len(dropped)
        return rowids


_SHARED: OrderedDict[tuple, TermIndex] = OrderedDict()
_SHARED_LOCK = threading.Lock()


def term_index(db: sqlite3.Connection, ids: list[int]) -> TermIndex:
    """The `TermIndex` of the library `db` as its full-text indexes are now, shared by every connection
    of this process to the same file (the web app reads through several): a term's postings are read
    once, not once a connection. Known by the file, the works and the structure records of works_fts and
    passages_fts, which FTS5 rewrites on every change to them (a write counter is part of each)."""
    files = tuple(row[2] for row in db.execute("PRAGMA database_list") if row[1] == "main")
    structure = tuple(row[0] for row in db.execute(
        "SELECT block FROM works_fts_data WHERE id = 10 UNION ALL SELECT block FROM passages_fts_data WHERE id = 10"))
    key = (files, structure, len(ids), hashlib.sha1(np.asarray(ids, dtype=np.int64).tobytes()).digest())
    if not files or not files[0]:
        return TermIndex(db, ids)  # an in-memory or temporary database is its connection's own
    with _SHARED_LOCK:
        kept = _SHARED.get(key)
        if kept is not None:
            _SHARED.move_to_end(key)
            return kept
    made = TermIndex(db, ids)
    with _SHARED_LOCK:
        made = _SHARED.setdefault(key, made)
        while len(_SHARED) > 2:  # the library as it is and as it was, while the connections catch up
            _SHARED.popitem(last=False)
    return made


SEEN_KEPT = 100_000
"""Parts a `TermIndex` remembers having been asked for once (see `TermIndex._second_time`)."""

SNIPPETS_KEPT = 50_000
"""Snippets a `TermIndex` keeps (a few hundred bytes each), by query and work."""

PASSAGE_POSTINGS_KEPT = 4_000_000
"""Passage rowids a `TermIndex` keeps for snippets, all parts together (8 bytes each)."""


def _union(lists: list[np.ndarray]) -> np.ndarray:
    return lists[0] if len(lists) == 1 else np.unique(np.concatenate(lists))


_TOKENS: OrderedDict[tuple[str, str], list[str]] = OrderedDict()


def tokenize(db: sqlite3.Connection, text: str, spec: str | None = None) -> list[str]:
    """`text` as works_fts's tokenizer (`spec`, its tokenize option; read from the schema when None) cuts it,
    stemmed and folded: the terms its index holds. FTS5 has no SQL function for this, so the text goes into
    a temporary FTS5 table with the same tokenizer and its terms are read back; remembered (the tokenizer
    does not depend on what the library holds)."""
    spec = _tokenizer(db) if spec is None else spec
    key = (spec, text)
    kept = _TOKENS.get(key)
    if kept is not None:
        return kept
    def read(table: str) -> list[str]:
        db.execute(f"INSERT INTO temp.{table} (rowid, text) VALUES (1, ?)", (text,))
        try:
            return [term for term, in db.execute(f"SELECT term FROM temp.{table}_terms ORDER BY offset")]
        finally:
            db.execute(f"DELETE FROM temp.{table}")

    tokens = _on_scratch(db, spec, read)
    _TOKENS[key] = tokens
    if len(_TOKENS) > 4096:
        _TOKENS.popitem(last=False)
    return tokens


def _scratch(db: sqlite3.Connection, spec: str) -> str:
    """The name of a temporary FTS5 table (one column, text) with the tokenizer `spec`, and of its
    fts5vocab instance table (the same name + "_terms"), kept empty; see `_on_scratch`."""
    return "ficlens_scratch_" + hashlib.sha1(spec.encode()).hexdigest()[:12]


def _on_scratch(db: sqlite3.Connection, spec: str, use: Callable[[str], Any]) -> Any:
    """`use(table)` with the scratch table of `spec`, made on this connection first if it has none yet
    (tried first and made on "no such table": a statement less on every search)."""
    table = _scratch(db, spec)
    try:
        return use(table)
    except sqlite3.OperationalError as error:
        if "no such table" not in str(error):
            raise
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table} USING fts5(text, tokenize = {_sql_string(spec)})")
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{table}_terms USING fts5vocab(temp, {table}, instance)")
    return use(table)


def _tokenizer(db: sqlite3.Connection, fts_table: str = "works_fts") -> str:
    """An FTS5 table's tokenize option, from its CREATE statement."""
    sql = db.execute("SELECT sql FROM sqlite_schema WHERE name = ?", (fts_table,)).fetchone()
    found = re.search(r"tokenize\s*=\s*'((?:[^']|'')*)'", sql[0] if sql else "")
    return found.group(1).replace("''", "'") if found else "unicode61"


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _varints(blob: bytes) -> list[int]:
    """The SQLite varints (big-endian, 7 bits a byte, the 9th byte whole) that FTS5's records are made of."""
    out, value, i, n = [], 0, 0, 0
    while i < len(blob):
        byte = blob[i]
        i += 1
        n += 1
        if n == 9:
            out.append((value << 8) | byte)
            value, n = 0, 0
        elif byte & 0x80:
            value = (value << 7) | (byte & 0x7F)
        else:
            out.append((value << 7) | byte)
            value, n = 0, 0
    return out


def _bitset(mask: np.ndarray) -> int:
    """A boolean array (position p) as a bit set (bit p)."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def _mask(bitset: int, n: int) -> np.ndarray:
    """A bit set (bit p = position p) as a boolean array of n positions."""
    raw = np.frombuffer(bitset.to_bytes((n + 7) // 8 or 1, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:n].astype(bool)


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
        self.stamp = works_stamp(db)
        rows = db.execute("SELECT id, words, title FROM works ORDER BY id").fetchall()
        self.ids: list[int] = [r[0] for r in rows]
        self.position: dict[int, int] = {work_id: p for p, work_id in enumerate(self.ids)}
        self.words: list[int] = [r[1] for r in rows]
        self.all = (1 << len(self.ids)) - 1
        titles = [title_sort_key(r[2]) for r in rows]
        self.title_rank: list[int] = sorted(range(len(rows)), key=lambda p: (titles[p], p))  # positions by title
        self.by_title: list[int] = [self.ids[p] for p in self.title_rank]
        self.values: dict[str, list[tuple[str, int]]] = self._read(db, FACETS)
        self.masks: dict[str, dict[str, int]] = {facet: dict(values) for facet, values in self.values.items()}
        self.folded: dict[str, dict[str, str]] = {facet: {name_key(v): v for v, _ in self.values[facet]}
                                                  for facet in FOLDED}
        self.sort_values: WorkValues | None = None  # made by the first search sorted or held to a range
        self.terms: TermIndex | None = None  # made by the first search with words (see `_matched`)
        self._matrix: np.ndarray | None = None  # made by the first `counts_of`
        self.facts: dict[int, tuple] | None = None  # `work_facts` of every work, made by the first `search`
        self.word_counts = np.asarray(self.words, dtype=np.int64)
        self.by_title_ids = np.asarray(self.by_title, dtype=np.int64)
        self.title_positions = np.asarray(self.title_rank, dtype=np.int64)
        self.ids_array = np.asarray(self.ids, dtype=np.int64)

    def _read(self, db: sqlite3.Connection, facets: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
        """The values of `facets`, each with its works as a bit set, in name order."""
        positions: dict[str, dict[str, list[int]]] = {facet: {} for facet in facets}
        for facet, found in positions.items():
            for work_id, value in db.execute(FACETS[facet]):
                p = self.position.get(work_id)
                if p is not None:
                    found.setdefault(value, []).append(p)
        return {facet: sorted(((v, bits(ps)) for v, ps in found.items()), key=lambda x: x[0])
                for facet, found in positions.items()}

    def with_personal(self, db: sqlite3.Connection) -> FacetIndex:
        """This index with the reader's own facets (`PERSONAL`) read again, the rest shared: what a bookmark,
        a status or a collection changes, in a few milliseconds rather than the whole index's build (most
        of a second at 2,000 works). Only for a library whose works are as they were (`works_stamp`)."""
        fresh = copy.copy(self)
        personal = self._read(db, [facet for facet in PERSONAL if facet != "read"])
        # "read" is every work, read or not: from the status, not a scan of the works
        read = dict(personal["status"]).get("read", 0)
        personal["read"] = [(value, mask) for value, mask in (("read", read), ("unread", self.all & ~read)) if mask]
        fresh.values = {facet: personal.get(facet, values) for facet, values in self.values.items()}
        fresh.masks = {facet: dict(personal[facet]) if facet in personal else masks
                       for facet, masks in self.masks.items()}
        fresh._matrix = None
        return fresh

    def filter(self, selection: Selection, db: sqlite3.Connection | None = None) -> int | None:
        """The works the selection's facets and ranges keep, as a bit set; None when it has neither.
        `db` is the library's connection, needed the first time a range other than words is asked for."""
        keep: int | None = None
        for facet, values in (selection.facets or {}).items():
            values = [v for v in dict.fromkeys(values or []) if v]
            if not values:
                continue
            if facet in SINGLE_VALUED:
                mask = 0
                for value in values:
                    mask |= self.works_with(facet, value)
            else:
                mask = self.all
                for value in values:
                    mask &= self.works_with(facet, value)
            keep = mask if keep is None else keep & mask
        for facet, values in (selection.exclude or {}).items():
            left_out = 0
            for value in values or []:
                if value:
                    left_out |= self.works_with(facet, value)
            if left_out:
                keep = (self.all if keep is None else keep) & ~left_out
        low, high = selection.words
        if low is not None or high is not None:
            inside = np.ones(len(self.ids), dtype=bool)
            if low is not None:
                inside &= self.word_counts >= int(low)
            if high is not None:
                inside &= self.word_counts <= int(high)
            mask = _bitset(inside)
            keep = mask if keep is None else keep & mask
        ranges = {key: (bound(key, low), bound(key, high, upper=True))
                  for key, (low, high) in (selection.ranges or {}).items()}
        ranges = {key: ends for key, ends in ranges.items() if ends != (None, None)}
        if ranges:
            mask = _bitset(self.work_values(db).inside(ranges))
            keep = mask if keep is None else keep & mask
        return keep

    def works_with(self, facet: str, value: str) -> int:
        """The works having `value` of `facet`, as a bit set (names ficlens found are matched folded)."""
        masks = self.masks.get(facet)
        if masks is None:
            raise LibraryError(f"no facet called {facet!r} (facets: {', '.join(FACETS)})")
        found = masks.get(value)
        if found is None and facet in FOLDED:
            found = masks.get(self.folded[facet].get(name_key(value), ""))
        return found or 0

    def work_values(self, db: sqlite3.Connection | None) -> WorkValues:
        """The works' sort and range values (see `sorting.WorkValues`), read the first time they are needed."""
        if self.sort_values is None:
            if db is None:
                raise ValueError("the library's connection is needed to read the works' sort values")
            self.sort_values = WorkValues(db, self.ids, np.argsort(self.title_positions).astype(np.int64))
        return self.sort_values

    def in_order(self, db: sqlite3.Connection, keep: int | None, key: str, descending: bool) -> list[tuple[int, float]]:
        """The works of `keep` (None: all) in the order of `key`, each with the score 0."""
        positions, _ = self.work_values(db).order(key, descending)
        if keep is not None:
            positions = positions[_mask(keep, len(self.ids))[positions]]
        return [(i, 0.0) for i in self.ids_array[positions].tolist()]

    def members(self, mask: int) -> list[int]:
        """The work ids in a bit set."""
        return [self.ids[p] for p, bit in enumerate(_bit_string(mask)) if bit == "1"]

    def counts(self, ids: list[int] | None) -> dict[str, list[tuple[str, int]]]:
        """For every facet, its values among the works `ids` (None: all) and how many works have each,
        most first, at most FACET_VALUES_SHOWN."""
        if ids is None:
            return self.counts_of(None)
        position = self.position
        return self.counts_of(bits([position[i] for i in ids if i in position]))

    def counts_of(self, chosen: int | None) -> dict[str, list[tuple[str, int]]]:
        """`counts` of the works in a bit set (None: all).

        Every value's works are one row of 64-bit words in a matrix, so all the counts are one AND and one
        popcount over it, and the order (each facet's values by count, then name) one lexsort."""
        if self._matrix is None:
            self._make_matrix()
        words = self._matrix.shape[1]
        mask = self.all if chosen is None else chosen & self.all
        row = np.frombuffer(mask.to_bytes(words * 8, "little"), dtype="<u8")
        counts = np.bitwise_count(self._matrix & row).sum(axis=1, dtype=np.int64)
        order = np.lexsort((-counts, self._facet_of))
        order = order[counts[order] > 0]
        out: dict[str, list[tuple[str, int]]] = {facet: [] for facet in self.values}
        names, facets = self._names, self._facet_names
        for i, n in zip(order.tolist(), counts[order].tolist()):
            found = out[facets[i]]
            if len(found) < FACET_VALUES_SHOWN:
                found.append((names[i], n))
        return out

    def _make_matrix(self) -> None:
        words = max(1, (len(self.ids) + 63) // 64)
        rows, self._names, self._facet_names, facet_of = [], [], [], []
        for f, (facet, values) in enumerate(self.values.items()):
            for value, mask in values:  # in name order: lexsort keeps it among equal counts
                rows.append(mask.to_bytes(words * 8, "little"))
                self._names.append(value)
                self._facet_names.append(facet)
                facet_of.append(f)
        self._matrix = np.frombuffer(b"".join(rows), dtype="<u8").reshape(len(rows), words)
        self._facet_of = np.asarray(facet_of, dtype=np.int64)


def works_stamp(db: sqlite3.Connection) -> tuple:
    """What changes whenever a work is added, removed, analysed again or edited, and not when only the
    reader's own fields do: the number and the last id of the works, and the structure records of the
    full-text tables, which FTS5 rewrites on every write to them (every one of those changes writes them)."""
    return (*db.execute("SELECT count(*), max(id) FROM works").fetchone(),
            *(row[0] for row in db.execute("SELECT block FROM works_fts_data WHERE id = 10 UNION ALL"
                                           " SELECT block FROM passages_fts_data WHERE id = 10")))


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
    matched = _matched(db, selection, index)
    found = matched.rows
    facets = index.counts_of(matched.chosen)
    shown = found[(page - 1) * per_page : page * per_page]
    if index.facts is None:
        index.facts = work_facts(db)
    return SearchResults(len(found), page, per_page, hits(db, shown, selection.query, index.terms, index.facts),
                         facets)


def hits(db: sqlite3.Connection, shown: list[tuple[int, float]], query: str, terms: TermIndex | None = None,
         facts: dict[int, tuple] | None = None) -> list[Hit]:
    """The works `shown` as search hits: their facts (from `facts`, see `work_facts`, when given) and a
    snippet each (see `_snippets`)."""
    if not shown:
        return []
    ids = [i for i, _ in shown]
    known = facts if facts is not None else work_facts(db, ids)
    snippets = _snippets(db, ids, query, terms)
    result = []
    for work_id, score in shown:
        title, authors, fandoms, rating, category, words, pov, tense = known[work_id]
        result.append(Hit(work_id, title, list(authors), list(fandoms), rating, category, words, pov, tense,
                          snippets.get(work_id, ""), round(score, 6)))
    return result


def work_facts(db: sqlite3.Connection, ids: list[int] | None = None) -> dict[int, tuple]:
    """What a hit shows of each work in `ids` (None: every work): (title, authors, fandoms, rating,
    declared categories comma-separated or None, words, POV, tense)."""
    if ids is None:
        where, params = "", []
    else:
        where, params = f" IN ({', '.join('?' * len(ids))})", list(ids)
    works = db.execute(f"SELECT id, title, rating, words, pov, tense FROM works"
                       f"{' WHERE id' + where if where else ''}", params).fetchall()
    lists: dict[tuple[int, str], list[str]] = {}
    for work_id, name in db.execute(f"SELECT work_id, name FROM authors{' WHERE work_id' + where if where else ''}"
                                    " ORDER BY work_id, position", params):
        lists.setdefault((work_id, "author"), []).append(name)
    for work_id, kind, name in db.execute(
            "SELECT work_id, kind, name FROM tags WHERE origin = 'declared' AND kind IN ('fandom', 'category')"
            f"{' AND work_id' + where if where else ''} ORDER BY rowid", params):
        lists.setdefault((work_id, kind), []).append(name)
    out = {}
    for work_id, title, rating, words, pov, tense in works:
        categories = lists.get((work_id, "category"))
        out[work_id] = (title, tuple(lists.get((work_id, "author"), ())), tuple(lists.get((work_id, "fandom"), ())),
                        rating, ", ".join(categories) if categories else None, words, pov, tense)
    return out


def _snippets(db: sqlite3.Connection, ids: list[int], query: str, terms: TermIndex | None = None) -> dict[int, str]:
    """Each work's snippet for `query` (see `_make_snippets`). With `terms`, the snippets it keeps for the
    library as it is now are used and the others made and kept: a work's snippet depends on the query's
    words alone, not on the facets, word range or page, so narrowing or paging a search shows many of
    the same works with the same snippets."""
    if terms is None:
        return _make_snippets(db, ids, query, None)
    key = fts_query(query)
    out, missing = terms.kept_snippets(key, ids)
    if missing:
        made = _make_snippets(db, missing, query, terms)
        terms.keep_snippets(key, {work_id: made.get(work_id, "") for work_id in missing})
        out.update(made)
    return {work_id: text for work_id, text in out.items() if text}


def _make_snippets(db: sqlite3.Connection, ids: list[int], query: str,
                   terms: TermIndex | None = None) -> dict[int, str]:
    """Escaped snippets with the matched words in <mark>; the summary or opening without a query.

    A work's snippet is FTS5's snippet() of one passage (passages_fts: its summary, then its text in slices
    of about a paragraph): the first passage holding every word of the query, else the first holding any.
    A few hundred characters are tokenised instead of the whole text (snippet() on works_fts: about 1 ms
    a hit). A work whose words matched only in its title or tags gets the snippet of that column.

    With `terms`, the passages are found from its passage postings and snippet() runs over copies of just
    those passages in a scratch table (same tokenizer, same query, so the same snippets): a prefix query
    on passages_fts would merge every matching term's whole doclist again for each work."""
    expression = fts_query(query)
    if not expression:
        return _openings(db, ids)
    tries = [expression] if " AND " not in expression else [expression, expression.replace(" AND ", " OR ")]
    chosen = terms.first_passages(db, query_parts(query), ids) if terms is not None else None
    found: dict[int, tuple[int, str]] = {}
    if chosen is not None:
        if chosen:
            found = _passage_snippets(db, chosen, tries, terms.tokenizer)
    else:
        sql = (f"SELECT rowid, snippet(passages_fts, 0, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
               " FROM passages_fts WHERE passages_fts MATCH ? AND rowid BETWEEN ? AND ? LIMIT 1")
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
            f"SELECT id FROM passages_fts_content WHERE id IN ({', '.join('?' * len(after))})", after)}
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


def _passage_snippets(db: sqlite3.Connection, chosen: dict[int, tuple[int, bool]], tries: list[str],
                      spec: str) -> dict[int, tuple[int, str]]:
    """snippet() of the chosen passages (work id -> (rowid, holds every part)) for the query `tries[0]`
    (every part) or `tries[-1]` (any part), run over copies of them in a scratch FTS5 table that is
    emptied again (rolled back) before returning: (rowid, snippet) by work id."""
    rowids = [rowid for rowid, _ in chosen.values()]
    # from FTS5's content table: plain rowid lookups rather than one FTS5 query each
    texts = db.execute(f"SELECT id, c0 FROM passages_fts_content WHERE id IN ({', '.join('?' * len(rowids))})",
                       rowids).fetchall()
    kinds = {every for _, every in chosen.values()}

    def run(table: str) -> dict[bool, dict[int, str]]:
        db.execute("SAVEPOINT ficlens_snippets")
        try:
            db.executemany(f"INSERT INTO temp.{table} (rowid, text) VALUES (?, ?)", texts)
            return {every: dict(db.execute(
                f"SELECT rowid, snippet({table}, 0, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
                f" FROM temp.{table} WHERE {table} MATCH ?", [tries[0] if every else tries[-1]]).fetchall())
                for every in kinds}
        finally:
            db.execute("ROLLBACK TO ficlens_snippets")
            db.execute("RELEASE ficlens_snippets")

    snippets = _on_scratch(db, spec, run)
    return {work_id: (rowid, snippets[every][rowid]) for work_id, (rowid, every) in chosen.items()
            if rowid in snippets[every]}


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
    unfiltered = not selection.query.strip() and index.filter(selection, db) is None
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
    on_character_rows, _ = _selected(ids, "c.work_id")
    characters = db.execute(
        f"WITH f AS MATERIALIZED ({WORK_FANDOM}),"
        f" c AS MATERIALIZED (SELECT c.work_id, {CHARACTER_IDENTITY} AS identity, c.name, c.mentions"
        f"  FROM characters c JOIN f ON f.work_id = c.work_id WHERE {on_character_rows} AND c.key != ''),"
        " named AS (SELECT identity, name, count(*) AS n FROM c GROUP BY identity, name)"
        " SELECT (SELECT name FROM named WHERE named.identity = c.identity ORDER BY n DESC, name LIMIT 1),"
        "  count(DISTINCT c.work_id) AS works, sum(c.mentions) AS mentions"
        f" FROM c GROUP BY c.identity ORDER BY works DESC, mentions DESC LIMIT {int(top)}", params).fetchall()
    # declared and found apart, each with the facet that finds its works
    pairings = db.execute(
        f"SELECT name, count(*) AS works, CASE origin WHEN 'declared' THEN 'relationship'"
        f" ELSE 'inferred_relationship' END FROM tags WHERE {on_characters} AND kind = 'relationship'"
        f" GROUP BY origin, name ORDER BY works DESC, origin, name LIMIT {int(top)}", params).fetchall()
    return Dashboard(works, words, shares("pov"), shares("tense"), [tuple(c) for c in characters],
                     [tuple(p) for p in pairings])
