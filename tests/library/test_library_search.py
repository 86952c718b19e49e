"""Search: bm25 ranking, safe snippets, facets and their counts, word ranges, paging, odd queries."""

from __future__ import annotations

import pytest
from library_data import analysis, story_text

from ficlens.library import Library, LibraryError
from ficlens.library.importer import Prepared
from ficlens.library.search import fts_query

ZERO = bytes(384 * 4)


def _add(library: Library, text: str, title: str, **meta) -> int:
    """Store a work without computing embeddings (search does not need them)."""
    from ficlens.library import dedupe

    data = analysis(text, title, meta.pop("authors", ["Author"]), **meta)
    prepared = Prepared(data, text, f"{title}.txt", dedupe.to_blob(dedupe.signature(text)), ZERO, [None])
    return library.add_analysis(data, text, f"{title}.txt", prepared=prepared).work_id


@pytest.fixture
def library(tmp_path):
    with Library(tmp_path / "search.db") as library:
        _add(library, story_text(1, 400) + "\nThe lighthouse keeper kept bees.", "Bees at Dusk",
             fandoms=["Good Omens"], rating="Teen And Up Audiences", categories=["M/M"], pov="first",
             relationships=["Aziraphale/Crowley"], characters=["Aziraphale", "Crowley"], tags=["Fluff", "Bees"])
        _add(library, story_text(2, 2500) + "\nA bee. Another bee. Bees everywhere, bees in the tea.", "Honey",
             fandoms=["Good Omens", "Sherlock (TV)"], rating="General Audiences", categories=["Gen"],
             characters=["Crowley"], tags=["Fluff"], tense="present")
        _add(library, story_text(3, 1200) + "\nNo insects here: <script>alert('x')</script> & “quotes”.", "Plain",
             fandoms=["Sherlock (TV)"], rating="Explicit", categories=["F/M", "M/M"], language="Deutsch",
             authors=["Zed", "Author"])
        yield library


def test_ranking_title_and_frequency(library):
    results = library.search("bees")
    assert [h.title for h in results.hits] == ["Bees at Dusk", "Honey"]  # a title match weighs most
    assert results.hits[0].score > results.hits[1].score > 0
    assert [h.title for h in library.search("bee tea").hits] == ["Honey"]  # every word must match
    assert [h.title for h in library.search('"bees in the tea"').hits] == ["Honey"]
    assert library.search('"tea in the bees"').total == 0
    assert [h.title for h in library.search("insect*").hits] == ["Plain"]
    assert library.search("fluff").total == 2  # tags are searched too


def test_snippets_are_escaped_with_marks_only(library):
    hit = library.search("insects").hits[0]
    assert "<mark>insects</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html and "&lt;script&gt;" in hit.snippet_html
    assert "&amp;" in hit.snippet_html
    assert hit.snippet_html.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    browse = library.search()
    assert all("<" not in h.snippet_html for h in browse.hits)


def test_facets_and_counts(library):
    results = library.search()
    assert results.total == 3
    assert dict(results.facets["fandom"]) == {"Good Omens": 2, "Sherlock (TV)": 2}
    assert dict(results.facets["category"]) == {"M/M": 2, "Gen": 1, "F/M": 1}
    assert dict(results.facets["author"]) == {"Author": 3, "Zed": 1}
    # several values of a many-valued facet: works having all of them
    both = library.search(facets={"fandom": ["Good Omens", "Sherlock (TV)"]})
    assert [h.title for h in both.hits] == ["Honey"]
    # several values of a one-valued facet: either
    either = library.search(facets={"rating": ["Explicit", "General Audiences"]})
    assert {h.title for h in either.hits} == {"Honey", "Plain"}
    # counts follow the query and the selection
    narrowed = library.search("fluff", facets={"character": ["Crowley"]})
    assert narrowed.total == 2
    assert dict(narrowed.facets["rating"]) == {"Teen And Up Audiences": 1, "General Audiences": 1}
    assert dict(narrowed.facets["pov"]) == {"first": 1, "third": 1}
    assert dict(library.search(facets={"language": ["Deutsch"]}).facets["fandom"]) == {"Sherlock (TV)": 1}
    assert library.search(facets={"tag": ["Bees"], "tense": ["present"]}).total == 0
    with pytest.raises(LibraryError, match="no facet called 'colour'"):
        library.search(facets={"colour": ["red"]})


def test_word_range_and_paging(library):
    assert [h.title for h in library.search(words=(1000, 2000)).hits] == ["Plain"]
    assert library.search(words=(2000, None)).total == 1
    assert library.search(words=(None, 1000)).total == 1
    pages = [library.search(page=p, per_page=2) for p in (1, 2, 3)]
    assert [len(p.hits) for p in pages] == [2, 1, 0]
    assert all(p.total == 3 for p in pages)
    assert [h.title for p in pages for h in p.hits] == ["Bees at Dusk", "Honey", "Plain"]


