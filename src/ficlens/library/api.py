"""`Library`: the one object the CLI and the web app use to reach the library."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import blurbs, dedupe, importer, personal, search as searching, similar as similarity, store
from .keys import name_key
from .blurbs import Blurb
from .records import AddOutcome, AddReport, CharacterAppearance, Dashboard, SearchResults, SimilarWork, WorkRecord
from .rows import delete_work
from .store import LibraryError


def default_path() -> Path:
    """The library used when none is named: the platform's data folder for ficlens."""
    import platformdirs

    return platformdirs.user_data_path("ficlens") / "library.db"


class Library:
    """A ficlens library: one SQLite database (WAL), one connection, safe to share between threads.

    Use as a context manager, or call `close()`.
    """

    def __init__(self, path: Path | str | None = None, read_only: bool | None = None) -> None:
        """Open the library at `path` (or the default one); `read_only` as in `store.connect`: by default
        a library on a read-only file, folder or mount is opened for searching and browsing only."""
        self.path = Path(path) if path is not None else default_path()
        self.db = store.connect(self.path, read_only)
        self.read_only = store.is_read_only(self.db)
        self._lock = threading.RLock()
        self._index = dedupe.Index()
        self._answers = _Answers()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with self._lock:
            self.db.close()

    def add(self, paths: Iterable[str | Path], jobs: int | None = None,
            progress: importer.Progress | None = None) -> AddReport:
        """Analyse and store story files, folders of them and zips; see `importer`."""
        self._need_writing()
        with self._lock:
            self._answers.clear()
            return importer.add(self.db, self._index, paths, jobs, progress)

    def add_analysis(self, data: dict[str, Any], text: str, source_path: str, *,
                     prepared: importer.Prepared | None = None) -> AddOutcome:
        """Store one analysed work (the analysis JSON and the work's text). Embeddings and the MinHash
        signature are computed here unless `prepared` carries them already."""
        self._need_writing()
        if prepared is None:
            sha = (data.get("source") or {}).get("sha256")
            with self._lock:
                row = self.db.execute("SELECT id, title FROM works WHERE sha256 = ?", (sha,)).fetchone()
            if row:  # stored already: spare the embedding
                return AddOutcome("unchanged", row[0], row[1], source_path)
            prepared = importer.prepare(data, text, source_path)
        with self._lock:
            self._answers.clear()
            return importer.store(self.db, self._index, prepared)

    def search(self, query: str = "", facets: dict[str, list[str]] | None = None,
               words: tuple[int | None, int | None] = (None, None), page: int = 1,
               per_page: int = 20, *, exclude: dict[str, list[str]] | None = None,
               ranges: dict[str, tuple[Any, Any]] | None = None, sort: str | None = None,
               descending: bool | None = None) -> SearchResults:
        """Works matching the query and the facet selection (values included and excluded, ranges), a page of
        them in the order asked for, with facet counts; see `searching.Selection`."""
        selection = searching.Selection(query, facets, words, exclude, ranges, sort, descending)
        with self._lock:
            version = self._version()
            return self._answers.get(
                version, ("search", query, _frozen(facets), words, page, per_page, _frozen(exclude),
                          _frozen(ranges), sort, descending),
                lambda: searching.search(self.db, selection, page, per_page, self._facet_index(version)),
            )

    def dashboard(self, query: str = "", facets: dict[str, list[str]] | None = None,
                  words: tuple[int | None, int | None] = (None, None), *,
                  exclude: dict[str, list[str]] | None = None,
                  ranges: dict[str, tuple[Any, Any]] | None = None) -> Dashboard:
        """Corpus figures over the library or a selection of it."""
        selection = searching.Selection(query, facets, words, exclude, ranges)
        with self._lock:
            version = self._version()
            return self._answers.get(
                version, ("dashboard", query, _frozen(facets), words, _frozen(exclude), _frozen(ranges)),
                lambda: searching.dashboard(self.db, selection, index=self._facet_index(version)),
            )

    def work(self, work_id: int) -> WorkRecord | None:
        if not storable_id(work_id):
            return None
        with self._lock:
            row = self.db.execute(
                "SELECT w.id, w.title, w.analysis, t.text, w.added_at, w.source_path FROM works w"
                " JOIN work_texts t ON t.work_id = w.id WHERE w.id = ?", (work_id,)).fetchone()
            edits = personal.personal(self.db, work_id).edits if row else {}
        if row is None:
            return None
        return WorkRecord(row[0], row[1], personal.edited(json.loads(row[2]), edits), row[3], row[4], row[5])

    def remove(self, work_id: int) -> str | None:
        """Delete a work, everything derived from it and everything the reader kept about it; its title,
        or None when there is no such work."""
        self._need_writing("removed from")
        with self._lock:
            self._answers.clear()
            with store.transaction(self.db):
                row = self.db.execute("SELECT title FROM works WHERE id = ?", (work_id,)).fetchone() \
                    if storable_id(work_id) else None
                if row is None:
                    return None
                delete_work(self.db, work_id)
                personal.forget(self.db, work_id)
            self._index = dedupe.Index()  # its signatures include the work removed
            return row[0]

    def edit(self, work_id: int, **changes: str | list[str] | None) -> None:
        """Put the reader's values over what the file declared (title, authors, fandoms, summary; None or
        empty: back to the file's); a re-analysis keeps them. See `personal.edit`."""
        self._change(work_id, lambda: personal.edit(self.db, work_id, changes))

    def mark(self, work_id: int, **fields: Any) -> None:
        """Set a work's status, favourite, rating, notes and bookmark tags; see `personal.mark`."""
        self._change(work_id, lambda: personal.mark(self.db, work_id, **fields))

    def collect(self, name: str, work_ids: list[int]) -> None:
        """Put works in a collection (made when new)."""
        for work_id in work_ids:
            self._must_exist(work_id)
        self._change(None, lambda: personal.collect(self.db, name, work_ids))

    def uncollect(self, name: str, work_ids: list[int] | None = None) -> bool:
        """Take works out of a collection, or delete it (`work_ids` None); False when it does not exist."""
        return self._change(None, lambda: personal.uncollect(self.db, name, work_ids))

    def collections(self) -> list[tuple[str, int]]:
        """Every collection and how many works it holds."""
        with self._lock:
            return personal.collections(self.db)

    def personal(self, work_id: int) -> personal.Personal:
        """The reader's own fields of a work (its bookmark and her edits)."""
        with self._lock:
            return personal.personal(self.db, work_id)

    def stale(self) -> list[int]:
        """The works an older ficlens analysed, which `reanalyze` takes unless forced."""
        with self._lock:
            return importer.stale(self.db)

    def reanalyze(self, work_ids: list[int] | None = None, force: bool = False,
                  progress: importer.Progress | None = None) -> AddReport:
        """Analyse works again with this ficlens: those named (or, None, every work), keeping only the ones an
        older ficlens analysed unless `force`. Each is stored in its own transaction, under its id, with the
        reader's own fields kept; see `importer.reanalyse`."""
        self._need_writing("analysed again in")
        with self._lock:
            older = set(importer.stale(self.db))
            ids = sorted(older) if work_ids is None and not force else \
                [r[0] for r in self.db.execute("SELECT id FROM works ORDER BY id")] if work_ids is None else work_ids
        report = AddReport()
        for done, work_id in enumerate(ids, 1):
            title = self._must_exist(work_id)
            if not force and work_id not in older:
                report.outcomes.append(AddOutcome("unchanged", work_id, title, ""))
            else:
                try:
                    with self._lock:
                        self._answers.clear()
                        report.outcomes.append(importer.reanalyse(self.db, self._index, work_id))
                except (LibraryError, InputError) as error:
                    report.failures.append((f"#{work_id} {title}", getattr(error, "reason", str(error))))
            if progress:
                progress(done, len(ids), title)
        return report

    def source(self, work_id: int) -> tuple[str, str, str] | None:
        """The file a work was added from: (path, sha256, state), state "here", "changed" or "gone" (see
        `importer.source_state`); None when there is no such work."""
        if not storable_id(work_id):
            return None
        with self._lock:
            row = self.db.execute("SELECT source_path, sha256 FROM works WHERE id = ?", (work_id,)).fetchone()
        return None if row is None else (row[0], row[1], importer.source_state(row[0], row[1]))

    def _must_exist(self, work_id: int) -> str:
        """The work's title; a LibraryError naming it when there is no such work."""
        with self._lock:
            row = self.db.execute("SELECT title FROM works WHERE id = ?", (work_id,)).fetchone() \
                if storable_id(work_id) else None
        if row is None:
            raise LibraryError(f"no work {work_id} in the library")
        return row[0]

    def _change(self, work_id: int | None, change: Callable[[], Any]) -> Any:
        """Run a change of the reader's fields in one write transaction (the work must exist). The answers
        kept go; the facet index stays when the works are as they were (see `_facet_index`)."""
        self._need_writing("changed in")
        if work_id is not None:
            self._must_exist(work_id)
        with self._lock:
            self._answers.outdate()
            with store.transaction(self.db):
                return change()

    def find(self, reference: str) -> list[tuple[int, str]]:
        """Works a user may mean by `reference`: an id, else titles equal to it, else titles containing it."""
        with self._lock:
            if _is_id(reference.strip()):
                return self.db.execute("SELECT id, title FROM works WHERE id = ?",
                                       (int(reference.strip()),)).fetchall()
            for sql, value in (("title = ? COLLATE NOCASE", reference.strip()),
                               ("title LIKE ? ESCAPE '\\'", "%" + _like(reference.strip()) + "%")):
                rows = self.db.execute(f"SELECT id, title FROM works WHERE {sql} ORDER BY id", (value,)).fetchall()
                if rows:
                    return rows
        return []

    def character(self, name: str) -> list[CharacterAppearance]:
        """One character across works, by full name or alias (folded), the most present first."""
        key = name_key(name)
        with self._lock:
            return self._answers.get(self._version(), ("character", key), lambda: self._appearances(key))

    def _appearances(self, key: str) -> list[CharacterAppearance]:
        """The character the name most likely means (its full name first, then by alias, the most
        present), and the same character in other works: the same full name in the same fandom,
        declared or found. A work with no fandom, or a one-word name, shares its character with no other."""
        rows = self.db.execute(
            "WITH named AS (SELECT work_id, character_id FROM characters WHERE key = ?"
            "  UNION SELECT work_id, character_id FROM aliases WHERE key = ?),"
            f" f AS MATERIALIZED (SELECT * FROM ({searching.WORK_FANDOM})"
            "  WHERE work_id IN (SELECT work_id FROM named))"
            " SELECT c.work_id, w.title, c.character_id, c.name, c.aliases, c.gender, c.mentions, c.lines,"
            f" {searching.CHARACTER_IDENTITY} FROM characters c JOIN works w ON w.id = c.work_id"
            " JOIN f ON f.work_id = c.work_id WHERE (c.work_id, c.character_id) IN (SELECT * FROM named)"
            " ORDER BY c.key = ? DESC, c.mentions + c.lines DESC, c.work_id", (key, key, key)).fetchall()
        wanted = rows[0][8] if rows else None
        return [CharacterAppearance(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], r[7])
                for r in rows if r[8] == wanted]

    def lines(self, work_id: int, character_id: str, limit: int = 3, min_words: int = 4) -> list[str]:
        """The first lines a character speaks in a work, of at least `min_words` words."""
        with self._lock:
            rows = self.db.execute(
                "SELECT text FROM quotes WHERE work_id = ? AND speaker = ?"
                " AND length(trim(text)) - length(replace(trim(text), ' ', '')) >= ? ORDER BY position LIMIT ?",
                (work_id, character_id, min_words - 1, limit)).fetchall()
        return [r[0] for r in rows]

    def blurbs(self, work_ids: list[int]) -> dict[int, Blurb]:
        """What an AO3-style blurb shows of each of these works (see `blurbs`), by id."""
        with self._lock:
            return blurbs.blurbs(self.db, [i for i in work_ids if storable_id(i)])

    def similar(self, work_id: int, limit: int = 10) -> list[SimilarWork]:
        """Works like this one; see `similar` for how the score is made."""
        if not storable_id(work_id):
            return []
        with self._lock:
            return self._answers.get(self._version(), ("similar", work_id, limit),
                                     lambda: similarity.similar(self.db, work_id, limit))

    def near_duplicates(self, work_id: int | None = None) -> list[tuple[int, int, float]]:
        """(work, other work, estimated Jaccard) pairs found on import, for one work or all (each pair once)."""
        with self._lock:
            if work_id is None:
                return self.db.execute("SELECT work_id, other_id, similarity FROM duplicates"
                                       " WHERE work_id < other_id ORDER BY similarity DESC").fetchall()
            return self.db.execute("SELECT work_id, other_id, similarity FROM duplicates WHERE work_id = ?"
                                   " ORDER BY similarity DESC", (work_id,)).fetchall()

    def export(self, fmt: str, directory: Path | str) -> list[Path]:
        """Every table as one file each in `directory` (csv, parquet or jsonl), written atomically."""
        from .export import export

        with self._lock:
            return export(self.db, fmt, Path(directory))

    def count(self) -> int:
        with self._lock:
            return self.db.execute("SELECT count(*) FROM works").fetchone()[0]

    def stamp(self, work_id: int) -> tuple[str, str, str | None] | None:
        """What changes when a work is stored again or edited (its sha256, the time it was added, and its
        edits), for keying
        whatever is made from the work; None when there is no such work."""
        if not storable_id(work_id):
            return None
        with self._lock:
            row = self.db.execute(
                "SELECT sha256, added_at, (SELECT group_concat(field || edited_at) FROM edits WHERE work_id = id)"
                " FROM works WHERE id = ?", (work_id,)).fetchone()
        return tuple(row) if row else None

    def data_version(self) -> int:
        """A number that changes whenever another connection (of this process or another) commits to the
        library: a cheap test of "has anything changed since I last looked?" for caches kept outside.
        Numbers of different connections are not comparable, and this connection's own writes do not
        change it."""
        with self._lock:
            return self._version()

    def _need_writing(self, what: str = "added to") -> None:
        """Refuse, in one line, to write to a library opened read-only."""
        if self.read_only:
            raise LibraryError(f"{self.path}: the library is read-only (its file, folder or disk cannot be "
                               f"written to), so nothing can be {what} it")

    def _facet_index(self, version: int) -> searching.FacetIndex:
        """The facet index of the library as it is now, made once per version (see `searching.FacetIndex`).
        After a change to the reader's own fields only (a bookmark, a status, a collection: made here or by
        another connection), the index of before is kept with those facets read again."""
        def make() -> searching.FacetIndex:
            before = self._answers.outdated.get("facet index")
            if before is not None and before.stamp == searching.works_stamp(self.db):
                return before.with_personal(self.db)
            return searching.FacetIndex(self.db)

        return self._answers.lasting(version, "facet index", make)

    def _version(self) -> int:
        """Changes whenever another connection commits (this one's own writes clear the answers)."""
        return self.db.execute("PRAGMA data_version").fetchone()[0]


