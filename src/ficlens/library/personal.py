"""The reader's own: edits over what a file declared, and the fields of a bookmark.

AO3 keeps a bookmark's notes, the reader's tags and collections; Calibre keeps
read/favourite columns and the reader's rating. ficlens keeps the same in
tables of their own (schema 7), apart from the analysis: a work analysed again
is stored again under its id and finds them all still there. Edits are the
reader's title, authors, fandoms and summary; the analysis keeps what the file
declared, and `apply_edits` writes the reader's values into the rows searches
and pages read.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .rows import PASSAGE_SHIFT, title_of
from .sanitize import plain_text
from .store import LibraryError

STATUSES = ("read", "reading", "to read", "abandoned")
"""A work's reading status, as Calibre's read column and AO3's "mark for later" keep it, and "abandoned"."""

EDITABLE = ("title", "authors", "fandoms", "summary")
"""The declared fields a reader may put her own values over; authors and fandoms are lists."""

LISTS = ("authors", "fandoms")

MAX_TEXT = 20_000
"""The longest note, summary or title kept (longer is refused in one line)."""


@dataclass(slots=True)
class Personal:
    """A work's bookmark and the reader's edits: `edits` maps a field to the value the file declared."""

    status: str | None = None
    favourite: bool = False
    rating: int | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    edits: dict[str, Any] = field(default_factory=dict)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def personal(db: sqlite3.Connection, work_id: int) -> Personal:
    """The reader's fields of a work (all empty when she has set none)."""
    out = Personal()
    row = db.execute("SELECT status, favourite, rating, notes FROM personal WHERE work_id = ?", (work_id,)).fetchone()
    if row:
        out.status, out.favourite, out.rating, out.notes = row[0], bool(row[1]), row[2], row[3]
    out.tags = [r[0] for r in db.execute("SELECT tag FROM bookmark_tags WHERE work_id = ? ORDER BY tag COLLATE NOCASE",
                                         (work_id,))]
    out.collections = [r[0] for r in db.execute(
        "SELECT c.name FROM collections c JOIN collection_works cw ON cw.collection_id = c.id"
        " WHERE cw.work_id = ? ORDER BY c.name COLLATE NOCASE", (work_id,))]
    out.edits = {name: json.loads(value) if name in LISTS else value for name, value in
                 db.execute("SELECT field, value FROM edits WHERE work_id = ?", (work_id,))}
    return out


_UNSET: Any = object()


def mark(db: sqlite3.Connection, work_id: int, *, status: str | None = _UNSET, favourite: bool | None = None,
         rating: int | None = _UNSET, notes: str | None = _UNSET, add_tags: list[str] = (),
         remove_tags: list[str] = ()) -> None:
    """Set the fields given (None clears status, rating or notes); the others stay as they were."""
    if status is not _UNSET and status is not None and status not in STATUSES:
        raise LibraryError(f"no status {status!r} (statuses: {', '.join(STATUSES)})")
    if rating is not _UNSET and rating is not None and not (isinstance(rating, int) and 1 <= rating <= 5):
        raise LibraryError(f"a rating is 1 to 5 stars, not {rating!r}")
    if notes is not _UNSET and notes is not None:
        notes = _text(notes, "a note") or None
    row = db.execute("SELECT status, favourite, rating, notes FROM personal WHERE work_id = ?", (work_id,)).fetchone()
    old_status, old_favourite, old_rating, old_notes = row or (None, 0, None, None)
    db.execute("INSERT OR REPLACE INTO personal (work_id, status, favourite, rating, notes, updated_at)"
               " VALUES (?, ?, ?, ?, ?, ?)",
               (work_id, old_status if status is _UNSET else status,
                old_favourite if favourite is None else int(bool(favourite)),
                old_rating if rating is _UNSET else rating, old_notes if notes is _UNSET else notes, _now()))
    db.executemany("INSERT OR IGNORE INTO bookmark_tags VALUES (?, ?)",
                   [(work_id, t) for t in _names(add_tags, "a tag")])
    db.executemany("DELETE FROM bookmark_tags WHERE work_id = ? AND tag = ?",
                   [(work_id, t) for t in _names(remove_tags, "a tag")])


def collect(db: sqlite3.Connection, name: str, work_ids: list[int]) -> None:
    """Put works in the collection `name` (made when it does not exist; names ignore case)."""
    name = _names([name], "a collection name")[0] if name.strip() else ""
    if not name:
        raise LibraryError("a collection needs a name")
    db.execute("INSERT OR IGNORE INTO collections (name, created_at) VALUES (?, ?)", (name, _now()))
    collection_id = db.execute("SELECT id FROM collections WHERE name = ?", (name,)).fetchone()[0]
    db.executemany("INSERT OR IGNORE INTO collection_works VALUES (?, ?, ?)",
                   [(collection_id, w, _now()) for w in work_ids])


