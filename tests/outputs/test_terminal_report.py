"""The terminal report and the Markdown summary, rendered from the analysis dict."""

from __future__ import annotations

import pytest

from ficlens.outputs.markdown import render_markdown
from ficlens.outputs.report import report_text, sparkline


def test_terminal_report_has_every_section(staged_004):
    report = report_text(*staged_004)
    data = staged_004[0]
    top_phrase = data["diagnostics"]["repeated_phrases"][0]["phrase"]
    for expected in ("Broken Pieces, Mended Hearts (One-Shot)", "third person, present tense",
                     "Arc: no clear shape (signal", "Main pairing: Candy/Draco Malfoy (F/M)", "✓ F/M",
                     "+ Candy/Draco Malfoy", "Repeated phrases", f"“{top_phrase}” ×", "Dialogue tags", "“said”",
                     "Readability", "Flesch reading ease", "Draco Malfoy  male"):
        assert expected in report, expected
    assert any(ch in report for ch in "▁▂▃▄▅▆▇█")


@pytest.mark.parametrize("seed", ["000", "004"])
def test_terminal_report_fits_100_columns(request, seed):
    for variant in ("staged", "plain"):
        report = report_text(*request.getfixturevalue(f"{variant}_{seed}"))
        assert all(len(line) <= 100 for line in report.splitlines())


def test_terminal_report_without_story_keys_keeps_what_it_showed(plain_000):
    report = report_text(*plain_000)
    assert "first person, past tense, narrated by Draco Malfoy" in report
    assert "Harry Potter" in report and "Quotes: 127" in report
    for gone in ("Arc:", "Main pairing", "Tags (", "Craft", "Readability"):
        assert gone not in report
    assert report.splitlines()[0] == "000_ceecfa5f01676a87.txt"


def test_sparkline_keeps_zero_in_the_middle():
    assert sparkline([-1.0, 0.0, 1.0]) == "▁▅█"
    assert len(sparkline([0.1] * 200, width=40)) == 40
    assert sparkline([]) == ""


def test_markdown_has_the_same_summary(staged_000):
    markdown = render_markdown(*staged_000)
    harry = next(c for c in staged_000[0]["characters"] if c["name"] == "Harry Potter")
    assert markdown.startswith("# 000\\_ceecfa5f01676a87.txt\n")
    for expected in ("- **Narration:** first person, past tense, narrated by Draco Malfoy", "## Characters",
                     f"| Harry Potter | male | 35 | {harry['quotes']} | Harry, Potter, Harry James Potter |", "## Tags",
                     "+ Draco Malfoy/Harry Potter", "## Craft", "**Repeated phrases:**", "no clear shape"):
        assert expected in markdown, expected


def test_markdown_leaves_out_missing_sections_and_escapes(plain_004):
    data, text = plain_004
    data = {**data, "characters": [{**data["characters"][0], "name": "A|B <i>x</i>"}, *data["characters"][1:]]}
    markdown = render_markdown(data, text)
    assert "## Characters" in markdown and "## Craft" not in markdown and "## Tags" not in markdown
    assert "A\\|B \\<i\\>x\\</i\\>" in markdown


def test_each_rate_is_said_against_published_works(staged_004):
    data, text = staged_004
    filter_rate = data["diagnostics"]["filter_words"]["per_1000"]
    markdown = render_markdown(data, text)
    assert "## Against published works" in markdown
    # seed 004 uses 15.4 filter words per 1,000; the line gives the rate, its unit and its place
    line = next(line for line in markdown.splitlines() if line.startswith("- filter words "))
    assert f"{filter_rate:.1f} per 1,000 words: " in line
    assert line.endswith("published works") or line.endswith("published work measured")
