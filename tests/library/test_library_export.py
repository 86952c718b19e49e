"""Export of every table, read back: Parquet through pyarrow, CSV and JSON Lines."""

from __future__ import annotations

import csv
import json

import pyarrow.parquet as pq
import pytest

from ficlens.library import Library, LibraryError
from ficlens.library.export import TABLES


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_round_trip(seeded, tmp_path, fmt):
    path, ids = seeded
    with Library(path) as library:
        written = library.export(fmt, tmp_path / "out")
        assert [p.name for p in written] == [f"{t}.{fmt}" for t in TABLES]
        assert not list((tmp_path / "out").glob(".*"))  # no temporary files left
        for table in TABLES:
            cursor = library.db.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
            read = _read(tmp_path / "out" / f"{table}.{fmt}", fmt)
            assert len(read) == len(rows), table
            if rows:
                assert set(read[0]) == set(columns), table
        works = {int(r["id"]): r for r in _read(tmp_path / "out" / f"works.{fmt}", fmt)}
        record = works[ids["004"]]
        assert record["title"] == "Broken Pieces, Mended Hearts (One-Shot)"
        assert int(record["words"]) == library.work(ids["004"]).analysis["work"]["words"]
        embedding = record["embedding"] if fmt != "csv" else json.loads(record["embedding"])
        assert len(embedding) == 384
        analysis = json.loads(record["analysis"])
        assert analysis["narration"]["tense"] == "present"
        texts = {int(r["work_id"]): r["text"] for r in _read(tmp_path / "out" / f"work_texts.{fmt}", fmt)}
        assert texts[ids["000"]] == library.work(ids["000"]).text


def _read(path, fmt) -> list[dict]:
    if fmt == "parquet":
        return pq.read_table(path).to_pylist()
    if fmt == "csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_unknown_format(seeded, tmp_path):
    with Library(seeded[0]) as library, pytest.raises(LibraryError, match="no export format"):
        library.export("xlsx", tmp_path)
