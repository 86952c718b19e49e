"""The database itself: WAL, schema version, migrations from an older version, files that are not libraries."""

from __future__ import annotations

import sqlite3

import pytest
from library_data import analysis, story_text

from ficlens.library import Library, LibraryError
from ficlens.library import store
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


def test_migration_from_version_1_keeps_and_completes_the_works(tmp_path):
    """A library made by schema 1 (no signatures, no embeddings) opens at the current version with its
    works kept, their MinHash signatures and embeddings computed by the migrations."""
    path = tmp_path / "old.db"
    db = sqlite3.connect(path, isolation_level=None)
    store.migrate(db, target=1)
    text = story_text(1)
    with store.transaction(db):
        insert_work(db, analysis(text, "Old Work", ["Someone"]), text, "old.txt")
    db.close()
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
