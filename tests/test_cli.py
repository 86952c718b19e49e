"""The `ficlens` command as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

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


# --- hostile and odd input: nothing from a story may drive the terminal or crash a command

ESC_PAYLOAD = ("[/b] [link=https://evil.example]x[/link] &#27;]8;;https://evil.example/&#27;\\click&#27;]8;;&#27;\\ "
               "&#27;]0;PWNED&#7; &#27;[2J \u009b31m")
"""Rich markup, then a hyperlink, a window title, clear-screen (as HTML entities that decode to ESC and BEL)
and a raw 8-bit CSI (U+009B): of it all only `click` is text a reader should see."""

CONTROL_BYTES = ("\x1b", "\x07", "\x9b")


def _hostile_page(title: str = "Harry") -> str:
    """An AO3-like download whose title, author, tags, summary, chapter title and text all hold the payload."""
    p = ESC_PAYLOAD
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8" /><title>{title} {p}</title></head><body>
<div id="preface"><div class="meta"><dl class="tags">
<dt>Fandom:</dt><dd><a href="#">Harry Potter {p}</a></dd>
<dt>Relationship:</dt><dd><a href="#">Harry Potter/Ron Weasley {p}</a></dd>
<dt>Additional Tags:</dt><dd><a href="#">Fluff {p}</a></dd>
</dl>
<h1>{title} {p}</h1>
<div class="byline">by <a rel="author" href="#">Writer {p}</a></div>
<p>Summary</p><blockquote class="userstuff"><p>A summary {p}</p></blockquote>
</div></div>
<div id="chapters">
<div class="meta group"><h2 class="heading">Arrival {p}</h2></div>
<div class="userstuff">
<p>Harry walked into the kitchen. &#27;[2J Ron looked up from his tea. {p}</p>
<p>"Hello, Ron," Harry said.</p>
<p>"You're late," Ron said, and Harry laughed.</p>
</div></div></body></html>
"""


@pytest.fixture
def hostile(tmp_path):
    path = tmp_path / "hostile.html"
    path.write_text(_hostile_page(), encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["read"], ["read", "--format", "json"], ["analyze"],
                                  ["analyze", "--format", "md"], ["analyze", "--format", "json"],
                                  ["analyze", "--format", "html"]])
def test_escape_sequences_from_a_story_never_reach_the_terminal(run, hostile, args):
    result = run(*args, hostile)
    assert result.exit_code == 0, result.output
    assert not [c for c in CONTROL_BYTES if c in result.output]
    assert "Harry" in result.output and "click" in result.output


@pytest.mark.parametrize("command", ["read", "analyze"])
def test_rich_markup_in_a_story_prints_literally(run, hostile, command):
    result = run(command, hostile)
    assert result.exit_code == 0, result.output
    title = result.output.splitlines()[0]
    assert title.startswith("Harry [/b] [link=https://evil.example]x[/link] click")


def test_analyze_writes_reports_free_of_escapes(run, hostile, tmp_path):
    out = tmp_path / "out"
    assert run("analyze", hostile, "-o", out, "--format", "text,md,json").exit_code == 0
    for name in ("hostile.txt", "hostile.md", "hostile.json"):
        written = (out / name).read_text(encoding="utf-8")
        assert not [c for c in CONTROL_BYTES if c in written], name
    document = json.loads((out / "hostile.json").read_text(encoding="utf-8"))
    assert "\x1b]0;PWNED\x07" in document["work"]["title"]  # the contract keeps the data, escaped as JSON


