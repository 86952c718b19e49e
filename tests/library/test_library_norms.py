"""A work's rates against the user's own works of the same fandom: "higher than 4 in 5 of your
Harry Potter works" (library/norms.py), in `ficlens analyze --library` and on the work's report."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from ficlens.cli import main
from ficlens.library import Library
from ficlens.library.norms import MIN_WORKS, for_work
from ficlens.outputs.json import analysis_dict
from ficlens.pipeline import analyze
from library_data import quick

# Story sentences with no filter verb (see, hear, feel, notice, know, think, ...) in them.
PLAIN = [
    "{name} walked to the harbour in the morning.", "The boats rocked on the grey water.",
    "{name} bought bread at the market and carried it home.", "The gulls circled over the roofs.",
    "A cold wind came off the sea.", "{name} lit the lamp and sat by the window.",
    "The kettle boiled on the stove.", "Rain began to fall on the lane.",
]
# The same story told through a filter verb in every sentence.
FILTERED = [
    "{name} saw the boats on the grey water.", "{name} heard the gulls over the roofs.",
    "{name} felt the cold wind off the sea.", "{name} noticed the rain on the lane.",
    "{name} watched the lamp by the window.", "{name} knew the kettle had boiled.",
]
NAMES = ["Mara", "Ines", "Wren", "Odile", "Lotte", "Noor", "Bram", "Ezra"]


def _story(title: str, fandom: str, sentences: list[str], name: str) -> str:
    body = " ".join(s.format(name=name) for s in sentences)
    return f"Title: {title}\nAuthor: Wren\nFandom: {fandom}\n\n{body}\n"


@pytest.fixture(scope="module")
def fandom_library(tmp_path_factory) -> tuple[Path, dict[str, int], Path]:
    """Harry Potter: five works without a filter verb, one with one in every sentence, and the
    work compared (two filter verbs in ten sentences); Star Wars: two works heavy with them.
    Returns the library, the work ids by title, and the compared work's file."""
    folder = tmp_path_factory.mktemp("fandom-norms")
    works = [(f"Plain {n}", "Harry Potter", PLAIN[n:] + PLAIN[:n], NAMES[n]) for n in range(5)]
    works += [("Heavy", "Harry Potter", FILTERED, "Noor"),
              ("Compared", "Harry Potter", PLAIN + FILTERED[:2], "Bram"),
              ("Far Away", "Star Wars", FILTERED, "Ezra"), ("Far Away Again", "Star Wars", FILTERED[::-1], "Wren")]
    path = folder / "library.db"
    ids = {}
    with Library(path) as library:
        for title, fandom, sentences, name in works:
            file = folder / f"{title}.txt"
            file.write_text(_story(title, fandom, sentences, name), encoding="utf-8")
            analysis = analyze(file)
            data = analysis_dict(analysis)
            ids[title] = library.add_analysis(data, analysis.work.text, str(file),
                                              prepared=quick(data, analysis.work.text, str(file))).work_id
    return path, ids, folder / "Compared.txt"


def test_a_rate_is_placed_among_the_other_works_of_the_fandom(fandom_library):
    path, ids, _ = fandom_library
    with Library(path) as library:
        found = for_work(library.db, ids["Compared"])
    assert found.fandom == "Harry Potter"
    filtered = next(n for n in found.norms if n.rate == "filter_words")
    # six other Harry Potter works (the Star Wars ones are not among them): five have no filter
    # verb, one has one in every sentence; two in twelve sentences sit above five of the six
    assert filtered.works == 6
    assert filtered.percentile == pytest.approx(5 / 6, abs=0.001)
    assert filtered.words == "higher than 4 in 5 of your Harry Potter works"


def test_the_work_with_the_most_is_higher_than_all_the_others(fandom_library):
    path, ids, _ = fandom_library
    with Library(path) as library:
        filtered = next(n for n in for_work(library.db, ids["Heavy"]).norms if n.rate == "filter_words")
    assert filtered.words == "higher than all 6 of your other Harry Potter works"


def test_a_fandom_with_fewer_than_five_other_works_gives_no_comparison(fandom_library):
    path, ids, _ = fandom_library
    assert MIN_WORKS == 5  # the rule stated in library/norms.py; Star Wars has one other work here
    with Library(path) as library:
        assert for_work(library.db, ids["Far Away"]) is None


def test_analyze_with_a_library_says_it_in_the_report(fandom_library):
    path, _, compared = fandom_library
    result = CliRunner().invoke(main, ["analyze", str(compared), "--library", str(path)])
    assert result.exit_code == 0, result.output
    assert "Against your Harry Potter works" in result.output
    assert "higher than 4 in 5 of your Harry Potter works" in " ".join(result.output.split())
    markdown = CliRunner().invoke(main, ["analyze", str(compared), "--library", str(path), "--format", "md"])
    assert "## Against your Harry Potter works" in markdown.output
    assert "filter words" in markdown.output.split("## Against your Harry Potter works")[1]


def test_analyze_without_a_library_says_nothing_of_one(fandom_library):
    _, _, compared = fandom_library
    result = CliRunner().invoke(main, ["analyze", str(compared)])
    assert result.exit_code == 0 and "your Harry Potter works" not in result.output


def test_analyze_with_a_missing_library_fails_in_one_line(fandom_library, tmp_path):
    _, _, compared = fandom_library
    result = CliRunner().invoke(main, ["analyze", str(compared), "--library", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"ficlens: {tmp_path / 'none.db'}: no library here (ficlens add creates one)"]


def test_the_work_page_report_says_it(fandom_library):
    from fastapi.testclient import TestClient

    from ficlens.web import create_app

    path, ids, _ = fandom_library
    with TestClient(create_app(path), base_url="http://127.0.0.1") as client:
        page = client.get(f"/works/{ids['Compared']}/report").text
        far = client.get(f"/works/{ids['Far Away']}/report").text
    assert "Against published works and your Harry Potter works" in page
    assert '<span class="own">higher than 4 in 5 of your Harry Potter works</span>' in page
    assert "your Star Wars works" not in far and 'class="own"' not in far


def test_the_json_of_analyze_with_a_library_carries_them_and_follows_the_schema(fandom_library):
    import json

    import jsonschema

    from ficlens.outputs.json import schema

    path, _, compared = fandom_library
    result = CliRunner().invoke(main, ["analyze", str(compared), "--library", str(path), "--format", "json"])
    document = json.loads(result.output)
    jsonschema.validate(document, schema())
    own = document["library_norms"]
    assert own["fandom"] == "Harry Potter" and own["min_works"] == MIN_WORKS
    assert own["rates"]["filter_words"]["works"] == 6
