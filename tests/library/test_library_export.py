"""`ficlens export`: the library as the research tables a corpus run writes, read back in every format."""

from __future__ import annotations

import csv
import json
import os
import re
import stat
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ficlens.corpus.schema import EXPORT_TABLES, SCHEMAS
from ficlens.corpus.store import Output, write_batch
from ficlens.corpus.tables import analysis_rows
from ficlens.corpus.work import merge
from ficlens.library import Library, LibraryError

REPO = Path(__file__).resolve().parents[2]
SPREADSHEET_CELL = 32_767  # the most characters Excel and LibreOffice Calc keep in a cell
BULKY = ("analyses", "texts")  # their cells are longer than a spreadsheet keeps: JSON Lines in a CSV export


def _read(path: Path) -> list[dict]:
    if path.suffix == ".parquet":
        return pq.read_table(path).to_pylist()
    if path.suffix == ".csv":
        with path.open(newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def exported(seeded, tmp_path_factory) -> dict[str, Path]:
    """The seeded library exported once in each format: format -> folder."""
    folders = {}
    with Library(seeded[0]) as library:
        for fmt in ("parquet", "csv", "jsonl"):
            folders[fmt] = tmp_path_factory.mktemp(f"export-{fmt}")
            library.export(fmt, folders[fmt])
    return folders


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_an_export_writes_every_table_of_the_schema(seeded, exported, fmt):
    path, ids = seeded
    folder = exported[fmt]
    expected = {f"{t}.{'jsonl' if fmt == 'csv' and t in BULKY else fmt}" for t in EXPORT_TABLES}
    assert {p.name for p in folder.iterdir()} == expected  # and no temporary file left
    works = {r["work_id"]: r for r in _read(folder / f"works.{fmt}")}
    assert sorted(works) == sorted(str(i) for i in ids.values())
    record = works[str(ids["004"])]
    assert record["title"] == "Broken Pieces, Mended Hearts (One-Shot)"
    fandoms = record["fandoms"] if fmt != "csv" else json.loads(record["fandoms"])
    assert fandoms == ["Harry Potter - J. K. Rowling"]  # a list, as in a corpus run (no tags table)
    added = record["added_at"] if fmt == "parquet" else datetime.fromisoformat(record["added_at"])
    assert added.tzinfo is not None and abs(datetime.now(timezone.utc) - added).days < 1
    assert "analysis" not in record and "embedding" not in record  # each in a table of its own
    with Library(path) as library:
        stored = library.work(ids["004"])
        assert int(record["words"]) == stored.analysis["work"]["words"]
        analyses = {r["work_id"]: json.loads(r["analysis"]) for r in _read(folder / exported_name("analyses", fmt))}
        assert analyses[str(ids["004"])]["narration"]["tense"] == "present"
        texts = {r["work_id"]: r["text"] for r in _read(folder / exported_name("texts", fmt))}
        assert texts[str(ids["000"])] == library.work(ids["000"]).text
    embeddings = {r["work_id"]: r["embedding"] for r in _read(folder / f"embeddings.{fmt}")}
    vector = embeddings[str(ids["004"])]
    assert len(vector if fmt != "csv" else json.loads(vector)) == 384
    characters = [r for r in _read(folder / f"characters.{fmt}") if r["work_id"] == str(ids["004"])]
    draco = next(c for c in characters if c["name"] == "Draco Malfoy")
    assert "Draco" in (draco["aliases"] if fmt != "csv" else json.loads(draco["aliases"]))


def exported_name(table: str, fmt: str) -> str:
    return f"{table}.{'jsonl' if fmt == 'csv' and table in BULKY else fmt}"


def test_parquet_files_follow_the_schema_and_say_what_each_column_means(exported):
    for table in EXPORT_TABLES:
        schema = pq.read_schema(exported["parquet"] / f"{table}.parquet")
        assert schema.equals(SCHEMAS[table], check_metadata=False), table
        assert schema.metadata[b"ficlens.schema"] == b"ficlens.corpus/2"
        assert all(field.metadata[b"description"] for field in schema), table
    assert pq.read_schema(exported["parquet"] / "works.parquet").field("added_at").type.tz == "UTC"


def test_no_csv_cell_is_longer_than_a_spreadsheet_keeps(exported, seed_works):
    folder = exported["csv"]
    longest = 0
    for path in folder.glob("*.csv"):
        with path.open(newline="", encoding="utf-8") as handle:
            longest = max([longest, *(len(cell) for row in csv.reader(handle) for cell in row)])
    assert 0 < longest <= SPREADSHEET_CELL
    # The seed 004 text is longer than a cell: it is whole in texts.jsonl, and no .csv holds it.
    text = seed_works["004"][1]
    assert len(text) > SPREADSHEET_CELL
    assert text in [r["text"] for r in _read(folder / "texts.jsonl")]


def test_exported_files_and_their_folder_are_readable_by_the_group(seeded, tmp_path):
    umask = os.umask(0o022)
    try:
        with Library(seeded[0]) as library:
            written = library.export("parquet", tmp_path / "out")
            os.chmod(tmp_path / "out", 0o750)  # the reader's own choice for the folder, kept by the next export
            library.export("csv", tmp_path / "out")
            library.export("jsonl", tmp_path / "new")
    finally:
        os.umask(umask)
    assert written and {stat.S_IMODE(p.stat().st_mode) for p in written} == {0o644}
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o755  # as mkdir makes a folder


def test_unknown_format(seeded, tmp_path):
    with Library(seeded[0]) as library, pytest.raises(LibraryError, match="no export format"):
        library.export("xlsx", tmp_path)


# --- the README's queries, on an export and on a corpus run of the same works ---------------------


@pytest.fixture(scope="module")
def corpus_run(seed_works, tmp_path_factory) -> Path:
    """The seeds' analyses committed as a corpus run commits a batch (the analysis itself is the same call)."""
    out = tmp_path_factory.mktemp("corpus-out")
    now = datetime.now(timezone.utc)
    with Output(out):
        write_batch(out, merge([analysis_rows(data, Path(source).name, data["source"]["sha256"], added_at=now,
                                              seconds=1.0, text=text)
                                for data, text, source in seed_works.values()]))
    return out


def readme_sql() -> tuple[str, str, list[str]]:
    """The README's DuckDB blocks: the views for a corpus run, the views for an export, then the queries."""
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Archive scale", 1)[1]
    corpus_views, export_views, *queries = re.findall(r"```sql\n(.*?)```", section, re.S)
    return corpus_views, export_views, queries


def test_the_readme_queries_give_the_same_answers_on_an_export_and_a_corpus_run(exported, corpus_run, seed_works):
    corpus_views, export_views, queries = readme_sql()
    assert "'corpus-out/" in corpus_views and "'export/" in export_views and len(queries) == 4
    on_corpus, on_export = duckdb.connect(), duckdb.connect()
    on_corpus.execute(corpus_views.replace("'corpus-out/", f"'{corpus_run}/"))
    on_export.execute(export_views.replace("'export/", f"'{exported['parquet']}/"))
    answers = []
    for query in queries:
        answer = on_corpus.sql(query).fetchall()
        assert answer and answer == on_export.sql(query).fetchall(), query
        answers.append(answer)
    speakers, kinds, rates, shapes = answers
    # Only seed 004 declares a fandom; its two leads speak most.
    assert {fandom for fandom, _, _ in speakers} == {"Harry Potter - J. K. Rowling"}
    assert {"Candy", "Draco Malfoy"} <= {speaker for _, speaker, _ in speakers}
    pairs = sum(len(data["relationships"]) for data, _, _ in seed_works.values())
    assert sum(n for _, n, _, _ in kinds) == pairs
    # Seed 000 is told in the first person and the past tense, seed 004 in the third and the present.
    assert [(pov, tense, works) for pov, tense, works, _, _ in rates] == [("first", "past", 1), ("third", "present", 1)]
    assert sum(works for _, works, _ in shapes) == 2


# --- the files of an export appear together --------------------------------------------------------


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


@pytest.fixture
def earlier(seeded, tmp_path) -> Path:
    """A folder holding an export in Parquet, made before the test's own."""
    with Library(seeded[0]) as library:
        library.export("parquet", tmp_path / "out")
    return tmp_path / "out"


def test_while_an_export_is_written_the_folder_still_holds_the_earlier_one_whole(seeded, earlier, monkeypatch):
    from ficlens.library import export as module

    before = _contents(earlier)
    seen = []
    library_rows = module._library_rows

    def late(db):  # the reader's tables come after every work's rows: all but these are written by now
        seen.append(_contents(earlier))
        return library_rows(db)

    monkeypatch.setattr(module, "_library_rows", late)
    with Library(seeded[0]) as library:
        library.export("jsonl", earlier)
    assert seen == [before]
    after = _contents(earlier)
    # the new set in place, the Parquet files of the earlier export kept beside it, nothing else
    assert set(after) == set(before) | {exported_name(t, "jsonl") for t in EXPORT_TABLES}
    assert all(after[name] == data for name, data in before.items())
    assert [p.name for p in earlier.parent.iterdir()] == ["out"]  # no temporary folder left beside it


def test_an_earlier_exports_other_format_is_kept_where_files_cannot_be_linked(seeded, earlier, monkeypatch):
    from ficlens.library import export as module

    def no_links(source, target):
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(module.os, "link", no_links)
    before = _contents(earlier)
    with Library(seeded[0]) as library:
        library.export("csv", earlier)
    after = _contents(earlier)
    assert {name: after[name] for name in before} == before and "works.csv" in after


def test_an_export_that_fails_leaves_the_earlier_one_as_it_was(seeded, earlier, monkeypatch):
    from ficlens.library import export as module

    before = _contents(earlier)

    def full(db):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(module, "_library_rows", full)
    with Library(seeded[0]) as library, pytest.raises(LibraryError, match=r"out: cannot write \(No space left"):
        library.export("parquet", earlier)
    assert _contents(earlier) == before
    assert [p.name for p in earlier.parent.iterdir()] == ["out"]


def test_a_new_export_failing_to_take_the_folders_place_puts_the_earlier_one_back(seeded, earlier, monkeypatch):
    from ficlens.outputs import atomic

    before = _contents(earlier)
    rename = os.rename

    def refused(source, target):
        if Path(source).name.endswith(".tmp"):  # the new folder, whole, renamed into place
            raise OSError(5, "Input/output error")
        rename(source, target)

    monkeypatch.setattr(atomic.os, "rename", refused)
    with Library(seeded[0]) as library, pytest.raises(LibraryError, match=r"cannot write \(Input/output error"):
        library.export("parquet", earlier)
    assert _contents(earlier) == before
    assert [p.name for p in earlier.parent.iterdir()] == ["out"]


def test_an_export_refuses_a_folder_holding_other_files_and_a_path_that_is_a_file(seeded, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "a-file").write_text("mine", encoding="utf-8")
    with Library(seeded[0]) as library:
        with pytest.raises(LibraryError, match=r"holds other files than an export.s \(a-file, notes.txt\)"):
            library.export("csv", tmp_path)
        with pytest.raises(LibraryError, match="a-file: is a file, not a folder"):
            library.export("csv", tmp_path / "a-file")
        with pytest.raises(LibraryError, match="a-file/out: .*a-file is a file, not a folder"):
            library.export("csv", tmp_path / "a-file" / "out")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "notes.txt"]
