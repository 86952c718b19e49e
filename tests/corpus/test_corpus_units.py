"""The corpus run's parts without Ray: inputs, the batch commit, the per-work function, the local engine, the CLI."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from corpus_files import make_story, plain_text, write_corpus, write_jsonl

from ficlens.cli import main
from ficlens.corpus import Columns
from ficlens.corpus.inputs import WorkItem, iter_table_rows, resolve_inputs, table_schema_names
from ficlens.corpus.store import Done, Output, write_batch
from ficlens.corpus.to_library import corpus_works
from ficlens.corpus.work import Analyzer, analyze_one, deadline
from ficlens.errors import InputError


def rows_of(out: Path, name: str) -> list[dict]:
    return [r for f in sorted((out / name).glob("part-*.parquet")) for r in pq.read_table(f).to_pylist()]


def fake_batch(*ids: str) -> dict:
    return {"works": [{"work_id": i, "content_hash": f"h{i}", "schema_version": 1, "words": 10} for i in ids],
            "quotes": [{"work_id": i, "position": 0, "start": 0, "end": 1, "text": "x"} for i in ids]}


# --- inputs --------------------------------------------------------------------------------------


def test_inputs_folder_glob_and_tables(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("x")
    (tmp_path / "a" / ".hidden.txt").write_text("x")
    (tmp_path / "two.md").write_text("x")
    folder = resolve_inputs(str(tmp_path))
    assert folder.kind == "files" and [r["work_id"] for r in folder.file_rows()] == ["a/one.txt", "two.md"]
    glob = resolve_inputs(str(tmp_path / "**" / "*.txt"))
    assert [r["work_id"] for r in glob.file_rows()] == ["a/one.txt"]
    (tmp_path / "t").mkdir()
    write_jsonl(tmp_path / "t" / "dump.jsonl", 2)
    assert resolve_inputs(str(tmp_path / "t")).kind == "json"
    with pytest.raises(InputError, match="no such file or folder"):
        resolve_inputs(str(tmp_path / "missing"))


def test_columns_and_rows():
    columns = Columns(text="body", id="work").resolve(["work", "body", "title", "fandom", "tags", "kudos"])
    assert columns.meta == {"title": "title", "fandoms": "fandom", "tags": "tags"}
    item = WorkItem.from_row({"work": 7, "body": "Text.", "title": "T", "fandom": "A, B", "tags": ["x"], "kudos": 3},
                             columns)
    assert (item.work_id, item.text, item.extra) == ("7", "Text.", {"kudos": 3})
    assert item.meta == {"title": "T", "fandoms": ["A", "B"], "tags": ["x"]}
    with pytest.raises(InputError, match="no such text column"):
        Columns().resolve(["body"])
    no_id = Columns(id=None).resolve(["text"])
    assert WorkItem.from_row({"text": "abc"}, no_id).work_id == WorkItem.from_row({"text": "abc"}, no_id).work_id


# --- the batch commit ----------------------------------------------------------------------------


def test_a_batch_is_committed_whole_and_a_dead_batch_is_cleaned_away(tmp_path):
    with Output(tmp_path) as out:
        write_batch(tmp_path, fake_batch("a", "b"))
        write_batch(tmp_path, fake_batch("a", "b"))  # the same batch again (a retry) replaces itself
        assert sorted(r["work_id"] for r in rows_of(tmp_path, "works")) == ["a", "b"]
        assert ("a", "ha") in out.done() and ("a", "other") not in out.done()
    # What a run killed mid-commit leaves: a table file of a batch with no works file, a temp file.
    (tmp_path / "quotes" / "part-dead.parquet").write_bytes(b"partial")
    (tmp_path / "works" / ".part-x.parquet.1.tmp").write_bytes(b"partial")
    with Output(tmp_path) as out:
        assert not (tmp_path / "quotes" / "part-dead.parquet").exists()
        assert not list(tmp_path.rglob(".part-*"))
        assert len(out.done()) == 2
        with pytest.raises(InputError, match="another corpus run"):
            Output(tmp_path).open()
    with pytest.raises(RuntimeError):
        write_batch(tmp_path, fake_batch("c"), alive=lambda: False)
    assert sorted(r["work_id"] for r in rows_of(tmp_path, "works")) == ["a", "b"]
    assert not list(tmp_path.rglob(".part-*"))


def test_an_output_of_another_schema_is_refused_and_its_works_still_import(tmp_path):
    # What schema 1 wrote: the analysis inside works, the schema named in each file's metadata.
    (tmp_path / "works").mkdir()
    old = pa.table({"work_id": ["a"], "content_hash": ["h"], "source_path": ["a.txt"], "analysis": ['{"work": {}}']})
    pq.write_table(old.replace_schema_metadata({b"ficlens.schema": b"ficlens.corpus/1"}),
                   tmp_path / "works" / "part-x.parquet")
    write_jsonl(tmp_path / "dump.jsonl", 1)
    result = CliRunner().invoke(main, ["corpus", "run", str(tmp_path / "dump.jsonl"), str(tmp_path), "--no-progress"])
    assert result.exit_code == 2
    assert result.output == (f"ficlens: {tmp_path}: OUTPUT holds tables of ficlens.corpus/1, and this ficlens "
                             "writes ficlens.corpus/2: run into a new folder\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.jsonl", "works"]  # nothing added to it
    ((row, text),) = corpus_works(tmp_path)
    assert (row["work_id"], row["analysis"], text) == ("a", '{"work": {}}', None)


def test_done_keys():
    done = Done(__import__("numpy").array([Done.key("w", "h")], dtype="uint64"))
    assert ("w", "h") in done and ("w", "x") not in done and ("v", "h") not in done
    assert ("w", "h") not in Done()


# --- the per-work function -----------------------------------------------------------------------


def test_deadline_raises_in_time_and_never_after():
    from ficlens.corpus.work import WorkTimeout

    with pytest.raises(WorkTimeout):
        with deadline(0.05):
            while True:
                sum(range(100))
    with deadline(0.05):
        pass
    time.sleep(0.1)  # a cancelled deadline leaves nothing behind


def test_a_failing_work_is_an_errors_row(tmp_path, monkeypatch, seed_004):
    import ficlens.pipeline

    def explode(work):
        raise ValueError("bad\nthing")

    def endless(work):  # pure Python, so the limit never lands inside an import
        while True:
            sum(range(100))

    item = WorkItem("seed", str(seed_004), path=str(seed_004))
    monkeypatch.setattr(ficlens.pipeline, "analyze_work", explode)
    (error,) = analyze_one(item).rows["errors"]
    assert (error["stage"], error["error"], error["reason"]) == ("analyze", "ValueError", "bad thing")
    monkeypatch.setattr(ficlens.pipeline, "analyze_work", endless)
    slow = analyze_one(item, timeout=0.05)
    (error,) = slow.rows["errors"]
    assert slow.failed and error["stage"] == "timeout" and error["reason"] == "took over 0.05 s"
    assert error["content_hash"] and error["source_path"] == str(seed_004)
    missing = analyze_one(WorkItem("gone", "gone.txt", path=str(tmp_path / "gone.txt"))).rows["errors"][0]
    assert missing["reason"] == "no such file" and missing["content_hash"] is None


def test_the_analyzer_commits_a_batch_that_import_corpus_loads_into_the_library(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3, formats=("txt", "md", "html"), broken=False)
    (corpus / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    with Output(out) as output:
        analyzer = Analyzer(str(out), None, output.done())
        rows = resolve_inputs(str(corpus)).file_rows()
        summary = analyzer(rows)
    assert (summary["works"], summary["errors"], summary["skipped"]) == (3, 1, 0) and summary["words"] > 600
    assert summary["rss_mb"] > 50
    library = tmp_path / "library.db"
    runner = CliRunner()
    result = runner.invoke(main, ["library", "import-corpus", str(out), "--library", str(library)])
    assert result.exit_code == 0, result.output
    assert "3 added, 0 failed" in result.output
    again = runner.invoke(main, ["library", "import-corpus", str(out), "--library", str(library)])
    assert "3 unchanged" in again.output
    from ficlens.library import Library

    with Library(library) as lib:
        assert lib.count() == 3
    (corpus / "work-000.txt").write_text("changed", encoding="utf-8")
    moved = runner.invoke(main, ["library", "import-corpus", str(out), "--library", str(tmp_path / "other.db")])
    assert moved.exit_code == 2
    assert "ficlens: " in moved.output and "work-000.txt: no text kept (--keep-text)" in moved.output


# --- the local engine and the command ------------------------------------------------------------


def test_the_local_engine_on_a_parquet_dump(tmp_path):
    rows = write_jsonl(tmp_path / "dump.jsonl", 3)
    pq.write_table(pa.Table.from_pylist([{**r, "body": r.pop("text")} for r in rows]), tmp_path / "dump.parquet")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["corpus", "run", str(tmp_path / "dump.parquet"), str(out), "--workers", "1",
                                       "--text-column", "body", "--meta", "authors=author", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "3 works analysed, 0 errors, 0 already done" in result.output
    works = {r["work_id"]: r for r in rows_of(out, "works")}
    story = make_story(0)
    first = works[str(story.work_id)]
    assert (first["title"], first["authors"], first["fandoms"]) == (story.title, list(story.authors),
                                                                    list(story.fandoms))
    assert first["words"] == len(plain_text(story).split("\n", 2)[2].replace("* * *", "").split())
    analyses = {r["work_id"]: json.loads(r["analysis"]) for r in rows_of(out, "analyses")}
    assert analyses[str(story.work_id)]["work"]["title"] == story.title


def test_lines_that_are_no_work_become_errors_rows_and_the_run_goes_on(tmp_path):
    rows = write_jsonl(tmp_path / "dump.jsonl", 2)
    with (tmp_path / "dump.jsonl").open("a", encoding="utf-8") as dump:
        dump.write("[1, 2, 3]\n")  # line 3: an array, not a work
        dump.write(json.dumps({**rows[0], "title": "Again"}) + "\n")  # line 4: the id of line 1 again
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["corpus", "run", str(tmp_path / "dump.jsonl"), str(out), "--workers", "1",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "2 works analysed, 2 errors" in result.output
    assert sorted(r["work_id"] for r in rows_of(out, "works")) == sorted(str(r["id"]) for r in rows)
    reasons = {r["work_id"]: r["reason"] for r in rows_of(out, "errors")}
    dump = tmp_path / "dump.jsonl"
    assert reasons[f"{dump}:3"] == "not a JSON object"
    assert reasons[f"{dump}:4"] == f"work id {str(rows[0]['id'])!r} again (first at {dump}:1)"


def test_lines_that_are_no_work_are_never_taken_for_a_work_id_seen_twice(tmp_path):
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": 1, "text": "x"}\n[1]\n[2]\n{"title": "no text"}\n{"title": "none either"}\n',
                    encoding="utf-8")
    inputs = resolve_inputs(str(dump))
    columns = Columns().resolve(table_schema_names(inputs))
    rows = [row for batch in iter_table_rows(inputs, 10, columns) for row in batch]
    assert [r.get("__reason__") for r in rows] == [None, "not a JSON object", "not a JSON object", None, None]


@pytest.mark.parametrize("first_line", ["[1, 2, 3]", '"text"', "42", "{not json"])
def test_a_table_whose_first_line_is_no_object_is_one_line(tmp_path, first_line):
    dump = tmp_path / "dump.jsonl"
    dump.write_text(first_line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["corpus", "run", str(dump), str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == f"ficlens: {dump}: line 1 is not a JSON object (JSON Lines holds one a line)\n"


@pytest.mark.parametrize("args, message", [
    (["{tmp}/missing", "{tmp}/out"], "ficlens: {tmp}/missing: no such file or folder\n"),
    (["{tmp}/dump.jsonl", "{tmp}/out", "--text-column", "body"], "ficlens: body: no such text column"),
    (["{tmp}/dump.jsonl", "{tmp}/dump.jsonl"], "ficlens: {tmp}/dump.jsonl: OUTPUT is a file, not a folder\n"),
    (["{tmp}/dump.jsonl", "{tmp}/out", "--address", "127.0.0.1:1"],
     "ficlens: 127.0.0.1:1: no Ray cluster answers there"),
])
def test_user_errors_are_one_line(tmp_path, args, message):
    write_jsonl(tmp_path / "dump.jsonl", 1)
    result = CliRunner().invoke(main, ["corpus", "run", *(a.format(tmp=tmp_path) for a in args)])
    assert result.exit_code == 2
    assert result.output.startswith(message.format(tmp=tmp_path)) and "Traceback" not in result.output
    assert len(result.output.splitlines()) == 1
