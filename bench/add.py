"""`ficlens add` of many works on one core and on two: throughput and their ratio.

Builds --works plain-text works cut from the two seed stories in ../shared/seeds
(bench/corpus.py's corpus: runs of whole paragraphs, 1,000 words to a whole
seed), then imports the folder into a fresh library with `Library.add(jobs=1)`
and again into another with `jobs=2` (analysis, MinHash, embeddings in worker
processes; the parent stores each work), each import in a fresh process, as a
user's `ficlens add` runs, except that each process computes on one core: the 1-job
import is pinned to one core and both run with one BLAS thread a process
(OPENBLAS_NUM_THREADS=1; the embeddings' matrix products would otherwise spread the
1-job import over every core). For each it prints the wall time of the whole import
(starting the workers and loading the models included), works/s
and words/s; then the 2-job/1-job ratio of words/s (target: at least 1.8x on 2
cores, issue 25). The runs alternate --runs times and the best of each counts;
the load average before and after is printed, since other processes on the
machine slow the 2-job run first.

    .venv/bin/python bench/add.py
    .venv/bin/python bench/add.py --works 8 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import build_corpus  # noqa: E402
from measure import pin_to_one_core  # noqa: E402

TARGET = 1.8


def import_once(folder: Path, jobs: int) -> tuple[float, int, int]:
    """Seconds to import `folder` into a new library with `jobs` processes, works stored, failures
    (measured in a fresh process: the models are loaded within the time, as for a user)."""
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    child = subprocess.run([sys.executable, __file__, "--child", str(jobs), str(folder)], check=True,
                           capture_output=True, text=True, env=env)
    row = json.loads(child.stdout.strip().splitlines()[-1])
    return row["seconds"], row["stored"], row["failed"]


def _import_here(folder: Path, jobs: int) -> dict:
    if jobs == 1:
        pin_to_one_core()
    started = time.perf_counter()
    from ficlens.library import Library

    scratch = Path(tempfile.mkdtemp(prefix=f"add-bench-{jobs}-"))
    try:
        with Library(scratch / "library.db") as library:
            report = library.add([folder], jobs=jobs)
        return {"seconds": time.perf_counter() - started, "stored": len(report.outcomes),
                "failed": len(report.failures)}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=16, help="works to import (default 16)")
    parser.add_argument("--runs", type=int, default=2, help="imports with each job count, alternating (default 2)")
    parser.add_argument("--child", nargs=2, metavar=("JOBS", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_import_here(Path(args.child[1]), int(args.child[0]))))
        return 0
    folder = Path(tempfile.mkdtemp(prefix="add-bench-in-"))
    try:
        words = build_corpus(folder, args.works)
        print(f"works: {len(words)}, {sum(words):,} words, mean {statistics.mean(words):,.0f} "
              f"(min {min(words):,}, max {max(words):,}); {len(os.sched_getaffinity(0))} cores")
        print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        best: dict[int, float] = {}
        for run in range(args.runs):
            for jobs in (1, 2):
                seconds, stored, failed = import_once(folder, jobs)
                best[jobs] = min(best.get(jobs, float("inf")), seconds)
                print(f"run {run + 1}, {jobs} job{'s' if jobs > 1 else ' '}: {seconds:6.1f} s, "
                      f"{stored / seconds:5.2f} works/s, {sum(words) / seconds:7,.0f} words/s; "
                      f"{stored} stored, {failed} failed", flush=True)
        ratio = best[1] / best[2]
        print(f"best: 1 job {best[1]:.1f} s, 2 jobs {best[2]:.1f} s; ratio 2/1 jobs {ratio:.2f}x words/s "
              f"(target >= {TARGET}x): {'met' if ratio >= TARGET else 'NOT met'}")
        print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return 0 if ratio >= TARGET else 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
