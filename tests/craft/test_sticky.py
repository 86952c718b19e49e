"""Sticky sentences on sentences written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.sticky import MIN_WORDS, sticky_sentences


def test_a_sentence_of_glue_is_sticky_and_says_which_glue():
    # ProWritingAid's own example: of its 21 words, "over to my ... after ... and then ... just
    # ... for a really" are glue: far more than 45 %.
    story = parse_text("I went over to my friend's house after school and then we just played basketball "
                       "for a really long time.")
    found = sticky_sentences(story.tokens)
    assert (found.sentences, found.count, found.share) == (1, 1, 100.0)
    [sentence] = found.flagged
    assert sentence.glue > 45
    assert {"over", "to", "after", "then", "for", "a"} <= set(sentence.words)
    assert story.text[sentence.start : sentence.end].startswith("I went over")


def test_working_words_are_not_sticky():
    # "the" and "from" and "and" and "it" are the glue: 4 of 11 words.
    story = parse_text("Jenna hurled the basketball from half-court and watched it soar skyward.")
    assert sticky_sentences(story.tokens).flagged == []


def test_short_sentences_and_pronouns_are_not_judged():
    # "He looked at her." is mostly small words, but too short to wander, and "he" and "her" name people.
    story = parse_text("He looked at her. She was there.")
    found = sticky_sentences(story.tokens)
    assert found.sentences == 0 and found.flagged == [] and MIN_WORDS > 4
