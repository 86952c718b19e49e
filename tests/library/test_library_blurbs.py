"""AO3-style blurbs: what the file declares, and what ficlens found where the file declares nothing,
marked as found; the fandom of a work that declares none is the one whose works share its characters."""

from __future__ import annotations

from library_data import analysis, quick, story_text

from ficlens.library import Library

HP = "Harry Potter - J. K. Rowling"
SHERLOCK = "Sherlock (TV)"
DUO = [("Draco Malfoy", [], 20, 5), ("Harry Potter", [], 15, 4)]


def test_a_work_without_a_fandom_shows_the_one_its_characters_share_marked_found(tmp_path):
    with Library(tmp_path / "library.db") as library:
        def store(seed: int, title: str, **facts) -> int:
            text = story_text(seed)
            data = analysis(text, title, ["Wren"], **facts)
            return library.add_analysis(data, text, f"{title}.txt", prepared=quick(data, text, f"{title}.txt")).work_id

        declared = store(1, "Letters", fandoms=[HP], cast=DUO)
        store(2, "Baker Street", fandoms=[SHERLOCK], cast=[("Sherlock Holmes", [], 30, 9), ("Harry Potter", [], 1, 0)])
        plain = store(3, "The Plain Text", cast=DUO)  # shares two characters with Letters, one with Baker Street
        alone = store(4, "Nobody Known", cast=[("Mara Vell", [], 10, 2)])
        blurbs = library.blurbs([declared, plain, alone])
    assert [(f.name, f.found) for f in blurbs[declared].fandoms] == [(HP, False)]
    assert [(f.name, f.found) for f in blurbs[plain].fandoms] == [(HP, True)]
    assert blurbs[alone].fandoms == []
