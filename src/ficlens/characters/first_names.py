"""The gender a first name usually has, for characters no pronoun or honorific settles.

A reader knows that George is a man before the text says "he". The lists are
the US Census Bureau's 1990 frequencies of male and female first names (public
domain), as shipped in the `names` package; a name counts as one gender's when
that gender's share of its bearers is overwhelming, so "Robin" and "Leslie"
stay open. The text's own evidence always comes first: this is the prior.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

_SHARE = 0.9  # of a name's bearers, for the name to tell a gender


def first_name_gender(name: str) -> str | None:
    """"male", "female" or None for a first name ("George" is male, "Robin" neither)."""
    male, female = _frequencies("male").get(name.upper(), 0.0), _frequencies("female").get(name.upper(), 0.0)
    if male + female == 0:
        return None
    if male / (male + female) >= _SHARE:
        return "male"
    if female / (male + female) >= _SHARE:
        return "female"
    return None


def _frequencies(gender: str) -> dict[str, float]:
    """Name -> percentage of people of `gender` who bear it."""
    return _table(f"dist.{gender}.first")


@cache
def _table(file: str) -> dict[str, float]:
    """Name -> percentage of people who bear it, from one of the census lists in `names`."""
    text = resources.files("names").joinpath(file).read_text(encoding="ascii")
    rows = (line.split() for line in text.splitlines())
    return {row[0]: float(row[1]) for row in rows if len(row) >= 2}


def census_rank(word: str, kind: str) -> int | None:
    """The rank of `word` among the census's first names (`kind` "first", both genders) or
    surnames ("last"), 1 for the commonest; None when it is not listed."""
    return _ranks(kind).get(word.upper().rstrip("."))


@cache
def _ranks(kind: str) -> dict[str, int]:
    files = ("dist.male.first", "dist.female.first") if kind == "first" else ("dist.all.last",)
    best: dict[str, float] = {}
    for file in files:
        for name, share in _table(file).items():
            best[name] = max(best.get(name, 0.0), share)
    order = sorted(best, key=lambda n: -best[n])
    return {name: rank for rank, name in enumerate(order, 1)}
