"""What a corpus run reads: story files, or tables (JSONL, Parquet) of texts and metadata.

Both become rows (plain dicts) that `WorkItem.from_row` turns into one work each,
in whichever process analyses it: the driver only lists files, so a cluster's
workers read the stories from shared storage themselves.
"""

from __future__ import annotations

import glob
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError

TABLE_SUFFIXES = {".jsonl": "json", ".ndjson": "json", ".json": "json", ".parquet": "parquet"}

# Metadata fields a table may carry and the column names public dumps use for them.
META_FIELDS = {
    "title": ("title",),
    "authors": ("authors", "author"),
    "fandoms": ("fandoms", "fandom"),
    "rating": ("rating",),
    "warnings": ("warnings", "archive_warnings", "warning"),
    "categories": ("categories", "category"),
    "relationships": ("relationships", "relationship"),
    "characters": ("characters", "character"),
    "tags": ("tags", "additional_tags", "freeform", "freeforms"),
    "language": ("language",),
    "summary": ("summary",),
    "url": ("url",),
}
LIST_FIELDS = {"authors", "fandoms", "warnings", "categories", "relationships", "characters", "tags"}


@dataclass(frozen=True)
class Columns:
    """Which input columns hold the text, the work id and each metadata field.

    A metadata field not named here is read from the first column among the
    usual names (`META_FIELDS`) that the table has.
    """

    text: str = "text"
    id: str | None = "id"
    meta: dict[str, str] = field(default_factory=dict)

    def resolve(self, names: list[str]) -> Columns:
        """These columns checked against a table's column names, the metadata ones filled in."""
        if self.text not in names:
            raise InputError(self.text, f"no such text column (the table has: {', '.join(names)})")
        for name in self.meta.values():
            if name not in names:
                raise InputError(name, f"no such column (the table has: {', '.join(names)})")
        meta = dict(self.meta)
        for key, candidates in META_FIELDS.items():
            if key not in meta:
                found = next((c for c in candidates if c in names), None)
                if found:
                    meta[key] = found
        return Columns(self.text, self.id if self.id in names else None, meta)


@dataclass(frozen=True)
class Inputs:
    """A resolved INPUT: story files, or table files of one kind ("json" or "parquet")."""

    kind: str  # "files", "json" or "parquet"
    paths: list[Path]
    root: Path

    def file_rows(self) -> list[dict[str, str]]:
        """A row per story file; its id is its path under the input's root, which stays put across runs."""
        return [{"work_id": p.relative_to(self.root).as_posix(), "path": str(p)} for p in self.paths]


def resolve_inputs(spec: str) -> Inputs:
    """INPUT as given: a folder, a file, or a glob; tables when every file ends in a table suffix."""
    path = Path(spec)
    if path.is_dir():
        root = path
        paths = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path)))
    elif path.is_file():
        root, paths = path.parent, [path]
    elif glob.has_magic(spec):
        paths = sorted(Path(p) for p in glob.glob(spec, recursive=True) if Path(p).is_file())
        root = _glob_root(spec)
    else:
        raise InputError(spec, "no such file or folder")
    if not paths:
        raise InputError(spec, "no files found")
    kinds = {TABLE_SUFFIXES.get(p.suffix.lower()) for p in paths}
    if len(kinds) == 1 and None not in kinds:
        return Inputs(kinds.pop(), paths, root)
    return Inputs("files", paths, root)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _glob_root(spec: str) -> Path:
    """The folder a glob starts from: its parts before the first one with a wildcard."""
    parts = []
    for part in Path(spec).parts:
        if glob.has_magic(part):
            break
        parts.append(part)
    return Path(*parts) if parts else Path(".")


def table_schema_names(inputs: Inputs) -> list[str]:
    """The column names of a table input (from its first file; for JSON Lines, its first object)."""
    import pyarrow.parquet as pq

    first = inputs.paths[0]
    if inputs.kind == "parquet":
        return pq.read_schema(first).names
    with first.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            if line.strip():
                row = _json_object(line)
                if row is None:
                    raise InputError(str(first), f"line {number} is not a JSON object (JSON Lines holds one a line)")
                return list(row)
    return []