def test_a_file_name_with_escapes_is_shown_clean(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # short relative names: the Source line is not cropped
    Path("tale\x1b]0;PWNED\x07\x1b[2J.txt").write_text("Anna walked home through the rain.\n", encoding="utf-8")
    Path("empty\x1b]0;PWNED\x07.txt").write_bytes(b"")
    result = run("read", "tale\x1b]0;PWNED\x07\x1b[2J.txt", "empty\x1b]0;PWNED\x07.txt")
    assert result.exit_code == 2
    assert not [c for c in CONTROL_BYTES if c in result.output]
    assert "Source: tale.txt (text, utf-8)" in result.output.splitlines()
    assert "ficlens: empty.txt: empty file" in result.output.splitlines()


@pytest.fixture(scope="module")
def hostile_library(tmp_path_factory):
    """A library of two works whose titles hold the payload: the second titled 'Second Harry ...'."""
    folder = tmp_path_factory.mktemp("hostile")
    for name, title in (("one.html", "Harry"), ("two.html", "Second Harry")):
        (folder / name).write_text(_hostile_page(title), encoding="utf-8")
    library = folder / "library.db"
    result = CliRunner().invoke(main, ["add", str(folder / "one.html"), str(folder / "two.html"),
                                       "--library", str(library), "--jobs", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return library


def test_search_prints_hostile_titles_literally_and_clean(run, hostile_library):
    result = run("search", "--library", hostile_library)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 works")
    assert "[/b]" in result.output and "[link=" in result.output
    assert not [c for c in CONTROL_BYTES if c in result.output]


def test_search_json_escapes_every_control_character(run, hostile_library):
    result = run("search", "--json", "--library", hostile_library)
    assert result.exit_code == 0
    assert not [c for c in CONTROL_BYTES if c in result.output]
    titles = [hit["title"] for hit in json.loads(result.output)["hits"]]
    assert len(titles) == 2 and all("\x1b]0;PWNED\x07" in t and "\x9b31m" in t for t in titles)


def test_similar_prints_hostile_titles_literally_and_clean(run, hostile_library):
    result = run("similar", "Second Harry", "--library", hostile_library)
    assert result.exit_code == 0, result.output
    heading = result.output.splitlines()[0]
    assert heading.startswith("Works like #2 Second Harry [/b] [link=https://evil.example]x[/link] click")
    assert "[/b]" in result.output.split("\n", 1)[1]  # the other work's title, in the table
    assert not [c for c in CONTROL_BYTES if c in result.output]


def test_similar_names_every_match_cleanly_when_several_do(run, hostile_library):
    result = run("similar", "Harry", "--library", hostile_library)
    assert result.exit_code == 2
    assert result.output.startswith("ficlens: Harry: 2 works match; name one by id: #1 Harry [/b]")
    assert not [c for c in CONTROL_BYTES if c in result.output]


@pytest.mark.parametrize("reference", ["99999999999999999999999", "9223372036854775808", "²"])
def test_similar_with_an_impossible_id_is_one_line_and_exit_2(run, hostile_library, reference):
    result = run("similar", reference, "--library", hostile_library)
    assert result.exit_code == 2
    assert result.output == f"ficlens: {reference}: no such work in the library\n"


NO_WORDS = {
    "quotes.txt": "“…” “!” “?”\n\n“”\n",
    "punctuation.txt": "!!! ... --- ???\n\n* * *\n\n;;; ,,,\n",
    "straight-quotes.txt": "\"\" '' \"\"\n",
}
"""Stories with no word in them: quotation marks and punctuation only."""


def test_a_story_with_no_words_gives_an_empty_report_in_every_format(run, tmp_path):
    for name, text in NO_WORDS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    files = [tmp_path / name for name in NO_WORDS]
    out = tmp_path / "reports"
    result = run("analyze", *files, "-o", out, "--format", "html,json,md,text")
    assert result.exit_code == 0, result.output
    for name in NO_WORDS:
        stem = name.removesuffix(".txt")
        document = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
        jsonschema.validate(document, schema())
        assert document["characters"] == []
        assert document["diagnostics"]["readability"]["flesch_reading_ease"] is None
        report = (out / f"{stem}.txt").read_text(encoding="utf-8")
        assert report.startswith(name) and "Readability" not in report  # no words: nothing to score
        assert (out / f"{stem}.md").read_text(encoding="utf-8").startswith(f"# {name}")
        assert (out / f"{stem}.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    outlines = run("read", *files)
    assert outlines.exit_code == 0, outlines.output
    assert outlines.output.count("Source: ") == len(NO_WORDS)
    reports = run("analyze", *files)
    assert reports.exit_code == 0, reports.output
    assert all(name in reports.output for name in NO_WORDS)


@pytest.mark.parametrize("args", [["read", "--format", "json"], ["analyze", "--format", "md,json"]])
def test_two_inputs_of_one_name_are_refused_before_anything_is_written(run, tmp_path, args):
    for folder, name in (("a", "Anna"), ("b", "Tom")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(f"{name} walked home through the rain.\n", encoding="utf-8")
    out = tmp_path / "out"
    first, second = tmp_path / "a" / "story.txt", tmp_path / "b" / "story.txt"
    result = run(args[0], first, second, "-o", out, *args[1:])
    assert result.exit_code == 2
    assert result.output.splitlines() == [
        f"ficlens: {first} and {second} would both be written to {out}/story.{args[2].split(',')[0]}; "
        "rename one, or give each its own -o"]
    assert not out.exists()


# --- Anthologies: several works in one file ------------------------------------------------------


@pytest.fixture
def anthology(tmp_path) -> Path:
    """An EpubMerge EPUB of two FanFicFare EPUBs (tests/read/downloader_files.py)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent / "read"))
    from downloader_files import epubmerge, fff_epub_members
    from story_files import ONE_SHOT, STORY

    return epubmerge(tmp_path / "owls.epub", [fff_epub_members(STORY), fff_epub_members(ONE_SHOT)])


def test_read_lists_the_works_of_an_anthology(run, anthology):
    result = run("read", anthology)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:3] == ["owls.epub: an anthology of 2 works", "  1. Forty-One Letters", "  2. The Owlery at Midnight"]
    documents = json.loads(run("read", anthology, "--format", "json").output)
    assert [d["work"]["title"] for d in documents] == ["Forty-One Letters", "The Owlery at Midnight"]


def test_analyze_writes_a_report_for_each_work_of_an_anthology(run, anthology, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    result = run("analyze", anthology, "--format", "json,md", "-o", out)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["owls.1.json", "owls.1.md", "owls.2.json", "owls.2.md"]
    titles = [json.loads((out / f"owls.{n}.json").read_text())["work"]["title"] for n in (1, 2)]
    assert titles == ["Forty-One Letters", "The Owlery at Midnight"]


def test_an_anthology_into_one_file_is_refused_in_one_line(run, anthology, tmp_path):
    result = run("read", anthology, "-o", tmp_path / "outline.txt")
    assert result.exit_code == 2
    assert "an anthology of 2 works; give -o a folder" in result.output
    assert not (tmp_path / "outline.txt").exists()
    page = run("analyze", anthology, "--format", "html")  # two pages cannot be one page on the terminal
    assert page.exit_code == 2
    assert page.output.strip().splitlines() == [f"ficlens: {anthology}: an anthology of 2 works; give -o a folder "
                                                "to write a file for each"]


def test_an_anthology_never_overwrites_another_inputs_report(run, anthology, tmp_path, seed_004):
    """`owls.epub` writes owls.1.txt and owls.2.txt; an input called owls.1.txt must not lose its own."""
    other = tmp_path / "owls.1.txt"
    other.write_text(Path(seed_004).read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = run("read", other, anthology, "-o", out)
    assert result.exit_code == 2
    assert "another input of this run was written there already" in result.output
    assert "Broken Pieces" in (out / "owls.1.txt").read_text(encoding="utf-8")


def test_add_imports_each_work_of_an_anthology(run, anthology, tmp_path):
    library = tmp_path / "library.db"
    result = run("add", anthology, "--library", library, "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "2 added" in result.output
    again = run("add", anthology, "--library", library, "--jobs", "1")
    assert "0 added, 0 replaced, 2 already in the library" in again.output
