"""Corpus-run throughput with 1 and 2 workers, their ratio, and peak memory per worker.

Builds a corpus of --works works cut from the two seed stories in
../shared/seeds at paragraph boundaries (lengths spread from 1,000 words to the
whole 8,769-word seed, mean printed), writes them as plain-text files and runs
`run_corpus` on them with the local engine (or --engine ray) into a fresh
OUTPUT with 1 worker, then with 2. For each it prints:

- wall: the whole run (starting the workers and loading spaCy included);
- working: from the first batch's start to the last batch's end (the workers
  up and warm), works/s and words/s over it: the steady state a long run sees;
- per core: words over the summed per-work analysis seconds (works.seconds);
- peak memory of each worker process (ru_maxrss, so the model and the largest
  work analysed so far).

and the size of OUTPUT per 1,000 words of input.

and the 2-worker/1-worker ratio of wall and of working words/s (target: at
least 1.8x on 2 cores, issue 25). Batches are as `ficlens corpus run` cuts them
(--batch-size, at most 16 works, fewer so each worker gets four batches or more:
`corpus.local.batch_size_for`). The load
average before and after is printed: other processes on the machine slow the
2-worker run first.

    .venv/bin/python bench/corpus.py
    .venv/bin/python bench/corpus.py --works 8 --keep /tmp/bench-corpus
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

from ficlens.corpus import run_corpus

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def build_corpus(folder: Path, count: int, seed: int = 7) -> list[int]:
    """`count` works cut from the seeds (each a run of whole paragraphs); returns their word counts."""
    rng = random.Random(seed)
    sources = [p.read_text(encoding="utf-8").split("\n\n") for p in sorted(SEEDS.glob("*.txt"))]
    folder.mkdir(parents=True, exist_ok=True)
    words = []
    for i in range(count):
        paragraphs = sources[i % len(sources)]
        total = sum(len(p.split()) for p in paragraphs)
        target = rng.randint(1000, total)
        start = rng.randrange(0, len(paragraphs))
        picked, n, j = [], 0, start
        while n < target:
            picked.append(paragraphs[j % len(paragraphs)])
            n += len(picked[-1].split())
            j += 1
        text = "\n\n".join(picked)
        (folder / f"work-{i:03d}.txt").write_text(text, encoding="utf-8")
        words.append(len(text.split()))
    return words


def measure(corpus: Path, workers: int, engine: str, batch_size: int = 16) -> dict:
    out = Path(tempfile.mkdtemp(prefix=f"corpus-bench-{workers}-"))
    try:
        summary = run_corpus(str(corpus), out, engine=engine, workers=workers, batch_size=batch_size,
                             progress=False)
        works = pq.read_table(out / "works", columns=["words", "seconds"]).to_pydict()
        size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
        analysis = sum(len(a.encode()) for a in pq.read_table(out / "analyses", columns=["analysis"])["analysis"].to_pylist())
    finally:
        shutil.rmtree(out, ignore_errors=True)
    working = summary.working_seconds
    return {
        "workers": workers, "works": summary.works, "errors": summary.errors, "words": summary.words,
        "wall": summary.seconds, "working": working,
        "works_s": summary.works / working, "words_s": summary.words / working,
        "wall_words_s": summary.words / summary.seconds,
        "per_core": sum(works["words"]) / sum(works["seconds"]),
        "rss": sorted(summary.peak_rss_mb.values()),
        "bytes_per_kword": size / summary.words * 1000, "json_per_kword": analysis / summary.words * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--works", type=int, default=16)
    parser.add_argument("--engine", choices=["local", "ray"], default="local")
    parser.add_argument("--keep", type=Path, help="Build the corpus here and keep it.")
    parser.add_argument("--batch-size", type=int, default=16, help="as `corpus run --batch-size` (default 16)")
    args = parser.parse_args()
    corpus = args.keep or Path(tempfile.mkdtemp(prefix="corpus-bench-in-"))
    words = build_corpus(corpus, args.works)
    print(f"corpus: {len(words)} works, {sum(words):,} words, mean {statistics.mean(words):,.0f} "
          f"(min {min(words):,}, max {max(words):,}); engine {args.engine}; {os.cpu_count()} cores")
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    results = []
    for workers in (1, 2):
        started = time.perf_counter()
        r = measure(corpus, workers, args.engine, args.batch_size)
        results.append(r)
        print(f"{workers} worker{'s' if workers > 1 else ' '}: wall {r['wall']:6.1f} s ({r['wall_words_s']:,.0f} words/s)"
              f" | working {r['working']:6.1f} s: {r['works_s']:.2f} works/s, {r['words_s']:,.0f} words/s"
              f" | per core {r['per_core']:,.0f} words/s | peak RSS per worker "
              f"{', '.join(f'{m:,.0f}' for m in r['rss'])} MB | {r['errors']} errors"
              f" [{time.perf_counter() - started:.0f} s]")
    one, two = results
    print(f"ratio 2/1 workers: {two['words_s'] / one['words_s']:.2f}x working words/s "
          f"({two['wall_words_s'] / one['wall_words_s']:.2f}x wall) (target >= 1.8x)")
    print(f"OUTPUT: {one['bytes_per_kword'] / 1024:.1f} KiB of Parquet per 1,000 words "
          f"(the analysis JSON alone: {one['json_per_kword'] / 1024:.1f} KiB uncompressed)")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if not args.keep:
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    main()