def iter_table_rows(inputs: Inputs, batch_rows: int = 256,
                    columns: Columns | None = None) -> Iterator[list[dict[str, Any]]]:
    """Lists of rows of a table input, a bounded number at a time (for the local engine).

    A line that is not a JSON object, or a row whose work id (`columns.id`, else its text's hash)
    an earlier row has, comes as a bad row (see `bad_row`): it becomes an `errors` row, and the
    rest of the run goes on.
    """
    import pyarrow.parquet as pq

    seen: dict[str, str] = {}  # work id -> where it was first

    def checked(row: dict[str, Any], where: str) -> dict[str, Any]:
        if columns is None or "__bad__" in row or not _identified(row, columns):
            return row  # no work, or one with neither id nor text: its own errors row says why
        work_id = row_work_id(row, columns)
        if work_id in seen:
            return bad_row(where, f"work id {work_id!r} again (first at {seen[work_id]})")
        seen[work_id] = where
        return row

    for path in inputs.paths:
        rows: list[dict[str, Any]] = []
        if inputs.kind == "parquet":
            number = 0
            for batch in pq.ParquetFile(path).iter_batches(batch_size=batch_rows):
                found = []
                for row in batch.to_pylist():
                    number += 1
                    found.append(checked(row, f"{path}:row {number}"))
                yield found
            continue
        with path.open("rb") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                rows.append(checked(json_row(line, f"{path}:{number}"), f"{path}:{number}"))
                if len(rows) == batch_rows:
                    yield rows
                    rows = []
        if rows:
            yield rows


def json_row(line: str | bytes, where: str) -> dict[str, Any]:
    """A JSON Lines line as a row: its object, or a bad row when it holds no JSON object."""
    row = _json_object(line)
    return row if row is not None else bad_row(where, "not a JSON object")


def _json_object(line: str | bytes) -> dict[str, Any] | None:
    try:
        row = json.loads(line)
    except ValueError:
        return None
    return row if isinstance(row, dict) else None


def bad_row(where: str, reason: str) -> dict[str, str]:
    """A row that stands for a line of the input that is no work: it becomes an `errors` row."""
    return {"__bad__": where, "__reason__": reason}


def _identified(row: dict[str, Any], columns: Columns) -> bool:
    """Whether a row has an id, or a text to take one from."""
    return (columns.id is not None and row.get(columns.id) not in (None, "")) or isinstance(row.get(columns.text), str)


def row_work_id(row: dict[str, Any], columns: Columns) -> str:
    """A table row's work id: its id column, else the hash of its text."""
    raw_id = row.get(columns.id) if columns.id else None
    if raw_id not in (None, ""):
        return str(raw_id)
    text = row.get(columns.text)
    return content_hash(text if isinstance(text, str) else "")[:16]


@dataclass
class WorkItem:
    """One work to analyse: a story file (`path`) or a text from a table (`text`, `meta`)."""

    work_id: str
    name: str
    path: str | None = None
    text: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    problem: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any], columns: Columns | None) -> WorkItem:
        """A work from a table row, as `columns` name its parts, or (`columns` None) a file-listing row."""
        if "__bad__" in row:
            return cls(work_id=row["__bad__"], name=row["__bad__"], problem=row["__reason__"])
        if columns is None:
            return cls(work_id=row["work_id"], name=row["path"], path=row["path"])
        text = row.get(columns.text)
        used = {columns.text, columns.id, *columns.meta.values()}
        meta = {key: _field(row.get(name), key in LIST_FIELDS) for key, name in columns.meta.items()}
        extra = {k: v for k, v in row.items() if k not in used and v is not None}
        problem = None if isinstance(text, str) else f"the text column {columns.text!r} holds no text"
        text = text if isinstance(text, str) else None
        work_id = row_work_id(row, columns)
        return cls(work_id=work_id, name=f"{work_id}", text=text, meta=meta, extra=extra, problem=problem)


def _field(value: Any, many: bool) -> Any:
    """A metadata value as the `Metadata` field takes it: a list of tags, or one string."""
    if value is None:
        return [] if many else None
    if many:
        if isinstance(value, str):
            return [t.strip() for t in value.split(",") if t.strip()]
        return [str(t) for t in value if t is not None and str(t).strip()]
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value) or None
    return str(value)


def content_hash(data: str | bytes) -> str:
    """sha256 of a story's bytes (a file) or of its text in UTF-8 (a table row)."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()
