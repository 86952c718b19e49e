"""The Parquet tables a corpus run writes: explicit, versioned pyarrow schemas.

docs/scale.md documents every column. Bump `SCHEMA_VERSION` whenever a column
changes meaning, is renamed or removed; adding a column keeps the version.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 1
SCHEMA_ID = f"ficlens.corpus/{SCHEMA_VERSION}"
METADATA = {b"ficlens.schema": SCHEMA_ID.encode()}

_str = pa.string()
_strs = pa.list_(pa.string())
_i32 = pa.int32()
_i64 = pa.int64()
_f64 = pa.float64()


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, kind) for name, kind in fields], metadata=METADATA)


SCHEMAS: dict[str, pa.Schema] = {
    "works": _schema(
        ("work_id", _str), ("content_hash", _str), ("schema_version", _i32), ("ficlens_version", _str),
        ("source_path", _str), ("source_format", _str),
        ("title", _str), ("authors", _strs), ("fandoms", _strs), ("rating", _str), ("warnings", _strs),
        ("categories", _strs), ("relationship_tags", _strs), ("character_tags", _strs), ("freeform_tags", _strs),
        ("language", _str), ("summary", _str), ("url", _str),
        ("words", _i64), ("chapters", _i32), ("scenes", _i32), ("characters", _i32), ("quotes", _i32),
        ("pov", _str), ("tense", _str), ("narrator", _str), ("narrator_name", _str), ("arc_shape", _str),
        ("pairing", _str), ("inferred_characters", _strs), ("inferred_relationships", _strs),
        ("inferred_categories", _strs), ("seconds", _f64), ("input_metadata", _str), ("analysis", _str),
    ),
    "chapters": _schema(
        ("work_id", _str), ("position", _i32), ("title", _str), ("start", _i64), ("end", _i64), ("summary", _str),
    ),
    "scenes": _schema(
        ("work_id", _str), ("position", _i32), ("chapter", _i32), ("start", _i64), ("end", _i64),
        ("heading", _str), ("pov", _str), ("tense", _str), ("pov_character", _str), ("characters", _strs),
    ),
    "characters": _schema(
        ("work_id", _str), ("character_id", _str), ("name", _str), ("aliases", _strs), ("gender", _str),
        ("mentions", _i32), ("quotes", _i32), ("first", _i64), ("last", _i64),
    ),
    "quotes": _schema(
        ("work_id", _str), ("position", _i32), ("start", _i64), ("end", _i64), ("text", _str), ("speaker", _str),
        ("addressees", _strs), ("confidence", _f64), ("method", _str), ("group", _i32),
    ),
    "relationships": _schema(
        ("work_id", _str), ("a", _str), ("b", _str), ("a_to_b", _i32), ("b_to_a", _i32),
        ("shared_scenes", _i32), ("co_mentions", _i32), ("warmth", _f64), ("strength", _f64),
        ("kind", _str), ("relation", _str),
    ),
    "diagnostics": _schema(
        ("work_id", _str), ("kind", _str), ("item", _str), ("value", _f64), ("start", _i64), ("end", _i64),
        ("detail", _str),
    ),
    "errors": _schema(
        ("work_id", _str), ("content_hash", _str), ("schema_version", _i32), ("source_path", _str),
        ("stage", _str), ("error", _str), ("reason", _str), ("seconds", _f64),
    ),
    "texts": _schema(("work_id", _str), ("content_hash", _str), ("text", _str)),
}

TABLES = tuple(SCHEMAS)
"""Every table, `works` first; a batch writes `works` last (see store.py). `texts` is written only
when a run keeps the texts (`--keep-text`), for `ficlens library import-corpus` of table inputs."""
