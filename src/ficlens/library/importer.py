"""Import: story files analysed in a process pool, each stored in its own write transaction.

Analysis, the MinHash signature and the embeddings are computed in the worker
processes, outside any transaction; the parent stores one work at a time with
BEGIN IMMEDIATE, so a killed import leaves whole works only, and a second
importer waits its turn (busy timeout) instead of corrupting anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from ..processes import die_with_parent
from ..read import DEFAULT_MAX_BYTES, STORY_SUFFIXES
from . import dedupe, embeddings, personal
from .keys import identity, same_place, source_key
from .records import AddOutcome, AddReport, NearDuplicate
from .rows import delete_work, insert_work
from .sanitize import clean_analysis
from .store import LibraryError, transaction

Progress = Callable[[int, int, str], None]
"""Called after each file with (files done, files in all, the file)."""

IMPORTABLE = (*STORY_SUFFIXES, ".zip")


@dataclass(slots=True)
class Prepared:
    """A work analysed and ready to store: everything CPU-heavy already done."""

    data: dict[str, Any]
    text: str
    path: str
    minhash: bytes
    work_vector: bytes
    scene_vectors: list[bytes | None]


def prepare(data: dict[str, Any], text: str, path: str) -> Prepared:
    """Signature and embeddings of an analysed work."""
    scenes = [(s["start"], s["end"]) for s in data.get("scenes") or []]
    vectors = embeddings.embed_work(text, scenes)
    return Prepared(data, text, path, dedupe.to_blob(dedupe.signature(text)), embeddings.to_blob(vectors.work),
                    [None if v is None else embeddings.to_blob(v) for v in vectors.scenes])


def analyse_file(path: str) -> list[Prepared] | tuple[str, str]:
    """Analyse one file (in a worker process): its works prepared (an anthology holds several), or
    (path, reason) when it fails."""
    from ..outputs.json import analysis_dict
    from ..pipeline import analyze_each

    try:
        analyses = analyze_each(path, DEFAULT_MAX_BYTES)
        skipped = [problem for analysis in analyses for problem in analysis.work.skipped]
        if skipped:  # `ficlens read` refuses it too: the library keeps whole works only
            more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
            return (path, f"partly unreadable, not added: {skipped[0]}{more}")
        # the work's source path is absolute: its original file is found again (download, re-analysis)
        # whatever folder the server or the next command runs in
        where = str(Path(path).absolute())
        return [prepare(analysis_dict(analysis), analysis.work.text, where) for analysis in analyses]
    except InputError as error:
        return (error.path, error.reason)
    except Exception as error:  # a bug on one work must not sink the whole import
        return (path, f"analysis failed ({type(error).__name__}: {error})")


def collect(paths: Iterable[str | Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    """The story files named or found under the folders named, and (path, reason) for what is not there."""
    files: list[Path] = []
    missing: list[tuple[str, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in IMPORTABLE
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                missing.append((str(path), "folder holds no story files"))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            missing.append((str(path), "no such file or folder"))
    return list(dict.fromkeys(files)), missing


def file_sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def store(db: sqlite3.Connection, index: dedupe.Index, prepared: Prepared) -> AddOutcome:
    """Store one prepared work in its own transaction: a no-op when its file is stored already, a
    replacement when it is a new version of a stored work (see `_previous_version`)."""
    data = clean_analysis(prepared.data)
    work = data.get("work") or {}
    sha = (data.get("source") or {}).get("sha256") or hashlib.sha256(prepared.text.encode()).hexdigest()
    data.setdefault("source", {})["sha256"] = sha
    with transaction(db):
        row = db.execute("SELECT id, title FROM works WHERE sha256 = ?", (sha,)).fetchone()
        if row:
            return AddOutcome("unchanged", row[0], row[1], prepared.path)
        old = _previous_version(db, work)
        work_id, title, near = _write(db, index, data, prepared, old)
    return AddOutcome("replaced" if old is not None else "added", work_id, title, prepared.path, near)


def _write(db: sqlite3.Connection, index: dedupe.Index, data: dict[str, Any], prepared: Prepared,
           old: int | None) -> tuple[int, str, list[NearDuplicate]]:
    """Inside the caller's transaction, store a sanitised analysis (in place of work `old`, under its id, when
    given), with the reader's edits over it and its near-duplicates: (work id, title, near-duplicates)."""
    if old is not None:
        delete_work(db, old)
    work_id = insert_work(db, data, prepared.text, prepared.path, work_id=old)
    db.execute("UPDATE works SET minhash = ?, embedding = ?, source_key = ?, analysed_by = ? WHERE id = ?",
               (prepared.minhash, prepared.work_vector, source_key(data.get("work") or {}), __version__, work_id))
    db.executemany("UPDATE scenes SET embedding = ? WHERE work_id = ? AND position = ?",
                   [(v, work_id, i) for i, v in enumerate(prepared.scene_vectors) if v is not None])
    if old is not None:
        personal.apply_edits(db, work_id)  # the reader's title, authors, fandoms, summary outlive the file's
    index.sync(db, leave_out=work_id)
    signature = dedupe.from_blob(prepared.minhash)
    near = index.near(signature)
    titles = _titles(db, [i for i, _ in near])
    db.executemany("INSERT OR REPLACE INTO duplicates VALUES (?, ?, ?)",
                   [(a, b, s) for other, s in near for a, b in ((work_id, other), (other, work_id))])
    index.add(work_id, signature)
    title = db.execute("SELECT title FROM works WHERE id = ?", (work_id,)).fetchone()[0]
    return work_id, title, [NearDuplicate(i, titles.get(i, ""), s) for i, s in near]


