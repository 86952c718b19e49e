"""Genders from how others address a character."""

from __future__ import annotations

from ficlens.model import Character, EmbeddedDocument, Narration, Quote, Structure
from ficlens.characters.genders import complete_genders


def structure(letters: list[EmbeddedDocument]) -> Structure:
    return Structure([], [], [], [], letters, [], 0)


def test_a_letter_to_my_son_in_a_first_person_story_addresses_the_narrator():
    text = "My son,\nCome home.\nFather"
    letter = EmbeddedDocument(0, len(text), "letter", 0, salutation="My son,")
    cast = [Character("me", "Sam", ["Sam"]), Character("dad", "Father", ["Father"], "male")]
    genders = complete_genders(text, cast, structure([letter]), [], Narration("first", "past", "me"))
    assert genders == {"me": "male", "dad": "male"}


def test_a_vocative_in_a_line_addressed_to_one_character():
    text = "Thank you, my lady."
    cast = [Character("kit", "Kit", ["Kit"])]
    quotes = [Quote(0, len(text), speaker=None, addressees=["kit"])]
    assert complete_genders(text, cast, structure([]), quotes, Narration("third", "past", None)) == {"kit": "female"}


def test_my_son_as_an_object_is_no_vocative():
    text = "I will tell my son."
    cast = [Character("kit", "Kit", ["Kit"])]
    quotes = [Quote(0, len(text), speaker=None, addressees=["kit"])]
    assert complete_genders(text, cast, structure([]), quotes, Narration("third", "past", None)) == {"kit": None}
