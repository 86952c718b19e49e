"""Stories with little to go on still give a sensible Story, never an exception."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from ficlens.model import Metadata, Narration, Structure
from ficlens.story import tell_story

from ficlens.pipeline import analyze

NO_DIALOGUE = "\n\n".join(
    [
        "Mara Quinn walked along the harbour wall before dawn. The boats were still and the water was grey.",
        "She had not slept. The letter in her pocket felt heavier with every step, and she did not open it.",
        "At the end of the wall Mara sat down and watched the light come up over the hills. It was beautiful.",
        "She smiled for the first time in weeks, and the cold did not matter any more.",
    ]
    * 6
)
ONE_PARAGRAPH = (
    "Theo Marsh opened the door and looked at the empty room, where the dust lay thick on every shelf "
    "and the clock had stopped at a quarter past three, and he thought of his grandmother, who had wound "
    "it every Sunday of her life, and he felt the loss of her all over again."
)
SECOND_PERSON = "\n\n".join(
    [
        "You wake before the alarm. The flat is quiet and you lie still, listening to the rain.",
        "“Get up,” Jonah Reyes calls from the kitchen. “The coffee is getting cold.”",
        "You pull on yesterday's jumper and shuffle out. Jonah hands you a mug and you hold it with both hands.",
        "“You look terrible,” Jonah says, and you laugh, because he is right.",
    ]
    * 4
)


def story_of(tmp_path: Path, text: str):
    path = tmp_path / "story.txt"
    path.write_text(text, encoding="utf-8")
    return analyze(path).story


def assert_sensible(story) -> None:
    assert story.relationships == []
    assert story.pairing is None
    assert story.inferred.categories == ["Gen"]
    assert story.arc.shape is None or story.arc.shape_scores
    json.dumps(dataclasses.asdict(story))


def test_a_story_without_dialogue(tmp_path):
    story = story_of(tmp_path, NO_DIALOGUE)
    assert_sensible(story)
    assert story.arc.points and story.arc.scenes
    assert story.inferred.characters == ["Mara Quinn"]


def test_a_story_of_one_paragraph(tmp_path):
    story = story_of(tmp_path, ONE_PARAGRAPH)
    assert_sensible(story)
    assert len(story.arc.points) == 1 and story.arc.shape is None


def test_a_story_in_second_person(tmp_path):
    story = story_of(tmp_path, SECOND_PERSON)
    assert_sensible(story)
    assert story.arc.points and story.arc.shape is None


def test_nothing_at_all():
    empty = Structure([], [], [], [], [], [], 0)
    story = tell_story("", empty, [], [], [], [], Narration(None, None, None), Metadata(categories=["M/M"]))
    assert story.arc.points == [] and story.arc.scenes == [] and story.arc.shape is None
    assert story.inferred.agreement.categories.only_declared == ["M/M"]
