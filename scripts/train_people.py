"""Train the person classifier from the gold data and write it into the package.

    .venv/bin/python scripts/train_people.py ../shared/data/pdnc-dev ../shared/data/litbank

Writes src/ficlens/characters/people.json: the model trained on every PDNC
novel and LitBank excerpt, and, per PDNC novel, one trained without it, which
`ficlens eval` uses. Deterministic: the same data give the same file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ficlens.evaluate.litbank import list_entity_works
from ficlens.evaluate.people import train_people
from ficlens.evaluate.runner import tasks
from ficlens.outputs.atomic import write_atomic

OUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "characters" / "people.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdnc", type=Path, help="the PDNC folder (novel folders with casts)")
    parser.add_argument("litbank", type=Path, help="the LitBank folder (with entities/tsv)")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--jobs", "-j", type=int, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    model = train_people(tasks("pdnc", args.pdnc), str(args.litbank), list_entity_works(args.litbank), args.jobs)
    write_atomic(args.out, json.dumps(model, separators=(",", ":")) + "\n")
    print(f"wrote {args.out} ({model['examples']} names from {len(model['trained_on'])} works, "
          f"{time.perf_counter() - started:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
