"""Rows of one research table as a file: Parquet, CSV or JSON Lines, written a batch of rows at a time.

Parquet files carry the schema (types, and each column's meaning as field
metadata). CSV has no types, so a cell says its value in text: a list as a
JSON array, a timestamp or date in ISO 8601, true/false, and an empty cell for
null; no cell is longer than a spreadsheet keeps (`CELL_LIMIT`).
"""

from __future__ import annotations

import csv
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .schema import CELL_LIMIT, DEFINITIONS, SCHEMAS

FORMATS = ("parquet", "csv", "jsonl")
CUT = "…"
"""Ends a CSV cell cut at `CELL_LIMIT` (the whole value is in the Parquet and JSON Lines files)."""


def file_format(table: str, fmt: str) -> str:
    """The format `table` is written in when `fmt` is asked for: JSON Lines for a table too big for CSV."""
    return "jsonl" if fmt == "csv" and not DEFINITIONS[table].csv else fmt


class TableFile:
    """One table's file, open for writing rows (dicts keyed by column name) until `close`."""

    def __init__(self, table: str, fmt: str, path: Path) -> None:
        self.table, self.fmt = table, file_format(table, fmt)
        self.schema = SCHEMAS[table]
        if self.fmt == "parquet":
            self._parquet = pq.ParquetWriter(path, self.schema, compression="zstd")
        else:
            self._handle = path.open("w", encoding="utf-8", newline="")
            if self.fmt == "csv":
                self._csv = csv.writer(self._handle)
                self._csv.writerow(self.schema.names)

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Add `rows` to the file; a column a row lacks is null."""
        if not rows:
            return
        if self.fmt == "parquet":
            self._parquet.write_table(pa.Table.from_pylist(rows, schema=self.schema))
        elif self.fmt == "csv":
            self._csv.writerows([_cell(row.get(name)) for name in self.schema.names] for row in rows)
        else:
            self._handle.writelines(json.dumps({name: row.get(name) for name in self.schema.names},
                                               ensure_ascii=False, default=_iso) + "\n" for row in rows)

    def close(self) -> None:
        """Finish the file: a Parquet file is whole (readable) only once its footer is written here."""
        if self.fmt == "parquet":
            self._parquet.close()
        else:
            self._handle.close()


def _iso(value: Any) -> str:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (list, tuple)):
        text = json.dumps(list(value), ensure_ascii=False, default=_iso)
    elif isinstance(value, (datetime, date)):
        text = value.isoformat()
    else:
        text = str(value)
    return text if len(text) <= CELL_LIMIT else text[: CELL_LIMIT - len(CUT)] + CUT