@pytest.mark.parametrize("query", ['"', "AND", "bees OR", "(", "NEAR(a b)", "-bees", "bees:", "*", "a\"b", "🐝"])
def test_odd_queries_never_fail(library, query):
    library.search(query)


def test_fts_query():
    assert fts_query('bees "in the tea" hon*') == '"bees" AND "in the tea" AND "hon"*'
    assert fts_query("don't") == '"don" AND "t"'
    assert fts_query("") == ""


def test_repeated_searches_see_what_another_process_adds(tmp_path):
    with Library(tmp_path / "shared.db") as reader, Library(tmp_path / "shared.db") as writer:
        _add(writer, story_text(31, 300) + "\nThe lighthouse stood alone.", "First Light")
        assert reader.search("lighthouse").total == 1
        assert reader.search("lighthouse") is reader.search("lighthouse")  # answered again from memory
        _add(writer, story_text(32, 300) + "\nAnother lighthouse, further north.", "Second Light")
        assert reader.search("lighthouse").total == 2
        assert reader.dashboard().works == 2


def test_a_characters_lines_come_from_the_quotes_table(tmp_path):
    with Library(tmp_path / "lines.db") as library:
        text = "“Hello there, my old friend,” said Anna. “Hi,” said Anna. “Go away now, please,” said Ben."
        data = analysis(text, "Lines", ["A"])
        data["characters"] = [{"id": "anna", "name": "Anna", "aliases": ["Anna"], "gender": "female",
                               "mentions": 2, "quotes": 2, "first": 0, "last": 40}]
        data["quotes"] = [
            {"start": 1, "end": 28, "text": "Hello there, my old friend,", "speaker": "anna", "addressees": [],
             "confidence": 0.9, "method": "tag", "group": 0},
            {"start": 42, "end": 45, "text": "Hi,", "speaker": "anna", "addressees": [], "confidence": 0.9,
             "method": "tag", "group": 1},
        ]
        from ficlens.library import dedupe

        prepared = Prepared(data, text, "lines.txt", dedupe.to_blob(dedupe.signature(text)), ZERO, [None])
        work_id = library.add_analysis(data, text, "lines.txt", prepared=prepared).work_id
        [appearance] = library.character("Anna")
        assert library.lines(work_id, appearance.character_id) == ["Hello there, my old friend,"]


def test_a_work_without_a_fandom_is_found_in_the_fandom_its_characters_come_from(tmp_path):
    def cast(*names):
        return [(name, [name.split()[0]], 5, 1) for name in names]

    with Library(tmp_path / "fandoms.db") as library:
        _add(library, story_text(41), "Declared A", fandoms=["Good Omens"], cast=cast("Anathema Device", "Newton Pulsifer"))
        _add(library, story_text(42), "Declared B", fandoms=["Sherlock (TV)"], cast=cast("John Watson", "Mara"))
        bare = _add(library, story_text(43), "Bare", cast=cast("Anathema Device", "Newton Pulsifer", "John Watson"))
        first_names = _add(library, story_text(44), "First names only", cast=cast("Mara"))
        facets = dict(library.search().facets)
        assert dict(facets["inferred_fandom"]) == {"Good Omens": 1}  # two shared full names beat one
        assert [h.work_id for h in library.search(facets={"inferred_fandom": ["Good Omens"]}).hits] == [bare]
        # A declared fandom is never second-guessed, and a shared first name alone says nothing.
        assert first_names not in {h.work_id for h in library.search(facets={"inferred_fandom": ["Sherlock (TV)"]}).hits}


def test_works_are_found_by_their_main_pairing_and_the_kinds_of_their_relationships(tmp_path):
    cast = [("Elinor Dashwood", [], 40, 20), ("Marianne Dashwood", [], 35, 18), ("Edward Ferrars", [], 20, 9)]
    with Library(tmp_path / "kinds.db") as library:
        _add(library, story_text(1), "Sisters", cast=cast,
             bonds=[("Elinor Dashwood", "Marianne Dashwood", "family", "sister")])
        _add(library, story_text(2), "Suitor", cast=cast,
             bonds=[("Elinor Dashwood", "Marianne Dashwood", "family", "sister"),
                    ("Edward Ferrars", "Elinor Dashwood", "romantic", None)])
        results = library.search()
        assert dict(results.facets["pairing"]) == {"Edward Ferrars/Elinor Dashwood": 1}
        assert dict(results.facets["relationship_kind"]) == {"family": 2, "romantic": 1}
        assert [h.title for h in library.search(facets={"relationship_kind": ["romantic"]}).hits] == ["Suitor"]
        assert library.search(facets={"pairing": ["Edward Ferrars/Elinor Dashwood"]}).total == 1
        kinds = library.db.execute("SELECT kind, relation FROM relationships ORDER BY kind").fetchall()
        assert kinds == [("family", "sister"), ("family", "sister"), ("romantic", None)]
