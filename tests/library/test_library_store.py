"""The database itself: WAL, schema version, migrations from an older version, files that are not libraries."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from library_data import analysis, story_text

from ficlens.library import Library, LibraryError
from ficlens.library import rows, store
from ficlens.library.rows import insert_work

TABLES = {"works", "authors", "tags", "chapters", "scenes", "characters", "aliases", "quotes", "relationships",
          "diagnostics", "duplicates", "works_fts"}


def test_new_library(tmp_path):
    with Library(tmp_path / "sub" / "library.db") as library:
        db = library.db
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.version(db) == store.VERSION == len(store.MIGRATIONS)
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')")}
        assert TABLES | {"work_texts"} <= names
        assert library.count() == 0
        assert library.search("anything").total == 0


def _relationships_before_kinds(db, work_id: int, relationships: list[dict]) -> None:
    db.executemany("INSERT INTO relationships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(work_id, *r["characters"], r["lines"]["a_to_b"], r["lines"]["b_to_a"], r["shared_scenes"],
                     r["co_mentions"], r["warmth"], r["strength"]) for r in relationships])


def _old_library(path, target: int, monkeypatch, works: list[tuple[str, str, dict]]) -> None:
    """A library as an older ficlens left it: schema `target`, these (text, title, metadata) works stored
    the way it stored them (no snippet passages before schema 4)."""
    db = sqlite3.connect(path, isolation_level=None)
    store.migrate(db, target=target)
    with monkeypatch.context() as patch:
        if target < 4:
            patch.setattr(rows, "insert_passages", lambda *args: None)
        if target < 5:
            patch.setattr(rows, "insert_relationships", _relationships_before_kinds)
        if target < 8:
            patch.setattr(rows, "insert_stats", lambda *args: None)
        with store.transaction(db):
            for text, title, meta in works:
                insert_work(db, analysis(text, title, ["Someone"], **meta), text, f"{title}.txt")
    db.close()


def test_migration_from_version_1_keeps_and_completes_the_works(tmp_path, monkeypatch):
    """A library made by schema 1 (no signatures, no embeddings) opens at the current version with its
    works kept, their MinHash signatures and embeddings computed by the migrations."""
    path = tmp_path / "old.db"
    text = story_text(1)
    _old_library(path, 1, monkeypatch, [(text, "Old Work", {})])
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION
        minhash, embedding = library.db.execute("SELECT minhash, embedding FROM works").fetchone()
        assert len(minhash) == 128 * 4 and len(embedding) == 384 * 4
        assert library.db.execute("SELECT embedding IS NOT NULL FROM scenes").fetchone()[0] == 1
        assert [h.title for h in library.search("old work").hits] == ["Old Work"]
        assert library.search(facets={"author": ["Someone"]}).hits[0].title == "Old Work"
        # a re-import of the same text is now recognised, and a near-copy is found through the migrated signature
        copy = text.replace("the", "a", 1)
        outcome = library.add_analysis(analysis(copy, "Old Work (repost)", ["Other"]), copy, "repost.txt")
        assert [d.title for d in outcome.near_duplicates] == ["Old Work"]


def test_migration_from_version_3_adds_snippet_passages(tmp_path, monkeypatch):
    """A library made by schema 3 (snippets taken from the whole text) gets its works' passages from the
    migration to 4: the same searches find the same works, with highlighted snippets from the passages."""
    path = tmp_path / "v3.db"
    texts = [story_text(1, 900) + "\nThe zeppelin keeper kept bees.", story_text(2, 300)]
    _old_library(path, 3, monkeypatch, [(texts[0], "Bees", {"summary": "A summary about honey."}),
                                        (texts[1], "Plain", {})])
    db = sqlite3.connect(path)
    assert "passages_fts" not in {r[0] for r in db.execute("SELECT name FROM sqlite_schema")}
    db.close()
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION >= 4
        stored = library.db.execute("SELECT rowid >> 20, rowid & 1048575, text FROM passages_fts"
                                    " ORDER BY rowid").fetchall()
        assert {r[0] for r in stored} == {1, 2}
        for work_id, text in ((1, texts[0]), (2, texts[1])):
            assert "".join(t for w, p, t in stored if w == work_id and p > 0) == text
        assert [t for w, p, t in stored if p == 0] == ["A summary about honey."]
        hit = library.search("zeppelin").hits[0]
        assert hit.title == "Bees" and "<mark>zeppelin</mark>" in hit.snippet_html
        assert library.search("honey").hits[0].snippet_html.startswith("A summary about <mark>honey</mark>")
        assert [h.snippet_html.startswith("A summary") for h in library.search().hits] == [True, False]


def test_two_processes_create_one_library_at_once(tmp_path):
    """Fresh libraries opened by several processes at the same moment: every one opens (the switch to WAL
    is retried while another process holds the new file; the schema is made once)."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    paths = [tmp_path / f"l{i}.db" for i in range(8)]
    with context.Pool(3) as pool:
        results = pool.map(_open_and_report, [p for p in paths for _ in range(3)])
    assert results == ["ok"] * len(results)
    for path in paths:
        with Library(path) as library:
            assert store.version(library.db) == store.VERSION


def _open_and_report(path) -> str:
    try:
        store.connect(path).close()
        return "ok"
    except LibraryError as error:
        return str(error)


