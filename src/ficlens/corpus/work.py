"""The per-work and per-batch functions both engines run: one work in, rows per table out.

A work that cannot be read, raises, or runs past its time limit becomes one
`errors` row with the reason; nothing a single work does stops the job.
"""

from __future__ import annotations

import ctypes
import os
import resource
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..read import DEFAULT_MAX_BYTES, read_bytes
from .inputs import Columns, WorkItem, content_hash
from .store import Done, write_batch
from .tables import Rows, analysis_rows, error_rows

WARM_UP = "“You’re early,” Ann said.\n\nTom shrugged. “I couldn’t sleep.” He sat down by the fire.\n"


class WorkTimeout(BaseException):
    """Raised inside a work that ran past its limit (a BaseException, so no `except Exception` eats it)."""


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise `WorkTimeout` in this thread once `seconds` have passed.

    A timer thread raises it asynchronously (PyThreadState_SetAsyncExc), which,
    unlike SIGALRM, works off the main thread too, where Ray runs a batch. It
    lands at the next Python bytecode, so a long call into C finishes first.
    """
    if not seconds:
        yield
        return
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"running": True}

    def fire() -> None:
        with lock:
            if state["running"]:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(WorkTimeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["running"] = False
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)  # drop one set but not yet raised


@dataclass
class Outcome:
    """What became of one work: its rows (None when it was already done) and its words."""

    rows: Rows | None
    words: int = 0
    failed: bool = False


def analyze_one(item: WorkItem, *, timeout: float | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                done: Done | None = None, keep_json: bool = True, keep_text: bool = False) -> Outcome:
    """Analyse one work into rows per table; an `errors` row when it fails; nothing when `done` has it."""
    from ..outputs.json import analysis_dict
    from ..pipeline import analyze_work

    started = time.perf_counter()
    digest: str | None = None
    stage = "read"
    try:
        try:
            with deadline(timeout):
                if item.problem:
                    raise InputError(item.name, item.problem)
                data = _load(item, max_bytes)
                digest = content_hash(data)
                if done is not None and (item.work_id, digest) in done:
                    return Outcome(None)
                work = _read(item, data, max_bytes)
                stage = "analyze"
                analysis = analyze_work(work)
                result = analysis_dict(analysis)
        except WorkTimeout:
            stage, error, reason = "timeout", "WorkTimeout", f"took over {timeout:g} s"
        except InputError as problem:
            error, reason = "InputError", problem.reason
        except Exception as problem:  # any failure of one work is that work's, not the job's
            error, reason = type(problem).__name__, " ".join(str(problem).split())[:500] or repr(problem)
        else:
            rows = analysis_rows(result, item.work_id, digest, added_at=datetime.now(timezone.utc),
                                 seconds=time.perf_counter() - started, input_metadata=item.extra or None,
                                 keep_json=keep_json, text=analysis.work.text, keep_text=keep_text)
            return Outcome(rows, int(result["work"].get("words") or 0))
    except WorkTimeout:  # the limit struck while the handlers above ran
        stage, error, reason = "timeout", "WorkTimeout", f"took over {timeout:g} s"
    if done is not None and (item.work_id, digest or "") in done:
        return Outcome(None)
    return Outcome(error_rows(item.work_id, digest, item.path, stage, error, reason,
                              time.perf_counter() - started), failed=True)


def _load(item: WorkItem, max_bytes: int) -> bytes | str:
    """A file's bytes (refused over `max_bytes`, as `ficlens analyze` refuses it) or a row's text."""
    if item.path is None:
        return item.text or ""
    path = Path(item.path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(item.name, f"file is over the {max_bytes / 2**20:g} MB limit")
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(item.name, "no such file") from None
    except OSError as error:
        raise InputError(item.name, f"cannot read ({error.strerror or error})") from None


def _read(item: WorkItem, data: bytes | str, max_bytes: int):
    """The `Work` as `ficlens analyze` reads it; a table's metadata columns fill in what the text declares."""
    if isinstance(data, bytes):
        return read_bytes(data, item.name, max_bytes)
    work = read_bytes(data.encode("utf-8"), item.name, max_bytes)
    for key, value in item.meta.items():
        if value:
            setattr(work.meta, key, value)
    return work


def merge(outcomes: list[Rows]) -> Rows:
    """Rows of several works as one batch's rows per table."""
    merged: Rows = {}
    for rows in outcomes:
        for table, table_rows in rows.items():
            merged.setdefault(table, []).extend(table_rows)
    return merged


@dataclass
class Analyzer:
    """Analyses batches of input rows and commits each batch to OUTPUT; one per worker process.

    Built once per worker (a pool process or a Ray actor), it loads spaCy and
    every model on a short warm-up text, so no batch pays for them.
    """

    output: str
    columns: Columns | None
    done: Done = field(default_factory=Done)
    timeout: float | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    keep_json: bool = True
    keep_text: bool = False
    alive: Callable[[], bool] = field(default=lambda: True, repr=False)

    def __post_init__(self) -> None:
        from ..pipeline import analyze_work

        analyze_work(read_bytes(WARM_UP.encode(), "warm-up.txt"))

    def __call__(self, rows: list[dict[str, Any]]) -> dict[str, Any]:
        """Analyse and commit one batch; returns its counts and words, when it started (epoch seconds),
        how long it took, and this worker's pid and peak memory."""
        started, clock = time.perf_counter(), time.time()
        summary = {"works": 0, "errors": 0, "skipped": 0, "words": 0}
        results = []
        for row in rows:
            outcome = analyze_one(WorkItem.from_row(row, self.columns), timeout=self.timeout,
                                  max_bytes=self.max_bytes, done=self.done, keep_json=self.keep_json,
                                  keep_text=self.keep_text)
            if outcome.rows is None:
                summary["skipped"] += 1
                continue
            results.append(outcome.rows)
            summary["errors" if outcome.failed else "works"] += 1
            summary["words"] += outcome.words
        write_batch(Path(self.output), merge(results), self.alive)
        return summary | {"started": clock, "seconds": time.perf_counter() - started, "pid": os.getpid(),
                          "rss_mb": peak_rss_mb()}


def peak_rss_mb() -> float:
    """This process's peak resident memory, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
