"""Deciding a whole conversation's speakers at once: lattices, Viterbi, the perceptron, the shipped weights."""

from __future__ import annotations

import numpy as np
import pytest

from ficlens.dialogue import conversation
from ficlens.dialogue.conversation import (
    LOCAL_FEATURES, TRANSITION_FEATURES, SpeakerModel, Turn, held_out_model, lattice, path_features,
    shipped_model, text_key, train, viterbi,
)
from ficlens.model import Character


class FakeCast:
    """What lattices read of a cast: its characters, their genders, aliases and mentions."""

    def __init__(self, *characters: Character) -> None:
        self.characters = list(characters)
        self.by_id = {c.id: c for c in characters}

    def get(self, character_id):
        return self.by_id.get(character_id)


CAST = FakeCast(
    Character(id="anne", name="Anne", aliases=["Anne"], gender="female", mentions=30),
    Character(id="tom", name="Tom", aliases=["Tom"], gender="male", mentions=20),
    Character(id="bess", name="Bess", aliases=["Bess"], gender="female", mentions=5),
)


def untagged(recent=("tom", "anne"), **evidence) -> Turn:
    return Turn([0], None, None, recent=list(recent), **evidence)


def model(**weights: float) -> SpeakerModel:
    found = SpeakerModel.zero()
    for name, weight in weights.items():
        name = name.replace("_", "-")
        if name in LOCAL_FEATURES:
            found.local[LOCAL_FEATURES.index(name)] = weight
        else:
            found.transition[TRANSITION_FEATURES.index(name)] = weight
    return found


def speakers(turns, weights) -> list[str | None]:
    found = lattice(turns, CAST, None, False)
    return [found.candidates[k][c] for k, c in enumerate(viterbi(found, weights))]


def test_a_run_of_untagged_turns_alternates_back_from_a_later_named_tag():
    turns = [untagged(), untagged(), untagged(), untagged(named="anne")]
    assert speakers(turns, model(tag_named=5.0, alternate=2.0, repeat=-3.0)) == ["tom", "anne", "tom", "anne"]


def test_a_he_said_goes_to_the_man_of_the_exchange_even_when_a_woman_spoke_last():
    turns = [untagged(named="anne"), untagged(pronoun="male", gender="male", recent=("anne", "tom"))]
    assert speakers(turns, model(tag_named=5.0, pronoun_match=3.0, pronoun_clash=-3.0)) == ["anne", "tom"]


def test_a_vocative_names_the_next_speaker_not_this_one():
    turns = [untagged(named="anne", called=["bess"]), untagged(recent=("tom", "anne", "bess"))]
    weights = model(tag_named=5.0, called_before=2.0, called_here=-2.0, repeat=-1.0)
    assert speakers(turns, weights) == ["anne", "bess"]


def test_viterbi_scores_the_path_it_returns_by_the_path_features():
    rng = np.random.default_rng(1)
    turns = [untagged(named="anne"), untagged(), untagged(pronoun="male", gender="male"), untagged(called=["tom"]), untagged()]
    found = lattice(turns, CAST, None, False)
    weights = SpeakerModel(rng.normal(size=len(LOCAL_FEATURES)), rng.normal(size=len(TRANSITION_FEATURES)))

    def score(path):
        local, transition = path_features(found, path)
        return local @ weights.local + transition @ weights.transition

    best = viterbi(found, weights)
    others = [[int(x) for x in rng.integers(0, [len(c) for c in found.candidates])] for _ in range(200)]
    assert all(score(best) >= score(p) - 1e-9 for p in others)


def test_allowed_candidates_constrain_the_path():
    turns = [untagged(), untagged()]
    found = lattice(turns, CAST, None, False)
    tom = found.candidates[0].index("tom")
    assert viterbi(found, model(), [{tom}, None])[0] == tom


def test_the_perceptron_learns_to_follow_a_named_tag_over_recency():
    def example(name: str):
        turns = [Turn([0], "bess", "turn", named=name, recent=["bess", "tom", "anne"])]
        found = lattice(turns, CAST, None, False)
        return found, [{found.candidates[0].index(name)}]

    examples = [example(n) for n in ("anne", "tom", "anne", "tom")]
    learnt = train(examples, epochs=3, runs=2)
    assert learnt.local[LOCAL_FEATURES.index("tag-named")] > 0
    assert speakers([untagged(named="tom", recent=("anne",))], learnt) == ["tom"]
    assert train(examples, epochs=3, runs=2).to_json() == learnt.to_json()  # the same data, the same weights


def test_the_shipped_weights_name_only_known_features():
    data = conversation._shipped()
    assert set(data["local"]) == set(LOCAL_FEATURES)
    assert set(data["transition"]) == set(TRANSITION_FEATURES)
    assert shipped_model().local[LOCAL_FEATURES.index("tag-named")] > 0


def test_a_training_work_gets_weights_that_never_saw_it():
    data = conversation._shipped()
    key, held = next(iter(data["held_out"].items()))
    assert held["work"] in data["trained_on"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(conversation, "text_key", lambda text: key if text == "a training novel" else "other")
        assert held_out_model("a training novel").to_json() == SpeakerModel.from_json(held).to_json()
        assert held_out_model("anything else").to_json() == shipped_model().to_json()
    assert len(text_key("x")) == 16


def test_said_his_son_goes_to_the_family_of_who_just_spoke():
    cast = FakeCast(
        Character(id="mr-emerson", name="Mr. Emerson", aliases=["Mr. Emerson"], gender="male", mentions=9),
        Character(id="george", name="George Emerson", aliases=["George", "George Emerson"], gender="male"),
        Character(id="beebe", name="Mr. Beebe", aliases=["Mr. Beebe"], gender="male", mentions=9),
    )
    turns = [Turn([0], "mr-emerson", "tag", named="mr-emerson"),
             Turn([1], None, None, gender="male", kin=True, recent=["beebe", "george"])]
    found = lattice(turns, cast, None, False)
    kin = LOCAL_FEATURES.index("kin-family")
    assert {c for c, row in zip(found.candidates[1], found.features[1]) if row[kin]} == {"george"}
