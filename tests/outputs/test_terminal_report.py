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


def _story(**keys):
    """A small analysis dict as the contract has it, for the terminal's own lines."""
    data = {"source": {"path": "drafts/my story.txt"}, "work": {"title": "Rain", "words": 12345},
            "narration": {"pov": "third", "tense": "past", "narrator": None, "slips": []},
            "scenes": [{"start": 0, "end": 100, "pov_character": "candy"},
                       {"start": 100, "end": 200, "pov_character": "candy"}],
            "characters": [{"id": "candy", "name": "Candy", "aliases": [], "gender": "female", "mentions": 40}],
            "quotes": []}
    data.update(keys)
    return data


def test_the_terminal_gives_the_word_count_and_ends_with_the_html_command():
    lines = report_text(_story(), "").splitlines()
    assert "Words: 12,345" in lines
    assert lines[-2:] == ["The full report, with the text annotated:",
                          "  ficlens analyze 'drafts/my story.txt' -o DIR --format html"]


def test_one_pov_character_throughout_is_said_once():
    report = report_text(_story(), "")
    assert "POV by scene: Candy (all scenes)" in report
    scenes = [{"start": 0, "end": 10, "pov_character": "candy"}, {"start": 10, "end": 20, "pov_character": "candy"},
              {"start": 20, "end": 30, "pov_character": "draco"}]
    cast = [{"id": "candy", "name": "Candy", "aliases": [], "mentions": 9},
            {"id": "draco", "name": "Draco", "aliases": [], "mentions": 9}]
    report = report_text(_story(scenes=scenes, characters=cast), "")
    assert "POV by scene: Candy (scenes 1–2), Draco (scene 3)" in report


def test_a_slip_says_where_it_is():
    slip = {"start": 150, "end": 180, "kind": "tense", "expected": "past", "found": "present",
            "text": "She walks to the door."}
    data = _story(narration={"pov": "third", "tense": "past", "narrator": None, "slips": [slip]})
    report = report_text(data, "")
    assert "Possible slips: 1 tense (present for past): scene 2 “She walks to the door.”" in report


def test_a_pairing_of_unknown_genders_prints_no_none():
    report = report_text(_story(pairing={"characters": ["a", "b"], "tag": "A/B", "category": None}), "")
    assert "Main pairing: A/B (genders unknown)" in report
    assert "None" not in report


def test_the_cast_table_keeps_the_characters_who_matter():
    cast = [{"id": f"c{i}", "name": f"Person {i}", "aliases": [], "mentions": 40 - i} for i in range(20)]
    cast += [{"id": f"x{i}", "name": f"Passerby {i}", "aliases": [], "mentions": 1} for i in range(50)]
    report = report_text(_story(characters=cast), "")
    assert "Person 11" in report and "Person 12" not in report  # twelve at most
    assert "Passerby" not in report
    assert "and 58 more, seldom named" in report


def test_at_60_columns_craft_lines_put_the_value_under_its_label(staged_004):
    report = report_text(*staged_004, width=60)
    lines = report.splitlines()
    assert all(len(line) <= 60 for line in lines)
    craft = lines[lines.index("Craft") + 1 :]
    label = next(i for i, line in enumerate(craft) if line.strip() == "Dialogue tags")
    assert craft[label].startswith("  Dialogue tags")
    assert craft[label + 1].startswith("    ") and "tags" in craft[label + 1]
