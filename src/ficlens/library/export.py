"""The library as the research tables a corpus run writes (`ficlens.corpus.schema`), one file a table.

Each work's stored analysis goes through the corpus run's own row builder
(`corpus.tables.analysis_rows`), so an export and a corpus run of the same
works hold the same rows; the library adds what only it has: when each work
was added, its text, its MinHash and embedding, and the reader's own tables.
Everything is read from one snapshot of the database (a single read
transaction) into a new folder that takes the export folder's place once every
file is whole, with the permissions the user's umask gives.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from ..corpus.files import FORMATS, TableFile, file_format
from ..corpus.schema import EXPORT_TABLES
from ..corpus.tables import Rows, analysis_rows
from ..outputs.atomic import replaced_folder
from .personal import LISTS, edited
from .store import LibraryError

_BATCH = 100


def export(db: sqlite3.Connection, fmt: str, directory: Path) -> list[Path]:
    """Write every table into `directory` as `<table>.<fmt>` (JSON Lines for texts and analyses when `fmt`
    is csv: their cells are longer than a spreadsheet keeps); returns the files written.

    The files appear together: they are written into a new folder that then takes `directory`'s place, so
    a failure or a crash leaves an earlier export whole. Hence `directory` must be new, empty, or hold only
    an export's files; those of another format are kept."""
    if fmt not in FORMATS:
        raise LibraryError(f"no export format {fmt!r} (formats: {', '.join(FORMATS)})")
    names = [f"{table}.{file_format(table, fmt)}" for table in EXPORT_TABLES]
    earlier = _earlier_export(directory)
    try:
        with replaced_folder(directory.resolve()) as folder:
            _write_tables(db, fmt, folder)
            for name in earlier - set(names):
                _carry(directory / name, folder / name)
    except OSError as error:
        raise LibraryError(f"{directory}: cannot write ({error.strerror or error})") from None
    return [directory / name for name in names]


def _earlier_export(directory: Path) -> set[str]:
    """The files of an earlier export in `directory`; anything else there is refused, as the export takes the
    folder's place (leftovers of an interrupted write, hidden `.tmp` files, go with it)."""
    if not directory.exists():
        file = next((p for p in directory.parents if p.exists() and not p.is_dir()), None)
        if file is not None:
            raise LibraryError(f"{directory}: {file} is a file, not a folder")
        return set()
    if not directory.is_dir():
        raise LibraryError(f"{directory}: is a file, not a folder")
    try:
        present = {p.name for p in directory.iterdir() if not (p.name.startswith(".") and p.name.endswith(".tmp"))}
    except OSError as error:
        raise LibraryError(f"{directory}: cannot read the folder ({error.strerror or error})") from None
    exported = {f"{table}.{fmt}" for table in EXPORT_TABLES for fmt in FORMATS}
    if others := sorted(present - exported):
        raise LibraryError(f"{directory}: holds other files than an export's ({', '.join(others[:3])}"
                           f"{', ...' if len(others) > 3 else ''}): export into a new or empty folder")
    return present


def _carry(old: Path, new: Path) -> None:
    """An earlier export's file kept in the new folder: linked (no copy of a large table) where the file
    system allows it, else copied."""
    try:
        os.link(old, new)
    except OSError:
        shutil.copy2(old, new)


def _write_tables(db: sqlite3.Connection, fmt: str, folder: Path) -> None:
    """Every table's file in `folder`, from one snapshot of the database."""
    files: dict[str, TableFile] = {}
    db.execute("BEGIN")
    try:
        for table in EXPORT_TABLES:
            files[table] = TableFile(table, fmt, folder / f"{table}.{file_format(table, fmt)}")
        for rows in _work_batches(db):
            _write(files, rows)
        _write(files, _library_rows(db))
    finally:
        for file in files.values():
            file.close()
        db.execute("COMMIT")