def is_older(analysed_by: str | None) -> bool:
    """Whether a work was analysed by an older ficlens than this one (None: before versions were kept)."""
    from packaging.version import InvalidVersion, Version

    if analysed_by is None:
        return True
    try:
        return Version(analysed_by) < Version(__version__)
    except InvalidVersion:
        return True


def stale(db: sqlite3.Connection) -> list[int]:
    """The works an older ficlens analysed (see `is_older`), by id."""
    return [work_id for work_id, by in db.execute("SELECT id, analysed_by FROM works ORDER BY id") if is_older(by)]


def reanalyse(db: sqlite3.Connection, index: dedupe.Index, work_id: int) -> AddOutcome:
    """Analyse a stored work again with this ficlens and store the result under the same id. The original
    file is read again when it is still where it was added from, unchanged (its sha256); else the stored
    text, with the metadata the file declared, is what is analysed. The reader's own fields are kept (they
    live in tables of their own; see `personal`). Outcome "reanalysed" from the file, "reanalysed from
    the stored text" otherwise."""
    row = db.execute("SELECT w.sha256, w.source_path, w.analysis, t.text FROM works w JOIN work_texts t"
                     " ON t.work_id = w.id WHERE w.id = ?", (work_id,)).fetchone()
    if row is None:
        raise LibraryError(f"no work {work_id} in the library")
    sha, path, analysis, text = row
    prepared, origin = _from_file(path, sha, text), "reanalysed"
    if prepared is None:
        prepared, origin = _from_text(json.loads(analysis), text, path, sha), "reanalysed from the stored text"
    data = clean_analysis(prepared.data)
    data.setdefault("source", {}).update(sha256=sha, path=path)
    with transaction(db):
        if db.execute("SELECT sha256 FROM works WHERE id = ?", (work_id,)).fetchone() != (sha,):
            raise LibraryError(f"work {work_id} changed while it was analysed again; try again")
        _, title, near = _write(db, index, data, prepared, work_id)
    return AddOutcome(origin, work_id, title, path, near)


def source_state(path: str, sha: str) -> str:
    """Whether the file a work was added from is still there: "here" (the same bytes), "changed" (other bytes
    now) or "gone" (no file at that path)."""
    found = Path(path)
    if not found.is_file():
        return "gone"
    return "here" if file_sha256(found) == sha else "changed"


