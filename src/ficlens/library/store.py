"""The library database: connection settings, schema and its migrations.

The schema version lives in `PRAGMA user_version`. `MIGRATIONS[i]` takes a
database at version i to version i + 1; each runs in its own write transaction
and re-reads the version first, so two processes opening an old library at
once migrate it once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path


class LibraryError(Exception):
    """A library ficlens cannot open or a request it cannot answer; shown to the user as is."""


BUSY_TIMEOUT_S = 60.0

_V1 = """
CREATE TABLE works (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,       -- of the source file's bytes: re-adding it is a no-op
    ao3_id INTEGER,                    -- AO3 work id when the source names it
    identity TEXT,                     -- normalised title|authors: a new version replaces the old
    title TEXT NOT NULL,
    rating TEXT,
    language TEXT,
    summary TEXT,                      -- HTML, sanitised with nh3
    words INTEGER NOT NULL,
    chapters INTEGER NOT NULL,
    pov TEXT,
    tense TEXT,
    narrator TEXT,                     -- characters.character_id
    source_path TEXT NOT NULL,
    source_format TEXT,
    added_at TEXT NOT NULL,
    analysis TEXT NOT NULL             -- the analysis JSON (ficlens.analysis/1), sanitised
);
CREATE INDEX works_ao3_id ON works(ao3_id);
CREATE INDEX works_identity ON works(identity);
CREATE INDEX works_words ON works(words);
CREATE INDEX works_title ON works(title COLLATE NOCASE);

CREATE TABLE authors (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (work_id, position)
);
CREATE INDEX authors_name ON authors(name, work_id);

-- kind: fandom, rating, warning, category, relationship, character, freeform;
-- origin: declared (the file says so) or inferred (ficlens found it)
CREATE TABLE tags (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    name TEXT NOT NULL,
    PRIMARY KEY (work_id, kind, origin, name)
);
CREATE INDEX tags_facet ON tags(kind, origin, name, work_id);

CREATE TABLE chapters (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    summary TEXT,                      -- HTML, sanitised with nh3
    PRIMARY KEY (work_id, position)
);

CREATE TABLE scenes (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    chapter INTEGER,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    heading TEXT,
    pov TEXT,
    tense TEXT,
    pov_character TEXT,
    characters TEXT,                   -- JSON list of character ids, most present first
    PRIMARY KEY (work_id, position)
);

CREATE TABLE characters (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    character_id TEXT NOT NULL,
    name TEXT NOT NULL,
    key TEXT NOT NULL,                 -- normalised full name, the same across works
    aliases TEXT NOT NULL,             -- JSON list
    gender TEXT,
    mentions INTEGER NOT NULL,
    lines INTEGER NOT NULL,            -- quotations attributed to the character
    first INTEGER,
    last INTEGER,
    PRIMARY KEY (work_id, character_id)
);
CREATE INDEX characters_key ON characters(key);

CREATE TABLE aliases (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    character_id TEXT NOT NULL,
    alias TEXT NOT NULL,
    key TEXT NOT NULL,                 -- normalised alias
    PRIMARY KEY (work_id, character_id, alias)
);
CREATE INDEX aliases_key ON aliases(key);

CREATE TABLE quotes (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    addressees TEXT,                   -- JSON list of character ids
    confidence REAL,
    method TEXT,
    "group" INTEGER,
    PRIMARY KEY (work_id, position)
);
CREATE INDEX quotes_speaker ON quotes(work_id, speaker);

CREATE TABLE relationships (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    lines_a_to_b INTEGER,
    lines_b_to_a INTEGER,
    shared_scenes INTEGER,
    co_mentions INTEGER,
    warmth REAL,
    strength REAL,
    PRIMARY KEY (work_id, a, b)
);

-- the writer's diagnostics, flattened: one measure or one counted item a row
CREATE TABLE diagnostics (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,                -- e.g. readability, repeated_phrases, filter_words.words, slips
    item TEXT,                         -- the measure, phrase or word
    value REAL,
    start INTEGER,
    "end" INTEGER,
    detail TEXT                        -- JSON of the rest of the entry, when there is more
);
CREATE INDEX diagnostics_work ON diagnostics(work_id, kind);

