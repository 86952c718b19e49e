"""NRC emotions per scene, by lemma."""

from __future__ import annotations

from ficlens.language import parse_spans
from ficlens.model import Scene
from ficlens.story.emotions import EMOTIONS, lexicon, scene_emotions


def test_lexicon_has_the_eight_emotions_only():
    assert set(lexicon()["abandonment"]) == {"anger", "fear", "sadness", "surprise"}
    assert {e for tags in lexicon().values() for e in tags} == set(EMOTIONS)


def test_emotions_per_thousand_words_by_scene():
    text = "She feared the dark.\nThey laughed together.\n"
    parsed = parse_spans(text, [(0, 20), (21, 43)])
    first, second = scene_emotions(parsed, [Scene(0, 21, 0), Scene(21, 44, 0)])
    assert first["fear"] == 250.0  # "feared" -> "fear", one of four words
    assert second["joy"] == 333.33 and first["joy"] == 0  # "laughed" -> "laugh", one of three
    assert set(first) == set(EMOTIONS)
