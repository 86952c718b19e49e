"""Similar works: only works of a kind with this one (a fandom, a character, a relationship shared, or
wording very close), each with its reason; none when nothing is close."""

from __future__ import annotations

import numpy as np
import pytest
from library_data import analysis, story_text

from ficlens.library import Library, dedupe, embeddings
from ficlens.library.importer import Prepared

HP = "Harry Potter - J. K. Rowling"


def vector(cosine: float, axis: int = 1) -> np.ndarray:
    """A unit vector at `cosine` to the first axis (the reference work's embedding), leaning to `axis`."""
    v = np.zeros(embeddings.DIMENSIONS, dtype=np.float32)
    v[0], v[axis] = cosine, np.sqrt(1 - cosine**2)
    return v


def store(library: Library, seed: int, title: str, cosine: float, axis: int = 1, **facts) -> int:
    """A work whose embedding is at `cosine` to the reference work's, stored; its id."""
    text = story_text(seed)
    data = analysis(text, title, ["Someone"], **facts)
    prepared = Prepared(data, text, f"{title}.txt", dedupe.to_blob(dedupe.signature(text)),
                        embeddings.to_blob(vector(cosine, axis)), [None])
    return library.add_analysis(data, text, f"{title}.txt", prepared=prepared).work_id


DRACO_HARRY = [("Draco Malfoy", [], 40, 12), ("Harry Potter", [], 30, 9)]


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "library.db") as library:
        yield library


def test_a_harry_potter_fic_gets_the_other_fic_and_not_jane_eyre(library):
    mine = store(library, 1, "Mine", 1.0, fandoms=[HP], cast=DRACO_HARRY)
    other = store(library, 2, "Other", 0.72, fandoms=[HP], cast=DRACO_HARRY + [("Hermione Granger", [], 9, 2)])
    # a classic, no fandom, no shared character, its wording as near as LitBank's classics come to a fic
    store(library, 3, "Jane Eyre", 0.66, cast=[("Jane Eyre", [], 80, 30), ("Edward Rochester", [], 40, 20)])
    found = library.similar(mine)
    assert [s.work_id for s in found] == [other]
    assert found[0].reason == f"shares Draco Malfoy, Harry Potter, {HP}; close in wording"


def test_none_is_shown_when_nothing_is_close(library):
    mine = store(library, 1, "Mine", 1.0, fandoms=[HP], cast=DRACO_HARRY)
    store(library, 2, "A sea story", 0.6, cast=[("Ahab", [], 50, 20)])
    store(library, 3, "A garden", 0.5, cast=[("Mary Lennox", [], 50, 20)])
    assert library.similar(mine) == []


def test_another_fandom_is_never_similar_by_wording_alone(library):
    mine = store(library, 1, "Mine", 1.0, fandoms=[HP], cast=DRACO_HARRY)
    store(library, 2, "Sherlock fic", 0.95, fandoms=["Sherlock (TV)"], cast=[("John Watson", [], 50, 20)])
    assert library.similar(mine) == []


def test_wording_alone_is_enough_when_very_close_and_no_fandom_differs(library):
    mine = store(library, 1, "Draft one", 1.0, cast=[("Mara", [], 20, 5)])
    twin = store(library, 2, "Draft two", 0.9, cast=[("Tobias", [], 20, 5)])
    store(library, 3, "Something else", 0.8, cast=[("Wren", [], 20, 5)])
    found = library.similar(mine)
    assert [(s.work_id, s.reason) for s in found] == [(twin, "close in wording")]


def test_a_shared_relationship_is_a_reason_without_wording(library):
    mine = store(library, 1, "Mine", 1.0, relationships=["Draco Malfoy/Harry Potter"])
    other = store(library, 2, "Other", 0.3, relationships=["Draco Malfoy/Harry Potter"])
    assert [(s.work_id, s.reason) for s in library.similar(mine)] == [(other, "shares Draco Malfoy/Harry Potter")]


def test_a_shared_freeform_tag_alone_is_not_enough_but_is_named_beside_a_character(library):
    mine = store(library, 1, "Mine", 1.0, tags=["Fluff"], cast=[("Mara", [], 20, 5)])
    store(library, 2, "Only fluff", 0.5, tags=["Fluff"], cast=[("Bram", [], 20, 5)])
    with_mara = store(library, 3, "Mara again", 0.5, tags=["Fluff"], cast=[("Mara", [], 20, 5)])
    assert [(s.work_id, s.reason) for s in library.similar(mine)] == [(with_mara, "shares Mara, Fluff")]


def test_a_long_list_of_shared_names_is_cut_short(library):
    cast = [(name, [], 10, 2) for name in ("Ann Lee", "Ben Ito", "Cy Park", "Di Moss", "Ed Fox", "Flo Hart")]
    mine = store(library, 1, "Mine", 1.0, cast=cast)
    store(library, 2, "Other", 0.2, cast=cast)
    assert library.similar(mine)[0].reason == "shares Ann Lee, Ben Ito, Cy Park, Di Moss and 2 more"


def test_ficlens_similar_says_why_or_that_nothing_is_close(tmp_path):
    from click.testing import CliRunner

    from ficlens.cli import main

    path = tmp_path / "library.db"
    with Library(path) as library:
        mine = store(library, 1, "Mine", 1.0, fandoms=[HP], cast=DRACO_HARRY)
        store(library, 2, "Other", 0.3, fandoms=[HP], cast=DRACO_HARRY)
        alone = store(library, 3, "Alone", 0.0, axis=2, cast=[("Ahab", [], 50, 20)])  # unlike both
    result = CliRunner().invoke(main, ["similar", str(mine), "--library", str(path)], env={"COLUMNS": "200"})
    assert result.exit_code == 0 and f"shares Draco Malfoy, Harry Potter, {HP}" in result.output
    result = CliRunner().invoke(main, ["similar", str(alone), "--library", str(path)])
    assert result.exit_code == 0 and "No other work in the library is close to this one." in result.output