class _Answers:
    """Answers to searches and dashboards, kept while the database is unchanged:
    browsing a library asks the same few questions again and again."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._kept: OrderedDict[tuple, Any] = OrderedDict()
        self._version: int | None = None
        self._lasting: dict[str, Any] = {}
        self.outdated: dict[str, Any] = {}
        """The lasting answers of the library as it was before its last change, which a lasting answer's
        `compute` may bring up to date rather than make anew."""

    def clear(self) -> None:
        self._kept.clear()
        self._lasting.clear()
        self.outdated.clear()

    def outdate(self) -> None:
        """Forget every answer, keeping the lasting ones as `outdated`."""
        self._kept.clear()
        self.outdated = self._lasting or self.outdated
        self._lasting = {}

    def _at(self, version: int) -> None:
        if version != self._version:
            self.outdate()
            self._version = version

    def lasting(self, version: int, key: str, compute: Callable[[], Any]) -> Any:
        """Like `get`, for the few answers every question needs: never pushed out by the others."""
        self._at(version)
        if key not in self._lasting:
            self._lasting[key] = compute()
        return self._lasting[key]

    def get(self, version: int, key: tuple, compute: Callable[[], Any]) -> Any:
        self._at(version)
        if key in self._kept:
            self._kept.move_to_end(key)
            return self._kept[key]
        answer = self._kept[key] = compute()
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return answer


_MAX_ID = 2**63 - 1  # SQLite's largest integer


def _is_id(reference: str) -> bool:
    """Whether `reference` reads as a work id: ASCII digits ('²' and '٣' are digits to str.isdigit, not
    to int) for a number SQLite can hold (a longer one would overflow before reaching it)."""
    return reference.isascii() and reference.isdigit() and int(reference) <= _MAX_ID


def storable_id(work_id: int) -> bool:
    """Whether a work can have this id: SQLite's integers end at 2**63 - 1, and ids are not negative."""
    return 0 <= work_id <= _MAX_ID


def _frozen(facets: dict[str, Any] | None) -> tuple:
    return tuple(sorted((name, tuple(values)) for name, values in (facets or {}).items()))


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["Library", "LibraryError", "default_path"]
