"""Dialogue punctuation slips on lines written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.punctuation import dialogue_punctuation


def _slips(text: str) -> list[tuple[str, str]]:
    story = parse_text(text)
    return [(slip.kind, slip.text) for slip in dialogue_punctuation(story.text, story.tokens, story.quotes)]


def test_a_full_stop_before_a_tag():
    assert _slips('"Hello." she said.') == [("full stop before tag", '." she said')]
    assert _slips('"Go away." Harry said.') == [("full stop before tag", '." Harry said')]


def test_a_capital_after_a_comma():
    assert _slips('"Hello," She said.') == [("capital after comma", '," She said')]


def test_a_capital_tag_after_a_question_or_exclamation_mark():
    assert _slips('"Really?" He asked.') == [("capital after ? or !", '?" He asked')]
    assert _slips('"Stop!" She shouted.') == [("capital after ? or !", '!" She shouted')]


def test_no_comma_before_a_tag():
    assert _slips('"Hello" she said.') == [("no comma before tag", 'o" she said')]


def test_correct_tags_and_beats_are_not_flagged():
    lines = [
        '"Hello." She smiled.',  # a beat: its own sentence
        '"Hello," she said.',
        '"Really?" he asked.',
        '"No!" said Ron.',
        '"Well..." she said.',
        '"Fine," Harry said.',
        '"Hello," I said.',
        '"Come here." He pulled her close.',
    ]
    assert _slips("\n\n".join(lines)) == []
