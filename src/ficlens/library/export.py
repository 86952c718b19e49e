"""Every table of the library as CSV, Parquet or JSON Lines files, one file a table.

Files are read from one snapshot of the database (a single read transaction)
and each is written to a temporary file first, then renamed into place.
Vectors come out as lists of numbers (a JSON array inside a CSV cell).
"""

from __future__ import annotations

import csv
import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .store import LibraryError

FORMATS = ("csv", "parquet", "jsonl")
TABLES = ("works", "work_texts", "authors", "tags", "chapters", "scenes", "characters", "aliases", "quotes",
          "relationships", "diagnostics", "duplicates",
          # the reader's own (schema 7): her edits, her bookmarks' fields and tags, her collections
          "edits", "personal", "bookmark_tags", "collections", "collection_works")
_VECTORS = {"embedding": "<f4", "minhash": "<u4"}
_BATCH = 500


def export(db: sqlite3.Connection, fmt: str, directory: Path) -> list[Path]:
    """Write every table into `directory` as `<table>.<fmt>`; returns the files written."""
    if fmt not in FORMATS:
        raise LibraryError(f"no export format {fmt!r} (formats: {', '.join(FORMATS)})")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise LibraryError(f"{directory}: cannot create the folder ({error.strerror or error})") from None
    written = []
    db.execute("BEGIN")
    try:
        for table in TABLES:
            target = directory / f"{table}.{fmt}"
            _write_atomic(target, lambda path: _WRITERS[fmt](db, table, path))
            written.append(target)
    except OSError as error:
        raise LibraryError(f"{directory}: cannot write ({error.strerror or error})") from None
    finally:
        db.execute("COMMIT")
    return written


def _rows(db: sqlite3.Connection, table: str) -> tuple[list[str], Iterator[list[tuple]]]:
    """Column names and batches of rows, vectors decoded."""
    cursor = db.execute(f"SELECT * FROM {table}")
    columns = [d[0] for d in cursor.description]
    vectors = {i: _VECTORS[c] for i, c in enumerate(columns) if c in _VECTORS}

    def batches() -> Iterator[list[tuple]]:
        while rows := cursor.fetchmany(_BATCH):
            if vectors:
                rows = [tuple(np.frombuffer(v, dtype=vectors[i]).tolist() if i in vectors and v is not None else v
                              for i, v in enumerate(row)) for row in rows]
            yield rows

    return columns, batches()


def _csv(db: sqlite3.Connection, table: str, path: Path) -> None:
    columns, batches = _rows(db, table)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for rows in batches:
            writer.writerows([json.dumps(v) if isinstance(v, list) else v for v in row] for row in rows)


def _jsonl(db: sqlite3.Connection, table: str, path: Path) -> None:
    columns, batches = _rows(db, table)
    with path.open("w", encoding="utf-8") as handle:
        for rows in batches:
            handle.writelines(json.dumps(dict(zip(columns, row)), ensure_ascii=False) + "\n" for row in rows)


def _parquet(db: sqlite3.Connection, table: str, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns, batches = _rows(db, table)
    schema = pa.schema([(c, _arrow_type(db, table, c)) for c in columns])
    with pq.ParquetWriter(path, schema) as writer:
        for rows in batches:
            writer.write_table(pa.Table.from_pylist([dict(zip(columns, row)) for row in rows], schema=schema))


def _arrow_type(db: sqlite3.Connection, table: str, column: str):
    """The Arrow type of a column, from its declared SQLite type (views: from the table behind them)."""
    import pyarrow as pa

    if column in _VECTORS:
        return pa.list_(pa.float32() if _VECTORS[column] == "<f4" else pa.uint32())
    declared = {name: kind for _, name, kind, *_ in db.execute(f"PRAGMA table_info({table})")}.get(column, "")
    declared = declared.upper()
    if "INT" in declared or column in ("work_id",):
        return pa.int64()
    if "REAL" in declared:
        return pa.float64()
    return pa.string()


_WRITERS = {"csv": _csv, "jsonl": _jsonl, "parquet": _parquet}


def _write_atomic(target: Path, write) -> None:
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(temp))
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
