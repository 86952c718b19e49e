"""Passive voice, read from the parse, on sentences written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.passive import passive_voice


def test_passive_verbs_are_found_from_auxiliary_to_verb():
    story = parse_text("The letter was written by Harry. The door had been locked for years.")
    found = passive_voice(story.text, story.tokens, story.parsed)
    assert [use.text for use in found.uses] == ["was written", "been locked"]
    assert found.count == 2
    assert found.per_1000 == round(1000 * 2 / 13, 2)  # 13 words


def test_was_tired_and_was_writing_are_not_passive():
    story = parse_text("She was tired. He was writing a letter. It was a cold night.")
    assert passive_voice(story.text, story.tokens, story.parsed).uses == []
