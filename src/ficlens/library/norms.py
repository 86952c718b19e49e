"""How a work's rates compare with the user's own works of the same fandom: "higher than 4 in 5
of your Harry Potter works".

Published fiction is one reference (`craft.norms`); a writer's own habits in a fandom are
another. The rates come from the analyses already stored (the `norms` rows of the diagnostics
table, one a rate and work), so nothing is analysed again. The rule: a work's fandom is the
first fandom it declares (as the reader may have edited it); the works compared with are the
library's other works declaring that fandom, and a rate is compared only when at least
`MIN_WORKS` of them have it (an analysis stored before norms has none).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from ..craft.norms import AVERAGE, percentile

MIN_WORKS = 5
"""Other works of the fandom with a rate before the rate is compared with them."""


@dataclass(frozen=True, slots=True)
class LibraryNorm:
    """A rate placed among the user's other works of the fandom: `percentile` is the share (0-1)
    of them with a lower rate, ties counted half; `works` how many have the rate."""

    rate: str
    value: float
    percentile: float
    works: int
    words: str


@dataclass(frozen=True, slots=True)
class LibraryNorms:
    """A work's rates against the user's other works of its fandom (hashable: a cache keys on it)."""

    fandom: str
    norms: tuple[LibraryNorm, ...]

    def as_dict(self) -> dict[str, Any]:
        """What the renderers show (the analysis dict's `library_norms`): the fandom, the rule's
        least number of works, and each rate's place, by rate."""
        return {"fandom": self.fandom, "min_works": MIN_WORKS, "rates": {n.rate: asdict(n) for n in self.norms}}


def for_work(db: sqlite3.Connection, work_id: int) -> LibraryNorms | None:
    """A stored work's rates against the library's other works of its fandom; None when it declares
    no fandom or no rate has `MIN_WORKS` works to compare with."""
    fandom = db.execute("SELECT name FROM tags WHERE work_id = ? AND kind = 'fandom' AND origin = 'declared'"
                        " ORDER BY rowid LIMIT 1", (work_id,)).fetchone()
    if fandom is None:
        return None
    return compare(db, stored_rates(db, work_id), fandom[0], exclude=work_id)


def for_analysis(db: sqlite3.Connection, data: dict[str, Any]) -> LibraryNorms | None:
    """An analysis (the contract's dict) against the library's works of its fandom: the library's
    own copy of the work, found by its file's sha256, is not compared with itself (and gives the
    fandom when the file declares none)."""
    row = db.execute("SELECT id FROM works WHERE sha256 = ?", ((data.get("source") or {}).get("sha256"),)).fetchone()
    fandoms = (data.get("work") or {}).get("fandoms") or []
    if row is not None and not fandoms:
        return for_work(db, row[0])
    if not fandoms:
        return None
    rates = {n["rate"]: n["value"] for n in (data.get("diagnostics") or {}).get("norms", [])}
    return compare(db, rates, fandoms[0], exclude=row[0] if row else None)


def stored_rates(db: sqlite3.Connection, work_id: int) -> dict[str, float]:
    """A stored work's rates, by name, as its analysis measured them."""
    rows = db.execute("SELECT detail FROM diagnostics WHERE work_id = ? AND kind = 'norms'", (work_id,))
    return dict(found for found in (_rate(detail) for detail, in rows) if found)


def compare(db: sqlite3.Connection, rates: dict[str, float], fandom: str, exclude: int | None = None) -> LibraryNorms | None:
    """`rates` placed among the rates stored for the library's works declaring `fandom` (but
    `exclude`), each rate that `MIN_WORKS` of them have."""
    rows = db.execute(
        "SELECT d.detail FROM diagnostics d WHERE d.kind = 'norms' AND d.work_id IS NOT ? AND d.work_id IN"
        " (SELECT work_id FROM tags WHERE kind = 'fandom' AND origin = 'declared' AND name = ?)", (exclude, fandom))
    others: dict[str, list[float]] = {}
    for detail, in rows:
        found = _rate(detail)
        if found:
            others.setdefault(found[0], []).append(found[1])
    norms = []
    for rate, value in rates.items():
        values = sorted(others.get(rate, []))
        if len(values) >= MIN_WORKS:
            share = percentile(values, value)
            norms.append(LibraryNorm(rate, value, round(share, 3), len(values), in_words(share, fandom, len(values))))
    return LibraryNorms(fandom, tuple(norms)) if norms else None


def in_words(share: float, fandom: str, works: int) -> str:
    """A percentile among `works` of the user's works as she would say it: "higher than 4 in 5 of
    your Harry Potter works" (in fifths below ten works, tenths from ten)."""
    scale = 5 if works < 10 else 10
    if AVERAGE[0] <= share <= AVERAGE[1]:
        return f"about average for your {fandom} works"
    if share >= 1:
        return f"higher than all {works} of your other {fandom} works"
    if share <= 0:
        return f"lower than all {works} of your other {fandom} works"
    if share > AVERAGE[1]:
        return f"higher than {min(scale - 1, round(share * scale))} in {scale} of your {fandom} works"
    return f"lower than {min(scale - 1, round((1 - share) * scale))} in {scale} of your {fandom} works"


def _rate(detail: str | None) -> tuple[str, float] | None:
    """(rate, value) of a stored `norms` row's detail."""
    entry = json.loads(detail) if detail else {}
    rate, value = entry.get("rate"), entry.get("value")
    return (rate, float(value)) if isinstance(rate, str) and isinstance(value, (int, float)) else None


def with_library_norms(data: dict[str, Any], db: sqlite3.Connection) -> dict[str, Any]:
    """The analysis dict with its `library_norms` (for the renderers), when the library has enough
    works of its fandom to say them; otherwise as it was."""
    found = for_analysis(db, data)
    return {**data, "library_norms": found.as_dict()} if found else data
