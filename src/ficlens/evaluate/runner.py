"""Analyse each gold work with ficlens and score it; works run in a process pool.

A work is independent of the others, so each runs in its own worker process
(spaCy loads once per worker). A work that fails is reported with its reason
and left out of the corpus totals; the other works still run.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..dialogue.conversation import seen_in_training
from ..errors import InputError
from ..model import Work
from . import litbank, pdnc
from .gold import EvalError, GoldWork
from .metrics import WorkScore, score_work

if TYPE_CHECKING:
    from ..pipeline import Analysis

CORPORA = ("pdnc", "litbank")


@dataclass(frozen=True, slots=True)
class Task:
    """One work to evaluate: which corpus, the corpus folder, the work's name."""

    corpus: str
    root: str
    name: str
    size: int = 0  # bytes of text, to start the longest works first


def tasks(corpus: str, root: str | Path, only: Sequence[str] = ()) -> list[Task]:
    """The works of the corpus at `root`, or those named in `only` (case-insensitive)."""
    if corpus == "pdnc":
        names = pdnc.list_novels(root)
        sizes = {n: _size(Path(root) / n / pdnc.TEXT) for n in names}
    elif corpus == "litbank":
        names = litbank.list_works(root)
        folder = litbank.annotation_folder(root)
        sizes = {n: _size(folder / f"{n}{litbank.TEXT_SUFFIX}") for n in names}
    else:
        raise EvalError(f"unknown corpus {corpus!r} (known: {', '.join(CORPORA)})")
    if only:
        by_lower = {n.lower(): n for n in names}
        unknown = [n for n in only if n.lower() not in by_lower]
        if unknown:
            raise EvalError(f"{root}: no work named {', '.join(unknown)} (there are: {', '.join(names)})")
        names = [by_lower[n.lower()] for n in dict.fromkeys(only)]
    return [Task(corpus, str(root), n, sizes[n]) for n in names]


def load_gold(task: Task) -> GoldWork:
    """The gold annotations of one task's work."""
    if task.corpus == "pdnc":
        return pdnc.load_novel(task.root, task.name)
    return litbank.load_work(task.root, task.name)


def read_gold_work(gold: GoldWork) -> Work:
    """A gold work read as a user's would be: the file itself, or its text as a plain-text file."""
    from ..read import read_bytes, read_work

    if gold.path is not None:
        return read_work(gold.path)
    return read_bytes(gold.text.encode("utf-8"), f"{gold.name}.txt")


def analyze_gold(gold: GoldWork) -> Analysis:
    """Run ficlens on a gold work, its speakers and people decided by models not trained on it."""
    from ..characters.people import held_out_person_model
    from ..dialogue.conversation import held_out_model, text_key
    from ..pipeline import analyze_work

    work = read_gold_work(gold)
    return analyze_work(work, speakers=held_out_model(work.text), people=held_out_person_model(text_key(work.text)))


def run_task(task: Task) -> WorkScore:
    """Load, analyse and score one work; a failure becomes a score with `error` set."""
    try:
        gold = load_gold(task)
        started = time.perf_counter()
        analysis = analyze_gold(gold)
        score = score_work(gold, analysis, time.perf_counter() - started)
        score.held_out = seen_in_training(analysis.work.text)
        return score
    except (EvalError, InputError) as error:
        return WorkScore(task.name, error=str(error))
    except Exception as error:  # a bug in one stage on one work must not sink the whole run
        return WorkScore(task.name, error=f"{type(error).__name__}: {error}")


def evaluate(work: Sequence[Task], jobs: int | None = None) -> Iterator[WorkScore]:
    """Scores of the tasks as they finish, `jobs` works at a time (default: every core)."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    ordered = sorted(work, key=lambda t: -t.size)
    if jobs == 1:
        yield from map(run_task, ordered)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_task, task) for task in ordered]
        for future in as_completed(futures):
            yield future.result()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
