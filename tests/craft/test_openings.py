"""Alike sentence openings on paragraphs written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.openings import repeated_openings


def test_he_he_he_is_a_run_of_the_same_opening_word():
    story = parse_text("He turned. He looked at her. He sighed. The rain fell.")
    [run] = repeated_openings(story.tokens)
    assert (run.opening, run.kind, run.sentences) == ("He", "word", 3)
    assert [story.text[s.start : s.end] for s in run.spans] == ["He", "He", "He"]


def test_dialogue_between_does_not_hide_the_run():
    story = parse_text('He nodded. "Yes." He turned. "No." He left.')
    [run] = repeated_openings(story.tokens)
    assert (run.opening, run.sentences) == ("He", 3)


def test_four_sentences_of_one_build_are_a_structure_run():
    story = parse_text("She smiled. He nodded. She left. They waited. The rain fell.")
    [run] = repeated_openings(story.tokens)
    assert (run.opening, run.kind, run.sentences) == ("pronoun + verb", "structure", 4)
    assert story.text[run.spans[0].start : run.spans[0].end] == "She smiled"


def test_varied_openings_are_not_flagged():
    story = parse_text("He turned. The rain fell. Slowly, she smiled. He sighed. Outside, a dog barked.")
    assert repeated_openings(story.tokens) == []
