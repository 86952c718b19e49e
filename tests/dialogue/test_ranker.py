"""The learned speaker ranker: features, training, the artifact, and the training script's loop."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from ficlens.dialogue.ranker import ARTIFACT, FEATURES, Ranker, Situation, default_ranker, rule_prior, train
from ficlens.evaluate.gold import GoldQuote, GoldWork
from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes

SCRIPT = Path(__file__).parents[2] / "scripts" / "train_speaker_ranker.py"


def situation(**changes) -> Situation:
    values = dict(
        proposals={"pronoun-tag": "ann", "turn": "bob"},
        rule_choice="ann",
        subjects=[],
        tag_gender="female",
        history=["ann", "bob"],
        recent=["cat", "ann", "bob"],
        vocatives_here=["bob"],
        vocatives_before=[],
        mentioned_in_quote=set(),
        named_here=set(),
        named_before={"cat"},
        last_spoke={"ann": 0, "bob": 1},
        lines={"ann": 1, "bob": 1},
        turn=2,
        gap=0,
        narrator=None,
        first_person=False,
        genders={"ann": "female", "bob": "male", "cat": "female"},
    )
    values.update(changes)
    return Situation(**values)


def test_candidates_hold_every_proposal_and_the_recent_ones():
    candidates = situation().candidates()
    assert candidates[:2] == ["ann", "bob"]
    assert "cat" in candidates


def test_features_match_their_names():
    s = situation()
    row = dict(zip(FEATURES, s.features("ann")))
    assert len(s.features("ann")) == len(FEATURES)
    assert row["sieve:pronoun-tag"] == 1 and row["rule-choice"] == 1 and row["tag-gender-agrees"] == 1
    assert row["two-back"] == 1 and row["two-back-and-not-last"] == 1 and row["last-speaker"] == 0
    bob = dict(zip(FEATURES, s.features("bob")))
    assert bob["vocative-here"] == 1 and bob["tag-gender-differs"] == 1 and bob["last-speaker"] == 1


def test_training_is_deterministic_and_learns_the_right_candidate():
    rng = np.random.default_rng(0)
    examples = []
    for _ in range(50):
        rows = rng.integers(0, 2, size=(3, len(FEATURES))).astype(float)
        rows[:, 0] = [1.0, 0.0, 0.0]  # the first feature marks the right candidate
        examples.append((rows, np.array([True, False, False])))
    first, second = train(examples, steps=200), train(examples, steps=200)
    assert np.array_equal(first, second)
    assert first[0] > 1.0
    ranker = Ranker(first)
    assert all(np.argmax(ranker.probabilities(rows)) == 0 for rows, _ in examples)


def test_the_rule_prior_follows_the_sieves():
    ranker = Ranker(rule_prior(2.0))
    speaker, probability = ranker.choose(situation())
    assert speaker == "ann" and 0.5 < probability < 1.0


def test_the_artifact_round_trips_and_says_what_it_was_trained_on():
    data = json.loads(ARTIFACT.read_text(encoding="utf-8"))
    assert list(data["weights"]) == list(FEATURES)
    assert data["data"] == "LitBank quotations" and len(data["data_sha256"]) == 64
    ranker = default_ranker()
    assert ranker is not None
    assert Ranker.from_json(ranker.to_json()).weights.tolist() == ranker.weights.tolist()
    with pytest.raises(ValueError):
        Ranker.from_json({"schema": "something else", "weights": {}})


@pytest.fixture(scope="module")
def script():
    spec = importlib.util.spec_from_file_location("train_speaker_ranker", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


KITCHEN = """Harry walked into the kitchen. Hermione was reading at the table.

“Morning,” said Harry.

“You’re late,” Hermione replied. She did not look up.

“I overslept.”

Harry frowned. “That’s not fair.”

“Isn’t it?” she asked, turning a page.
"""


def test_the_scripts_loop_without_a_ranker_is_the_sieves(script):
    from ficlens.dialogue import find_quotes_in
    from ficlens.language import parse_spans
    from ficlens.structure import build_structure

    analysis = analyze_work(read_bytes(KITCHEN.encode(), "kitchen.txt"))
    work = analysis.work
    paragraphs = build_structure(work).story_paragraphs()
    parsed = parse_spans(work.text, [(p.start, p.end) for p in paragraphs])
    spans = find_quotes_in(work.text, paragraphs)
    from ficlens.characters import find_characters

    cast = find_characters(work.text, paragraphs, parsed, [(q.start, q.end) for q in spans], work.meta.characters)
    record: list = []
    quotes = script.attribute_with(paragraphs, parsed, spans, cast, analysis.narration, None, record)
    assert [q.speaker for q in quotes] == [q.speaker for q in analysis.quotes]
    assert [q.method for q in quotes] == [q.method for q in analysis.quotes]
    assert len(record) == len(quotes)


def test_litbank_turns_become_paragraphs_without_moving_offsets(script):
    text = "“Yes.”\n\nHe paused.\n\n“No.”\n\n“Why?”"
    quotes = [
        GoldQuote("Q1", ((1, 5),), "A"),
        GoldQuote("Q2", ((text.index("No"), text.index("No") + 3),), "A"),
        GoldQuote("Q3", ((text.index("Why"), text.index("Why") + 4),), "B"),
    ]
    joined = script.turns_as_paragraphs(GoldWork("t", text, quotes, []))
    assert len(joined.text) == len(text)
    assert joined.text == "“Yes.”  He paused.  “No.”\n\n“Why?”"
