"""Learn from LitBank which common nouns name people and which name things, and write them into the package.

    .venv/bin/python scripts/train_person_nouns.py ../shared/data/litbank

"Said the magistrate" gives an unnamed speaker a character of their own; "said the
letter" must not. LitBank's entity layer marks every mention of a person, "the
old doctor" as much as "Esther". A noun that ends a person's mention at least
`PERSON` times, and in `PERSON_SHARE` of the times it follows "the" or "a", names
people ("magistrate", "stranger"); one written after an article at least `SEEN`
times that seldom ends one names things ("letter", "voice", "word").
Writes src/ficlens/characters/person_nouns.json.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from ficlens.evaluate.litbank import list_entity_works, load_entity_work
from ficlens.outputs.atomic import write_atomic

OUT = Path(__file__).resolve().parents[1] / "src" / "ficlens" / "characters" / "person_nouns.json"
SEEN = 3
PERSON = 2
PERSON_SHARE = 0.2
_AFTER_ARTICLE = re.compile(r"\b(?:[Tt]he|[Aa]n?)\s+([a-z]+)\b(?!-)")
_LAST_WORD = re.compile(r"(?<![A-Za-z])([a-z]+)\W*$")


def count(root: Path) -> tuple[Counter, Counter]:
    """How often each lower-case noun follows an article, and how often it ends a person's mention."""
    seen: Counter = Counter()
    person: Counter = Counter()
    for name in list_entity_works(root):
        work = load_entity_work(root, name)
        seen.update(m.group(1) for m in _AFTER_ARTICLE.finditer(work.text))
        for start, end, label in work.entities:
            last = _LAST_WORD.search(work.text[start:end])
            if label == "PER" and last and end - start < 60:
                person[last.group(1)] += 1
    return seen, person


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("litbank", type=Path, help="the LitBank folder (with entities/tsv)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    seen, person = count(args.litbank)
    people = sorted(w for w, n in person.items() if n >= PERSON and n >= PERSON_SHARE * seen[w])
    things = sorted(w for w, n in seen.items() if n >= SEEN and person[w] < PERSON_SHARE * n)
    data = {"about": __doc__.splitlines()[0], "seen": SEEN, "person": PERSON, "person_share": PERSON_SHARE,
            "people": people, "things": things}
    write_atomic(args.out, json.dumps(data, indent=0) + "\n")
    print(f"wrote {args.out} ({len(people)} nouns that name people, {len(things)} that name things)", file=sys.stderr)


if __name__ == "__main__":
    main()
