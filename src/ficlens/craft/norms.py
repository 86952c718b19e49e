"""How a story's rates compare with published fiction: "higher than 9 in 10 published works".

A rate alone ("15.4 filter words per 1,000") tells a writer nothing; its place
among published novels does. `scripts/compute_norms.py` measures every rate
below on the novels and excerpts of the project's gold data (PDNC's novels,
LitBank's excerpts) and ships their values as `norms.json`; a story's rate is
then placed among them as a percentile and said in words.
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import Diagnostics

NORMS_FILE = "norms.json"
AVERAGE = (0.35, 0.65)  # percentiles between which a rate is "about average"
MIN_DIALOGUE_TAGS = 10  # tags a story needs before its tag habits are compared


@dataclass(frozen=True, slots=True)
class Rate:
    """One rate a writer may compare: what it measures, its unit, and how to read it off the diagnostics."""

    label: str
    unit: str
    read: Callable[[Diagnostics, int], float | None]


def _per_words(count: int, words: int, scale: int) -> float | None:
    return count * scale / words if words else None


def _tag_share(d: Diagnostics, count: int) -> float | None:
    tags = d.dialogue_tags.tags
    return 100 * count / tags if tags >= MIN_DIALOGUE_TAGS else None


RATES: dict[str, Rate] = {
    "filter_words": Rate("filter words", "per 1,000 words", lambda d, w: d.filter_words.per_1000),
    "crutch_words": Rate("crutch words", "per 1,000 words", lambda d, w: d.crutch_words.per_1000),
    "adverbs": Rate("-ly adverbs", "per 1,000 words", lambda d, w: d.adverbs.per_1000),
    "tag_verbs": Rate("dialogue tags with a verb other than said", "% of tags",
                      lambda d, w: _tag_share(d, d.dialogue_tags.tags - d.dialogue_tags.said)),
    "tag_adverbs": Rate("dialogue tags with an adverb", "% of tags",
                        lambda d, w: _tag_share(d, len(d.dialogue_tags.adverbs))),
    "sentence_length": Rate("sentence length", "words on average",
                            lambda d, w: d.sentences.mean if d.sentences.count else None),
    "sentence_spread": Rate("spread of sentence length", "words (standard deviation)",
                            lambda d, w: d.sentences.stdev if d.sentences.count > 1 else None),
    "reading_ease": Rate("Flesch reading ease", "0-100, higher is easier",
                         lambda d, w: d.readability.flesch_reading_ease),
    "grade": Rate("Flesch-Kincaid grade", "US school grade", lambda d, w: d.readability.flesch_kincaid_grade),
    "fog": Rate("Gunning fog index", "years of schooling", lambda d, w: d.readability.gunning_fog),
    "dale_chall": Rate("Dale-Chall score", "higher is harder", lambda d, w: d.readability.dale_chall),
    "repeated_phrases": Rate("repeated phrases", "per 10,000 words",
                             lambda d, w: _per_words(len(d.repeated_phrases), w, 10_000)),
    "passive_voice": Rate("passive voice", "verbs per 1,000 words", lambda d, w: _per_words(d.passive_voice.count, w, 1000)),
    "sticky_sentences": Rate("sticky sentences", "% of sentences of 8 words or more",
                             lambda d, w: d.sticky_sentences.share if d.sticky_sentences.sentences else None),
    "cliches": Rate("clichés", "per 10,000 words", lambda d, w: _per_words(d.cliches.count, w, 10_000)),
    "repeated_openings": Rate("sentences opening like the ones before", "% of sentences",
                              lambda d, w: 100 * sum(r.sentences for r in d.openings) / d.sentences.count
                              if d.sentences.count else None),
}


@dataclass(slots=True)
class Norm:
    """A story's rate placed among published works: `percentile` is the share (0-1) of them
    with a lower rate, ties counted half; `words` says it for a reader."""

    rate: str
    label: str
    unit: str
    value: float
    percentile: float
    words: str


def rates(diagnostics: Diagnostics, words: int) -> dict[str, float]:
    """Every rate the story has enough text for, by name."""
    found = {name: rate.read(diagnostics, words) for name, rate in RATES.items()}
    return {name: round(value, 3) for name, value in found.items() if value is not None}


def compare(diagnostics: Diagnostics, words: int) -> list[Norm]:
    """The story's rates placed among the published works of the shipped reference."""
    reference = _reference()["rates"]
    norms = []
    for name, value in rates(diagnostics, words).items():
        values = reference.get(name)
        if not values:
            continue
        share = percentile(values, value)
        rate = RATES[name]
        norms.append(Norm(name, rate.label, rate.unit, value, round(share, 3), in_words(share)))
    return norms


def percentile(values: list[float], value: float) -> float:
    """The share of sorted `values` below `value`, ties counted half."""
    below, through = bisect_left(values, value), bisect_right(values, value)
    return (below + (through - below) / 2) / len(values)


def in_words(share: float) -> str:
    """A percentile as a reader says it: "higher than 9 in 10 published works"."""
    if AVERAGE[0] <= share <= AVERAGE[1]:
        return "about average for published works"
    if share > AVERAGE[1]:
        return "higher than any published work measured" if share >= 1 else \
            f"higher than {min(9, round(share * 10))} in 10 published works"
    return "lower than any published work measured" if share <= 0 else \
        f"lower than {min(9, round((1 - share) * 10))} in 10 published works"


def sources() -> dict:
    """What the reference was measured on (corpora and number of works)."""
    return _reference()["sources"]


@cache
def _reference() -> dict:
    return json.loads(resources.files(__package__).joinpath(NORMS_FILE).read_text(encoding="utf-8"))
