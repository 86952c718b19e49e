"""Reading PDNC folders: spans, speakers named by alias, narrative person."""

from __future__ import annotations

import pytest
from eval_files import NOVEL, NOVEL_TEXT, write_pdnc

from ficlens.evaluate.gold import EvalError
from ficlens.evaluate.pdnc import list_novels, load_novel, narrative_person


@pytest.fixture
def novel(tmp_path):
    return load_novel(write_pdnc(tmp_path), NOVEL)


def test_spans_slice_the_quoted_words_from_the_text(novel):
    assert novel.text == NOVEL_TEXT
    assert [[novel.text[s:e] for s, e in q.spans] for q in novel.quotes] == [
        ["Good morning,", "lovely day."],
        ["Is it?"],
        ["It is,"],
    ]


def test_a_speaker_named_by_an_alias_is_resolved_to_the_character(novel):
    assert [q.speaker for q in novel.quotes] == ["Anne Shirley", "Tom Barry", "Anne Shirley"]
    assert "speakers named by an alias, not the main name: Anne -> Anne Shirley (1)" in novel.notes


def test_quote_types_and_characters(novel):
    assert [q.kind for q in novel.quotes] == ["explicit", "implicit", "anaphoric"]
    anne, tom = novel.characters
    assert (anne.name, anne.aliases, anne.gender) == ("Anne Shirley", ("Anne", "Miss Shirley"), "female")
    assert (tom.name, tom.aliases, tom.gender) == ("Tom Barry", ("Thomas", "Tom"), "male")


def test_narrative_person_comes_from_the_index(tmp_path):
    assert load_novel(write_pdnc(tmp_path, person="1.0"), NOVEL).pov == "first"
    assert [narrative_person(v) for v in ("3.0", "2", "1.0, 3.0", "")] == ["third", "second", "mixed", None]


def test_a_speaker_missing_from_character_info_becomes_a_character_of_its_own(tmp_path):
    root = write_pdnc(tmp_path)
    path = root / NOVEL / "quotation_info.csv"
    path.write_text(path.read_text(encoding="utf-8").replace('"Tom Barry"', '"Diana"'), encoding="utf-8")
    novel = load_novel(root, NOVEL)
    assert novel.quotes[1].speaker == "Diana"
    assert "Diana" in [c.key for c in novel.characters]
    assert "speaker 'Diana' (1 quotes) is not in character_info.csv" in novel.notes


def test_byte_offsets_of_a_non_ascii_text_are_turned_into_character_offsets(tmp_path):
    root = write_pdnc(tmp_path, prefix="Café. ", byte_offsets=True)  # "é" is two bytes in UTF-8
    novel = load_novel(root, NOVEL)
    assert [novel.text[s:e] for s, e in novel.quotes[0].spans] == ["Good morning,", "lovely day."]


def test_character_offsets_of_a_non_ascii_text_are_kept(tmp_path):
    novel = load_novel(write_pdnc(tmp_path, prefix="Café. "), NOVEL)
    assert [novel.text[s:e] for s, e in novel.quotes[0].spans] == ["Good morning,", "lovely day."]


def test_a_folder_without_novels_is_refused_in_one_line(tmp_path):
    with pytest.raises(EvalError, match="no PDNC novel folders"):
        list_novels(tmp_path)
    assert list_novels(write_pdnc(tmp_path)) == [NOVEL]