def test_a_locked_library_is_called_locked_not_foreign(tmp_path, monkeypatch):
    path = tmp_path / "busy.db"
    Library(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.3)
    try:
        with pytest.raises(LibraryError, match="locked by another process") as error:
            Library(path)
        assert "not a ficlens library" not in str(error.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "new.db"
    Library(path).close()
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {store.VERSION + 1}")
    db.commit()
    db.close()
    with pytest.raises(LibraryError, match="newer ficlens"):
        Library(path)


def test_files_that_are_not_libraries(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(LibraryError, match="not a ficlens library"):
        Library(junk)
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t (x)")
    db.commit()
    db.close()
    with pytest.raises(LibraryError, match="not a ficlens library"):
        Library(other)


def test_default_path_is_in_the_platform_data_folder(monkeypatch, tmp_path):
    from ficlens.library import default_path

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "ficlens" / "library.db"


def test_migration_from_version_4_keeps_relationships_without_a_kind(tmp_path, monkeypatch):
    """Pairs stored before relationship kinds stay, their kind unknown (NULL) until analysed again; new
    works store theirs."""
    path = tmp_path / "v4.db"
    cast = [("Ann Lee", [], 10, 5), ("Bea Lee", [], 9, 4)]
    old = analysis(story_text(1), "Old", ["Someone"], cast=cast, bonds=[("Ann Lee", "Bea Lee", "family", "sister")])
    db = sqlite3.connect(path, isolation_level=None)
    store.migrate(db, target=4)
    with monkeypatch.context() as patch:
        patch.setattr(rows, "insert_relationships", _relationships_before_kinds)
        patch.setattr(rows, "insert_stats", lambda *args: None)
        with store.transaction(db):
            insert_work(db, old, story_text(1), "Old.txt")
    db.close()
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION >= 5
        assert library.db.execute("SELECT a, b, kind FROM relationships").fetchall() == [("ann-lee", "bea-lee", None)]
        assert library.search(facets={"relationship_kind": ["family"]}).total == 0


def test_find_takes_as_an_id_only_ascii_digits_sqlite_can_hold(seeded):
    """Issue 21, item 13: '²' is a digit to str.isdigit but no number to int(), and 23 digits overflow
    SQLite's integer: both are looked up as titles (none holds them), not passed to SQLite as ids."""
    path, ids = seeded
    with Library(path) as library:
        assert library.find(str(ids["000"])) == [(ids["000"], library.work(ids["000"]).title)]
        assert library.find("²") == []
        assert library.find("9" * 23) == []
        assert library.find(str(2**63)) == []
        assert library.find(str(2**63 - 1)) == []
        assert library.work(2**70) is None
        assert library.similar(2**70) == []


def test_a_read_only_library_is_searched_but_not_added_to(seeded, tmp_path):
    """Issue 21, item 13: opened read-only, a library answers searches, similar works and finds, and
    refuses to be added to in one line."""
    import shutil

    path, ids = seeded
    copy = tmp_path / "library.db"
    shutil.copy(path, copy)
    with Library(path) as library:
        everything = library.search("").total
    with Library(copy, read_only=True) as library:
        assert library.read_only
        assert library.search("").total == everything == 2
        assert library.search("Draco").total >= 1
        assert [w for w, _ in library.find(str(ids["004"]))] == [ids["004"]]
        assert library.similar(ids["000"])[0].work_id == ids["004"]
        with pytest.raises(LibraryError, match=r"the library is read-only") as refused:
            library.add([copy])
        assert "\n" not in str(refused.value)


def test_a_library_in_a_read_only_folder_opens_for_reading_by_itself(seeded, tmp_path):
    """A library whose file and folder cannot be written (chmod -w, a read-only mount) opens read-only
    without being asked: `ficlens search` works there, `ficlens add` is refused in one line. Run as
    another user when the tests run as root, whom mode bits do not stop."""
    import os
    import shutil
    import subprocess
    import sys
    import tempfile

    if os.geteuid() == 0 and not shutil.which("setpriv"):
        pytest.skip("root, and no setpriv to drop to another user")
    path, _ = seeded
    folder = Path(tempfile.mkdtemp(prefix="ficlens-ro-"))
    try:
        shutil.copy(path, folder / "library.db")
        os.chmod(folder / "library.db", 0o444)
        os.chmod(folder, 0o555)
        user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
        ficlens = [*user, sys.executable, "-m", "ficlens"]
        found = subprocess.run([*ficlens, "search", "--json", "--library", str(folder / "library.db")],
                               capture_output=True, text=True, timeout=300)
        assert found.returncode == 0, found.stderr
        assert json.loads(found.stdout)["total"] == 2
        added = subprocess.run([*ficlens, "add", "--library", str(folder / "library.db"), str(path)],
                               capture_output=True, text=True, timeout=300)
        assert added.returncode == 2
        assert added.stderr.strip().endswith("the library is read-only (its file, folder or disk cannot be "
                                             "written to), so nothing can be added to it")
        assert len(added.stderr.strip().splitlines()) == 1
        assert sorted(p.name for p in folder.iterdir()) == ["library.db"]
    finally:
        os.chmod(folder, 0o755)
        shutil.rmtree(folder)
