"""Measure the writer's rates on published fiction and write the reference table into the package.

    .venv/bin/python scripts/compute_norms.py ../shared/data/pdnc-dev ../shared/data/litbank

Each of PDNC's novels and LitBank's excerpts is analysed as a story would be,
and its rates (see `ficlens.craft.norms.RATES`) are kept; the sorted values of
each rate over all of them are src/ficlens/craft/norms.json, against which a
report places a story's own. Deterministic: the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ficlens.craft.norms import RATES, rates
from ficlens.evaluate.litbank import list_entity_works, load_entity_work
from ficlens.evaluate.runner import load_gold, read_gold_work, tasks
from ficlens.outputs.atomic import write_atomic

OUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "craft" / "norms.json"


def novel_rates(task) -> dict[str, float]:
    from ficlens.pipeline import analyze_work

    return _rates(analyze_work(read_gold_work(load_gold(task))))


def excerpt_rates(job: tuple[Path, str]) -> dict[str, float]:
    from ficlens.pipeline import analyze_work
    from ficlens.read import read_bytes

    root, name = job
    text = load_entity_work(root, name).text
    return _rates(analyze_work(read_bytes(text.encode("utf-8"), f"{name}.txt")))


def _rates(analysis) -> dict[str, float]:
    return rates(analysis.diagnostics, analysis.structure.words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdnc", type=Path, help="the PDNC folder (novel folders)")
    parser.add_argument("litbank", type=Path, help="the LitBank folder (with entities/tsv)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", "-j", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    novels = tasks("pdnc", args.pdnc)
    excerpts = [(args.litbank, name) for name in list_entity_works(args.litbank)]
    with ProcessPoolExecutor(args.jobs) as pool:
        measured = list(pool.map(novel_rates, novels)) + list(pool.map(excerpt_rates, excerpts))
    table = {
        "sources": {"pdnc novels": len(novels), "litbank excerpts": len(excerpts), "works": len(measured)},
        "rates": {name: sorted(m[name] for m in measured if name in m) for name in RATES},
    }
    write_atomic(args.out, json.dumps(table, indent=1) + "\n")
    print(f"wrote {args.out} ({len(measured)} works, {time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
