"""bm25 in numpy (search.TermIndex) gives FTS5's own bm25, and snippets found from passage postings are the
ones FTS5 finds passage by passage: checked against SQLite on a real library of a few dozen works."""

from __future__ import annotations

import random

import pytest
from library_data import analysis, quick, story_text

from ficlens.library import Library
from ficlens.library.search import (BM25_WEIGHTS, FacetIndex, Selection, TermIndex, _snippets, fts_query,
                                    matching, query_parts, tokenize)

QUERIES = ["lantern", "harbour", "Mara", "kettle", "lighthouse", "sky", "the", "went", "harbour lantern",
           "letter kept", "Mara Tobias lantern", "light*", "fo*", "har* kettle", "remember*", "watched",
           "Bees", "honey", "sorrow", "day days", "1805", "dawn", "Pérez", "nothing-matches-this",
           '"the harbour"', '"in the tea" honey', '"went out of the sky" Mara', '"the lantern" "the kettle"']


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    """A library of 40 little works: titles, summaries and tags that hold some of the text's words too."""
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("ranking") / "library.db"
    with Library(path) as library:
        for seed in range(40):
            text = story_text(seed, rng.choice([120, 400, 900, 2000]))
            if seed % 5 == 0:
                text += "\nBees in the honey, honey in the tea. Señor Pérez said nothing."
            title = rng.choice(["The Lantern", "Harbour Lights", "Kettle", "Sorrow", "Days at Sea", "Mara"])
            data = analysis(text, f"{title} {seed}", [f"author{seed % 4}"], fandoms=[rng.choice(["A", "B"])],
                            rating=rng.choice(["General Audiences", "Explicit"]),
                            tags=rng.sample(["Lanterns", "Bees", "Honey", "Kettles", "Light"], 2),
                            summary=rng.choice([None, "A letter, a lantern and the harbour.", "Light at dawn."]))
            library.add_analysis(data, text, f"w{seed}.txt", prepared=quick(data, text, f"w{seed}.txt"))
    with Library(path) as library:
        yield library


def fts5_ranking(db, query: str, keep: set[int] | None = None) -> list[tuple[int, float]]:
    """The ranking as SQLite computes it: -bm25 of works_fts with the library's column weights."""
    weights = ", ".join(map(str, BM25_WEIGHTS))
    rows = db.execute(f"SELECT rowid, -bm25(works_fts, {weights}) FROM works_fts WHERE works_fts MATCH ?",
                      [fts_query(query)]).fetchall()
    rows = [r for r in rows if keep is None or r[0] in keep]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


@pytest.mark.parametrize("query", QUERIES)
def test_numpy_bm25_is_fts5_bm25(ranked, query):
    index = FacetIndex(ranked.db)
    first = matching(ranked.db, Selection(query), index)  # FTS5 ranks a query's words the first time
    again = matching(ranked.db, Selection(query), index)  # then numpy, from their postings
    assert index.terms.rank(ranked.db, query_parts(query), None) is not None
    assert again == first == fts5_ranking(ranked.db, query)  # the same works, order and scores, to the bit


@pytest.mark.parametrize("query", ["lantern", "harbour lantern", "light*", "honey"])
def test_filters_keep_fts5_scores(ranked, query):
    """Facets and word ranges choose works; the scores stay those of the whole library (idf is global)."""
    selection = Selection(query, {"fandom": ["A"], "rating": ["Explicit"]}, (300, None))
    index = FacetIndex(ranked.db)
    keep = set(index.members(index.filter(selection)))
    assert matching(ranked.db, selection, index) == fts5_ranking(ranked.db, query, keep)  # FTS5
    assert matching(ranked.db, selection, index) == fts5_ranking(ranked.db, query, keep)  # numpy


def test_the_same_term_index_serves_every_search(ranked):
    """Words asked for once go to FTS5; asked for again, their postings are read once and kept (by the
    index of the library as it is, which every connection and test here shares: hence words of their own)."""
    index = FacetIndex(ranked.db)
    matching(ranked.db, Selection("orchard"), index)
    terms = index.terms
    assert ("orchard", False) not in terms.postings
    for _ in range(2):
        matching(ranked.db, Selection('orchard station "the old mill" greeted'), index)
    assert index.terms is terms
    assert set(terms.postings) >= {("orchard", False), ("station", False), ("greet", False),
                                   ("the old mill", None)}  # a phrase is kept by its tokens


def test_a_part_without_a_token_goes_to_fts5(ranked):
    index = FacetIndex(ranked.db)
    assert matching(ranked.db, Selection("_"), index) == fts5_ranking(ranked.db, "_") == []
    assert index.terms.terms(ranked.db, query_parts("lantern _")) is None