-- full text; rowid = works.id. The story text is kept here only (see the work_texts view).
CREATE VIRTUAL TABLE works_fts USING fts5(
    title, summary, tags, text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIEW work_texts(work_id, text) AS SELECT rowid, text FROM works_fts;
"""

_V2 = """
ALTER TABLE works ADD COLUMN minhash BLOB;   -- datasketch MinHash of word 5-shingles, uint32 x 128
CREATE TABLE duplicates (
    work_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    other_id INTEGER NOT NULL REFERENCES works(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,          -- estimated Jaccard of the shingle sets
    PRIMARY KEY (work_id, other_id)
);
CREATE INDEX duplicates_other ON duplicates(other_id);
"""

_V3 = """
ALTER TABLE works ADD COLUMN embedding BLOB;  -- all-MiniLM-L6-v2, float32 x 384, L2-normalised
ALTER TABLE scenes ADD COLUMN embedding BLOB;
"""


def _v1(db: sqlite3.Connection) -> None:
    _script(db, _V1)


def _v2(db: sqlite3.Connection) -> None:
    """Near-duplicate signatures; works already stored get theirs from their text."""
    from .dedupe import signature, to_blob

    _script(db, _V2)
    for work_id, text in db.execute("SELECT work_id, text FROM work_texts").fetchall():
        db.execute("UPDATE works SET minhash = ? WHERE id = ?", (to_blob(signature(text)), work_id))


def _v3(db: sqlite3.Connection) -> None:
    """Embeddings; works already stored are embedded now (a few seconds each)."""
    from .embeddings import embed_work, to_blob

    _script(db, _V3)
    rows = db.execute("SELECT w.id, w.analysis, t.text FROM works w JOIN work_texts t ON t.work_id = w.id").fetchall()
    for work_id, analysis, text in rows:
        scenes = [(s["start"], s["end"]) for s in json.loads(analysis).get("scenes", [])]
        vectors = embed_work(text, scenes)
        db.execute("UPDATE works SET embedding = ? WHERE id = ?", (to_blob(vectors.work), work_id))
        for position, vector in enumerate(vectors.scenes):
            if vector is not None:
                db.execute("UPDATE scenes SET embedding = ? WHERE work_id = ? AND position = ?",
                           (to_blob(vector), work_id, position))


_V4 = """
-- Passages for search snippets: each work's summary (position 0) and its text cut at paragraph or sentence
-- ends into slices of about PASSAGE_WORDS words (positions 1, 2, ...; together exactly the text).
-- rowid = work id * 2^20 + position, so one work's passages are one rowid range. snippet() on works_fts
-- tokenises a hit's whole text (about 1 ms a hit); on the best passage it reads a few hundred characters.
CREATE VIRTUAL TABLE passages_fts USING fts5(
    text,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
"""


def _v4(db: sqlite3.Connection) -> None:
    """Snippet passages; works already stored get theirs from their summary and text."""
    from .rows import insert_passages

    _script(db, _V4)
    for work_id, summary, text in db.execute("SELECT rowid, summary, text FROM works_fts").fetchall():
        insert_passages(db, work_id, summary, text)
    db.execute("INSERT INTO passages_fts (passages_fts) VALUES ('optimize')")  # one segment: quicker lookups


_V5 = """
-- What binds each pair: romantic, family, friendship, rivalry, professional or unknown, and the word
-- the text names it by ("sister"); NULL for analyses from before relationship kinds.
ALTER TABLE relationships ADD COLUMN kind TEXT;
ALTER TABLE relationships ADD COLUMN relation TEXT;
CREATE INDEX relationships_kind ON relationships(kind, work_id);
"""


def _v5(db: sqlite3.Connection) -> None:
    """Relationship kinds; pairs already stored keep NULL until their work is analysed again."""
    _script(db, _V5)


_V6 = """
-- Where the work lives: ao3:<id>, ffn:<id> or its address folded (url:<host><path>); a work added again
-- from any file that names the same place replaces the stored one.
ALTER TABLE works ADD COLUMN source_key TEXT;
CREATE INDEX works_source_key ON works(source_key);
"""


def _v6(db: sqlite3.Connection) -> None:
    """Source keys; works already stored get theirs from the metadata their analysis declares."""
    from .keys import source_key

    _script(db, _V6)
    for work_id, analysis in db.execute("SELECT id, analysis FROM works").fetchall():
        key = source_key(json.loads(analysis).get("work") or {})
        if key is not None:
            db.execute("UPDATE works SET source_key = ? WHERE id = ?", (key, work_id))


_V7 = """
-- Which ficlens analysed each work (its version); NULL for works stored before schema 7. `reanalyze` takes
-- the works an older ficlens analysed.
ALTER TABLE works ADD COLUMN analysed_by TEXT;

-- The reader's own, kept apart from what an analysis gives. No foreign key to works: a work analysed again
-- (or replaced by a new version) is deleted and stored again under the same id, and keeps all of these;
-- removing a work deletes them (personal.forget).
-- edits: the reader's values over what the file declared (title, summary: text; authors, fandoms: JSON lists)
CREATE TABLE edits (
    work_id INTEGER NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('title', 'authors', 'fandoms', 'summary')),
    value TEXT NOT NULL,
    edited_at TEXT NOT NULL,
    PRIMARY KEY (work_id, field)
);
-- as an AO3 bookmark and Calibre's read/favourite/rating columns keep them
CREATE TABLE personal (
    work_id INTEGER PRIMARY KEY,
    status TEXT CHECK (status IN ('read', 'reading', 'to read', 'abandoned')),
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    rating INTEGER CHECK (rating BETWEEN 1 AND 5),   -- the reader's own stars
    notes TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX personal_status ON personal(status, work_id);
-- the reader's tags on the bookmark (AO3's "Your tags")
CREATE TABLE bookmark_tags (
    work_id INTEGER NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (work_id, tag)
);
CREATE INDEX bookmark_tags_tag ON bookmark_tags(tag, work_id);
CREATE TABLE collections (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    created_at TEXT NOT NULL
);
CREATE TABLE collection_works (
    collection_id INTEGER NOT NULL REFERENCES collections(id) ON DELETE CASCADE,
    work_id INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (collection_id, work_id)
);
CREATE INDEX collection_works_work ON collection_works(work_id);
"""


def _v7(db: sqlite3.Connection) -> None:
    """The reader's own fields and the analysing version; works already stored start with none of either."""
    _script(db, _V7)


_V8 = """
-- What a reader sorts and filters by beyond the works' own columns: the facts the file declares (ISO dates,
-- AO3's counts) and the words inside its quotations (NULL when its dialogue was not analysed, as in a work
-- not in English). A table of its own: a column added to works would sit after its analysis, which SQLite
-- reads through to reach it.
CREATE TABLE work_stats (
    work_id INTEGER PRIMARY KEY REFERENCES works(id) ON DELETE CASCADE,
    published TEXT,
    updated TEXT,
    kudos INTEGER,
    hits INTEGER,
    comments INTEGER,
    bookmarks INTEGER,
    quoted_words INTEGER
);
"""


def _v8(db: sqlite3.Connection) -> None:
    """Sort and range values; works already stored get theirs from their analyses."""
    from .rows import insert_stats

    _script(db, _V8)
    for work_id, analysis in db.execute("SELECT id, analysis FROM works").fetchall():
        data = json.loads(analysis)
        if "quotes" in data:  # the texts are in the quotes table, not the stored analysis
            data["quotes"] = [{"text": t} for t, in db.execute("SELECT text FROM quotes WHERE work_id = ?", (work_id,))]
        insert_stats(db, work_id, data)


def _script(db: sqlite3.Connection, script: str) -> None:
    """Run DDL statements one by one (executescript would commit the open transaction)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8]
VERSION = len(MIGRATIONS)


def connect(path: Path, read_only: bool | None = None) -> sqlite3.Connection:
    """Open (creating if needed) the library at `path`, in WAL mode, at the current schema version.

    Safe when several processes open (or create) the same library at once: the busy timeout is set when
    the connection is made, before any statement; the switch to WAL, which SQLite answers "locked" at once
    rather than waiting when another connection holds the file, is retried until BUSY_TIMEOUT_S; the schema
    is created and migrated in BEGIN IMMEDIATE transactions that re-read the version (see `migrate`).

    `read_only` True opens an existing library for reading only; None (the default) does so when the
    file or its folder cannot be written (chmod -w, a read-only mount), so searching and browsing still
    work there; `is_read_only` tells which it got."""
    if read_only or read_only is None and path.exists() and not _writable(path):
        return _connect_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False)
    except (OSError, sqlite3.Error) as error:
        raise LibraryError(f"{path}: cannot open the library ({error})") from None
    try:
        _wal(db, time.monotonic() + BUSY_TIMEOUT_S)
        db.execute("PRAGMA synchronous = NORMAL")
        db.execute("PRAGMA foreign_keys = ON")
        migrate(db)
    except sqlite3.OperationalError as error:
        db.close()
        if _busy(error):
            raise LibraryError(f"{path}: the library stayed locked by another process for more than "
                               f"{BUSY_TIMEOUT_S:.0f} s ({error})") from None
        if read_only is None and "readonly" in str(error).replace(" ", "").lower() and path.exists():
            return _connect_read_only(path)  # writable by its mode bits, refused by the file system
        raise LibraryError(f"{path}: cannot open the library ({error})") from None
    except sqlite3.DatabaseError as error:
        db.close()
        raise LibraryError(f"{path}: not a ficlens library ({error})") from None
    except LibraryError as error:
        db.close()
        raise LibraryError(f"{path}: {error}") from None
    return db


class _ReadOnly(sqlite3.Connection):
    """A connection opened with `mode=ro` (its temp database, where searches keep scratch tables, is
    still writable)."""


def is_read_only(db: sqlite3.Connection) -> bool:
    """True when `db` was opened for reading only (see `connect`)."""
    return isinstance(db, _ReadOnly)


def _writable(path: Path) -> bool:
    """Whether ficlens may write the library: the file, and its folder (SQLite makes the -wal and -shm
    files beside it), are writable to this process."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """The library at `path` opened with `mode=ro`: nothing is created, switched or migrated. A WAL
    library whose -shm file is gone and cannot be made (a read-only folder) is opened `immutable`, as
    SQLite allows only then; no one can be writing to it there."""
    if not path.is_file():
        raise LibraryError(f"{path}: no library here")
    uri = path.resolve().as_uri()
    last: sqlite3.Error | None = None
    for flags in ("?mode=ro", "?mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(uri + flags, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                 check_same_thread=False, factory=_ReadOnly)
        except sqlite3.Error as error:
            last = error
            continue
        try:
            db.execute("PRAGMA foreign_keys = ON")
            current = version(db)
            tables = db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
        except sqlite3.OperationalError as error:
            db.close()
            last = error
            if _busy(error):
                break
            continue
        except sqlite3.DatabaseError as error:
            db.close()
            raise LibraryError(f"{path}: not a ficlens library ({error})") from None
        if current == 0:
            db.close()
            raise LibraryError(f"{path}: " + ("the file is an SQLite database but not a ficlens library" if tables
                                             else "not a ficlens library (an empty database)"))
        if current != VERSION:
            db.close()
            newer = current > VERSION
            raise LibraryError(f"{path}: the library is read-only and made by {'a newer' if newer else 'an older'}"
                               f" ficlens (schema {current}, this one knows {VERSION})"
                               + ("" if newer else "; open it once where it can be written to upgrade it"))
        return db
    raise LibraryError(f"{path}: cannot open the library read-only ({last})")


def _busy(error: sqlite3.Error) -> bool:
    message = str(error).lower()
    return "locked" in message or "busy" in message


def _wal(db: sqlite3.Connection, deadline: float) -> None:
    """Put the database in WAL mode (a no-op when it is already): retried while another connection holds
    the file, since SQLite does not wait (its busy handler is not called) for a journal mode change."""
    pause = 0.005
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL").fetchone()
            return
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(2 * pause, 0.2)


def version(db: sqlite3.Connection) -> int:
    """The library's schema version (`PRAGMA user_version`)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite3.Connection, target: int = VERSION) -> None:
    """Bring the schema up to `target`, one migration and one transaction at a time."""
    if version(db) > VERSION:
        raise LibraryError(f"made by a newer ficlens (schema {version(db)}, this one knows {VERSION})")
    while version(db) < target:
        with transaction(db):
            current = version(db)
            if current >= target:
                break
            if current == 0 and db.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]:
                raise LibraryError("the file is an SQLite database but not a ficlens library")
            MIGRATIONS[current](db)
            db.execute(f"PRAGMA user_version = {current + 1}")


class transaction:
    """`with transaction(db):` a write transaction (BEGIN IMMEDIATE), committed or rolled back."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
