"""Sorting, exclusions, ranges and the facets of characters found: a reader's AO3 filters over a real library."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from library_data import analysis, quick, story_text

from ficlens.cli import main
from ficlens.library import Library, LibraryError, store


def _add(library: Library, title: str, *, words: int, chapters: int = 1, facts: dict | None = None,
         quoted: list[str] | None = None, **meta) -> int:
    """A work whose analysis says it has `words` words in `chapters` chapters, declares `facts` (kudos,
    hits, dates ...) and has quotations of these texts (None: no quotations analysed at all)."""
    text = story_text(len(title) * 7 + words, 200)
    data = analysis(text, title, meta.pop("authors", ["Author"]), **meta)
    data["work"]["words"] = words
    data["work"]["chapters"] = [{"title": None, "start": 0, "end": len(text), "summary": None}] * chapters
    data["work"].update(facts or {})
    if quoted is None:
        del data["quotes"]
    else:
        data["quotes"] = [{"start": 0, "end": 1, "text": q, "speaker": None, "addressees": [], "confidence": 0.5,
                           "method": "tag", "group": i} for i, q in enumerate(quoted)]
    return library.add_analysis(data, text, f"{title}.txt", prepared=quick(data, text, f"{title}.txt")).work_id


@pytest.fixture
def shelf(tmp_path):
    """Five works: two AO3 downloads with their stats, three plain files with none."""
    with Library(tmp_path / "shelf.db") as library:
        _add(library, "The Last Owl", words=4000, chapters=4, authors=["bex"], rating="Mature",
             fandoms=["Good Omens"], quoted=["one two three four five"] * 100,
             facts={"kudos": 50, "hits": 1000, "comments": 5, "bookmarks": 3, "published": "2019-06-09",
                    "updated": "2020-01-01"})
        _add(library, "Part 10", words=1000, authors=["Ann"], rating="Explicit", fandoms=["Sherlock (TV)"],
             quoted=[], facts={"kudos": 7, "hits": 90, "published": "2021-03-01"})
        _add(library, "Part 2", words=2000, chapters=2, authors=["_zed"], rating="General Audiences",
             fandoms=["Good Omens", "Sherlock (TV)"], quoted=["a b"] * 100)
        _add(library, "apple", words=3000, authors=[], quoted=None, language="Deutsch")
        _add(library, "10 Days", words=500, authors=["Cass"], rating="Mature", quoted=["x"] * 50)
        yield library


def _titles(results) -> list[str]:
    return [hit.title for hit in results.hits]


def test_titles_in_a_readers_order(shelf):
    # numbers whole, case folded, a leading article set aside ("last owl, the")
    assert _titles(shelf.search()) == ["10 Days", "apple", "The Last Owl", "Part 2", "Part 10"]
    assert _titles(shelf.search(sort="title", descending=True)) == ["Part 10", "Part 2", "The Last Owl", "apple",
                                                                    "10 Days"]


@pytest.mark.parametrize(("sort", "descending", "expected"), [
    # the AO3 downloads declare kudos; the plain files have none and come last either way, in title order
    ("kudos", None, ["The Last Owl", "Part 10", "10 Days", "apple", "Part 2"]),
    ("kudos", False, ["Part 10", "The Last Owl", "10 Days", "apple", "Part 2"]),
    ("hits", None, ["The Last Owl", "Part 10", "10 Days", "apple", "Part 2"]),
    ("comments", None, ["The Last Owl", "10 Days", "apple", "Part 2", "Part 10"]),
    ("bookmarks", False, ["The Last Owl", "10 Days", "apple", "Part 2", "Part 10"]),
    ("published", None, ["Part 10", "The Last Owl", "10 Days", "apple", "Part 2"]),
    # never updated: updated when published (2021-03-01 is later than 2020-01-01)
    ("updated", None, ["Part 10", "The Last Owl", "10 Days", "apple", "Part 2"]),
    ("words", None, ["The Last Owl", "apple", "Part 2", "Part 10", "10 Days"]),
    ("words", False, ["10 Days", "Part 10", "Part 2", "apple", "The Last Owl"]),
    ("chapters", None, ["The Last Owl", "Part 2", "10 Days", "apple", "Part 10"]),
    # authors folded, "_zed" filed under z; "apple" has no author and comes last
    ("author", None, ["Part 10", "The Last Owl", "10 Days", "Part 2", "apple"]),
    ("author", True, ["Part 2", "10 Days", "The Last Owl", "Part 10", "apple"]),
    # words in quotations over words: 500/4000, 0/1000, 200/2000, 50/500; apple's dialogue was not analysed
    ("dialogue", None, ["The Last Owl", "10 Days", "Part 2", "Part 10", "apple"]),
    ("dialogue", False, ["Part 10", "10 Days", "Part 2", "The Last Owl", "apple"]),
])
def test_each_sort_key(shelf, sort, descending, expected):
    assert _titles(shelf.search(sort=sort, descending=descending)) == expected


def test_date_added_sorts_by_the_second_a_work_was_stored(shelf):
    stamps = {"Part 2": "2026-01-01T10:00:00+00:00", "apple": "2026-01-01T10:00:05+00:00",
              "10 Days": "2025-12-31T23:59:59+00:00", "The Last Owl": "2026-02-01T00:00:00+00:00",
              "Part 10": "2026-01-01T09:59:59+00:00"}
    with store.transaction(shelf.db):  # as if they had been added one by one over some weeks
        shelf.db.executemany("UPDATE works SET added_at = ? WHERE title = ?", [(v, k) for k, v in stamps.items()])
    assert _titles(shelf.search(sort="added")) == ["The Last Owl", "apple", "Part 2", "Part 10", "10 Days"]


def test_a_sort_orders_the_matches_of_a_query_and_relevance_can_be_reversed(shelf):
    with store.transaction(shelf.db):
        shelf.db.execute("UPDATE works_fts SET text = text || ' zeppelin' WHERE rowid IN"
                         " (SELECT id FROM works WHERE title IN ('Part 2', 'The Last Owl', '10 Days'))")
    matched = shelf.search("zeppelin", sort="kudos")
    assert _titles(matched) == ["The Last Owl", "10 Days", "Part 2"] and matched.total == 3
    best = _titles(shelf.search("zeppelin"))
    assert _titles(shelf.search("zeppelin", sort="relevance", descending=False)) == best[::-1]


def test_paging_follows_the_order(shelf):
    pages = [_titles(shelf.search(sort="words", page=p, per_page=2)) for p in (1, 2, 3)]
    assert pages == [["The Last Owl", "apple"], ["Part 2", "Part 10"], ["10 Days"]]


def test_exclude_any_value_of_any_facet(shelf):
    assert _titles(shelf.search(exclude={"rating": ["Explicit"]})) == ["10 Days", "apple", "The Last Owl", "Part 2"]
    # a work with any of the values excluded is left out, here both Mature works and the Explicit one
    assert _titles(shelf.search(exclude={"rating": ["Mature", "Explicit"]})) == ["apple", "Part 2"]
    # a work with two fandoms goes with either
    assert _titles(shelf.search(exclude={"fandom": ["Sherlock (TV)"]})) == ["10 Days", "apple", "The Last Owl"]
    # excluding and including together, and the counts are those of what is left
    left = shelf.search(facets={"fandom": ["Good Omens"]}, exclude={"rating": ["Mature"]})
    assert _titles(left) == ["Part 2"]
    assert dict(left.facets["rating"]) == {"General Audiences": 1}
    assert _titles(shelf.search(exclude={"language": ["Deutsch"], "author": ["bex", "Ann"]})) == ["10 Days", "Part 2"]
    with pytest.raises(LibraryError, match="no facet called 'colour'"):
        shelf.search(exclude={"colour": ["red"]})


def test_ranges_of_counts_dates_and_chapter_length(shelf):
    assert _titles(shelf.search(ranges={"kudos": (10, None)})) == ["The Last Owl"]
    # a work without the value is in no range of it, not even one from 0
    assert _titles(shelf.search(ranges={"kudos": (0, 100)})) == ["The Last Owl", "Part 10"]
    assert _titles(shelf.search(ranges={"hits": (None, "1,000")})) == ["The Last Owl", "Part 10"]
    # a year or a month as a bound is the whole of it
    assert _titles(shelf.search(ranges={"published": ("2019", "2019")})) == ["The Last Owl"]
    assert _titles(shelf.search(ranges={"published": ("2021-03", None)})) == ["Part 10"]
    assert _titles(shelf.search(ranges={"updated": ("2020-01-01", "2020-01-01")})) == ["The Last Owl"]
    # words a chapter: 1,000 / 1,000 / 1,000 / 3,000 / 500
    assert _titles(shelf.search(ranges={"chapter_words": (900, 1100)})) == ["The Last Owl", "Part 2", "Part 10"]
    assert _titles(shelf.search(ranges={"chapters": (2, None)}, sort="chapters")) == ["The Last Owl", "Part 2"]
    for bad, message in ((("2019-13", None), "not a date for published"), (("soon", None), "not a date")):
        with pytest.raises(LibraryError, match=message):
            shelf.search(ranges={"published": bad})
    with pytest.raises(LibraryError, match="not a number for kudos"):
        shelf.search(ranges={"kudos": ("many", None)})
    with pytest.raises(LibraryError, match="no range called 'colour'"):
        shelf.search(ranges={"colour": (1, 2)})
    with pytest.raises(LibraryError, match="no sort called 'colour'"):
        shelf.search(sort="colour")


def test_characters_found_appearing_and_speaking(tmp_path):
    with Library(tmp_path / "cast.db") as library:
        text = story_text(5)
        for title, cast in (("One", [("Draco Malfoy", ["Draco"], 40, 12), ("Harry Potter", [], 30, 0)]),
                            ("Two", [("Draco Malfoy", [], 5, 0), ("Candy", [], 50, 20)]),
                            ("Three", [("draco malfoy", [], 2, 1)])):
            data = analysis(text + title, title, ["A"], cast=cast)
            library.add_analysis(data, text + title, title, prepared=quick(data, text + title, title))
        facets = library.search().facets
        # one name for one character across works: the way most works write it
        assert dict(facets["appears"]) == {"Draco Malfoy": 3, "Candy": 1, "Harry Potter": 1}
        assert dict(facets["speaks"]) == {"Draco Malfoy": 2, "Candy": 1}
        assert _titles(library.search(facets={"speaks": ["Draco Malfoy"]})) == ["One", "Three"]
        assert _titles(library.search(facets={"appears": ["draco malfoy"]})) == ["One", "Three", "Two"]
        assert _titles(library.search(facets={"appears": ["Harry Potter"]})) == ["One"]
        assert _titles(library.search(exclude={"speaks": ["Candy"]})) == ["One", "Three"]


def test_a_top_pairing_leads_to_the_facet_that_finds_its_works(tmp_path):
    """The dashboard's pairings were counted over declared and found relationships alike, and each led
    to the declared facet: a pairing ficlens found gave 0 works."""
    with Library(tmp_path / "pairs.db") as library:
        for title, meta in (("Declared", {"relationships": ["Aziraphale/Crowley"]}),
                            ("Found", {"inferred_relationships": ["Candy/Draco Malfoy"]}),
                            ("Both", {"relationships": ["Aziraphale/Crowley"],
                                      "inferred_relationships": ["Aziraphale/Crowley"]})):
            text = story_text(len(title))
            data = analysis(text, title, ["A"], **meta)
            library.add_analysis(data, text, title, prepared=quick(data, text, title))
        board = library.dashboard()
        assert board.top_pairings == [("Aziraphale/Crowley", 2, "relationship"),
                                      ("Aziraphale/Crowley", 1, "inferred_relationship"),
                                      ("Candy/Draco Malfoy", 1, "inferred_relationship")]
        for name, works, facet in board.top_pairings:
            assert library.search(facets={facet: [name]}).total == works


def test_a_library_of_schema_7_gets_its_works_sort_values(tmp_path):
    """A library made before work_stats (schema 7) keeps its works, which sort by the kudos and dates
    their analyses declare and by their dialogue share once it is opened."""
    path = tmp_path / "v7.db"
    db = sqlite3.connect(path, isolation_level=None)
    store.migrate(db, target=7)
    from ficlens.library import rows

    for title, kudos, lines in (("Few", 3, ["a b c"]), ("Many", 300, ["a b c d e f"])):
        text = story_text(kudos, 100)
        data = analysis(text, title, ["A"])
        data["work"].update(kudos=kudos, published=f"20{kudos % 20:02d}-01-01", words=60)
        data["quotes"] = [{"start": 0, "end": 1, "text": q, "speaker": None, "addressees": [], "confidence": 1.0,
                           "method": "tag", "group": 0} for q in lines]
        with store.transaction(db):
            # as schema 7 stored a work: every row but work_stats
            original, rows.insert_stats = rows.insert_stats, lambda *args: None
            try:
                rows.insert_work(db, data, text, f"{title}.txt")
            finally:
                rows.insert_stats = original
    db.close()
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION >= 8
        assert _titles(library.search(sort="kudos")) == ["Many", "Few"]
        assert _titles(library.search(sort="dialogue")) == ["Many", "Few"]  # 6 and 3 words of 60
        assert _titles(library.search(ranges={"published": ("2003", "2003")})) == ["Few"]
        stats = library.db.execute("SELECT kudos, quoted_words FROM work_stats ORDER BY kudos").fetchall()
        assert stats == [(3, 3), (300, 6)]


def test_the_search_command_sorts_excludes_and_holds_to_ranges(shelf):
    path = str(shelf.path)
    runner = CliRunner()
    found = runner.invoke(main, ["search", "--library", path, "--sort", "kudos", "--ascending", "--exclude",
                                 "rating=Mature", "--range", "hits=10..", "--json"])
    assert found.exit_code == 0, found.output
    assert [h["title"] for h in json.loads(found.output)["hits"]] == ["Part 10"]
    bare = runner.invoke(main, ["search", "--library", path, "--sort", "words", "--json"])
    assert [h["title"] for h in json.loads(bare.output)["hits"]] == ["The Last Owl", "apple", "Part 2", "Part 10",
                                                                    "10 Days"]
    spoken = runner.invoke(main, ["search", "--library", path, "--exclude", "appears=Nobody", "--json"])
    assert json.loads(spoken.output)["total"] == 5


@pytest.mark.parametrize(("args", "message"), [
    (["--sort", "colour"], "no sort called 'colour'"),
    (["--exclude", "colour=red"], "no facet called 'colour'"),
    (["--range", "published=2019-13..2020"], "'2019-13' is not a date for published"),
    (["--range", "kudos=lots.."], "'lots' is not a number for kudos"),
])
def test_the_search_command_refuses_bad_filters_in_one_line(shelf, args, message):
    result = CliRunner().invoke(main, ["search", "--library", str(shelf.path), *args])
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1


@pytest.mark.parametrize("args", [["--exclude", "rating"], ["--range", "kudos=100"]])
def test_the_search_command_says_how_to_write_a_filter(shelf, args):
    result = CliRunner().invoke(main, ["search", "--library", str(shelf.path), *args])
    assert result.exit_code == 2
    assert "FACET=VALUE" in result.output or "KEY=LOW..HIGH" in result.output
