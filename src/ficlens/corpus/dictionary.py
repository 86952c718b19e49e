"""The data dictionary: every table, column, type and meaning of the research tables, from schema.py.

`ficlens schema` prints it as text, Markdown or JSON; docs/scale.md holds the
Markdown between two marker lines (`ficlens schema --format markdown`), and a
test keeps the two the same.
"""

from __future__ import annotations

import json
from typing import Any

import pyarrow as pa

from .schema import CELL_LIMIT, CHANGES, DEFINITIONS, SCHEMA_ID, Table

BEGIN = "<!-- ficlens schema --format markdown: begin -->"
END = "<!-- ficlens schema --format markdown: end -->"

_WHO = {"both": "corpus runs and exports", "export": "exports only", "corpus run": "corpus runs only"}
_ABOUT = (
    "Every table has `work_id` (but collections), the work's id in `works`. Offsets (`start`, `end`) are "
    "character offsets into the work's text (the `texts` table), as in the JSON contract; character ids are "
    "unique within a work. A corpus run writes OUTPUT/<table>/part-<batch>.parquet; `ficlens export` writes "
    "<table>.parquet, .jsonl or .csv. In CSV a list is a JSON array, a timestamp or date is ISO 8601, a boolean "
    f"is true or false and null is an empty cell; no cell is longer than {CELL_LIMIT:,} characters, what "
    "spreadsheets keep (a longer value is cut and ends with '…'; the Parquet and JSON Lines files hold it "
    "whole), and the tables whose cells are longer (texts, analyses) are written as JSON Lines. Each Parquet "
    "file carries `ficlens.schema` and `ficlens.table` in its metadata, and each column's meaning as its "
    "field's `description`."
)


def type_name(kind: pa.DataType) -> str:
    """A column's type in words: text, integer, number, boolean, date, timestamp (UTC), list of ..."""
    if pa.types.is_list(kind):
        return f"list of {type_name(kind.value_type)}"
    if pa.types.is_timestamp(kind):
        return "timestamp (UTC)"
    if pa.types.is_integer(kind):
        return "integer"
    if pa.types.is_floating(kind):
        return "number"
    if pa.types.is_boolean(kind):
        return "boolean"
    if pa.types.is_date(kind):
        return "date"
    return "text"


def as_dict() -> dict[str, Any]:
    """The dictionary as data: the schema id, what each version changed, and every table and column."""
    return {
        "schema": SCHEMA_ID, "about": _ABOUT, "changes": {str(v): note for v, note in CHANGES.items()},
        "tables": [{"name": t.name, "row": t.row, "written_by": t.written_by, "csv": t.csv,
                    "columns": [{"name": c.name, "type": type_name(c.type), "meaning": c.meaning}
                                for c in t.columns]}
                   for t in DEFINITIONS.values()],
    }


def as_json() -> str:
    """The dictionary as JSON, for tools that read it (`ficlens schema --format json`)."""
    return json.dumps(as_dict(), ensure_ascii=False, indent=2) + "\n"


def as_markdown() -> str:
    """One Markdown table of columns per table, after what the tables share."""
    out = [f"Schema `{SCHEMA_ID}`. {_ABOUT}", ""]
    for version, note in CHANGES.items():
        out.append(f"- Version {version}: {note}")
    for table in DEFINITIONS.values():
        out += ["", f"### `{table.name}`", "", _said(table), "", "| column | type | meaning |", "|---|---|---|"]
        out += [f"| `{c.name}` | {type_name(c.type)} | {c.meaning.replace('|', '/')} |" for c in table.columns]
    return "\n".join(out) + "\n"


def as_text() -> str:
    """The dictionary for a terminal: each table, then its columns one a line."""
    out = [SCHEMA_ID, _ABOUT]
    for table in DEFINITIONS.values():
        out += ["", f"{table.name}: {_said(table)}"]
        width = max(len(c.name) for c in table.columns)
        out += [f"  {c.name:<{width}}  {type_name(c.type)}: {c.meaning}" for c in table.columns]
    return "\n".join(out) + "\n"


def _said(table: Table) -> str:
    csv = "" if table.csv else " In a CSV export, written as JSON Lines."
    return f"One row per {table.row}. Written by {_WHO[table.written_by]}.{csv}"


RENDER = {"text": as_text, "markdown": as_markdown, "json": as_json}
