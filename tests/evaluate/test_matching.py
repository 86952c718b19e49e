"""Which gold character a predicted character stands for, and which spans overlap."""

from __future__ import annotations

from eval_files import character

from ficlens.evaluate.gold import GoldCharacter, GoldQuote, GoldWork
from ficlens.evaluate.matching import SpanIndex, map_characters, name_usage, normalise_name
from ficlens.model import Mention


def bennets(narrator: str | None = None) -> GoldWork:
    """Mr. Bennet speaks twice, Mrs. Bennet once, Elizabeth once; "_narr" narrates."""
    characters = [
        GoldCharacter("Mrs. Bennet", "Mrs. Bennet"),
        GoldCharacter("Mr. Bennet", "Mr. Bennet"),
        GoldCharacter("Elizabeth Bennet", "Elizabeth Bennet", ("Lizzy", "Eliza")),
        GoldCharacter("_narr", "_narr", ("Narrator",)),
        GoldCharacter("_group", "_group"),
    ]
    speakers = ["Mr. Bennet", "Mr. Bennet", "Mrs. Bennet", "Elizabeth Bennet"]
    quotes = [GoldQuote(f"Q{i}", ((10 * i, 10 * i + 5),), s) for i, s in enumerate(speakers)]
    return GoldWork("bennets", "x" * 100, quotes, characters, narrator=narrator, nobody=frozenset({"_group"}))


def test_names_are_compared_without_case_punctuation_or_title_spellings():
    assert normalise_name("Mr. Darcy") == normalise_name("MISTER DARCY") == "mr darcy"
    assert normalise_name("Winnie-the-Pooh") == "winnie the pooh"
    assert normalise_name("The Doctor") == "dr"
    assert normalise_name("Alcée Arobin") == "alcee arobin"
    assert normalise_name("Lucy'S Mother") == normalise_name("Lucy_s_mother") == "lucy s mother"


def test_a_shared_name_beats_a_name_that_agrees_only_without_titles():
    mapping = map_characters([character("c1", "Mrs Bennet"), character("c2", "Lizzy", "Miss Bennet")], bennets())
    assert mapping.gold_of == {"c1": "Mrs. Bennet", "c2": "Elizabeth Bennet"}
    assert mapping.how == {"c1": "name", "c2": "name"}


def test_an_ambiguous_name_goes_to_the_character_who_speaks_more():
    mapping = map_characters([character("c1", "Bennet")], bennets())
    assert mapping.gold_of == {"c1": "Mr. Bennet"}
    assert mapping.how == {"c1": "name without titles"}


def test_among_equal_matches_the_name_the_text_uses_most_decides():
    # Father and son are both "Tom" to someone; the text calls this one "Tom" far more than "Tom Gradgrind".
    gold = GoldWork("toms", "x" * 30, [GoldQuote("Q0", ((0, 5),), "Thomas Gradgrind")], [
        GoldCharacter("Thomas Gradgrind", "Thomas Gradgrind", ("Tom Gradgrind", "Mr. Gradgrind")),
        GoldCharacter("Young Tom", "Young Tom", ("Tom",)),
    ])
    text = "Tom came in. Tom sat. Tom Gradgrind, Mr. Tom."
    mentions = [Mention(0, 3, "c1"), Mention(13, 16, "c1"), Mention(22, 35, "c1"), Mention(37, 44, "c1")]
    usage = name_usage(text, mentions)
    assert usage == {"c1": {"tom": 2, "tom gradgrind": 1, "mr tom": 1}}
    predicted = [character("c1", "Tom Gradgrind", "Tom", "Mr. Tom")]
    assert map_characters(predicted, gold, usage=usage).gold_of == {"c1": "Young Tom"}
    assert map_characters(predicted, gold).gold_of == {"c1": "Thomas Gradgrind"}  # unknown usage: who speaks more


def test_shared_words_are_the_weakest_match():
    mapping = map_characters([character("c1", "Elizabeth")], bennets())
    assert (mapping.gold_of, mapping.how) == ({"c1": "Elizabeth Bennet"}, {"c1": "shared words"})


def test_the_gold_character_sharing_more_words_wins_over_the_one_who_speaks_more():
    gold = GoldWork("bingleys", "x" * 30, [GoldQuote("Q0", ((0, 5),), "Mr. Bingley")], [
        GoldCharacter("Mr. Bingley", "Mr. Bingley", ("Bingley", "Charles Bingley")),
        GoldCharacter("Miss Bingley", "Miss Bingley", ("Caroline",)),
    ])
    assert map_characters([character("c1", "Caroline Bingley")], gold).gold_of == {"c1": "Miss Bingley"}


def test_words_that_only_describe_do_not_match():
    gold = GoldWork("w", "x" * 30, [], [GoldCharacter("Stephen", "Old Stephen")])
    assert map_characters([character("c1", "The Old Woman")], gold).gold_of == {}


def test_a_character_sharing_no_name_stays_unmapped():
    mapping = map_characters([character("c1", "Wickham")], bennets())
    assert mapping.gold_of == {} and mapping.get("c1") is None and mapping.get(None) is None


def test_the_predicted_narrator_maps_to_the_gold_narrator_when_no_name_does():
    predicted = [character("me", "I"), character("c1", "Wickham")]
    assert map_characters(predicted, bennets(narrator="_narr"), narrator="me").gold_of == {"me": "_narr"}
    assert map_characters(predicted, bennets(narrator=None), narrator="me").gold_of == {}


def test_groups_are_never_a_target():
    assert map_characters([character("c1", "_group")], bennets()).gold_of == {}


def test_several_predicted_characters_may_stand_for_one_gold_character():
    mapping = map_characters([character("c1", "Lizzy"), character("c2", "Eliza")], bennets())
    assert mapping.gold_of == {"c1": "Elizabeth Bennet", "c2": "Elizabeth Bennet"}


def test_span_index_finds_every_overlapping_span():
    index = SpanIndex([(0, 10), (20, 30), (5, 40), (50, 60), (60, 60)])
    assert index.overlapping(8, 21) == [0, 1, 2]
    assert index.overlapping(40, 50) == []
    assert index.overlapping(59, 70) == [3]
