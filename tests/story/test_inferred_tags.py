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


def relationship(
    a: str, b: str, strength: float = 1.0, lines: tuple[int, int] = (3, 2), kind: str = "romantic", sure: float = 0.8
) -> Relationship:
    return Relationship([a, b], Lines(*lines), shared_scenes=1, co_mentions=1, warmth=0.2, strength=strength,
                        kind=kind, confidence={kind: sure})


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
    assert relationship_tag(["Marianne", "Elinor"], romantic=False) == "Elinor & Marianne"


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
    pairs = [relationship("draco", "harry"), relationship("harry", "ron", strength=0.6, kind="friendship")]
    declared = Metadata(categories=["M/M"], relationships=["Harry Potter/Draco Malfoy"], characters=["Draco"])
    pairing, inferred = infer_tags(cast, genders, importance, pairs, declared)
    assert pairing is not None and (pairing.tag, pairing.category) == ("Draco Malfoy/Harry Potter", "M/M")
    assert inferred.characters == ["Draco Malfoy", "Harry Potter", "Ron Weasley"]
    assert inferred.relationships == ["Draco Malfoy/Harry Potter"]  # Ron is not a main character: no "&" tag
    assert inferred.agreement.relationships.agree == ["Harry Potter/Draco Malfoy"]
    assert inferred.agreement.categories.agree == ["M/M"]


def test_without_a_pair_of_main_characters_a_work_is_gen():
    cast = [character("anna", "Anna Smith", ["Anna", "Anna Smith"], "female", mentions=30)]
    pairing, inferred = infer_tags(cast, {"anna": "female"}, {"anna": 30}, [], Metadata())
    assert pairing is None
    assert inferred.categories == ["Gen"] and inferred.relationships == []


def test_the_main_pairing_is_the_strongest_romance_not_the_strongest_pair():
    cast = [
        character("elinor", "Elinor Dashwood", [], "female", mentions=60),
        character("marianne", "Marianne Dashwood", [], "female", mentions=55),
        character("edward", "Edward Ferrars", [], "male", mentions=40),
    ]
    importance = {c.id: c.mentions for c in cast}
    genders = {c.id: c.gender for c in cast}
    pairs = [relationship("elinor", "marianne", kind="family", sure=0.95),
             relationship("edward", "elinor", strength=0.7)]
    pairing, inferred = infer_tags(cast, genders, importance, pairs, Metadata())
    assert pairing is not None and pairing.tag == "Edward Ferrars/Elinor Dashwood" and pairing.category == "F/M"
    assert inferred.relationships == ["Edward Ferrars/Elinor Dashwood", "Elinor Dashwood & Marianne Dashwood"]
    assert inferred.categories == ["F/M"]  # from the romance only: sisters are no F/F


def test_sisters_alone_make_a_gen_work():
    cast = [character("elinor", "Elinor Dashwood", [], "female", 60), character("marianne", "Marianne Dashwood", [], "female", 55)]
    pairs = [relationship("elinor", "marianne", kind="family", sure=0.95)]
    pairing, inferred = infer_tags(cast, {"elinor": "female", "marianne": "female"}, {"elinor": 60, "marianne": 55},
                                   pairs, Metadata())
    assert pairing is None and inferred.categories == ["Gen"]


def test_a_romance_too_weak_for_a_work_declared_gen_is_left_out():
    cast = [character("a", "Anna Smith", [], "female", 50), character("b", "Ben Jones", [], "male", 40)]
    args = ({"a": "female", "b": "male"}, {"a": 50, "b": 40})
    weak = [relationship("a", "b", sure=0.7)]
    assert infer_tags(cast, *args, weak, Metadata())[0] is not None
    pairing, inferred = infer_tags(cast, *args, weak, Metadata(categories=["Gen"]))
    assert pairing is None and inferred.categories == ["Gen"]
    pairing, inferred = infer_tags(cast, *args, [relationship("a", "b", sure=0.95)], Metadata(categories=["Gen"]))
    assert pairing is not None and inferred.agreement.categories.only_declared == ["Gen"]
    assert inferred.agreement.categories.only_inferred == ["F/M"]
