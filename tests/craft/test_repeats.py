"""Repeated phrases and echoes on small texts."""

from __future__ import annotations

from craft_files import parse_text

from ficlens.craft.echoes import echoes
from ficlens.craft.repeats import normalise, repeated_phrases

HEARTS = """Her heart clenches when he leaves. The rain falls on the roof.

He comes back at dusk, and her heart clenched again. The kettle sings in the kitchen.

"My heart clenches every time," she says. The dog sleeps by the fire.

Later her heart clenches at the sight of the letter. The clock ticks on the wall."""


def test_a_phrase_and_its_inflections_are_one_family():
    story = parse_text(HEARTS)
    [family] = repeated_phrases(story.text, story.tokens, names=set())
    assert family.phrase == "her heart clenches"  # as written mid-sentence, not "Her heart clenches"
    assert family.count == 4
    # the headline's own wording ("Her heart clenches", "her heart clenches") is not a variant of itself
    assert {v.phrase: v.count for v in family.variants} == {"her heart clenched": 1, "heart clenches": 1}
    assert [story.text[s.start : s.end] for s in family.spans] == [
        "Her heart clenches", "her heart clenched", "heart clenches", "her heart clenches",
    ]  # fmt: skip
    assert 0 < family.expected < 0.1


def test_phrases_of_stop_words_and_names_do_not_count():
    text = "Of the men, Ron of the Weasleys came. Of the women, Ron of the Weasleys spoke. " * 2
    text += "Of the dogs, Ron of the Weasleys barked."
    story = parse_text(text)
    found = repeated_phrases(story.text, story.tokens, names={"ron", "weasleys"})
    assert found == []


def test_a_phrase_must_recur_at_least_three_times():
    story = parse_text("The silver door opened. Nobody came. The silver door closed.")
    assert repeated_phrases(story.text, story.tokens, names=set()) == []


def test_fragments_of_a_longer_phrase_are_not_reported_again():
    line = "After what feels like an eternity, "
    story = parse_text(line + "the door opens. " + line + "a bird sings. " + line + "the sun sets.")
    found = repeated_phrases(story.text, story.tokens, names=set())
    assert [f.phrase for f in found] == ["After what feels like an eternity"]
    assert found[0].count == 3


def test_phrases_keep_their_case_and_apostrophes():
    text = (
        "“I don’t know,” Candy says. Candy’s heart sinks at the news.\n\n"
        "“I don’t know,” he says. Candy’s heart sinks again.\n\n"
        "“I don’t know,” she repeats. Candy’s heart sinks for good."
    )
    story = parse_text(text)
    found = {f.phrase: f.count for f in repeated_phrases(story.text, story.tokens, names={"candy"})}
    assert found.get("I don’t know") == 3  # not "i don't know", nor "i don t"
    assert found.get("Candy’s heart sinks") == 3


def test_phrases_are_ranked_by_the_words_they_take_up_beyond_chance():
    # "after what feels like an eternity": 3 times, 6 words, expected almost never: about 18 words.
    # "his eyes": 6 times, 2 words; "his" and "eyes" are each a tenth of some 60 words, so chance
    # strings them together about 60 / 100 = 0.6 times: (6 - 0.6) x 2, about 11 words.
    text = (
        "His eyes were dark. After what feels like an eternity, he spoke. The door shut.\n\n"
        "She saw his eyes narrow. After what feels like an eternity, she laughed. The fire burned.\n\n"
        "He closed his eyes. His eyes were tired. After what feels like an eternity, they left.\n\n"
        "In his eyes a light. The rain fell. His eyes closed at last."
    )
    story = parse_text(text)
    found = repeated_phrases(story.text, story.tokens, names=set())
    assert [(f.phrase, f.count) for f in found] == [("After what feels like an eternity", 3), ("his eyes", 6)]
    assert 0.3 < found[1].expected < 1.2


def test_the_works_own_title_is_not_a_repeated_phrase():
    text = ("They spoke of the sign of the four. Nobody knew the sign of the four. "
            "It was the sign of the four, he said. The rain fell on the old town all night.")
    story = parse_text(text)
    assert [f.phrase for f in repeated_phrases(story.text, story.tokens, set())] == ["the sign of the four"]
    assert repeated_phrases(story.text, story.tokens, set(), title="The Sign of the Four") == []


def test_normalise_compares_wordings_loosely():
    assert normalise("Candy’s  heart\nClenches") == "candy's heart clenches"


def test_an_uncommon_word_twice_in_a_few_lines_is_an_echo():
    text = (
        "The gleaming blade lay on the table. She looked at it for a long time. "
        "Then she picked up the gleaming thing and left. The house was very quiet. "
        "The house was very quiet and the door was open."
    )
    story = parse_text(text)
    [echo] = echoes(story.tokens, names=set())
    assert echo.word == "gleaming"
    assert [text[s.start : s.end] for s in echo.spans] == ["gleaming", "gleaming"]


def test_common_words_names_and_distant_uses_do_not_echo():
    filler = " ".join(["The rain kept falling on the town."] * 8)
    text = f"Narcissa saw the gleaming house. Narcissa left the house. {filler} The gleaming river ran on."
    story = parse_text(text)
    assert echoes(story.tokens, names={"narcissa"}) == []
