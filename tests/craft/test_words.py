"""Filter words, crutch words and -ly adverbs, counted in narration."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.words import crutch_words, filter_words, ly_adverbs


def test_filter_words_by_lemma_in_narration_only():
    story = parse_text('She felt the cold. She saw the door. "I feel fine," she lied. He seemed tired.')
    found = filter_words(story.tokens)
    assert found.words == {"feel": 1, "see": 1, "seem": 1}
    assert [story.text[s.start : s.end] for s in found.spans] == ["felt", "saw", "seemed"]
    assert found.per_1000 == round(1000 * 3 / 13, 2)  # 13 words of narration


def test_crutch_words_and_that_only_as_a_conjunction():
    story = parse_text("She just knew that he was really very tired. That book was hers.")
    found = crutch_words(story.tokens)
    assert found.words == {"just": 1, "that": 1, "really": 1, "very": 1}


def test_ly_adverbs_outside_dialogue_and_tags():
    text = '"Honestly," she said quietly. He walked slowly home, only later.'
    story = parse_text(text)
    tag = text.index("said quietly")
    found = ly_adverbs(story.tokens, skip=[(tag, tag + len("said quietly"))])
    assert found.words == {"slowly": 1}


def test_no_narration_gives_zero_rates():
    story = parse_text('"Just go."')
    found = crutch_words(story.tokens)
    assert (found.count, found.per_1000, found.words, found.spans) == (0, 0.0, {}, [])