def _from_file(path: str, sha: str, text: str) -> Prepared | None:
    """The work analysed again from its original file, when that is where it was and unchanged (an anthology:
    the work of it whose text is the stored one); None otherwise."""
    if source_state(path, sha) != "here":
        return None
    result = analyse_file(path)
    if isinstance(result, tuple):
        return None
    if len(result) == 1:
        return result[0]
    return next((p for p in result if p.text == text), None)


def _from_text(data: dict[str, Any], text: str, path: str, sha: str) -> Prepared:
    """The stored text analysed again as the work its file declared (title, authors, tags, chapters)."""
    from dataclasses import fields

    from ..model import Chapter, Metadata, Series, Source, Work
    from ..outputs.json import analysis_dict
    from ..pipeline import analyze_work

    declared = data.get("work") or {}
    known = {f.name for f in fields(Metadata)}
    meta = Metadata(**{k: v for k, v in declared.items() if k in known and k != "series"})
    meta.series = [Series(s.get("name") or "", s.get("part"), s.get("url")) for s in declared.get("series") or []
                   if isinstance(s, dict)]
    chapters = [Chapter(c.get("title"), c["start"], c["end"], summary=c.get("summary"))
                for c in declared.get("chapters") or []] or [Chapter(None, 0, len(text))]
    source = data.get("source") or {}
    work = Work(text, Source(path, source.get("format") or "text", sha, source.get("encoding")), meta, chapters)
    return prepare(analysis_dict(analyze_work(work)), text, path)


def _previous_version(db: sqlite3.Connection, work: dict[str, Any]) -> int | None:
    """The stored work this one is a new version of: the same archive id or address first, then the same
    title and authors (unless both name different works of one site), else None (near-duplicate texts are
    reported, not replaced)."""
    key = source_key(work)
    if key is not None:
        row = db.execute("SELECT id FROM works WHERE source_key = ? ORDER BY id LIMIT 1", (key,)).fetchone()
        if row:
            return row[0]
    title_authors = identity(work)
    if title_authors is not None:
        for work_id, other in db.execute("SELECT id, source_key FROM works WHERE identity = ? ORDER BY id",
                                         (title_authors,)):
            if not same_place(key, other):
                return work_id
    return None


def _titles(db: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.execute(f"SELECT id, title FROM works WHERE id IN ({', '.join('?' * len(ids))})", ids).fetchall())


def add(db: sqlite3.Connection, index: dedupe.Index, paths: Iterable[str | Path], jobs: int | None = None,
        progress: Progress | None = None) -> AddReport:
    """Import story files and folders of them; see the module docstring."""
    files, missing = collect(paths)
    report = AddReport(failures=list(missing))
    total, done = len(files), 0

    def finished(path: Path) -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total, str(path))

    pending: list[Path] = []
    for path in files:
        sha = file_sha256(path)
        row = db.execute("SELECT id, title FROM works WHERE sha256 = ?", (sha,)).fetchone() if sha else None
        if row:
            report.outcomes.append(AddOutcome("unchanged", row[0], row[1], str(path)))
            finished(path)
        else:
            pending.append(path)

    def take(path: Path, result: list[Prepared] | tuple[str, str]) -> None:
        if isinstance(result, list):
            report.outcomes.extend(store(db, index, prepared) for prepared in result)
        else:
            report.failures.append(result)
        finished(path)

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(pending) or 1))
    if jobs == 1:
        for path in pending:
            take(path, analyse_file(str(path)))
        return report
    # Big files first so that the pool does not end waiting on one long work; only `jobs` files in flight
    # at a time, so that analyses do not pile up in memory waiting for the writer.
    queue = sorted(pending, key=lambda p: -_size(p))
    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        running: dict[Future, Path] = {}
        while queue or running:
            while queue and len(running) < 2 * jobs:
                path = queue.pop(0)
                running[pool.submit(analyse_file, str(path))] = path
            ready, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in ready:
                take(running.pop(future), future.result())
    return report


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
