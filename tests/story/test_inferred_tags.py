"""Inferred AO3 tags and their agreement with the declared ones."""

from __future__ import annotations

from ficlens.model import Character, Metadata
from ficlens.story.relationships import Lines, Relationship
from ficlens.story.tags import (
    agree,
    categories,
    category,
    infer_tags,
    relationship_tag,
    same_name,
    same_relationship,
)


def character(id_: str, name: str, aliases: list[str], gender: str | None, mentions: int = 10) -> Character:
    return Character(id_, name, aliases, gender, mentions=mentions)


def relationship(a: str, b: str, strength: float = 1.0, lines: tuple[int, int] = (3, 2)) -> Relationship:
    return Relationship([a, b], Lines(*lines), shared_scenes=1, co_mentions=1, warmth=0.2, strength=strength)


def test_category_from_genders():
    assert category("male", "male") == "M/M"
    assert category("female", "male") == "F/M"
    assert category("female", "female") == "F/F"
    assert category("nonbinary", "male") == "Other"
    assert category("male", None) is None


def test_categories_of_a_work():
    assert categories([]) == ["Gen"]
    assert categories(["M/M", "M/M"]) == ["M/M"]
    assert categories(["F/M", "M/M"]) == ["F/M", "M/M", "Multi"]
    assert categories([None]) == []


def test_relationship_tags_are_alphabetical():
    assert relationship_tag(["Harry Potter", "Draco Malfoy"]) == "Draco Malfoy/Harry Potter"


def test_names_match_leniently():
    assert same_name("draco", "Draco Malfoy")
    assert same_name("Harry Potter (Harry Potter)", "harry  potter")
    assert same_name("Hermione Granger", "Hermione Granger-Weasley")
    assert not same_name("Lucius Malfoy", "Draco Malfoy")


def test_relationships_match_whatever_the_order_and_separator():
    assert same_relationship("Harry Potter & Draco Malfoy", "Draco Malfoy/Harry Potter")
    assert same_relationship("Draco/Harry", "Draco Malfoy/Harry Potter")
    assert not same_relationship("Draco Malfoy/Ginny Weasley", "Draco Malfoy/Harry Potter")
    assert not same_relationship("Draco/Harry/Ron", "Draco Malfoy/Harry Potter")


def test_agreement_lists_both_sides():
    result = agree(["Draco", "Ron Weasley"], ["Draco Malfoy", "Harry Potter"], same_name)
    assert result.declared == ["Draco", "Ron Weasley"]
    assert result.agree == ["Draco"]
    assert result.only_declared == ["Ron Weasley"]
    assert result.only_inferred == ["Harry Potter"]


def test_infer_tags_pairs_the_two_leads():
    cast = [
        character("draco", "Draco Malfoy", ["Draco", "Draco Malfoy"], "male", mentions=50),
        character("harry", "Harry Potter", ["Harry", "Harry Potter"], "male", mentions=40),
        character("ron", "Ron Weasley", ["Ron", "Ron Weasley"], "male", mentions=4),
    ]
    importance = {c.id: c.mentions for c in cast}
    genders = {c.id: c.gender for c in cast}
    pairs = [relationship("draco", "harry"), relationship("harry", "ron", strength=0.6)]
    declared = Metadata(categories=["M/M"], relationships=["Harry Potter/Draco Malfoy"], characters=["Draco"])
    pairing, inferred = infer_tags(cast, genders, importance, pairs, declared)
    assert pairing is not None and (pairing.tag, pairing.category) == ("Draco Malfoy/Harry Potter", "M/M")
    assert inferred.characters == ["Draco Malfoy", "Harry Potter", "Ron Weasley"]
    assert inferred.relationships == ["Draco Malfoy/Harry Potter"]  # Ron is not a main character
    assert inferred.agreement.relationships.agree == ["Harry Potter/Draco Malfoy"]
    assert inferred.agreement.categories.agree == ["M/M"]


def test_without_a_pair_of_main_characters_a_work_is_gen():
    cast = [character("anna", "Anna Smith", ["Anna", "Anna Smith"], "female", mentions=30)]
    pairing, inferred = infer_tags(cast, {"anna": "female"}, {"anna": 30}, [], Metadata())
    assert pairing is None
    assert inferred.categories == ["Gen"] and inferred.relationships == []
