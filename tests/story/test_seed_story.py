"""The story stage on the two seed stories, against the report contract."""

from __future__ import annotations

import dataclasses
import json

import pytest

from ficlens.story.emotions import EMOTIONS
from ficlens.story.arc import SHAPES


def quarter_means(values: list[float]) -> list[float]:
    n = len(values)
    return [sum(values[i * n // 4 : (i + 1) * n // 4]) / len(values[i * n // 4 : (i + 1) * n // 4]) for i in range(4)]


def test_seed_000_pairs_draco_and_harry_as_m_m(story_000):
    assert story_000.pairing is not None
    assert story_000.pairing.tag == "Draco Malfoy/Harry Potter"
    assert story_000.pairing.category == "M/M"
    assert story_000.inferred.categories == ["M/M"]
    assert story_000.inferred.characters[:2] == ["Draco Malfoy", "Harry Potter"]


def test_seed_000_narrator_talks_with_harry_in_every_scene(story_000):
    strongest = story_000.relationships[0]
    assert strongest.characters == ["draco-malfoy", "harry-potter"]
    assert strongest.lines.a_to_b > 20 and strongest.lines.b_to_a > 20
    assert strongest.shared_scenes >= 10 and strongest.co_mentions > 0


def test_seed_000_arc_falls_in_its_second_half(story_000):
    quarters = quarter_means([p.smoothed for p in story_000.arc.points])
    assert quarters.index(min(quarters)) >= 2


def test_seed_000_arc_is_lowest_in_its_last_quarter(story_000):
    """The issue's acceptance. Measured with NRC valence (negation applied), quarter means of the
    smoothed arc: +0.0104 +0.0102 -0.0028 -0.0039 per word: the last is lowest, by a small margin
    over the third (the break-up). VADER sentence compound put the third lowest. A range of 0.02 per
    word is no more than the same sentences reach in another order: no shape is claimed for it."""
    assert story_000.arc.shape is None and not story_000.arc.clear
    quarters = quarter_means([p.smoothed for p in story_000.arc.points])
    assert quarters[3] == min(quarters)


def test_seed_004_pairs_candy_and_draco_as_declared(story_004, analysis_004):
    names = {c.id: c.name for c in analysis_004.characters}
    assert story_004.pairing is not None
    assert sorted(names[c] for c in story_004.pairing.characters) == ["Candy", "Draco Malfoy"]
    assert story_004.pairing.tag == "Candy/Draco Malfoy"
    assert story_004.pairing.category == "F/M"
    agreement = story_004.inferred.agreement.categories
    assert agreement.declared == ["F/M"] and agreement.agree == ["F/M"]
    assert agreement.only_declared == [] and agreement.only_inferred == []


def test_seed_004_arc_ends_warmer_than_it_starts(story_004):
    points = story_004.arc.points
    assert points[-1].smoothed > points[0].smoothed
    assert story_004.arc.shape is None or story_004.arc.clear  # a shape only for an arc that clears its noise


@pytest.mark.parametrize("fixture", ["story_000", "story_004"])
def test_json_follows_the_contract(fixture, request):
    story = request.getfixturevalue(fixture)
    data = json.loads(json.dumps(dataclasses.asdict(story)))
    assert set(data) == {"arc", "relationships", "pairing", "inferred"}
    arc = data["arc"]
    assert arc["method"] == "nrc-valence" and arc["window"] == 250
    assert set(arc["points"][0]) == {"start", "end", "position", "sentiment", "smoothed"}
    assert [p["position"] for p in arc["points"]] == sorted(p["position"] for p in arc["points"])
    assert all(-1 <= p["sentiment"] <= 1 and 0 <= p["position"] <= 1 for p in arc["points"])
    assert set(arc["scenes"][0]) == {"start", "end", "sentiment", "emotions"}
    assert set(arc["scenes"][0]["emotions"]) == set(EMOTIONS)
    assert set(arc["shape_scores"]) == set(SHAPES)
    for r in data["relationships"]:
        assert set(r) == {"characters", "lines", "shared_scenes", "co_mentions", "warmth", "strength", "kind",
                          "relation", "confidence", "guard", "evidence"}
        assert r["characters"][0] < r["characters"][1] and set(r["lines"]) == {"a_to_b", "b_to_a"}
    strengths = [r["strength"] for r in data["relationships"]]
    assert strengths == sorted(strengths, reverse=True) and strengths[0] == 1.0
    assert set(data["pairing"]) == {"characters", "tag", "category"}
    inferred = data["inferred"]
    assert set(inferred) == {"characters", "relationships", "categories", "agreement"}
    for kind in ("characters", "relationships", "categories"):
        assert set(inferred["agreement"][kind]) == {"declared", "agree", "only_declared", "only_inferred"}


def test_one_mood_per_scene(story_000, analysis_000):
    assert [(s.start, s.end) for s in story_000.arc.scenes] == [(s.start, s.end) for s in analysis_000.structure.scenes]
