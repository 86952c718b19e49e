"""The tables fit 100 columns with the widest figures; the JSON keeps every count."""

from __future__ import annotations

import json

from rich.console import Console

from ficlens.evaluate.metrics import Accuracy, BCubed, CharacterMatch, CorpusScore, Coverage, Detection, WorkScore
from ficlens.evaluate.report import render, to_json


def widest(name: str) -> WorkScore:
    full = Detection(12345, 12345, 12345, 12345)
    return WorkScore(
        name, 12345, 12345, full, full,
        {g: Accuracy(9999, 9999) for g in ("all", "explicit", "anaphoric", "implicit")},
        BCubed(100, 100.0, 100.0), Coverage(111, 114), "first", "mixed", seconds=12345.0,
        characters=[CharacterMatch("c1", "Lucy", ["Miss Honeychurch"], "Miss Honeychurch", "name"),
                    CharacterMatch("c2", "Arno", [], None, None)],
        notes=["505 quotes name their speaker by an alias"],
    )


def test_the_widest_figures_fit_100_columns_and_overall_comes_last():
    console = Console(width=100, record=True)
    render(CorpusScore("pdnc", [widest("AlicesAdventuresInWonderland"), widest("Emma")]), console, verbose=True)
    text = console.export_text()
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 100
    assert "…" not in text.replace("AlicesAdventuresI…", "")  # only the long name is cut
    assert "mixed ✗" in text and "222/228" in text
    first_table = text.split("pdnc: speakers, characters")[0]
    assert first_table.rstrip().splitlines()[-1].split()[0] == "overall"
    assert "Lucy (Miss Honeychurch) -> Miss Honeychurch, by name" in text
    assert "not in the gold: Arno" in text


def test_json_keeps_counts_and_ratios_and_marks_failures():
    document = json.loads(to_json(CorpusScore("pdnc", [widest("Emma"), WorkScore("Broken", error="boom")]), 12.34))
    assert document["wall_seconds"] == 12.3
    assert document["works"][0] == {"name": "Broken", "error": "boom"}
    emma = document["works"][1]
    assert emma["detection"]["predicted_matched"] == 12345 and emma["detection"]["f1"] == 1.0
    assert emma["pov"] == {"gold": "first", "predicted": "mixed", "right": False}
    assert document["overall"]["pov"] == {"right": 0, "total": 1}
    assert document["overall"]["main_characters"]["found"] == 111
