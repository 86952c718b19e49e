from ficlens.structure.letters import find_letters, is_salutation, signature_name


def test_salutations():
    assert is_salutation("My son,")
    assert is_salutation("Dear Harry,")
    assert is_salutation("> My son,")
    assert is_salutation("Draco,")
    assert not is_salutation("And for the first time in years, he smiled,")
    assert not is_salutation("not with hate, not with anger,")
    assert not is_salutation("“Draco,”")


def test_dash_signatures():
    assert signature_name("— Lucius A. Malfoy") == "Lucius A. Malfoy"
    assert signature_name("-Hermione") == "Hermione"
    assert signature_name("— H") == "H"
    assert signature_name("— and then he left the room without a word") is None


def test_letter_with_title_salutation_and_dash_signoff():
    lines = [
        "The owl came at noon.",
        "Letter One — From Lucius Malfoy",
        "My son,",
        "Come home.",
        "— Lucius",
        "I burned it.",
    ]
    [letter] = find_letters(lines, stops=set())
    assert (letter.first, letter.last, letter.title, letter.sender) == (1, 4, 1, "Lucius Malfoy")


def test_letter_with_valediction_and_name():
    lines = ["Dear Ron,", "The weather is fine.", "Love,", "Hermione", "She sealed it."]
    [letter] = find_letters(lines, stops=set())
    assert (letter.first, letter.last, letter.signature, letter.sender) == (0, 3, 2, "Hermione")


def test_salutation_without_signoff_is_not_a_letter():
    assert find_letters(["Harry,", "he said nothing more.", "The end."], stops=set()) == []


def test_letter_does_not_run_across_a_scene_break():
    lines = ["Draco,", "I miss you.", "* * *", "— H"]
    assert find_letters(lines, stops={2}) == []
