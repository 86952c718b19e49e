"""Name finding on small texts: what counts as one name."""

from ficlens.characters.names import find_names
from ficlens.language import parse_spans


def names_in(text: str) -> list[str]:
    parsed = parse_spans(text, [(0, len(text))])
    return [o.text for o in find_names(parsed, [])]


def test_a_name_wrapped_across_lines_is_one_name():
    text = "She smiled at her aunt, and Mrs.\nGardiner smiled back at Miss\nBingley."
    assert names_in(text) == ["Mrs. Gardiner", "Miss Bingley"]


def test_a_name_wrapped_onto_an_indented_line_is_one_name():
    text = "She smiled at her aunt, and Mrs.\n   Gardiner smiled back."
    assert names_in(text) == ["Mrs. Gardiner"]


def test_a_name_ends_before_the_line_break_when_the_next_line_starts_otherwise():
    text = "They talked with Elizabeth\nabout the ball."
    assert names_in(text) == ["Elizabeth"]


def test_names_used_as_part_of_a_thing_are_not_people(analysis_004):
    names = {c.name for c in analysis_004.characters}
    assert "Hogwarts" not in names  # "since Hogwarts", "their Hogwarts years"
    assert "Adam" not in names  # "his Adam's apple"
    assert {"Candy", "Draco Malfoy"} <= names


def test_interjections_that_open_a_line_are_not_characters():
    from ficlens.pipeline import analyze_work
    from ficlens.read import read_bytes

    story = "\n\n".join(['"Aye, the rain," said Pooh.', '"Hallo, Pooh!" said Piglet.', '"Pshaw!" said Pooh.',
                         '"Aye, aye. Hallo!" said Piglet.', "Pooh and Piglet went home."])
    names = {c.name for c in analyze_work(read_bytes(story.encode(), "interjections.txt")).characters}
    assert names == {"Pooh", "Piglet"}


def vocatives_in(text: str) -> list[str]:
    parsed = parse_spans(text, [(0, len(text))])
    return [o.text for o in find_names(parsed, [(0, len(text))]) if o.vocative]


def test_a_name_set_off_by_commas_inside_a_line_is_a_vocative():
    assert vocatives_in("You observed it, Mr. Darcy, I am sure.") == ["Mr. Darcy"]
    assert vocatives_in("Harry, where is the sugar?") == ["Harry"]
    assert vocatives_in("I gave it to Harry yesterday.") == []


def introduced_in(text: str) -> list[str]:
    parsed = parse_spans(text, [(0, len(text))])
    return [o.text for o in find_names(parsed, [(0, len(text))]) if o.introduced]


def test_a_name_a_speaker_gives_as_their_own_is_introduced_not_called():
    assert introduced_in("My name's Potter, Harry Potter.") == ["Potter", "Harry Potter"]
    assert vocatives_in("My name's Potter, Harry Potter.") == []
    assert introduced_in("Hello Potter, my name's is Malfoy, Draco Malfoy.") == ["Malfoy", "Draco Malfoy"]
    assert introduced_in("I'm Hermione Granger, and you are?") == ["Hermione Granger"]
    assert introduced_in("Call me Harry.") == ["Harry"]
    # Someone else after the speaker's name is addressed; a possessive is not the speaker.
    assert introduced_in("I'm Harry, Ron.") == ["Harry"] and vocatives_in("I'm Harry, Ron.") == ["Ron"]
    assert introduced_in("I'm Harry's cousin.") == []
    assert introduced_in("I gave it to Harry.") == []


def test_a_name_after_a_greeting_is_a_vocative():
    assert vocatives_in("Hello Potter, my name is Malfoy.") == ["Potter"]
    assert vocatives_in("Hi Hermione, you are early.") == ["Hermione"]


def test_a_language_after_a_name_is_not_its_surname():
    assert names_in("Cecil is teaching Lucy Italian, and he says her playing is wonderful.") == ["Cecil", "Lucy"]


def test_a_month_opening_a_full_name_is_a_first_name_but_not_alone():
    text = "Archer looked at May Welland across the box. They would be married in May. May I sit here?"
    assert names_in(text) == ["Archer", "May Welland"]
    assert names_in("He said hello and then Hello Potter again.") == ["Potter"]  # a greeting is no first name
