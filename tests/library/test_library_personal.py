"""The reader's own fields: status, favourite, her rating, notes, bookmark tags and collections, as AO3
bookmarks and Calibre columns keep them; searched and faceted, kept when a work is stored again, exported."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from library_data import analysis, story_text

from ficlens.cli import main
from ficlens.library import Library, LibraryError
from ficlens.library.importer import prepare
from ficlens.library.search import FacetIndex, works_stamp


@pytest.fixture
def shelf(tmp_path):
    """A library of three small works ("Harbour", "Orchard", "Lantern"): its path and their ids."""
    path = tmp_path / "library.db"
    ids = {}
    with Library(path) as library:
        for seed, title in enumerate(("Harbour", "Orchard", "Lantern")):
            text = story_text(seed)
            data = analysis(text, title, ["Wren"], fandoms=["Original Work"])
            ids[title] = library.add_analysis(data, text, f"{title}.txt", prepared=prepare(data, text, f"{title}.txt")).work_id
    return path, ids


def test_a_bookmark_is_set_field_by_field_and_cleared_with_none(shelf):
    path, ids = shelf
    with Library(path) as library:
        work = ids["Harbour"]
        assert library.personal(work).status is None and not library.personal(work).favourite
        library.mark(work, status="reading", favourite=True, rating=4, notes="Reread the last scene.",
                     add_tags=["comfort read", "  winter  ", "comfort read"])
        library.mark(work, status="read")  # the other fields stay
        own = library.personal(work)
        assert (own.status, own.favourite, own.rating, own.notes) == ("read", True, 4, "Reread the last scene.")
        assert own.tags == ["comfort read", "winter"]
        library.mark(work, rating=None, notes=None, favourite=False, remove_tags=["winter"])
        own = library.personal(work)
        assert (own.status, own.favourite, own.rating, own.notes, own.tags) == ("read", False, None, None,
                                                                               ["comfort read"])


def test_a_bad_status_or_rating_is_one_line_and_changes_nothing(shelf):
    path, ids = shelf
    with Library(path) as library:
        with pytest.raises(LibraryError, match="no status 'finished'"):
            library.mark(ids["Harbour"], status="finished", rating=3)
        with pytest.raises(LibraryError, match="1 to 5 stars"):
            library.mark(ids["Harbour"], rating=6)
        with pytest.raises(LibraryError, match="no work 99"):
            library.mark(99, status="read")
        assert library.personal(ids["Harbour"]).rating is None
    result = CliRunner().invoke(main, ["mark", "Harbour", "--status", "finished", "--library", str(path)])
    assert result.exit_code == 2 and "finished" in result.output


def test_a_work_is_in_several_collections_and_a_collection_deleted_keeps_its_works(shelf):
    path, ids = shelf
    with Library(path) as library:
        library.collect("Comfort", [ids["Harbour"], ids["Orchard"]])
        library.collect("comfort", [ids["Lantern"]])  # names ignore case: the same collection
        library.collect("To recommend", [ids["Harbour"]])
        assert library.collections() == [("Comfort", 3), ("To recommend", 1)]
        assert library.personal(ids["Harbour"]).collections == ["Comfort", "To recommend"]
        library.uncollect("Comfort", [ids["Orchard"]])
        assert library.personal(ids["Orchard"]).collections == []
        assert library.uncollect("To recommend") is True and library.uncollect("Nothing") is False
        assert library.collections() == [("Comfort", 2)] and library.count() == 3


def test_searches_filter_on_status_favourite_collection_tag_and_hide_read_works(shelf):
    path, ids = shelf
    with Library(path) as library:
        library.mark(ids["Harbour"], status="read", favourite=True, add_tags=["slow burn"])
        library.mark(ids["Orchard"], status="to read")
        library.collect("Autumn", [ids["Orchard"], ids["Lantern"]])

        def titles(**facets: list[str]) -> set[str]:
            return {hit.title for hit in library.search(facets=facets).hits}

        assert titles(read=["unread"]) == {"Orchard", "Lantern"}  # read works hidden; unmarked ones stay
        assert titles(status=["read", "to read"]) == {"Harbour", "Orchard"}
        assert titles(favourite=["favourite"]) == {"Harbour"}
        assert titles(collection=["Autumn"], read=["unread"]) == {"Orchard", "Lantern"}
        assert titles(bookmark_tag=["slow burn"]) == {"Harbour"}
        counts = library.search().facets
        assert dict(counts["status"]) == {"read": 1, "to read": 1} and dict(counts["read"]) == {"unread": 2, "read": 1}
        library.mark(ids["Harbour"], status=None)  # a change is seen by the next search
        assert titles(read=["unread"]) == {"Harbour", "Orchard", "Lantern"}
    runner = CliRunner()
    result = runner.invoke(main, ["mark", "Lantern", "--status", "read", "--favourite", "--rating", "5",
                                  "--note", "Perfect.", "--tag", "cosy", "--library", str(path)])
    assert result.exit_code == 0, result.output
    assert "status: read" in result.output and "★★★★★" in result.output and "collections: Autumn" in result.output
    result = runner.invoke(main, ["search", "--hide-read", "--json", "--library", str(path)])
    assert {h["title"] for h in json.loads(result.output)["hits"]} == {"Harbour", "Orchard"}
    result = runner.invoke(main, ["search", "--favourite", "--collection", "Autumn", "--json", "--library", str(path)])
    assert [h["title"] for h in json.loads(result.output)["hits"]] == ["Lantern"]
    result = runner.invoke(main, ["search", "--status", "to read", "--json", "--library", str(path)])
    assert [h["title"] for h in json.loads(result.output)["hits"]] == ["Orchard"]


def test_collection_commands(shelf):
    path, ids = shelf
    runner = CliRunner()
    result = runner.invoke(main, ["collection", "add", "Rainy days", "Harbour", str(ids["Orchard"]),
                                  "--library", str(path)])
    assert result.exit_code == 0 and "Rainy days: 2 added" in result.output
    result = runner.invoke(main, ["collection", "list", "--library", str(path)])
    assert result.output == "Rainy days\t2\n"
    result = runner.invoke(main, ["collection", "remove", "Rainy days", "Harbour", "--library", str(path)])
    assert result.exit_code == 0 and "1 taken out" in result.output
    result = runner.invoke(main, ["collection", "remove", "Sunny days", "--library", str(path)])
    assert result.exit_code == 2 and "Sunny days: no such collection" in result.output
    result = runner.invoke(main, ["collection", "add", "X", "no such story", "--library", str(path)])
    assert result.exit_code == 2 and "no such work" in result.output


def test_the_bookmark_outlives_a_new_version_of_the_work(shelf):
    """AO3's update of a work (same title and author, more text) replaces the stored one under its id:
    the reader's fields stay with it."""
    path, ids = shelf
    with Library(path) as library:
        library.mark(ids["Harbour"], status="reading", rating=3, add_tags=["wip"])
        library.collect("Following", [ids["Harbour"]])
        text = story_text(0) + "\nA new chapter, posted a week later, where the lantern is finally lit.\n"
        data = analysis(text, "Harbour", ["Wren"], fandoms=["Original Work"])
        outcome = library.add_analysis(data, text, "Harbour-v2.txt", prepared=prepare(data, text, "Harbour-v2.txt"))
        assert (outcome.status, outcome.work_id) == ("replaced", ids["Harbour"])
        own = library.personal(ids["Harbour"])
        assert (own.status, own.rating, own.tags, own.collections) == ("reading", 3, ["wip"], ["Following"])


