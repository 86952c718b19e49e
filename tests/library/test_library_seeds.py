"""The seeds in a library: their facets, their characters, each the other's most similar work."""

from __future__ import annotations

import json

from library_data import analysis

from ficlens.library import Library

HP = "Harry Potter - J. K. Rowling"


def test_seed_facets(seeded):
    path, ids = seeded
    with Library(path) as library:
        everything = library.search()
        assert everything.total == 2
        facets = dict((f, dict(v)) for f, v in everything.facets.items())
        assert facets["fandom"] == {HP: 1}  # only seed 004 declares its fandom; 000 is a bare "Work Text:" dump
        assert facets["category"] == {"F/M": 1}
        assert facets["rating"] == {"General Audiences": 1}
        assert facets["pov"] == {"first": 1, "third": 1}
        assert facets["tense"] == {"past": 1, "present": 1}
        assert facets["inferred_category"] == {"F/M": 1, "M/M": 1}
        # Seed 000 declares no fandom: its characters are seed 004's (Draco Malfoy).
        assert facets["inferred_fandom"] == {HP: 1}
        assert [h.work_id for h in library.search(facets={"inferred_fandom": [HP]}).hits] == [ids["000"]]
        hp = library.search(facets={"fandom": [HP]})
        assert [h.work_id for h in hp.hits] == [ids["004"]]
        hit = hp.hits[0]
        assert (hit.title, hit.category, hit.rating, hit.pov, hit.tense) == (
            "Broken Pieces, Mended Hearts (One-Shot)", "F/M", "General Audiences", "third", "present")
        first = library.search(facets={"pov": ["first"]})
        assert [h.work_id for h in first.hits] == [ids["000"]]


def test_seed_tables(seeded):
    path, ids = seeded
    with Library(path) as library:
        db = library.db
        for table in ("chapters", "scenes", "characters", "quotes", "relationships", "diagnostics", "tags"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE work_id = ?", (ids["004"],)).fetchone()[0] > 0, table
        assert db.execute("SELECT count(*) FROM scenes WHERE work_id = ?", (ids["000"],)).fetchone()[0] == 12
        assert db.execute("SELECT narrator FROM works WHERE id = ?", (ids["000"],)).fetchone()[0] == "draco-malfoy"
        assert db.execute("SELECT count(*) FROM scenes WHERE embedding IS NULL").fetchone()[0] == 0
        record = library.work(ids["004"])
        assert record.analysis["work"]["fandoms"] == [HP]
        assert record.text.startswith("Broken Pieces")
        assert json.loads(db.execute("SELECT analysis FROM works WHERE id = ?", (ids["000"],)).fetchone()[0])["narration"]["pov"] == "first"
        assert library.work(999) is None


def test_character_across_works(seeded):
    path, ids = seeded
    with Library(path) as library:
        draco = library.character("draco malfoy")
        assert {a.work_id for a in draco} == {ids["000"], ids["004"]}
        assert library.character("Draco") == draco  # by alias, folded
        candy = library.character("CANDY")
        assert [(a.work_id, a.name) for a in candy] == [(ids["004"], "Candy")]
        assert candy[0].lines > 20 and candy[0].gender == "female"
        assert library.character("Voldemort") == []


def test_dashboard(seeded):
    path, _ = seeded
    with Library(path) as library:
        board = library.dashboard()
        assert board.works == 2 and board.words > 12_000
        assert board.pov == {"first": 0.5, "third": 0.5}
        assert board.top_characters[0][:2] == ("Draco Malfoy", 2)
        # found by ficlens (neither seed declares it): it leads to the facet of relationships found
        assert ("Candy/Draco Malfoy", 1, "inferred_relationship") in board.top_pairings
        assert library.search(facets={"inferred_relationship": ["Candy/Draco Malfoy"]}).total == 1
        only = library.dashboard(facets={"fandom": [HP]})
        assert only.works == 1 and only.tense == {"present": 1.0}


def test_each_seed_lists_the_other_as_similar(tmp_path, seed_works, seed_prepared, litbank_texts):
    """With three public-domain excerpts beside them, each seed's similar work is the other seed, and only it."""
    with Library(tmp_path / "l.db") as library:
        ids = {name: library.add_analysis(*work, prepared=seed_prepared[name]).work_id
               for name, work in seed_works.items()}
        for i, text in enumerate(litbank_texts):
            library.add_analysis(analysis(text, f"Excerpt {i}", ["Anon"]), text, f"excerpt{i}.txt")
        first = library.similar(ids["000"])[0]
        assert first.work_id == ids["004"]
        assert "Draco Malfoy" in first.shared_characters
        assert library.similar(ids["004"])[0].work_id == ids["000"]
        # the classics share no fandom, no character and no close wording with the seeds: they are not listed
        assert [(s.work_id, s.reason) for s in library.similar(ids["004"])] == [
            (ids["000"], "shares Draco Malfoy; close in wording")]
        assert library.similar(12345) == []
