"""One character across works: the same full name in the same fandom, declared or found by ficlens.
A work with no fandom, or a name of one word, keeps its characters to itself."""

from __future__ import annotations

from library_data import analysis, quick, story_text

from ficlens.library import Library

HP, STAR = "Harry Potter - J. K. Rowling", "Star Wars"


def add(library: Library, seed: int, title: str, cast, fandoms=()) -> int:
    text = story_text(seed)
    data = analysis(text, title, ["Anon"], fandoms=fandoms, cast=cast)
    return library.add_analysis(data, text, f"{title}.txt", prepared=quick(data, text, f"{title}.txt")).work_id


HARRY = ("Harry Potter", ["Harry", "Potter"], 40, 20)


def test_the_same_full_name_in_the_same_fandom_is_one_character(tmp_path):
    with Library(tmp_path / "l.db") as library:
        one = add(library, 1, "One", [HARRY], [HP])
        two = add(library, 2, "Two", [HARRY], [HP])
        assert {a.work_id for a in library.character("Harry Potter")} == {one, two}
        assert library.dashboard().top_characters[0][:2] == ("Harry Potter", 2)


def test_works_without_a_fandom_share_no_characters(tmp_path):
    # Neither declares a fandom and no work that does shares their names: no fandom is found for them.
    with Library(tmp_path / "l.db") as library:
        one = add(library, 1, "One", [HARRY])
        add(library, 2, "Two", [HARRY])
        assert [a.work_id for a in library.character("Harry Potter")] == [one]
        assert [c[1] for c in library.dashboard().top_characters] == [1, 1]


def test_the_same_name_in_two_fandoms_is_two_characters(tmp_path):
    with Library(tmp_path / "l.db") as library:
        one = add(library, 1, "One", [("Ben Solo", ["Ben"], 30, 9)], [STAR])
        add(library, 2, "Two", [("Ben Solo", ["Ben"], 10, 2)], [HP])
        assert [a.work_id for a in library.character("Ben Solo")] == [one]


def test_a_first_name_alone_never_joins_characters_of_two_works(tmp_path):
    with Library(tmp_path / "l.db") as library:
        full = add(library, 1, "Full", [HARRY], [HP])
        alone = add(library, 2, "Alone", [("Harry", [], 25, 10)], [HP])
        assert [a.work_id for a in library.character("Harry")] == [alone]  # the one called just "Harry"
        assert [a.work_id for a in library.character("Harry Potter")] == [full]


def test_a_work_without_a_declared_fandom_shares_characters_in_the_fandom_found_for_it(tmp_path):
    draco = ("Draco Malfoy", ["Draco", "Malfoy"], 30, 12)
    with Library(tmp_path / "l.db") as library:
        declared = add(library, 1, "Declared", [HARRY, draco], [HP])
        found = add(library, 2, "Found", [draco])
        assert {a.work_id for a in library.character("Draco")} == {declared, found}
