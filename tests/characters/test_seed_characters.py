"""Characters of the seed stories, found without trusting NER labels."""

from __future__ import annotations


def _by_name(analysis):
    return {c.name: c for c in analysis.characters}


def test_seed_000_harry_potter_with_all_his_names(analysis_000):
    harry = _by_name(analysis_000)["Harry Potter"]
    assert {"Harry", "Potter", "Harry Potter", "Harry James Potter"} <= set(harry.aliases)
    assert harry.gender == "male"


def test_seed_000_family_and_friends_found_and_kept_apart(analysis_000):
    names = _by_name(analysis_000)
    lucius = next(c for c in analysis_000.characters if "Lucius" in c.aliases)
    draco = next(c for c in analysis_000.characters if "Draco" in c.aliases)
    assert lucius.id != draco.id
    assert "Lucius A. Malfoy" in lucius.aliases
    # Narcissa (twice: once tagged as an adverb, once in a list of names) is too thin to tell
    assert any("Hermione" in c.aliases for c in analysis_000.characters)
    assert "Draco Malfoy" in names


def test_seed_004_draco_found_although_ner_calls_him_an_org(analysis_004):
    names = _by_name(analysis_004)
    assert names["Draco Malfoy"].gender == "male"
    assert names["Draco Malfoy"].mentions > 100
    assert names["Candy"].gender == "female"


def test_mentions_slice_to_their_names(analysis_004):
    text = analysis_004.work.text
    aliases = {c.id: set(c.aliases) for c in analysis_004.characters}
    for mention in analysis_004.mentions:
        assert text[mention.start : mention.end] in aliases[mention.character]


def test_seed_004_lee_is_draco_s_name_for_candy(analysis_004):
    # "I'm tired, Lee," Draco says to Candy, the only other person in the conversation, and
    # "Lee" is written nowhere else: a reader takes it for his name for her.
    candy = _by_name(analysis_004)["Candy"]
    assert "Lee" in candy.aliases
    assert [c.name for c in analysis_004.characters] == ["Draco Malfoy", "Candy"]