def test_the_export_holds_the_readers_own_tables(shelf, tmp_path):
    path, ids = shelf
    with Library(path) as library:
        library.mark(ids["Orchard"], status="abandoned", notes="Lost the thread.", add_tags=["dnf"])
        library.collect("Maybe later", [ids["Orchard"], ids["Lantern"]])
        library.edit(ids["Lantern"], title="The Lantern")
        library.export("jsonl", tmp_path / "out")

    def rows(table: str) -> list[dict]:
        return [json.loads(line) for line in (tmp_path / "out" / f"{table}.jsonl").read_text().splitlines()]

    personal = rows("personal")
    assert [(r["work_id"], r["status"], r["notes"], r["tags"]) for r in personal] == [
        (str(ids["Orchard"]), "abandoned", "Lost the thread.", ["dnf"])]
    (collection,) = rows("collections")
    assert collection["name"] == "Maybe later"
    assert sorted((r["collection_id"], r["work_id"]) for r in rows("collection_works")) == sorted(
        (collection["collection_id"], str(ids[name])) for name in ("Orchard", "Lantern"))
    assert [(r["work_id"], r["field"], r["value"]) for r in rows("edits")] == [(str(ids["Lantern"]), "title",
                                                                               "The Lantern")]
    titles = {r["work_id"]: r["title"] for r in rows("works")}
    assert titles[str(ids["Lantern"])] == "The Lantern"  # the title the library shows, hers


