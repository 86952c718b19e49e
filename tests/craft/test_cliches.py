"""Clichés from proselint's list on sentences written for the purpose."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.cliches import cliches, phrases


def test_listed_cliches_are_found_whatever_the_case_and_spacing():
    story = parse_text("At the end of the day, it was a far cry from home.\n\nShe was as busy as  a bee. "
                       "Easier said than done, he thought; easier said than done.")
    found = cliches(story.text, story.tokens)
    uses = {c.phrase: [story.text[s.start : s.end] for s in c.spans] for c in found.found}
    assert uses == {
        "at the end of the day": ["At the end of the day"],
        "a far cry": ["a far cry"],
        "busy as a bee": ["busy as  a bee"],
        "easier said than done": ["Easier said than done", "easier said than done"],
    }
    assert found.found[0].phrase == "easier said than done"  # the most used first
    assert found.count == 5


def test_a_cliche_inside_a_longer_one_counts_once():
    story = parse_text("My better half smiled.")
    found = cliches(story.text, story.tokens)
    assert [c.phrase for c in found.found] == ["my better half"] and found.count == 1


def test_plain_sentences_and_near_misses_are_not_cliches():
    story = parse_text("At the end of the corridor, a far door opened. She was busy with a bee.")
    assert cliches(story.text, story.tokens).found == []


def test_the_list_is_loaded_from_the_cited_file():
    listed = phrases()
    assert len(listed) > 700 and "a dark and stormy night" in listed and not any(p.startswith("#") for p in listed)


def test_cliches_opening_with_a_contraction_are_found():
    # spaCy cuts "can't" into "ca" and "n't", "All's" into "All" and "'s": the phrase is still found.
    story = parse_text("I can't cut the mustard. Don't rock the boat. All’s fair in love and war.")
    found = cliches(story.text, story.tokens)
    assert [c.phrase for c in found.found] == ["can't cut the mustard", "don't rock the boat", "all's fair in love and war"]
