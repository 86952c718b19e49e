"""The `ficlens` command as a user runs it."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from ficlens import __version__
from ficlens.cli import main
from ficlens.outputs.json import schema


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


@pytest.mark.parametrize("command", [[], ["read"]])
def test_every_command_has_help(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_registered_command_has_help(run):
    for name in main.commands:
        assert run(name, "--help").exit_code == 0


def test_read_prints_an_outline(run, seed_000, seed_004):
    result = run("read", seed_000, seed_004)
    assert result.exit_code == 0
    assert "Broken Pieces, Mended Hearts (One-Shot)" in result.output
    assert "12 scenes" in result.output
    assert "Epilogue: Letters Never Read Until Now" in result.output
    assert "from Hermione Granger-Weasley" in result.output
    assert all(len(line) <= 100 for line in result.output.splitlines())


def test_read_json_follows_the_contract(run, seed_004):
    result = run("read", seed_004, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    jsonschema.validate(document, schema())
    assert document["work"]["title"] == "Broken Pieces, Mended Hearts (One-Shot)"


def test_read_several_files_as_json_gives_an_array(run, seed_000, seed_004):
    result = run("read", seed_000, seed_004, "--format", "json")
    documents = json.loads(result.output)
    assert [len(d["scenes"]) for d in documents] == [12, 2]


def test_read_writes_one_file_per_story_into_a_folder(run, seed_000, seed_004, tmp_path):
    out = tmp_path / "out"
    result = run("read", seed_000, seed_004, "--format", "json", "-o", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == [f"{seed_000.stem}.json", f"{seed_004.stem}.json"]


def test_read_writes_the_outline_to_a_file(run, seed_004, tmp_path):
    target = tmp_path / "outline.txt"
    assert run("read", seed_004, "-o", target).exit_code == 0
    assert "Broken Pieces" in target.read_text(encoding="utf-8")


def test_a_missing_file_is_one_line_and_exit_2(run, tmp_path, seed_004):
    missing = tmp_path / "nope.txt"
    result = run("read", missing, seed_004)
    assert result.exit_code == 2
    assert f"ficlens: {missing}: no such file" in result.output
    assert "Broken Pieces" in result.output
    assert "Traceback" not in result.output


def test_analyze_json_follows_the_contract(run, seed_004):
    result = run("analyze", seed_004, "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.output)
    jsonschema.validate(document, schema())
    names = {c["id"]: c["name"] for c in document["characters"]}
    assert document["narration"]["pov"] == "third"
    assert {names[s["pov_character"]] for s in document["scenes"]} == {"Candy"}
    assert all(q["text"] == "" or q["start"] < q["end"] for q in document["quotes"])


def test_analyze_report_lists_characters_and_narration(run, seed_000):
    result = run("analyze", seed_000)
    assert result.exit_code == 0
    assert "first person, past tense, narrated by Draco Malfoy" in result.output
    assert "Harry Potter" in result.output


def test_analyze_bad_file_is_one_line(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("analyze", empty)
    assert result.exit_code == 2
    assert result.output.strip() == f"ficlens: {empty}: empty file"


def test_analyze_writes_every_format_into_a_folder(run, seed_000, seed_004, tmp_path):
    out = tmp_path / "reports"
    result = run("analyze", seed_000, seed_004, "-o", out, "--format", "html,json,md,text")
    assert result.exit_code == 0
    expected = sorted(f"{seed.stem}{suffix}" for seed in (seed_000, seed_004)
                      for suffix in (".html", ".json", ".md", ".txt"))
    assert sorted(p.name for p in out.iterdir()) == expected
    for name in expected:
        assert f"wrote {out / name}" in result.output
    document = json.loads((out / f"{seed_004.stem}.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema())
    page = (out / f"{seed_004.stem}.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "Broken Pieces, Mended Hearts" in page
    assert len(page.encode("utf-8")) < 3 * 2**20
    assert (out / f"{seed_000.stem}.md").read_text(encoding="utf-8").startswith("# ")
    assert "narrated by Draco Malfoy" in (out / f"{seed_000.stem}.txt").read_text(encoding="utf-8")


def test_analyze_with_a_bad_file_still_writes_the_good_ones(run, seed_004, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "out"
    result = run("analyze", empty, seed_004, "-o", out, "--format", "md,html")
    assert result.exit_code == 2
    assert f"ficlens: {empty}: empty file" in result.output
    assert sorted(p.name for p in out.iterdir()) == [f"{seed_004.stem}.html", f"{seed_004.stem}.md"]
    assert "Traceback" not in result.output


def test_analyze_markdown_to_the_terminal(run, seed_000):
    result = run("analyze", seed_000, "--format", "md")
    assert result.exit_code == 0
    assert "## Characters" in result.output and "| Harry Potter |" in result.output


@pytest.mark.parametrize("args", [["--format", "html,json"], ["--format", "pdf"], ["--format", ","]])
def test_analyze_rejects_formats_it_cannot_write(run, seed_004, args):
    result = run("analyze", seed_004, *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


EDGE_STORIES = {
    "no-dialogue": "The house was quiet. Anna walked from room to room, touching the furniture.\n\n"
    "Outside, the rain kept falling on the garden, and Anna watched it for a long time.\n",
    "one-paragraph": "Tom opened the door, looked at the empty street, and closed it again without a word.\n",
    "second-person": "You wake before the alarm. You lie still and listen to the rain.\n\n"
    "“Get up,” Jonah calls from the kitchen. You pull on a jumper and go to him.\n",
}


def test_odd_stories_give_sensible_reports_in_every_format(run, tmp_path):
    for name, text in EDGE_STORIES.items():
        (tmp_path / f"{name}.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "reports"
    files = [tmp_path / f"{name}.txt" for name in EDGE_STORIES]
    result = run("analyze", *files, "-o", out, "--format", "html,json,md,text")
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 4 * len(EDGE_STORIES)
    for name in EDGE_STORIES:
        document = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema())
        assert document["pairing"] is None
        assert (out / f"{name}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    second = json.loads((out / "second-person.json").read_text(encoding="utf-8"))
    assert second["narration"]["pov"] == "second"
    assert json.loads((out / "no-dialogue.json").read_text(encoding="utf-8"))["quotes"] == []
