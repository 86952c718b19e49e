"""One analysed work as rows of the library's tables (and back out again)."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import PurePath
from typing import Any

from .keys import ao3_id, identity, name_key
from .sanitize import plain_text

# Declared tag kinds: the work metadata key -> tags.kind
DECLARED = {"fandoms": "fandom", "warnings": "warning", "categories": "category", "relationships": "relationship",
            "characters": "character", "tags": "freeform"}
# What ficlens infers, kept apart from what the file declares: the `inferred` key -> tags.kind
INFERRED = {"categories": "category", "relationships": "relationship", "characters": "character"}


def title_of(data: dict[str, Any], source_path: str) -> str:
    """The declared title, or the file's name when the file declares none."""
    return (data.get("work") or {}).get("title") or PurePath(source_path).stem or "Untitled"


def tags_of(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(kind, origin, name) of every declared and inferred tag, each once."""
    work = data.get("work") or {}
    found: dict[tuple[str, str, str], None] = {}
    for key, kind in DECLARED.items():
        for name in work.get(key) or []:
            found[(kind, "declared", name)] = None
    if work.get("rating"):
        found[("rating", "declared", work["rating"])] = None
    inferred = data.get("inferred") or {}
    for key, kind in INFERRED.items():
        for name in inferred.get(key) or []:
            found[(kind, "inferred", name)] = None
    return [t for t in found if t[2]]


def insert_work(db: sqlite3.Connection, data: dict[str, Any], text: str, source_path: str,
                work_id: int | None = None) -> int:
    """Insert a sanitised analysis and every row derived from it; returns the work id."""
    work = data.get("work") or {}
    narration = data.get("narration") or {}
    source = data.get("source") or {}
    title = title_of(data, source_path)
    cursor = db.execute(
        "INSERT INTO works (id, sha256, ao3_id, identity, title, rating, language, summary, words, chapters, pov,"
        " tense, narrator, source_path, source_format, added_at, analysis)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (work_id, source.get("sha256"), ao3_id(work), identity(work), title, work.get("rating"),
         work.get("language"), work.get("summary"), int(work.get("words") or 0), len(work.get("chapters") or []),
         narration.get("pov"), narration.get("tense"), narration.get("narrator"), source_path,
         source.get("format"), datetime.now(timezone.utc).isoformat(timespec="seconds"),
         json.dumps(data, ensure_ascii=False)),
    )
    work_id = cursor.lastrowid
    db.executemany("INSERT INTO authors VALUES (?, ?, ?)",
                   [(work_id, i, a) for i, a in enumerate(work.get("authors") or [])])
    tags = tags_of(data)
    db.executemany("INSERT INTO tags VALUES (?, ?, ?, ?)", [(work_id, *t) for t in tags])
    db.executemany("INSERT INTO chapters VALUES (?, ?, ?, ?, ?, ?)",
                   [(work_id, i, c.get("title"), c["start"], c["end"], c.get("summary"))
                    for i, c in enumerate(work.get("chapters") or [])])
    db.executemany(
        "INSERT INTO scenes (work_id, position, chapter, start, \"end\", heading, pov, tense, pov_character,"
        " characters) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(work_id, i, s.get("chapter"), s["start"], s["end"], s.get("heading"), s.get("pov"), s.get("tense"),
          s.get("pov_character"), json.dumps(s.get("characters") or [])) for i, s in enumerate(data.get("scenes") or [])],
    )
    characters = data.get("characters") or []
    db.executemany("INSERT INTO characters VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(work_id, c["id"], c["name"], name_key(c["name"]), json.dumps(c.get("aliases") or []),
                     c.get("gender"), c.get("mentions") or 0, c.get("quotes") or 0, c.get("first"), c.get("last"))
                    for c in characters])
    db.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, ?)",
                   [(work_id, c["id"], alias, name_key(alias))
                    for c in characters for alias in dict.fromkeys([c["name"], *(c.get("aliases") or [])])])
    db.executemany("INSERT INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(work_id, i, q["start"], q["end"], q.get("text") or text[q["start"]:q["end"]], q.get("speaker"),
                     json.dumps(q.get("addressees") or []), q.get("confidence"), q.get("method"), q.get("group"))
                    for i, q in enumerate(data.get("quotes") or [])])
    insert_relationships(db, work_id, data.get("relationships") or [])
    insert_stats(db, work_id, data, text)
    db.executemany("INSERT INTO diagnostics VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [(work_id, *row) for row in diagnostic_rows(data.get("diagnostics") or {})])
    summary = plain_text(work.get("summary"))
    db.execute("INSERT INTO works_fts (rowid, title, summary, tags, text) VALUES (?, ?, ?, ?, ?)",
               (work_id, title, summary, "; ".join(dict.fromkeys(t[2] for t in tags)), text))
    insert_passages(db, work_id, summary, text)
    return work_id


PASSAGE_SHIFT = 20
"""passages_fts.rowid = work id << PASSAGE_SHIFT | position: a work's passages are one rowid range."""

PASSAGE_WORDS = 60
"""A passage ends at the first paragraph end or sentence end after this many words (or at twice as many)."""

_WORD_AND_GAP = re.compile(r"(\S+)(\s*)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")


def passages(text: str, words: int = PASSAGE_WORDS) -> list[str]:
    """`text` cut into consecutive slices (their concatenation is `text`), each ending at a paragraph or
    sentence end once it holds `words` words, or anywhere at twice as many: what a snippet is taken from."""
    out: list[str] = []
    start = count = 0
    for match in _WORD_AND_GAP.finditer(text):
        count += 1
        if count < words:
            continue
        if "\n" in match.group(2) or _SENTENCE_END.search(match.group(1)) or count >= 2 * words:
            out.append(text[start:match.end()])
            start, count = match.end(), 0
    if start < len(text):
        if out and not text[start:].strip():
            out[-1] += text[start:]
        else:
            out.append(text[start:])
    return out


def passage_range(work_id: int) -> tuple[int, int]:
    """The first and last passages_fts rowid a work can have."""
    return work_id << PASSAGE_SHIFT, ((work_id + 1) << PASSAGE_SHIFT) - 1


def insert_passages(db: sqlite3.Connection, work_id: int, summary: str | None, text: str) -> None:
    """A work's snippet passages: its summary at position 0 (when it has one), then its text's."""
    rows = [(work_id << PASSAGE_SHIFT, summary)] if summary and summary.strip() else []
    rows += [((work_id << PASSAGE_SHIFT) + i, p) for i, p in enumerate(passages(text)[: (1 << PASSAGE_SHIFT) - 1], 1)]
    db.executemany("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", rows)


def delete_work(db: sqlite3.Connection, work_id: int) -> None:
    """Remove a work and everything derived from it."""
    db.execute("DELETE FROM works_fts WHERE rowid = ?", (work_id,))
    db.execute("DELETE FROM passages_fts WHERE rowid BETWEEN ? AND ?", passage_range(work_id))
    db.execute("DELETE FROM works WHERE id = ?", (work_id,))


_ITEM_KEYS = ("phrase", "word", "kind", "text")


def diagnostic_rows(diagnostics: dict[str, Any]) -> list[tuple[str, str | None, float | None, int | None, int | None, str | None]]:
    """(kind, item, value, start, end, detail) rows: lists give one row an entry, dicts one row a measure.

    A dict of counts inside a measure (e.g. the filter words found) becomes rows of kind
    "<measure>.<key>"; span lists are left to the analysis JSON.
    """
    rows = []
    for kind, value in diagnostics.items():
        if isinstance(value, list):
            for entry in value:
                if not isinstance(entry, dict):
                    continue
                item = next((entry[k] for k in _ITEM_KEYS if isinstance(entry.get(k), str)), None)
                count = entry.get("count", len(entry["spans"]) if isinstance(entry.get("spans"), list) else None)
                rest = {k: v for k, v in entry.items() if k not in ("spans", "count", "start", "end") and entry.get(k) != item}
                rows.append((kind, item, count, entry.get("start"), entry.get("end"),
                             json.dumps(rest, ensure_ascii=False) if rest else None))
        elif isinstance(value, dict):
            for key, inner in value.items():
                if isinstance(inner, (int, float)) and not isinstance(inner, bool):
                    rows.append((kind, key, inner, None, None, None))
                elif isinstance(inner, dict) and all(isinstance(v, (int, float)) for v in inner.values()):
                    rows.extend((f"{kind}.{key}", k, v, None, None, None) for k, v in inner.items())
                elif isinstance(inner, dict) and {"start", "end"} <= set(inner):
                    rows.append((kind, key, inner.get("words"), inner["start"], inner["end"], None))
    return rows


def insert_stats(db: sqlite3.Connection, work_id: int, data: dict[str, Any], text: str = "") -> None:
    """A work's sort and range values (schema 8): the dates and counts its file declares, and the words
    inside its quotations (their own text, else theirs in `text`; None when the analysis has no quotations
    at all, not even an empty list)."""
    work = data.get("work") or {}
    counts = [work.get(key) if type(work.get(key)) is int and 0 <= work[key] < 2**63 else None
              for key in ("kudos", "hits", "comments", "bookmarks")]
    quoted = (sum(len((q.get("text") or text[q.get("start", 0):q.get("end", 0)]).split()) for q in data["quotes"])
              if isinstance(data.get("quotes"), list) else None)
    db.execute("INSERT INTO work_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
               (work_id, _text_or_none(work.get("published")), _text_or_none(work.get("updated")), *counts, quoted))


def _text_or_none(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def insert_relationships(db: sqlite3.Connection, work_id: int, relationships: list[dict[str, Any]]) -> None:
    """One row per pair of characters, with what binds them (schema 5)."""
    db.executemany("INSERT OR IGNORE INTO relationships VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [(work_id, *r["characters"][:2], (r.get("lines") or {}).get("a_to_b"),
                     (r.get("lines") or {}).get("b_to_a"), r.get("shared_scenes"), r.get("co_mentions"),
                     r.get("warmth"), r.get("strength"), r.get("kind"), r.get("relation"))
                    for r in relationships if len(r.get("characters") or []) >= 2])
