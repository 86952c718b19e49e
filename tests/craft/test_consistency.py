"""Consistency checks on texts written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.consistency import inconsistencies


def _found(text: str):
    story = parse_text(text)
    return story.text, inconsistencies(story.tokens)


def test_a_name_spelt_two_ways():
    text, [found] = _found("Hermione laughed. Hermione sat down. Then Hermione ran. Hermoine left.")
    assert (found.kind, found.forms, found.summary) == ("name", {"Hermione": 3, "Hermoine": 1}, "Hermione ×3, Hermoine ×1")
    assert [text[s.start : s.end] for s in found.spans] == ["Hermoine"]


def test_british_and_american_spellings_mixed():
    text, [found] = _found("The colour of the sky was gray. She realised it was late. Her favourite coat was grey.")
    assert found.kind == "british-american"
    assert found.forms == {"colour": 1, "realised": 1, "favourite": 1, "grey": 1, "gray": 1}
    assert [text[s.start : s.end] for s in found.spans] == ["gray"]  # the rarer side's words
    assert found.summary == "British 4 (colour, realised, favourite, grey); American 1 (gray)"


def test_a_compound_hyphenated_and_not():
    text, found = _found("The half-blood prince met another half blood. Today, or to-day as he wrote it.")
    assert [(f.kind, f.forms) for f in found] == [
        ("hyphenation", {"half-blood": 1, "half blood": 1}),
        ("hyphenation", {"to-day": 1, "today": 1}),
    ]


def test_consistent_writing_and_different_names_are_not_flagged():
    _, found = _found(
        "Harry laughed. Harry sat. Harry ran. Larry left. The colour was grey and the armour shone. "
        "A well-known man is well known."  # open after the verb, hyphenated before the noun: a rule
    )
    assert found == []