def _write(files: dict[str, TableFile], rows: Rows) -> None:
    for table, table_rows in rows.items():
        files[table].write(table_rows)


def _when(stamp: str | None) -> datetime | None:
    """A stored ISO time as an aware UTC datetime (stamps without a zone are UTC)."""
    if not stamp:
        return None
    moment = datetime.fromisoformat(stamp)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _vector(blob: bytes | None, dtype: str) -> list | None:
    return None if blob is None else np.frombuffer(blob, dtype=dtype).tolist()


def _work_batches(db: sqlite3.Connection) -> Iterator[Rows]:
    """Every work's rows, a batch of works at a time: the analysis, as the library shows it (the reader's
    edits over the file's values), through the corpus row builder, and its text and vectors."""
    edits: dict[int, dict[str, Any]] = {}
    for work_id, name, value in db.execute("SELECT work_id, field, value FROM edits"):
        edits.setdefault(work_id, {})[name] = json.loads(value) if name in LISTS else value
    cursor = db.execute(
        "SELECT w.id, w.sha256, w.source_path, w.added_at, w.analysed_by, w.analysis, t.text, w.minhash,"
        " w.embedding FROM works w JOIN work_texts t ON t.work_id = w.id ORDER BY w.id")
    while batch := cursor.fetchmany(_BATCH):
        merged: Rows = {}
        for work_id, sha, path, added_at, analysed_by, analysis, text, minhash, embedding in batch:
            key = str(work_id)
            data = edited(json.loads(analysis), edits.get(work_id, {}))
            rows = analysis_rows(data, key, sha, added_at=_when(added_at), ficlens_version=analysed_by,
                                 source_path=path, text=text, keep_text=True)
            rows["signatures"] = [{"work_id": key, "minhash": _vector(minhash, "<u4")}] if minhash else []
            rows["embeddings"] = [{"work_id": key, "embedding": _vector(embedding, "<f4")}] if embedding else []
            for table, table_rows in rows.items():
                merged.setdefault(table, []).extend(table_rows)
        yield merged


def _library_rows(db: sqlite3.Connection) -> Rows:
    """The reader's own tables and the near duplicates found on import."""
    tags: dict[int, list[str]] = {}
    for work_id, tag in db.execute("SELECT work_id, tag FROM bookmark_tags ORDER BY work_id, tag COLLATE NOCASE"):
        tags.setdefault(work_id, []).append(tag)
    marked = {row[0]: row for row in db.execute(
        "SELECT work_id, status, favourite, rating, notes, updated_at FROM personal")}
    personal = []
    for work_id in sorted(set(marked) | set(tags)):
        _, status, favourite, rating, notes, updated_at = marked.get(work_id, (work_id, None, 0, None, None, None))
        personal.append({"work_id": str(work_id), "status": status, "favourite": bool(favourite), "rating": rating,
                         "notes": notes, "tags": tags.get(work_id, []), "updated_at": _when(updated_at)})
    return {
        "personal": personal,
        "collections": [{"collection_id": i, "name": name, "created_at": _when(created)}
                        for i, name, created in db.execute("SELECT id, name, created_at FROM collections ORDER BY id")],
        "collection_works": [{"work_id": str(w), "collection_id": c, "added_at": _when(added)}
                             for c, w, added in db.execute("SELECT collection_id, work_id, added_at"
                                                           " FROM collection_works ORDER BY collection_id, work_id")],
        "edits": [{"work_id": str(w), "field": name, "value": None if name in LISTS else value,
                   "values": json.loads(value) if name in LISTS else None, "edited_at": _when(when)}
                  for w, name, value, when in db.execute("SELECT work_id, field, value, edited_at FROM edits"
                                                        " ORDER BY work_id, field")],
        "duplicates": [{"work_id": str(w), "other_id": str(o), "similarity": s}
                       for w, o, s in db.execute("SELECT work_id, other_id, similarity FROM duplicates"
                                                 " ORDER BY work_id, other_id")],
    }
