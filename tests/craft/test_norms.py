"""Rates placed among published works: the shipped reference table and the words a report says."""

from __future__ import annotations

import json
from importlib import resources

from ficlens.craft.norms import RATES, in_words, percentile


def test_a_percentile_counts_the_works_below_and_half_the_ties():
    # 10 works: 3 below 5.0, 2 at it, 5 above -> (3 + 2 / 2) / 10
    assert percentile([1, 2, 4, 5, 5, 6, 7, 8, 9, 10], 5.0) == 0.4
    assert percentile([1, 2, 3], 0.5) == 0.0
    assert percentile([1, 2, 3], 9) == 1.0


def test_a_percentile_is_said_as_a_reader_says_it():
    assert in_words(0.93) == "higher than 9 in 10 published works"
    assert in_words(0.72) == "higher than 7 in 10 published works"
    assert in_words(0.5) == "about average for published works"
    assert in_words(0.1) == "lower than 9 in 10 published works"
    assert in_words(1.0) == "higher than any published work measured"
    assert in_words(0.0) == "lower than any published work measured"


def test_the_shipped_table_holds_every_rate_measured_on_the_gold_data():
    table = json.loads(resources.files("ficlens.craft").joinpath("norms.json").read_text(encoding="utf-8"))
    assert set(table["rates"]) == set(RATES)
    # PDNC's 16 novels and LitBank's excerpts, as scripts/compute_norms.py reads them
    assert table["sources"]["pdnc novels"] == 16
    assert table["sources"]["litbank excerpts"] >= 90
    for name, values in table["rates"].items():
        # dialogue-tag habits only where a work has ten tags or more
        assert values == sorted(values) and len(values) >= (40 if name.startswith("tag_") else 100)


def test_a_seed_s_filter_word_rate_is_placed_by_hand(craft_004):
    table = json.loads(resources.files("ficlens.craft").joinpath("norms.json").read_text(encoding="utf-8"))
    norm = next(n for n in craft_004.diagnostics.norms if n.rate == "filter_words")
    rate = craft_004.diagnostics.filter_words.per_1000
    published = table["rates"]["filter_words"]
    lower = sum(1 for v in published if v < rate)
    same = sum(1 for v in published if v == rate)
    assert norm.value == round(rate, 3)
    assert norm.percentile == round((lower + same / 2) / len(published), 3)
    assert norm.label == "filter words" and norm.unit == "per 1,000 words"
