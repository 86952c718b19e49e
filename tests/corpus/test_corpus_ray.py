"""Acceptance: `--engine ray` on a generated corpus of 200 works in five formats and a few broken files.

One Ray session (2 CPUs, this machine only) serves the whole module. The
corpus run's tables must hold every good work with the same results as
`ficlens analyze`, the broken files in `errors`, and a run killed half-way must
complete on a second run with no row written twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from corpus_files import BROKEN, FORMATS, write_corpus, write_jsonl

from ficlens.cli import main
from ficlens.corpus import SCHEMA_ID, SCHEMAS, run_corpus
from ficlens.corpus.schema import CORPUS_TABLES

REPO = Path(__file__).resolve().parents[2]
COUNT = 200


@pytest.fixture(scope="module")
def ray_session():
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    import ray

    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, COUNT)


@pytest.fixture(scope="module")
def output(ray_session, corpus, tmp_path_factory):
    folder, _ = corpus
    out = tmp_path_factory.mktemp("out")
    summary = run_corpus(str(folder), out, engine="ray", workers=2, batch_size=8, timeout=120, progress=False)
    return out, summary


def table(out: Path, name: str) -> list[dict]:
    files = sorted((out / name).glob("part-*.parquet"))
    return [row for f in files for row in pq.read_table(f).to_pylist()]


def test_every_good_work_is_in_works_and_every_broken_file_in_errors(output, corpus):
    out, summary = output
    folder, works = corpus
    rows = table(out, "works")
    assert sorted(r["work_id"] for r in rows) == sorted(works)
    assert summary.works == COUNT and summary.errors == len(BROKEN) and summary.skipped == 0
    assert {r["source_format"] for r in rows} == {"text", "markdown", "ao3-html", "fff-text", "docx"}
    for row in rows:
        assert row["content_hash"] == hashlib.sha256((folder / row["work_id"]).read_bytes()).hexdigest()
        assert row["words"] > 150 and row["characters"] >= 2 and row["quotes"] >= 5
    errors = {r["work_id"]: r for r in table(out, "errors")}
    assert sorted(errors) == sorted(BROKEN)
    assert all(r["stage"] == "read" and r["error"] == "InputError" and r["reason"] for r in errors.values())
    assert errors["broken-empty.txt"]["reason"] == "empty file"


def test_results_equal_ficlens_analyze(output, corpus, tmp_path):
    out, _ = output
    folder, works = corpus
    sample = [name for k in range(len(FORMATS)) for name in sorted(works)[k::len(FORMATS)][:2]]
    result = CliRunner().invoke(main, ["analyze", "--format", "json", "-o", str(tmp_path),
                                       *(str(folder / name) for name in sample)])
    assert result.exit_code == 0, result.output
    rows = {r["work_id"]: r for r in table(out, "works")}
    analyses = {r["work_id"]: json.loads(r["analysis"]) for r in table(out, "analyses")}
    characters, quotes = table(out, "characters"), table(out, "quotes")
    for name in sample:
        expected = json.loads((tmp_path / f"{Path(name).stem}.json").read_text(encoding="utf-8"))
        row = rows[name]
        assert analyses[name] == expected
        assert [c["name"] for c in characters if c["work_id"] == name] == [c["name"] for c in expected["characters"]]
        assert [q["speaker"] for q in quotes if q["work_id"] == name] == [q["speaker"] for q in expected["quotes"]]
        narration = expected["narration"]
        assert (row["pov"], row["tense"], row["narrator"]) == (narration["pov"], narration["tense"],
                                                             narration["narrator"])


def test_tables_follow_their_versioned_schemas(output):
    out, _ = output
    analyses = {r["work_id"]: json.loads(r["analysis"]) for r in table(out, "analyses")}
    for name in CORPUS_TABLES:
        files = sorted((out / name).glob("part-*.parquet"))
        if name == "texts":
            assert not files  # kept only with --keep-text
            continue
        if name in ("works", "analyses", "chapters", "scenes", "characters", "quotes", "craft_rates", "errors"):
            assert files, name
        for f in files:
            schema = pq.read_schema(f)
            assert schema.equals(SCHEMAS[name], check_metadata=False)
            assert schema.metadata[b"ficlens.schema"] == SCHEMA_ID.encode()
    for name, key in (("quotes", "quotes"), ("characters", "characters"), ("scenes", "scenes")):
        counts: dict[str, int] = {}
        for row in table(out, name):
            counts[row["work_id"]] = counts.get(row["work_id"], 0) + 1
        assert counts == {w: len(a[key]) for w, a in analyses.items() if a[key]}
    assert not list(out.rglob(".part-*"))


def test_the_readme_query_runs_on_the_tables(output):
    out, _ = output
    section = (REPO / "README.md").read_text(encoding="utf-8").split("## Archive scale", 1)[1]
    views, _, query, *_ = re.findall(r"```sql\n(.*?)```", section, re.S)
    db = duckdb.connect()
    db.execute(views.replace("'corpus-out/", f"'{out}/"))
    rows = db.sql(query).fetchall()
    assert rows and len({fandom for fandom, _, _ in rows}) == 4
    # The top line count of each fandom, counted again in Python from the same tables.
    names = {(c["work_id"], c["character_id"]): c["name"] for c in table(out, "characters")}
    fandoms = {w["work_id"]: w["fandoms"] for w in table(out, "works")}
    counts: dict[tuple[str, str], int] = {}
    for q in table(out, "quotes"):
        if q["speaker"]:
            for fandom in fandoms[q["work_id"]]:
                key = (fandom, names[(q["work_id"], q["speaker"])])
                counts[key] = counts.get(key, 0) + 1
    for fandom, speaker, lines in rows:
        assert counts[(fandom, speaker)] == lines
        assert lines == max(n for (f, _), n in counts.items() if f == fandom) or lines <= rows[0][2]


def test_a_killed_run_completes_on_a_second_run_without_duplicates(output, corpus, tmp_path):
    full, _ = output
    folder, works = corpus
    spec = str(folder / "work-0[0-5]*")  # 60 works, the same files (and ids) as the full run
    expected = sorted(n for n in works if re.fullmatch(r"work-0[0-5]\d\..*", n))
    out = tmp_path / "out"
    command = [sys.executable, "-m", "ficlens", "corpus", "run", spec, str(out), "--engine", "local",
               "--workers", "2", "--batch-size", "4", "--no-progress"]
    run = subprocess.Popen(command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list((out / "works").glob("part-*.parquet"))) < 3 and run.poll() is None:
        assert time.monotonic() < deadline, "no batch committed in 120 s"
        time.sleep(0.05)
    os.killpg(run.pid, signal.SIGKILL)  # the run and its workers, as a machine going down would
    run.wait()
    before = table(out, "works")
    assert 0 < len(before) < len(expected), "the run was not killed half-way"

    summary = run_corpus(spec, out, engine="ray", workers=2, batch_size=4, progress=False)
    assert summary.skipped == len(before) and summary.works == len(expected) - len(before)
    rows = table(out, "works")
    assert sorted(r["work_id"] for r in rows) == expected  # every work, each once
    for name, key in (("quotes", "position"), ("characters", "character_id"), ("scenes", "position"),
                      ("chapters", "position"), ("spans", None)):
        found = [(r["work_id"], r[key]) if key else r for r in table(out, name)]
        if key:
            assert len(found) == len(set(found)), name
    reference = {r["work_id"]: r["analysis"] for r in table(full, "analyses")}
    assert all(r["analysis"] == reference[r["work_id"]] for r in table(out, "analyses"))
    assert len(table(out, "analyses")) == len(expected)
    assert len(table(out, "spans")) == len([r for r in table(full, "spans") if r["work_id"] in expected])

    again = run_corpus(spec, out, engine="ray", workers=2, batch_size=4, progress=False)
    assert (again.works, again.errors, again.skipped) == (0, 0, len(expected))
    assert len(table(out, "works")) == len(expected)


def test_a_jsonl_dump_with_metadata_columns_and_lines_that_are_no_work(ray_session, tmp_path):
    dump = tmp_path / "dump.jsonl"
    rows = write_jsonl(dump, 4)
    with dump.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": 99, "title": "Lost", "author": [], "fandom": "", "tags": [], "kudos": 0,
                                 "text": None}) + "\n")
        handle.write("[1, 2, 3]\n")  # an array: an errors row, not the end of the run
    out = tmp_path / "out"
    summary = run_corpus(str(dump), out, engine="ray", workers=2, batch_size=2, progress=False, keep_text=True)
    assert (summary.works, summary.errors) == (4, 2)
    works = {r["work_id"]: r for r in table(out, "works")}
    assert sorted(works) == sorted(str(r["id"]) for r in rows)
    for row in rows:
        work = works[str(row["id"])]
        assert (work["title"], work["authors"], work["fandoms"]) == (row["title"], row["author"], [row["fandom"]])
        assert work["freeform_tags"] == row["tags"]
        assert json.loads(work["input_metadata"]) == {"kudos": row["kudos"]}
        assert work["content_hash"] == hashlib.sha256(row["text"].encode()).hexdigest()
    texts = {r["work_id"]: r["text"] for r in table(out, "texts")}
    assert texts == {str(r["id"]): r["text"] for r in rows}
    errors = {r["work_id"]: r["reason"] for r in table(out, "errors")}
    assert "holds no text" in errors.pop("99")
    assert list(errors.values()) == ["not a JSON object"]
