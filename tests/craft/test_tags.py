"""Dialogue tags on small conversations."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.tags import UNTAGGED_RUN, dialogue_tags


def test_said_other_verbs_and_adverbs():
    story = parse_text(
        '"Come in," she said softly.\n\n'
        '"Thank you," he replied. "It is cold."\n\n'
        '"Sit down," whispered Anna.\n\n'
        'He laughed. "You always say that."'
    )
    tags = dialogue_tags(story.text, story.tokens, story.parsed, story.quotes)
    assert tags.said == 1
    assert tags.verbs == {"say": 1, "reply": 1, "whisper": 1}
    assert tags.tags == 3
    assert [a.text for a in tags.adverbs] == ["said softly"]


def test_a_long_run_of_lines_without_a_tag_is_reported():
    lines = ['"Yes."', '"No."', '"Why not?"', '"Because."', '"Because what?"', '"Because I said so."', '"Fine."']
    story = parse_text('"Well?" he asked.\n\n' + "\n\n".join(lines))
    tags = dialogue_tags(story.text, story.tokens, story.parsed, story.quotes)
    [run] = tags.untagged_runs
    assert run.lines == len(lines) >= UNTAGGED_RUN
    assert story.text[run.start : run.end].startswith("Yes.")
    assert story.text[run.start : run.end].endswith("Fine.")


def test_a_tag_or_narration_breaks_the_run():
    short = "\n\n".join(['"Yes."', '"No."', '"Why not?"'])
    story = parse_text(short + '\n\n"Because," she said.\n\n' + short)
    assert dialogue_tags(story.text, story.tokens, story.parsed, story.quotes).untagged_runs == []


def test_no_dialogue_no_tags():
    story = parse_text("She said nothing. He told her the news and she wept.")
    tags = dialogue_tags(story.text, story.tokens, story.parsed, story.quotes)
    assert (tags.tags, tags.said, tags.verbs, tags.adverbs, tags.untagged_runs) == (0, 0, {}, [], [])