def uncollect(db: sqlite3.Connection, name: str, work_ids: list[int] | None = None) -> bool:
    """Take works out of a collection, or delete the collection when `work_ids` is None; False when there
    is no collection of that name."""
    row = db.execute("SELECT id FROM collections WHERE name = ?", (name.strip(),)).fetchone()
    if row is None:
        return False
    if work_ids is None:
        db.execute("DELETE FROM collections WHERE id = ?", row)
    else:
        db.executemany("DELETE FROM collection_works WHERE collection_id = ? AND work_id = ?",
                       [(row[0], w) for w in work_ids])
    return True


def collections(db: sqlite3.Connection) -> list[tuple[str, int]]:
    """Every collection and how many works it holds, by name."""
    return db.execute("SELECT c.name, count(cw.work_id) FROM collections c LEFT JOIN collection_works cw"
                      " ON cw.collection_id = c.id GROUP BY c.id ORDER BY c.name COLLATE NOCASE").fetchall()


def edit(db: sqlite3.Connection, work_id: int, changes: dict[str, str | list[str] | None]) -> None:
    """Keep the reader's values of `changes` (None, "" or []: back to what the file declared) and write them
    into the rows pages and searches read."""
    for name, value in changes.items():
        if name not in EDITABLE:
            raise LibraryError(f"no field {name!r} to edit (fields: {', '.join(EDITABLE)})")
        if name in LISTS:
            value = _names(value or [], f"one of the {name}") if isinstance(value, (list, tuple)) else \
                _names([p for p in (value or "").split(",")], f"one of the {name}")
            stored = json.dumps(value, ensure_ascii=False) if value else None
        else:
            stored = _text(value or "", f"the {name}") or None
        if stored is None:
            db.execute("DELETE FROM edits WHERE work_id = ? AND field = ?", (work_id, name))
        else:
            db.execute("INSERT OR REPLACE INTO edits VALUES (?, ?, ?, ?)", (work_id, name, stored, _now()))
    apply_edits(db, work_id)


def edited(data: dict[str, Any], edits: dict[str, Any]) -> dict[str, Any]:
    """A copy of an analysis with the reader's values in `work`, and under `edits` what the file declared
    for each field she changed (so a page or a download can say which values are hers)."""
    if not edits:
        return data
    data = copy.copy(data)
    work = dict(data.get("work") or {})
    data["edits"] = {name: work.get(name) for name in edits}
    work.update(edits)
    data["work"] = work
    return data


def apply_edits(db: sqlite3.Connection, work_id: int) -> None:
    """Write a work's title, authors, fandoms and summary (the reader's where she has edited them, else the
    file's) into works, authors, tags and the full-text tables."""
    row = db.execute("SELECT analysis, source_path FROM works WHERE id = ?", (work_id,)).fetchone()
    if row is None:
        return
    data = edited(json.loads(row[0]), personal(db, work_id).edits)
    work = data.get("work") or {}
    title, summary = title_of(data, row[1]), work.get("summary")
    db.execute("UPDATE works SET title = ?, summary = ? WHERE id = ?", (title, summary, work_id))
    db.execute("DELETE FROM authors WHERE work_id = ?", (work_id,))
    db.executemany("INSERT INTO authors VALUES (?, ?, ?)", [(work_id, i, a) for i, a in enumerate(work.get("authors") or [])])
    db.execute("DELETE FROM tags WHERE work_id = ? AND kind = 'fandom' AND origin = 'declared'", (work_id,))
    db.executemany("INSERT OR IGNORE INTO tags VALUES (?, 'fandom', 'declared', ?)",
                   [(work_id, f) for f in work.get("fandoms") or [] if f])
    tags = [r[0] for r in db.execute("SELECT name FROM tags WHERE work_id = ? ORDER BY rowid", (work_id,))]
    text = plain_text(summary)
    db.execute("UPDATE works_fts SET title = ?, summary = ?, tags = ? WHERE rowid = ?",
               (title, text, "; ".join(dict.fromkeys(tags)), work_id))
    first = work_id << PASSAGE_SHIFT
    db.execute("DELETE FROM passages_fts WHERE rowid = ?", (first,))
    if text.strip():
        db.execute("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", (first, text))


def forget(db: sqlite3.Connection, work_id: int) -> None:
    """Delete everything the reader kept about a work (it is being removed from the library)."""
    for table in ("edits", "personal", "bookmark_tags", "collection_works"):
        db.execute(f"DELETE FROM {table} WHERE work_id = ?", (work_id,))


def _text(value: str, what: str) -> str:
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise LibraryError(f"{what} is too long ({len(value):,} characters; at most {MAX_TEXT:,})")
    if "\x00" in value:
        raise LibraryError(f"{what} holds a NUL character")
    return value


def _names(values: list[str] | tuple[str, ...], what: str) -> list[str]:
    """Names (tags, authors, fandoms, collections) trimmed, blank ones dropped, each once, none too long."""
    out = []
    for value in values:
        value = " ".join(str(value).split())
        if len(value) > 200:
            raise LibraryError(f"{what} is too long ({len(value)} characters; at most 200)")
        if value:
            out.append(value)
    return list(dict.fromkeys(out))
