"""Spelling: dictionary misses that are neither names nor the story's own words."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.spelling import misspellings, suggest


def test_run_together_words_are_split():
    story = parse_text("He had nothing left todecide. She recieved the letter.")
    found = {m.word: m.suggestion for m in misspellings(story.tokens, names=set())}
    assert found == {"todecide": "to decide", "recieved": "received"}


def test_names_and_fandom_words_are_not_misspellings():
    text = (
        "Draco and Narcissa walked to Hogwarts. The Drarry fans cheered. Malfoy sneered. "
        "Then Draco smiled at Narcissa."
    )
    story = parse_text(text)
    assert misspellings(story.tokens, names={"draco", "malfoy"}) == []


def test_the_storys_own_words_british_spellings_and_compounds_pass():
    text = "The grindylow swam. A grindylow hissed. The grindylow fled. The colour of the rulebook faded."
    story = parse_text(text)
    assert misspellings(story.tokens, names=set()) == []


def test_newer_words_one_dictionary_lacks_pass():
    # Seed 004 writes "the muggle customers" and "snarky": pyspellchecker knows neither, SymSpell's list both.
    story = parse_text("He was snarky in a muggle bar. She texted him and googled the bar.")
    assert misspellings(story.tokens, names=set()) == []


def test_spans_point_at_each_use():
    text = "It was wierd. Truly wierd."
    story = parse_text(text)
    [found] = misspellings(story.tokens, names=set())
    assert found.suggestion == "weird"
    assert [text[s.start : s.end] for s in found.spans] == ["wierd", "wierd"]


def test_suggest():
    assert suggest("alot") == "a lot"
    assert suggest("qqqqzzzz") is None
