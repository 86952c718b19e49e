"""The local engine: a pool of processes on this machine, one `Analyzer` (one spaCy) each."""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from ..processes import die_with_parent
from .inputs import Inputs
from .run import Options, RunSummary, batches, count_works
from .work import Analyzer

_ANALYZER: Analyzer | None = None


def _start_worker(options: Options, parent: int) -> None:
    global _ANALYZER
    die_with_parent(parent)
    _ANALYZER = Analyzer(options.output, options.columns, options.done, options.timeout, options.max_bytes,
                         options.keep_json, options.keep_text, alive=lambda: os.getppid() == parent)


def _run_batch(rows: list[dict]) -> dict:
    assert _ANALYZER is not None
    return _ANALYZER(rows)


def batch_size_for(works: int, workers: int, largest: int) -> int:
    """Works per batch: at most `largest`, and few enough that each of `workers` gets four batches or
    more, so that no core waits long at the end of a run (40 works in batches of 16 gave one of two
    workers 32 to analyse and the other 8)."""
    return max(1, min(largest, -(-works // (4 * max(1, workers)))))


def run_local(inputs: Inputs, options: Options, *, workers: int | None = None, batch_size: int = 16,
              progress: bool = True) -> RunSummary:
    """Run every batch on `workers` processes (default: every core this process may use), with a
    progress bar on a terminal; batches of at most `batch_size` works (see `batch_size_for`)."""
    workers = workers or len(os.sched_getaffinity(0)) or 1
    total = count_works(inputs)
    batch_size = batch_size_for(total, workers, batch_size)
    summary = RunSummary()
    started = time.perf_counter()
    console = Console(stderr=True)
    columns = (TextColumn("corpus"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rates]}"),
               TimeElapsedColumn(), TimeRemainingColumn())
    # spawn, not fork: a fork of a process that runs threads (Ray, rich) can hang in the child.
    context = multiprocessing.get_context("spawn")
    with Progress(*columns, console=console, disable=not (progress and console.is_terminal)) as bar, \
            ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker,
                                initargs=(options, os.getpid())) as pool:
        task = bar.add_task("corpus", total=total, rates="starting workers")
        pending: set[Future] = set()

        def collect(block: bool) -> None:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED) if block else (
                {f for f in pending if f.done()}, None)
            for future in finished:
                pending.discard(future)
                summary.add(future.result())
            works, words = summary.rates(time.perf_counter() - started)
            bar.update(task, completed=summary.done,
                       rates=f"{works:.1f} works/s  {words:,.0f} words/s  {summary.errors} errors")

        for rows in batches(inputs, batch_size, options.columns):
            while len(pending) >= 2 * workers:  # bounded: a table's texts are not all read at once
                collect(block=True)
            pending.add(pool.submit(_run_batch, rows))
            collect(block=False)
        while pending:
            collect(block=True)
    return summary
