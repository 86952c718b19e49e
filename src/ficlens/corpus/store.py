"""The OUTPUT folder: one Parquet folder per table, written a batch at a time.

A batch is committed when its `works` file appears (an error-only batch has
an empty one). Each file is written under
a hidden temporary name and renamed into place, `works` last, so a run killed
at any moment leaves either whole batches or files that no `works` file
vouches for; the next run deletes those before it starts, and so a work is
never counted twice.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import InputError
from .schema import CORPUS_TABLES, SCHEMA_ID, SCHEMAS
from .tables import Rows

PART = "part-{}.parquet"


def part_batch(path: Path) -> str | None:
    """The batch id in a part file's name, None for any other file."""
    name = path.name
    return name[5:-8] if name.startswith("part-") and name.endswith(".parquet") else None


class Done:
    """The (work id, content hash) pairs already in OUTPUT, as sorted 64-bit keys (8 bytes a work)."""

    def __init__(self, keys: np.ndarray | None = None) -> None:
        self.keys = np.unique(keys) if keys is not None and len(keys) else np.empty(0, dtype=np.uint64)

    @staticmethod
    def key(work_id: str, content_hash: str) -> int:
        digest = hashlib.blake2b(f"{work_id}\0{content_hash}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def __contains__(self, pair: tuple[str, str]) -> bool:
        key = np.uint64(self.key(*pair))
        i = int(np.searchsorted(self.keys, key))
        return i < len(self.keys) and self.keys[i] == key

    def __len__(self) -> int:
        return len(self.keys)


class Output:
    """An OUTPUT folder opened by one run: locked, cleaned of what a killed run left, its done works read."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock: int | None = None

    def open(self) -> Output:
        import fcntl

        if self.path.exists() and not self.path.is_dir():
            raise InputError(str(self.path), "OUTPUT is a file, not a folder")
        self._refuse_another_schema()
        try:
            for table in CORPUS_TABLES:
                (self.path / table).mkdir(parents=True, exist_ok=True)
            self._lock = os.open(self.path / ".lock", os.O_CREAT | os.O_RDWR, 0o644)
        except OSError as error:
            raise InputError(str(self.path), f"cannot write ({error.strerror or error})") from None
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError(str(self.path), "another corpus run is writing to this folder") from None
        self.clean()
        return self

    def _refuse_another_schema(self) -> None:
        """A run adds only to an OUTPUT of its own schema, so that each folder's files read as one table."""
        first = min((self.path / "works").glob("part-*.parquet"), default=None)
        if first is None:
            return
        try:
            metadata = pq.read_schema(first).metadata or {}
        except (OSError, pa.ArrowException):
            raise InputError(str(first), "cannot read (not a whole Parquet file)") from None
        found = metadata.get(b"ficlens.schema", b"an unknown schema").decode()
        if found != SCHEMA_ID:
            raise InputError(str(self.path), f"OUTPUT holds tables of {found}, and this ficlens writes {SCHEMA_ID}: "
                                             "run into a new folder")

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None

    def __enter__(self) -> Output:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def clean(self) -> int:
        """Delete temporary files and parts of batches never committed; returns how many."""
        committed = {part_batch(p) for p in (self.path / "works").glob("part-*.parquet")}
        removed = 0
        for table in CORPUS_TABLES:
            for path in (self.path / table).iterdir():
                if path.name.startswith(".part-") or (part_batch(path) and part_batch(path) not in committed):
                    path.unlink(missing_ok=True)
                    removed += 1
        return removed

    def done(self) -> Done:
        """Every (work id, content hash) analysed or failed in a committed batch."""
        keys = []
        for table in ("works", "errors"):
            for path in sorted((self.path / table).glob("part-*.parquet")):
                columns = pq.read_table(path, columns=["work_id", "content_hash"]).to_pydict()
                keys.extend(Done.key(w, h or "") for w, h in zip(columns["work_id"], columns["content_hash"]))
        return Done(np.array(keys, dtype=np.uint64))


def batch_id(rows: Rows) -> str:
    """A batch's id from the works in it: a batch run again (Ray retries one whose worker died
    after committing) replaces its own files instead of adding a second copy."""
    keys = sorted(f"{r['work_id']}\0{r['content_hash'] or ''}" for t in ("works", "errors") for r in rows.get(t, []))
    return hashlib.blake2b("\n".join(keys).encode(), digest_size=12).hexdigest()


def write_batch(output: Path, rows: Rows, alive: Callable[[], bool] = lambda: True) -> str | None:
    """Commit one batch's rows: every table's file, `works` last. Nothing is written for no rows.

    `alive` is asked before the commit: a worker whose run has died must not add
    a batch that the next run will also analyse.
    """
    if not any(rows.values()):
        return None
    batch = batch_id(rows)
    staged = []
    try:
        for table in (*CORPUS_TABLES[1:], "works"):
            target = output / table / PART.format(batch)
            if rows.get(table) or table == "works":
                temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                staged.append((temp, target))
                _write_parquet(pa.Table.from_pylist(rows.get(table) or [], schema=SCHEMAS[table]), temp)
        if not alive():
            raise RuntimeError("the run has stopped")
        for table in CORPUS_TABLES[1:]:
            if not rows.get(table):
                (output / table / PART.format(batch)).unlink(missing_ok=True)
        for temp, target in staged:
            os.replace(temp, target)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        raise
    return batch


def _write_parquet(table: pa.Table, path: Path) -> None:
    with open(path, "wb") as handle:
        pq.write_table(table, handle, compression="zstd")
        handle.flush()
        os.fsync(handle.fileno())
