"""`ficlens eval pdnc|litbank DIR` as a user runs it, with the analysis faked."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from eval_files import LITBANK_WORK, NOVEL, fake_analysis, oracle, write_litbank, write_pdnc

from ficlens.cli import main
from ficlens.evaluate import runner


@pytest.fixture
def run():
    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def perfect(monkeypatch):
    monkeypatch.setattr(runner, "analyze_gold", oracle)


def test_pdnc_prints_both_tables_with_the_overall_line_last_and_writes_json(run, tmp_path, perfect):
    root = write_pdnc(tmp_path / "pdnc")
    result = run("eval", "pdnc", root, "--jobs", "1", "--json", tmp_path / "out" / "figures.json")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 100 for line in lines)
    rows = [i for i, line in enumerate(lines) if line.strip().startswith((NOVEL, "overall"))]
    assert [lines[i].split()[0] for i in rows] == [NOVEL, "overall", NOVEL, "overall"]
    assert "100.0" in lines[rows[1]] and "third ✓" in lines[rows[2]]
    figures = json.loads((tmp_path / "out" / "figures.json").read_text(encoding="utf-8"))
    assert figures["schema"] == "ficlens.eval/1"
    assert figures["overall"]["speakers"]["all"] == {"right": 3, "total": 3, "accuracy": 1.0}
    assert figures["works"][0]["detection"]["gold"] == 4
    assert "[1/1] TheShortNovel" in result.stderr


def test_undefined_figures_show_as_a_dash(run, tmp_path, monkeypatch):
    monkeypatch.setattr(runner, "analyze_gold", lambda gold: fake_analysis(gold.text))
    result = run("eval", "pdnc", write_pdnc(tmp_path), "-j", "1")
    overall = next(line for line in result.stdout.splitlines() if line.strip().startswith("overall"))
    # "overall (1 work)", secs, gold, ficlens, then P, R, F1
    assert overall.split()[6:9] == ["-", "0.0", "0.0"]


def test_a_work_that_fails_is_reported_and_left_out_of_the_total(run, tmp_path, monkeypatch):
    def broken(gold):
        raise RuntimeError("stage fell over")

    monkeypatch.setattr(runner, "analyze_gold", broken)
    result = run("eval", "pdnc", write_pdnc(tmp_path), "-j", "1")
    assert result.exit_code == 1
    assert f"failed {NOVEL}: RuntimeError: stage fell over" in result.stdout
    assert "overall (0 works)" in result.stdout


def test_an_unknown_novel_is_refused_in_one_line(run, tmp_path, perfect):
    result = run("eval", "pdnc", write_pdnc(tmp_path), "--novel", "Middlemarch")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "no work named Middlemarch" in result.stderr


def test_novel_picks_one_work_case_insensitively(run, tmp_path, perfect):
    root = write_pdnc(tmp_path)
    shutil.copytree(root / NOVEL, root / "AnotherNovel")
    result = run("eval", "pdnc", root, "--novel", NOVEL.lower(), "-j", "1")
    assert result.exit_code == 0
    assert "AnotherNovel" not in result.stdout and "overall (1 work)" in result.stdout


def test_novels_run_in_a_process_pool(run, tmp_path, perfect):
    root = write_pdnc(tmp_path)
    shutil.copytree(root / NOVEL, root / "AnotherNovel")
    result = run("eval", "pdnc", root, "--jobs", "2")
    assert result.exit_code == 0, result.output
    assert "overall (2 works)" in result.stdout
    assert "[2/2]" in result.stderr


def test_litbank_takes_the_litbank_folder(run, tmp_path, perfect):
    result = run("eval", "litbank", write_litbank(tmp_path), "-j", "1", "--json", tmp_path / "lb.json")
    assert result.exit_code == 0, result.output
    assert LITBANK_WORK in result.stdout
    figures = json.loads((tmp_path / "lb.json").read_text(encoding="utf-8"))
    assert figures["overall"]["exact"]["f1"] == 1.0
    assert figures["works"][0]["pov"] == {"gold": None, "predicted": None, "right": None}
