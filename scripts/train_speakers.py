"""Train the conversation speaker model from the gold data and write it into the package.

    .venv/bin/python scripts/train_speakers.py ../shared/data/pdnc-dev

Writes src/ficlens/dialogue/speakers.json: the weights trained on every novel,
and, per novel, weights trained without it, which `ficlens eval` uses so that
no work is scored by a model that saw its gold speakers. Deterministic: the
same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ficlens.evaluate.runner import tasks
from ficlens.evaluate.train import EPOCHS, RUNS, train_speakers
from ficlens.outputs.atomic import write_atomic

OUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "dialogue" / "speakers.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdnc", type=Path, help="the PDNC folder (novel folders with gold quotations)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    parser.add_argument("--runs", type=int, default=RUNS, help="perceptrons to average")
    parser.add_argument("--jobs", "-j", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    model = train_speakers(tasks("pdnc", args.pdnc), args.jobs, args.epochs, args.runs)
    write_atomic(args.out, json.dumps(model, indent=1, sort_keys=False) + "\n")
    print(f"wrote {args.out} ({len(model['trained_on'])} works, {time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