def test_a_mark_is_found_at_once_by_a_search_filtering_on_it_here_and_in_another_connection(shelf):
    path, ids = shelf
    with Library(path) as writer, Library(path) as reader:
        for library in (writer, reader):  # each has searched, so each holds a facet index of before the mark
            assert library.search(facets={"status": ["read"]}).total == 0
            assert library.search(facets={"collection": ["Winter"]}).total == 0
        writer.mark(ids["Orchard"], status="read", add_tags=["cosy"])
        writer.collect("Winter", [ids["Lantern"]])
        for library in (writer, reader):
            assert [h.title for h in library.search(facets={"status": ["read"]}).hits] == ["Orchard"]
            assert [h.title for h in library.search(facets={"bookmark_tag": ["cosy"]}).hits] == ["Orchard"]
            assert [h.title for h in library.search(facets={"collection": ["Winter"]}).hits] == ["Lantern"]
            # hide read works: the two others are left
            assert [h.title for h in library.search(facets={"read": ["unread"]}).hits] == ["Harbour", "Lantern"]
            assert dict(library.search().facets["status"]) == {"read": 1}


def test_after_a_mark_a_change_to_a_work_is_still_seen_by_the_next_search(shelf):
    """A personal change keeps the index of the works; an edit, an addition or a removal after it does not."""
    path, ids = shelf
    with Library(path) as writer, Library(path) as reader:
        reader.search(facets={"status": ["read"]})
        writer.mark(ids["Harbour"], status="read")
        assert [h.title for h in reader.search(facets={"status": ["read"]}).hits] == ["Harbour"]
        writer.edit(ids["Harbour"], title="Harbour Lights", fandoms=["Sea Tales"])
        for library in (writer, reader):
            assert [h.title for h in library.search(facets={"fandom": ["Sea Tales"]}).hits] == ["Harbour Lights"]
            assert [h.title for h in library.search(facets={"status": ["read"]}).hits] == ["Harbour Lights"]
        writer.remove(ids["Orchard"])
        writer.mark(ids["Lantern"], status="read")
        assert [h.title for h in reader.search(facets={"status": ["read"]}).hits] == ["Harbour Lights", "Lantern"]
        assert reader.search().total == 2


def test_a_mark_reads_again_only_the_readers_own_facets(shelf):
    """A bookmark changes the reader's facets; the index of the works (fandoms, characters, words, order)
    is kept as it is, and is known to be outdated once a work itself changes."""
    path, ids = shelf
    with Library(path) as library:
        before = FacetIndex(library.db)
        library.mark(ids["Lantern"], status="read", favourite=True)
        assert works_stamp(library.db) == before.stamp
        fresh = before.with_personal(library.db)
        lantern = 1 << fresh.position[ids["Lantern"]]
        assert fresh.works_with("status", "read") == lantern and fresh.works_with("favourite", "favourite") == lantern
        assert before.works_with("status", "read") == 0  # the index of before is not changed under its readers
        assert fresh.masks["fandom"] is before.masks["fandom"] and fresh.by_title is before.by_title
        # the same facets, values and works as an index made anew ("read" and "unread" included)
        anew = FacetIndex(library.db)
        assert fresh.values == anew.values and fresh.counts_of(None) == anew.counts_of(None)
        library.edit(ids["Lantern"], title="Lantern Light")
        assert works_stamp(library.db) != before.stamp
