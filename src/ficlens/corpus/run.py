"""A corpus run: resolve INPUT, open OUTPUT, hand the batches to an engine, add up what came back."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..read import DEFAULT_MAX_BYTES
from .inputs import Columns, Inputs, iter_table_rows, resolve_inputs, table_schema_names
from .store import Done, Output


@dataclass
class Options:
    """How each worker analyses: what it passes to `Analyzer`."""

    output: str
    columns: Columns | None
    done: Done
    timeout: float | None = 600.0
    max_bytes: int = DEFAULT_MAX_BYTES
    keep_json: bool = True
    keep_text: bool = False


@dataclass
class RunSummary:
    """What a run did: counts, words, wall time, and each worker's peak memory."""

    works: int = 0
    errors: int = 0
    skipped: int = 0
    words: int = 0
    seconds: float = 0.0
    batches: int = 0
    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    first_start: float = float("inf")
    last_end: float = 0.0

    def add(self, batch: dict[str, Any]) -> None:
        """Count one batch's summary as `Analyzer` returns it."""
        for key in ("works", "errors", "skipped", "words"):
            setattr(self, key, getattr(self, key) + int(batch[key]))
        self.batches += 1
        self.first_start = min(self.first_start, float(batch["started"]))
        self.last_end = max(self.last_end, float(batch["started"]) + float(batch["seconds"]))
        pid = int(batch["pid"])
        self.peak_rss_mb[pid] = max(self.peak_rss_mb.get(pid, 0.0), float(batch["rss_mb"]))

    @property
    def working_seconds(self) -> float:
        """From the first batch's start to the last batch's end: the run without starting the workers."""
        return max(self.last_end - self.first_start, 0.0)

    @property
    def done(self) -> int:
        return self.works + self.errors + self.skipped

    def rates(self, seconds: float | None = None) -> tuple[float, float]:
        """Works and words a second over `seconds` (the run's wall time by default)."""
        elapsed = max(seconds if seconds is not None else self.seconds, 1e-9)
        return (self.works + self.errors) / elapsed, self.words / elapsed

    def line(self) -> str:
        works, words = self.rates()
        memory = f"; peak memory per worker {max(self.peak_rss_mb.values()):,.0f} MB" if self.peak_rss_mb else ""
        return (f"{self.works:,} works analysed, {self.errors:,} errors, {self.skipped:,} already done; "
                f"{self.seconds:,.1f} s, {works:,.2f} works/s, {words:,.0f} words/s{memory}")


def run_corpus(input_spec: str, output: str | Path, *, engine: str = "local", workers: int | None = None,
               address: str | None = None, columns: Columns | None = None, timeout: float | None = 600.0,
               batch_size: int = 16, max_bytes: int = DEFAULT_MAX_BYTES, keep_json: bool = True,
               keep_text: bool = False, progress: bool = True) -> RunSummary:
    """Analyse every work of INPUT not yet in OUTPUT into OUTPUT's Parquet tables.

    Raises `InputError` for what the user must fix (no INPUT, no such column,
    OUTPUT not writable or in use); a failing work only becomes an `errors` row.
    """
    started = time.perf_counter()
    inputs = resolve_inputs(input_spec)
    if inputs.kind != "files":
        columns = (columns or Columns()).resolve(table_schema_names(inputs))
    else:
        columns = None
    with Output(output) as out:
        options = Options(str(out.path.resolve()), columns, out.done(), timeout, max_bytes, keep_json,
                          keep_text)
        if engine == "ray":
            from .ray_engine import run_ray

            summary = run_ray(inputs, options, workers=workers, address=address, batch_size=batch_size,
                              progress=progress)
        else:
            from .local import run_local

            summary = run_local(inputs, options, workers=workers, batch_size=batch_size, progress=progress)
    summary.seconds = time.perf_counter() - started
    return summary


def batches(inputs: Inputs, batch_size: int, columns: Columns | None = None) -> Iterator[list[dict[str, Any]]]:
    """INPUT's rows in batches of `batch_size`: file listings, or rows read from the tables
    (`columns` name their id and text)."""
    if inputs.kind == "files":
        rows = inputs.file_rows()
        for i in range(0, len(rows), batch_size):
            yield rows[i : i + batch_size]
    else:
        yield from iter_table_rows(inputs, batch_size, columns)


def count_works(inputs: Inputs) -> int:
    """How many works INPUT holds (Parquet row counts from the footers; JSON Lines counted)."""
    if inputs.kind == "files":
        return len(inputs.paths)
    if inputs.kind == "parquet":
        import pyarrow.parquet as pq

        return sum(pq.ParquetFile(p).metadata.num_rows for p in inputs.paths)
    total = 0
    for path in inputs.paths:
        with path.open("rb") as handle:
            total += sum(1 for line in handle if line.strip())
    return total
