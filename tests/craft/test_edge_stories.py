"""Stories the seeds do not cover: no dialogue, one paragraph, second person, almost nothing."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from craft_files import run_craft

from ficlens.errors import InputError
from ficlens.pipeline import analyze

NO_DIALOGUE = """The rain came down over the harbour all night. The boats knocked against the pier and the
gulls slept on the roofs of the fish market.

By morning the water had gone quiet. Mara walked along the quay and counted the boats that had come
back. She counted them twice, and then she sat on the wall and waited for the last one.

It came in at noon, low in the water, its sail torn. Her brother waved from the bow."""

ONE_PARAGRAPH = (
    "He opened the door slowly and looked at the empty room, the dust on the sill, the chair "
    "pushed back from the desk as though someone had only just left it, and he knew that he "
    "would not find her here."
)

SECOND_PERSON = """You wake before the alarm. You lie still and listen to the house: the pipes, the
fridge, the neighbour's dog.

You get up, you make coffee, you stand at the window. "Not today," you tell yourself. You say it
again, softly, and you almost believe it.

You feel the cold of the glass. You notice the frost on the car and you decide to walk."""


def _diagnose(tmp_path, text: str):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    return run_craft(analyze(path)).diagnostics


def test_a_story_without_dialogue(tmp_path):
    d = _diagnose(tmp_path, NO_DIALOGUE)
    tags = d.dialogue_tags
    assert (tags.tags, tags.said, tags.verbs, tags.adverbs, tags.untagged_runs) == (0, 0, {}, [], [])
    assert d.repeated_phrases == [] and d.spelling == []
    assert d.paragraphs.count == 3
    assert d.sentences.count >= 6
    assert d.readability.flesch_reading_ease is not None


def test_a_story_of_one_paragraph(tmp_path):
    d = _diagnose(tmp_path, ONE_PARAGRAPH)
    assert d.paragraphs.count == 1 and d.paragraphs.stdev == 0.0
    assert d.sentences.count == 1
    assert d.sentences.longest.words == d.sentences.mean
    assert d.adverbs.words == {"slowly": 1}
    assert d.filter_words.words == {"know": 1}
    assert {"just", "that"} <= set(d.crutch_words.words)
    assert d.repeated_phrases == [] and d.echoes == []


def test_a_story_in_the_second_person(tmp_path):
    d = _diagnose(tmp_path, SECOND_PERSON)
    assert {"feel", "notice", "decide"} <= set(d.filter_words.words)
    assert d.dialogue_tags.tags == 1 and d.dialogue_tags.verbs == {"tell": 1}
    assert d.spelling == []
    asdict(d)


@pytest.mark.parametrize("text", ["Hello.", "…"])
def test_next_to_nothing(tmp_path, text):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    d = run_craft(analyze(path)).diagnostics
    assert d.repeated_phrases == [] and d.echoes == [] and d.spelling == []
    assert d.dialogue_tags.tags == 0
    asdict(d)


def test_a_blank_story_is_refused_before_any_stage(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError):
        analyze(path)
