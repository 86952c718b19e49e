"""Reading LitBank pairs: the excerpt laid out as prose, quotes without their marks."""

from __future__ import annotations

import pytest
from eval_files import LITBANK_TEXT, LITBANK_WORK, write_litbank

from ficlens.evaluate.gold import EvalError
from ficlens.evaluate.litbank import layout, list_works, load_work, speaker_name


@pytest.fixture
def excerpt(tmp_path):
    return load_work(write_litbank(tmp_path), LITBANK_WORK)


def test_the_excerpt_reads_as_prose_with_paragraphs_rebuilt(excerpt):
    assert excerpt.text == LITBANK_TEXT


def test_quote_spans_cover_the_words_without_the_marks(excerpt):
    assert [excerpt.text[s:e] for q in excerpt.quotes for s, e in q.spans] == [
        "Where are you going?",
        "Out.",
        "I am sure,",
        "that it will rain. It always does.",
    ]


def test_speakers_are_named_by_their_id(excerpt):
    assert [q.speaker for q in excerpt.quotes] == ["Mary_Bennet-0", "John-1", "John-1", "John-1"]
    assert [(c.key, c.name) for c in excerpt.characters] == [("John-1", "John"), ("Mary_Bennet-0", "Mary Bennet")]
    assert speaker_name("Mr__Sherlock_Holmes-0") == "Mr Sherlock Holmes"


def test_token_offsets_point_at_the_tokens():
    sentences = [["“", "Oh", "!", "”", "cried", "she", "."], ["She", "is", "n't", "(", "really", ")", "."]]
    laid = layout(sentences)
    assert laid.text == "“Oh!” cried she.\n\nShe isn't (really)."
    assert [[laid.text[s:e] for s, e in sentence] for sentence in laid.tokens] == sentences


def test_a_tag_in_lower_case_stays_with_its_speech_and_narration_after_dialogue_starts_a_paragraph():
    laid = layout([["“", "Well", "?", "”"], ["cried", "his", "wife", "."], ["He", "made", "no", "answer", "."]])
    assert laid.text == "“Well?” cried his wife.\n\nHe made no answer."


def test_a_speech_reopened_on_a_new_sentence_starts_a_paragraph():
    laid = layout([['"', "I", "went", "."], ['"', "And", "came", "back", ".", '"']])
    assert laid.text == '"I went.\n\n"And came back."'


def test_annotations_may_be_named_tsv(tmp_path):
    assert list_works(write_litbank(tmp_path, suffix=".tsv")) == [LITBANK_WORK]


def test_the_litbank_root_or_its_quotation_folder_both_work(tmp_path):
    root = write_litbank(tmp_path)
    assert list_works(root) == list_works(root / "quotations" / "tsv") == [LITBANK_WORK]
    with pytest.raises(EvalError, match="no LitBank quotation files"):
        list_works(tmp_path / "quotations" / "tsv" / "nothing here")
