"""The start-here list and the new checks in each report: terminal, Markdown and HTML.

Rendered from the real analysis of a short story written here with one slip of each kind the
list puts first: a full stop before a dialogue tag, and a name spelt two ways; and four verbs
in the passive voice.
"""

from __future__ import annotations

import re

import pytest

from ficlens.outputs.html import render_html
from ficlens.outputs.json import analysis_dict
from ficlens.outputs.markdown import render_markdown
from ficlens.outputs.report import report_text
from ficlens.pipeline import analyze_work
from ficlens.read import read_bytes

TEXT = """"Hello." she said, and Hermione put the letter down on the table.

The letter was written by Harry in the spring. It was sealed with green wax and was carried to the castle by an owl.

Hermione read it twice by the window. Hermione folded it into her pocket and walked to the library with Ron.

"Are you coming?" Ron asked.

"In a minute," Hermione said. She wanted to read the letter once more before the lamps were lit.

Hermoine left the library after dark and crossed the empty courtyard to the tower.
"""
SLIP = TEXT.index('." she said')  # a full stop where the tag "she said" needs a comma
PASSIVE = ["was written", "was sealed", "was carried", "were lit"]
ODD_NAME = TEXT.index("Hermoine")  # once, against "Hermione" four times


@pytest.fixture(scope="module")
def analysed() -> tuple[dict, str]:
    return analysis_dict(analyze_work(read_bytes(TEXT.encode(), "letter.txt"))), TEXT


def test_the_terminal_starts_with_the_list_before_the_cast_and_names_each_check(analysed):
    report = report_text(*analysed)
    lines = report.splitlines()
    start = lines.index("Start here")
    assert start < next(i for i, line in enumerate(lines) if line.startswith("character"))
    # mistakes come first: the punctuation slip, then the name written two ways
    assert lines[start + 1].strip().startswith("1. Dialogue punctuation: 1 slip")
    flowing = " ".join(report.split())  # long lines wrap
    assert ('1. Dialogue punctuation: 1 slip (full stop before tag 1: mistakes, not matters of style); ." she said '
            "2. Consistency: 1 name spelt two ways") in flowing
    assert re.search(r"Passive voice +4 \([0-9.]+ per 1,000 words\): was written, was sealed, was carried, were lit",
                     flowing)
    assert re.search(r"Name spelt two ways +Hermione ×4, Hermoine ×1", report)
    assert re.search(r'Dialogue punctuation +1 slip: full stop before tag 1 \(first: \." she said\)', report)
    assert "Clichés" not in report and "Pacing" not in report  # nothing found, no line


def test_markdown_starts_with_the_list_before_the_cast(analysed):
    page = render_markdown(*analysed)
    assert page.index("## Start here") < page.index("## Characters")
    assert "1. Dialogue punctuation: 1 slip (full stop before tag 1: mistakes, not matters of style); ." in page
    assert "2. Consistency: 1 name spelt two ways" in page


def test_the_html_list_is_first_and_each_example_jumps_to_its_highlighted_passage(analysed):
    page = render_html(*analysed)
    assert page.index('<section id="start"') < page.index('<section id="overview"')
    assert '<a href="#start">Start here</a>' in page
    start = page[page.index('<section id="start"') : page.index('<section id="overview"')]
    assert re.findall(r'href="#(p-\d+)"', start)[:2] == [f"p-{SLIP}", f"p-{ODD_NAME}"]
    assert re.search(rf'<mark class="dp" id="p-{SLIP}"[^>]*>', page)  # the slip is marked in the text
    for passive in PASSIVE:
        assert re.search(rf'<mark class="pv" id="p-{TEXT.index(passive)}"[^>]*>{passive}</mark>', page)
    assert re.search(rf'<mark class="cs" id="p-{ODD_NAME}"[^>]*>Hermoine</mark>', page)  # the rarer spelling


def test_the_html_craft_section_says_what_each_check_found_or_none(analysed):
    page = render_html(*analysed)
    craft = page[page.index('<section id="craft"') : page.index('<section id="text"')]
    for heading in ("Dialogue punctuation", "Written two ways", "Passive voice", "Sticky sentences",
                    "Alike openings", "Clichés", "Pacing"):
        assert f"</span>{heading}</h3>" in craft
    assert "Hermione ×4, Hermoine ×1" in craft
    # no opening word three sentences running (nor build four), no cliché; too short for a long run
    assert craft.count("None found.") == 2
    assert "No long runs." in craft


def test_a_report_without_the_new_keys_has_no_start_here(analysed):
    data, text = analysed
    data = {**data, "diagnostics": {"norms": []}}  # an analysis stored before these checks
    assert "Start here" not in report_text(data, text)
    assert "## Start here" not in render_markdown(data, text)
    page = render_html(data, text)
    assert 'id="start"' not in page and "Passive voice</h3>" not in page


def test_at_60_columns_each_number_stays_beside_its_finding(analysed):
    lines = report_text(*analysed, width=60).splitlines()
    start = lines.index("Start here")
    assert lines[start + 1].startswith("  1. Dialogue punctuation: 1 slip")
    assert all(len(line) <= 60 for line in lines)
