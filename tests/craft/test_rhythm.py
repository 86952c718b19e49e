"""Sentence and paragraph lengths, and readability."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.readability import readability, syllables
from ficlens.craft.rhythm import paragraphs, sentences


def test_sentence_lengths_histogram_and_longest():
    text = "It rained. The long grey rain fell on the town all night and all the next day.\n\nShe waited."
    story = parse_text(text)
    found = sentences(story.tokens)
    assert found.count == 3
    assert found.histogram["1-5"] == 2 and found.histogram["11-15"] == 1
    assert sum(found.histogram.values()) == 3
    assert found.longest.words == 15
    assert text[found.longest.start : found.longest.end].startswith("The long grey rain")
    assert found.mean == round((2 + 15 + 2) / 3, 2)


def test_paragraph_lengths():
    story = parse_text("One two three.\n\nOne two three four five.")
    found = paragraphs(story.tokens)
    assert (found.count, found.mean, found.stdev) == (2, 4.0, 1.0)


def test_no_words_no_statistics():
    story = parse_text("…")
    assert sentences(story.tokens).count == 0 and sentences(story.tokens).longest is None
    assert paragraphs(story.tokens).count == 0
    assert readability(story.tokens).flesch_reading_ease is None


def test_readability_simple_prose_reads_easily():
    easy = readability(parse_text("The cat sat on the mat. The dog ran to the cat. It was fun.").tokens)
    hard = readability(
        parse_text(
            "Notwithstanding considerable institutional resistance, the administration's "
            "comprehensive reorganisation fundamentally transformed organisational accountability."
        ).tokens
    )
    assert easy.flesch_reading_ease > 90 > hard.flesch_reading_ease
    assert easy.flesch_kincaid_grade < hard.flesch_kincaid_grade
    assert easy.gunning_fog < hard.gunning_fog
    assert easy.dale_chall < hard.dale_chall


def test_syllables():
    assert syllables("cat") == 1
    assert syllables("reorganisation") >= 5
