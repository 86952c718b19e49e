"""Tense of verbs and sentences of narration, and when a sentence is a tense slip."""

from __future__ import annotations

from ficlens.language import parse
from ficlens.narration.person import slip_tense, token_tense, verb_forms


def tenses(text: str) -> list[tuple[str, str]]:
    doc = next(parse([text]))
    return [(t.text, tense) for t in doc if (tense := token_tense(t))]


def slip(text: str, expected: str) -> str | None:
    doc = next(parse([text]))
    return slip_tense(next(doc.sents), 0, lambda offset: False, expected)


def test_the_written_form_says_the_tense_where_it_can_only_be_one():
    assert verb_forms("froze") == {"VBD"}
    assert tenses("I froze.") == [("froze", "past")]  # the small tagger calls it VBP
    assert tenses("Draco's shoulders sag a little more.") == [("sag", "present")]  # ... and this VBD


def test_a_form_of_either_tense_is_past_only_after_a_third_person_singular():
    assert {"VBD", "VBP"} <= verb_forms("read")
    assert tenses("I read it once.") == []
    assert tenses("He put the cup down.") == [("put", "past")]


def test_a_sentence_slips_when_all_its_verbs_leave_the_narrations_tense():
    assert slip("This wasn’t the reunion she’d been expecting.", "present") == "past"
    assert slip("She hadn’t expected him to say yes.", "present") == "past"
    # A present verb beside a participle the tagger took for past is no slip.
    assert slip("Draco doesn't look at her, his gaze fixed on the tabletop.", "present") is None
    assert slip("She looks up and smiles.", "present") is None


def test_the_gnomic_present_in_past_narration_is_no_slip():
    assert slip("But love isn’t armor.", "past") is None
    assert slip("London always smells like forgiveness when it rains.", "past") is None
    assert slip("He opens the door and I see him.", "past") == "present"
