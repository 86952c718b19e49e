"""First names as a prior on gender: what a reader assumes before the text says."""

from ficlens.characters.first_names import first_name_gender
from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes


def test_common_first_names_tell_a_gender_and_shared_ones_do_not():
    assert first_name_gender("George") == "male"
    assert first_name_gender("lucy") == "female"
    assert first_name_gender("Robin") is None  # given to boys and girls alike
    assert first_name_gender("Draco") is None  # not in the lists


def _genders(story: str) -> dict[str, str | None]:
    analysis = analyze_work(read_bytes(story.encode(), "story.txt"))
    return {c.name: c.gender for c in analysis.characters}


def test_a_first_name_settles_a_character_whose_pronouns_do_not():
    # "she" after George is Lucy: one stray pronoun must not make George a woman.
    story = "\n\n".join([
        "George Emerson stood by the window while Lucy read, and she turned the page.",
        '"Come down," said George Emerson.',
        '"I will," said Lucy, and George went to the stairs.',
    ])
    assert _genders(story)["George Emerson"] == "male"


def test_the_texts_pronouns_outweigh_the_name():
    story = "\n\n".join([
        '"Hello," said George Marsh. She opened the door.',
        '"I am tired," said George, and she set down her bag.',
        "George looked out at the rain. She said nothing for a while.",
        '"Tea," said George. She sighed.',
    ])
    assert _genders(story)["George Marsh"] == "female"


def test_pronouns_against_a_first_name_must_all_agree():
    # the "he" after May is Newland, three times in four: that does not make May a man
    story = "\n\n".join([
        "Newland Archer watched the stage. At the opera May Welland looked up, and he smiled.",
        "In the box May Welland laughed at the joke, and he laughed with her.",
        "Later May Welland took the flowers. He had brought lilies of the valley.",
        "At last May Welland turned away. She was tired of the opera.",
        '"Good night," said Newland Archer.',
    ])
    assert _genders(story)["May Welland"] == "female"
