"""Relationships from hand-made quotes and presence."""

from __future__ import annotations

from ficlens.model import Quote
from ficlens.story.presence import Presence
from ficlens.story.relationships import find_relationships, main_characters, main_pair

TEXT = "I love you. I hate this. Go away. Fine."


def test_lines_warmth_and_strength():
    quotes = [
        Quote(0, 10, speaker="bo", addressees=["al"]),  # "I love you"
        Quote(12, 23, speaker="al", addressees=["bo"]),  # "I hate this"
        Quote(25, 32, speaker="al", addressees=["bo"]),
        Quote(34, 38, speaker="cy", addressees=[]),
    ]
    presence = Presence(paragraphs=[{"al", "bo"}, {"al", "cy"}, {"cy"}], scenes=[{"al", "bo", "cy"}, {"cy"}])
    first, second = find_relationships(TEXT, quotes, presence)
    assert first.characters == ["al", "bo"]
    assert (first.lines.a_to_b, first.lines.b_to_a) == (2, 1)
    assert (first.shared_scenes, first.co_mentions, first.strength) == (1, 1, 1.0)
    assert first.warmth is not None and -1 <= first.warmth <= 1
    assert second.characters == ["al", "cy"] and second.warmth is None and 0 < second.strength < 1


def test_sharing_a_scene_alone_is_no_relationship():
    assert find_relationships(TEXT, [], Presence(paragraphs=[{"al"}, {"bo"}], scenes=[{"al", "bo"}])) == []


def test_main_pair_is_the_strongest_among_main_characters():
    importance = {"al": 100, "bo": 60, "cy": 10}
    assert main_characters(importance) == {"al", "bo"}
    quotes = [Quote(0, 10, "al", ["cy"]), Quote(0, 10, "al", ["cy"]), Quote(12, 23, "al", ["bo"])]
    relationships = find_relationships(TEXT, quotes, Presence([], []))
    assert relationships[0].characters == ["al", "cy"]
    assert main_pair(relationships, main_characters(importance)).characters == ["al", "bo"]