def test_query_words_become_the_index_terms(ranked):
    assert tokenize(ranked.db, "Lanterns") == ["lantern"]  # porter stems, unicode61 folds case
    assert tokenize(ranked.db, "Pérez") == ["perez"]  # and diacritics
    assert tokenize(ranked.db, "x_y") == ["x", "y"]  # "_" separates tokens: not a one-token part
    assert query_parts('honey "in the tea" har*') == [("honey", False), ("in the tea", False), ("har", True)]


def test_a_new_version_of_the_library_gets_a_new_term_index(tmp_path):
    with Library(tmp_path / "grow.db") as library:
        text = story_text(1, 200) + "\nA quince tree."
        data = analysis(text, "Quince")
        library.add_analysis(data, text, "q.txt", prepared=quick(data, text, "q.txt"))
        assert library.search("quince").total == 1
        text = story_text(2, 200) + "\nTwo quince trees, and quince jam."
        data = analysis(text, "More Quince")
        library.add_analysis(data, text, "q2.txt", prepared=quick(data, text, "q2.txt"))
        results = library.search("quince")
        assert [h.title for h in results.hits] == ["More Quince", "Quince"]
        assert [(h.work_id, h.score) for h in results.hits] == [
            (i, round(s, 6)) for i, s in fts5_ranking(library.db, "quince")]


@pytest.mark.parametrize("query", ["lantern", "harbour lantern", "light*", "honey tea", "Bees", "fo*", "sorrow",
                                   '"in the tea"', '"the harbour" kettle'])
def test_snippets_from_passage_postings_are_fts5s(ranked, query):
    """Each hit's snippet comes from the same passage, with the same words marked, as when FTS5 looks for
    the first matching passage of every work itself."""
    index = FacetIndex(ranked.db)
    ids = [i for i, _ in matching(ranked.db, Selection(query), index)]
    assert ids
    for page in (ids[:20], ids[20:40]):
        if page:
            by_fts5 = _snippets(ranked.db, page, query, None)
            index.terms.snippets.clear()
            assert _snippets(ranked.db, page, query, index.terms) == by_fts5  # the first time: FTS5's way
            index.terms.snippets.clear()
            assert _snippets(ranked.db, page, query, index.terms) == by_fts5  # then from passage postings
            assert _snippets(ranked.db, page, query, index.terms) == by_fts5  # then as kept
    assert "<mark>" in _snippets(ranked.db, ids[:1], query, index.terms)[ids[0]]


def test_term_index_reads_fts5s_statistics(ranked):
    index = FacetIndex(ranked.db)
    terms = TermIndex(ranked.db, index.ids)
    assert terms.rows == ranked.count() == 40
    assert terms.weights == dict(zip(["title", "summary", "tags", "text"], BM25_WEIGHTS))


def test_connections_to_one_library_share_its_term_index_until_it_changes(tmp_path):
    path = tmp_path / "shared.db"
    with Library(path) as writer, Library(path) as reader:
        text = story_text(3, 200) + "\nA medlar tree."
        data = analysis(text, "Medlar")
        writer.add_analysis(data, text, "m.txt", prepared=quick(data, text, "m.txt"))
        first, second = FacetIndex(writer.db), FacetIndex(reader.db)
        matching(writer.db, Selection("medlar"), first)
        matching(reader.db, Selection("medlar"), second)  # the second time the word is asked for
        assert first.terms is second.terms and ("medlar", False) in first.terms.postings  # read once
        text = story_text(4, 200) + "\nMedlar jelly."
        data = analysis(text, "Jelly")
        writer.add_analysis(data, text, "j.txt", prepared=quick(data, text, "j.txt"))
        after = FacetIndex(reader.db)
        for _ in range(2):
            assert matching(reader.db, Selection("medlar"), after) == fts5_ranking(reader.db, "medlar")
        assert after.terms is not first.terms and len(after.terms.ids) == 2


def test_what_a_term_index_keeps_is_bounded(ranked, monkeypatch):
    """Postings, passages and snippets are kept least recently used first out, within their bounds."""
    from ficlens.library import search

    terms = TermIndex(ranked.db, FacetIndex(ranked.db).ids)
    monkeypatch.setattr(search, "POSTINGS_KEPT", 3 * len(terms.ids))  # three parts' frequencies
    monkeypatch.setattr(search, "SNIPPETS_KEPT", 25)
    for word in ["lantern", "harbour", "kettle", "letter", "lantern"]:
        terms.rank(ranked.db, query_parts(word), None)  # the first time FTS5 answers (unless seen before)
        assert terms.rank(ranked.db, query_parts(word), None) is not None  # then from kept postings
    assert list(terms.postings) == [("kettl", False), ("letter", False), ("lantern", False)]
    ids = list(terms.ids[:40])
    for word in ["lantern", "harbour"]:
        _snippets(ranked.db, ids, word, terms)
    assert len(terms.snippets) == 25 and all(query == '"harbour"' for query, _ in terms.snippets)
