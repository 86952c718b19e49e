"""Pacing runs on stories written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.pacing import BEAT_WORDS, DIALOGUE_RUN, NARRATION_RUN, pacing

NARRATION = "The road ran on through the hills and the rain kept falling on the fields below. "  # 16 words


def test_a_long_stretch_of_narration_without_dialogue():
    paragraphs = [NARRATION * 10] * 5  # 5 paragraphs of 160 words: 800
    story = parse_text("\n\n".join(['"Ready?" she asked.', *paragraphs, '"Yes," he said.']))
    found = pacing(story.tokens)
    [run] = found.narration_runs
    assert (run.words, run.paragraphs) == (800, 5) and run.words >= NARRATION_RUN
    assert story.text[run.start : run.end].startswith("The road") and story.text[run.end - 1] == "."
    assert found.dialogue_runs == []


def test_a_long_exchange_without_beats():
    lines = ['"Yes," he said.', '"No."', '"Why not?"', '"Because."', '"Because what?"', '"I said so."',
             '"Fine."', '"Good."', '"Then go."']
    story = parse_text("She waited by the door.\n\n" + "\n\n".join(lines) + "\n\nThe door closed.")
    [run] = pacing(story.tokens).dialogue_runs
    assert run.paragraphs == len(lines) >= DIALOGUE_RUN
    assert story.text[run.start : run.end].startswith('"Yes,"')


def test_beats_and_short_narration_are_not_runs():
    lines = ['"Yes."', '"No." He crossed the room and sat down by the window.'] * 5
    story = parse_text("\n\n".join([NARRATION * 10, *lines, NARRATION * 10]))
    found = pacing(story.tokens)
    assert found.narration_runs == [] and found.dialogue_runs == [] and BEAT_WORDS < 10
