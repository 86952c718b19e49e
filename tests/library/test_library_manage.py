"""Managing the library: remove a work, edit what its file declared, analyse it again when ficlens
improves, and open a library an older ficlens made (schema 6)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from library_data import HARBOUR, analysis, story_text

from ficlens.cli import main
from ficlens.library import Library, store
from ficlens.library.importer import prepare
from ficlens.library import rows
from ficlens.library.rows import PASSAGE_SHIFT



def _add(library: Library, title: str, seed: int, **meta) -> int:
    text = story_text(seed)
    data = analysis(text, title, meta.pop("authors", ["Wren"]), **meta)
    return library.add_analysis(data, text, f"{title}.txt", prepared=prepare(data, text, f"{title}.txt")).work_id


def test_remove_takes_the_work_and_everything_kept_about_it(tmp_path):
    with Library(tmp_path / "library.db") as library:
        gone = _add(library, "Lighthouse Keeper", 1, fandoms=["Original Work"], summary="A keeper waits.")
        kept = _add(library, "Market Day", 2, fandoms=["Original Work"])
        library.mark(gone, status="read", add_tags=["sad"])
        library.collect("Sea", [gone, kept])
        library.edit(gone, title="The Keeper")
        assert library.remove(gone) == "The Keeper"
        assert library.remove(gone) is None and library.remove(10**30) is None
        db = library.db
        for table in ("authors", "tags", "scenes", "characters", "edits", "personal", "bookmark_tags",
                      "collection_works"):
            assert db.execute(f"SELECT count(*) FROM {table} WHERE work_id = ?", (gone,)).fetchone()[0] == 0, table
        assert db.execute("SELECT count(*) FROM works_fts WHERE rowid = ?", (gone,)).fetchone()[0] == 0
        assert db.execute("SELECT count(*) FROM passages_fts WHERE rowid >> ? = ?", (PASSAGE_SHIFT, gone)).fetchone()[0] == 0
        assert library.search("keeper").total == 0 and library.search(facets={"fandom": ["Original Work"]}).total == 1
        assert library.collections() == [("Sea", 1)] and library.personal(kept).collections == ["Sea"]
    path = tmp_path / "library.db"
    result = CliRunner().invoke(main, ["remove", "Market Day", "--library", str(path)])
    assert result.exit_code == 0 and f"removed #{kept} Market Day" in result.output
    result = CliRunner().invoke(main, ["remove", "Market Day", "--library", str(path)])
    assert result.exit_code == 2 and result.output.strip() == "ficlens: Market Day: no such work in the library"


def test_edits_are_the_readers_values_over_the_files_and_marked_as_hers(tmp_path):
    """A plain-text file titled by its name ('11231_bartleby_..._brat') gets a real title, author and fandom:
    searched and faceted by them, while the analysis keeps what the file said."""
    with Library(tmp_path / "library.db") as library:
        work = _add(library, "11231_bartleby_the_scrivener_brat", 3, authors=[], fandoms=["Unsorted"],
                    summary="The file's summary.")
        library.edit(work, title="Bartleby, the Scrivener", authors=["Herman Melville"],
                     fandoms=["19th Century Literature"], summary="I would prefer not to.")
        record = library.work(work)
        assert record.title == "Bartleby, the Scrivener"
        assert record.analysis["work"]["authors"] == ["Herman Melville"]
        assert record.analysis["edits"] == {"title": "11231_bartleby_the_scrivener_brat", "authors": [],
                                            "fandoms": ["Unsorted"], "summary": "The file's summary."}
        assert [h.title for h in library.search("scrivener").hits] == ["Bartleby, the Scrivener"]
        assert library.search("prefer").total == 1 and library.search("file's").total == 0
        assert library.search(facets={"fandom": ["Unsorted"]}).total == 0
        assert library.search(facets={"author": ["Herman Melville"]}).total == 1
        assert library.search(facets={"fandom": ["19th Century Literature"]}).hits[0].authors == ["Herman Melville"]
        assert library.find("Bartleby") == [(work, "Bartleby, the Scrivener")]

        library.edit(work, fandoms=None, summary="")  # back to what the file declares
        record = library.work(work)
        assert record.analysis["work"]["fandoms"] == ["Unsorted"] and set(record.analysis["edits"]) == {"title", "authors"}
        assert library.search(facets={"fandom": ["Unsorted"]}).total == 1 and library.search("prefer").total == 0
    runner = CliRunner()
    path = str(tmp_path / "library.db")
    result = runner.invoke(main, ["edit", str(work), "--reset", "title", "--author", "H. Melville", "--library", path])
    assert result.exit_code == 0 and f"edited #{work} 11231_bartleby_the_scrivener_brat" in result.output
    result = runner.invoke(main, ["edit", str(work), "--library", path])
    assert result.exit_code == 2 and "nothing to change" in result.output
    result = runner.invoke(main, ["edit", str(work), "--title", "x" * 20_001, "--library", path])
    assert result.exit_code == 2 and "the title is too long" in result.output
    result = runner.invoke(main, ["mark", str(work), "--library", path])
    assert "your authors: H. Melville (the file: none)" in result.output


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """A library holding one story file analysed by this ficlens (the pipeline runs: seconds)."""
    folder = tmp_path_factory.mktemp("reanalyse")
    story = folder / "harbour.txt"
    story.write_text(HARBOUR, encoding="utf-8")
    with Library(folder / "library.db") as library:
        report = library.add([story], jobs=1)
        assert not report.failures, report.failures
        return folder, story, report.outcomes[0].work_id


def test_reanalyze_takes_only_works_an_older_ficlens_analysed_unless_forced(analysed):
    folder, story, work = analysed
    with Library(folder / "library.db") as library:
        assert library.stale() == []
        report = library.reanalyze()
        assert report.outcomes == [] and report.failures == []
        assert [o.status for o in library.reanalyze([work]).outcomes] == ["unchanged"]
        library.db.execute("UPDATE works SET analysed_by = '0.0.1' WHERE id = ?", (work,))
        assert library.stale() == [work]
        outcome, = library.reanalyze().outcomes
        assert (outcome.status, outcome.work_id, outcome.title) == ("reanalysed", work, "The Harbour")
        assert library.stale() == []
        assert [o.status for o in library.reanalyze([work], force=True).outcomes] == ["reanalysed"]
    result = CliRunner().invoke(main, ["reanalyze", "--all", "--library", str(folder / "library.db")])
    assert result.exit_code == 0 and "0 analysed again, 0 already current, 0 failed" in result.output
    result = CliRunner().invoke(main, ["reanalyze", "--library", str(folder / "library.db")])
    assert result.exit_code == 2 and "name one WORK or give --all" in result.output


def test_a_reanalysis_keeps_the_readers_fields_and_reads_the_stored_text_when_the_file_is_gone(analysed, tmp_path):
    folder, story, work = analysed
    with Library(folder / "library.db") as library:
        before = library.work(work).analysis
        library.edit(work, title="Harbour Lights")
        library.mark(work, status="read", rating=5, add_tags=["short"])
        library.collect("Sea", [work])
        moved = tmp_path / "moved.txt"
        story.rename(moved)
        try:
            assert library.source(work) == (str(story), before["source"]["sha256"], "gone")
            outcome, = library.reanalyze([work], force=True).outcomes
            assert outcome.status == "reanalysed from the stored text" and outcome.title == "Harbour Lights"
            after = library.work(work).analysis
            # the same text and declared metadata give the same reading as the file did
            assert [c["name"] for c in after["characters"]] == [c["name"] for c in before["characters"]]
            assert [(q["start"], q["speaker"]) for q in after["quotes"]] == [(q["start"], q["speaker"])
                                                                            for q in before["quotes"]]
            assert after["work"]["authors"] == ["Wren"] and after["edits"] == {"title": "The Harbour"}
            assert after["source"]["path"] == str(story)
            own = library.personal(work)
            assert (own.status, own.rating, own.tags, own.collections) == ("read", 5, ["short"], ["Sea"])
            assert [h.title for h in library.search("lights").hits] == ["Harbour Lights"]
        finally:
            moved.rename(story)
        story_bytes = story.read_bytes()
        story.write_bytes(story_bytes + b"\nA line added later.\n")
        try:
            assert library.source(work)[2] == "changed"
            outcome, = library.reanalyze([work], force=True).outcomes
            assert outcome.status == "reanalysed from the stored text"  # other bytes are not this work
        finally:
            story.write_bytes(story_bytes)
        assert library.source(work)[2] == "here"
        library.edit(work, title=None)


def test_a_library_of_schema_6_opens_with_its_works_to_analyse_again(tmp_path, monkeypatch):
    """A library an older ficlens made (schema 6) gains the reader's tables, empty, and its works count as
    analysed by an older ficlens."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    store.migrate(db, target=6)
    with monkeypatch.context() as patch, store.transaction(db):
        patch.setattr(rows, "insert_stats", lambda *args: None)  # schema 8's table: not there yet
        text = story_text(4)
        old = rows.insert_work(db, analysis(text, "Old Work", ["Someone"]), text, "old.txt")
    db.close()
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION
        assert library.db.execute("SELECT analysed_by FROM works").fetchall() == [(None,)]
        assert library.stale() == [old]
        assert library.personal(old).status is None and library.collections() == []
        library.mark(old, status="to read")
        library.edit(old, title="Older Work")
        assert library.search(facets={"status": ["to read"]}).hits[0].title == "Older Work"


def test_a_work_added_by_a_relative_path_keeps_where_its_file_is(tmp_path, monkeypatch):
    """`ficlens add stories/harbour.txt` run in one folder, `ficlens serve` in another: the original file
    is still found (download, re-analysis), so the library keeps the file's absolute path."""
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with Library(tmp_path / "library.db") as library:
        work = library.add([Path("stories/harbour.txt")], jobs=1).outcomes[0].work_id
    monkeypatch.chdir(tmp_path / "stories")
    with Library(tmp_path / "library.db") as library:
        path, _, state = library.source(work)
        assert (path, state) == (str(tmp_path / "stories" / "harbour.txt"), "here")
