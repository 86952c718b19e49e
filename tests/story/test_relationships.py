"""Relationships from hand-made quotes and presence."""

from __future__ import annotations

from ficlens.model import Character, Quote
from ficlens.story.bonds import Cue
from ficlens.story.presence import Presence
from ficlens.story.relationships import Lines, Relationship, find_relationships, main_characters, tell_kind

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


def test_main_characters_are_a_quarter_as_present_as_the_lead():
    assert main_characters({"al": 100, "bo": 60, "cy": 10}) == {"al", "bo"}


def kind_of(cues: list[Cue], names: dict[str, set[str]] | None = None, children: dict | None = None,
            declared: bool = False) -> Relationship:
    relationship = Relationship(["al", "bo"], Lines(), 0, 0, None, 1.0)
    tell_kind(relationship, cues, names or {}, children or {}, declared)
    return relationship


def cue(kind: str, word: str, weight: float, who: str = "al", of: str = "bo") -> Cue:
    return Cue(kind, word, who, of, weight, 0, 10)


def test_one_sister_tied_by_two_names_makes_a_family():
    sisters = kind_of([cue("family", "sister", 3.0), cue("romantic", "kiss", 1.5)])
    assert (sisters.kind, sisters.relation, sisters.guard) == ("family", "sister", "family")
    assert sisters.confidence["romantic"] == 0.0 and sisters.confidence["family"] > 0.7


def test_a_shared_surname_is_a_family_unless_the_two_are_married():
    names = {"al": {"elinor", "dashwood"}, "bo": {"marianne", "dashwood"}}
    assert kind_of([], names).kind == "family"
    married = kind_of([cue("romantic", "wife", 3.0)], names)
    assert (married.kind, married.relation, married.guard) == ("romantic", "wife", None)


def test_affection_alone_is_no_romance_until_there_is_much_of_it():
    fond = kind_of([cue("romantic", "kiss", 1.5)])
    assert fond.kind == "unknown"
    assert kind_of([cue("romantic", "kiss", 1.5), cue("romantic", "embrace", 1.0), cue("romantic", "love", 1.0)]).kind \
        == "romantic"
    assert kind_of([cue("romantic", "kiss", 1.5)], declared=True).kind == "romantic"  # the work declares it
    assert kind_of([cue("romantic", "propose", 3.0)]).kind == "romantic"


def test_a_child_or_a_pupil_is_never_in_a_romance():
    child = {"bo": cue("child", "12 years old", 1.0, "bo", "bo")}
    young = kind_of([cue("romantic", "marry", 3.0)], children=child)
    assert young.guard == "child" and young.kind != "romantic" and young.confidence["romantic"] == 0.0
    taught = kind_of([cue("professional", "pupil", 2.5), cue("romantic", "marry", 3.0)])
    assert taught.guard == "teacher and pupil" and taught.kind == "professional"


def test_the_kind_with_most_evidence_wins_and_keeps_its_passages_first():
    friends = kind_of([cue("rivalry", "hit", 1.0), cue("friendship", "friend", 2.0), cue("friendship", "friend", 2.0)])
    assert friends.kind == "friendship" and friends.relation == "friend"
    assert [e.kind for e in friends.evidence] == ["friendship", "friendship", "rivalry"]


def test_cues_make_a_relationship_of_their_own():
    cues = [cue("family", "sister", 3.0)]
    (sisters,) = find_relationships(TEXT, [], Presence([], []), cues,
                                    [Character("al", "Al", []), Character("bo", "Bo", [])])
    assert sisters.characters == ["al", "bo"] and sisters.kind == "family"
