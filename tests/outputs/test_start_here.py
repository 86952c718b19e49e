"""The start-here list and the new checks in each report: terminal, Markdown and HTML.

Rendered from small analysis dicts written here (the JSON contract's shape), so
what each report should say is known from the dict itself.
"""

from __future__ import annotations

import re

from ficlens.outputs.html import render_html
from ficlens.outputs.markdown import render_markdown
from ficlens.outputs.report import report_text

TEXT = '"Hello." she said. The letter was written by Harry.\nHermione laughed. Hermoine left.'
SLIP = {"start": 6, "end": 17, "kind": "full stop before tag", "text": '." she said'}
PASSIVE = {"start": 30, "end": 41, "text": "was written"}
NAME = {"start": 70, "end": 78}


def _diagnostics() -> dict:
    return {
        "dialogue_punctuation": [SLIP],
        "passive_voice": {"count": 1, "per_1000": 100.0, "uses": [PASSIVE]},
        "consistency": [{"kind": "name", "forms": {"Hermione": 1, "Hermoine": 1}, "spans": [NAME],
                         "summary": "Hermione ×1, Hermoine ×1"}],
        "openings": [], "cliches": {"count": 0, "per_10000": 0.0, "found": []},
        "pacing": {"narration_runs": [], "dialogue_runs": []},
        "sticky_sentences": {"sentences": 1, "count": 0, "share": 0.0, "flagged": []},
        "start_here": [
            {"check": "dialogue_punctuation", "headline": "Dialogue punctuation: 1 slip",
             "detail": "full stop before tag 1: mistakes, not matters of style", "score": 1.2,
             "examples": [{"text": SLIP["text"], "spans": [{"start": 6, "end": 17}]}]},
            {"check": "passive_voice", "headline": "Passive voice: 100.0 verbs per 1,000 words",
             "detail": "higher than any published work measured", "score": 1.0,
             "examples": [{"text": "was written", "spans": [{"start": 30, "end": 41}]}]},
        ],
    }


def _data() -> dict:
    paragraphs = [[0, 51, "text"], [52, len(TEXT), "text"]]
    return {
        "source": {"path": "tiny.txt"}, "work": {"title": "Tiny", "words": 12},
        "scenes": [{"start": 0, "end": len(TEXT), "characters": []}], "structure": {"paragraphs": paragraphs},
        "characters": [{"id": "h", "name": "Hermione", "aliases": [], "gender": "female", "mentions": 2}],
        "quotes": [{"start": 1, "end": 7, "text": "Hello.", "speaker": "h", "addressees": [], "confidence": 1.0}],
        "narration": {"pov": "third", "tense": "past", "narrator": None, "slips": []},
        "diagnostics": _diagnostics(),
    }


def test_the_terminal_starts_with_the_list_before_the_cast_and_names_each_check():
    report = report_text(_data(), TEXT)
    lines = report.splitlines()
    start = lines.index("Start here")
    assert start < next(i for i, line in enumerate(lines) if line.startswith("character"))
    assert lines[start + 1].strip().startswith("1. Dialogue punctuation: 1 slip")
    flowing = " ".join(report.split())  # long lines wrap
    assert ('1. Dialogue punctuation: 1 slip (full stop before tag 1: mistakes, not matters of style); ." she said '
            "2. Passive voice: 100.0 verbs per 1,000 words (higher than any published work measured); was written") in flowing
    assert re.search(r"Passive voice +1 \(100\.0 per 1,000 words\): was written", report)
    assert re.search(r"Name spelt two ways +Hermione ×1, Hermoine ×1", report)
    assert re.search(r'Dialogue punctuation +1 slip: full stop before tag 1 \(first: \." she said\)', report)
    assert "Clichés" not in report and "Pacing" not in report  # nothing found, no line


def test_markdown_starts_with_the_list_before_the_cast():
    page = render_markdown(_data(), TEXT)
    assert page.index("## Start here") < page.index("## Characters")
    assert "1. Dialogue punctuation: 1 slip (full stop before tag 1: mistakes, not matters of style); ." in page
    assert "2. Passive voice: 100.0 verbs per 1,000 words" in page


def test_the_html_list_is_first_and_each_example_jumps_to_its_highlighted_passage():
    page = render_html(_data(), TEXT)
    assert page.index('<section id="start"') < page.index('<section id="overview"')
    assert '<a href="#start">Start here</a>' in page
    start = page[page.index('<section id="start"') : page.index('<section id="overview"')]
    assert re.findall(r'href="#(p-\d+)"', start) == ["p-6", "p-30"]
    assert re.search(r'<mark class="dp" id="p-6"[^>]*>', page)  # the slip is marked in the text
    assert re.search(r'<mark class="pv" id="p-30"[^>]*>was written</mark>', page)
    assert re.search(r'<mark class="cs" id="p-70"[^>]*>Hermoine</mark>', page)  # the rarer spelling


def test_the_html_craft_section_says_what_each_check_found_or_none():
    page = render_html(_data(), TEXT)
    craft = page[page.index('<section id="craft"') : page.index('<section id="text"')]
    for heading in ("Dialogue punctuation", "Written two ways", "Passive voice", "Sticky sentences",
                    "Alike openings", "Clichés", "Pacing"):
        assert f"</span>{heading}</h3>" in craft
    assert "Hermione ×1, Hermoine ×1" in craft
    assert craft.count("None found.") == 2  # openings and clichés
    assert "No long runs." in craft


def test_a_report_without_the_new_keys_has_no_start_here():
    data = _data()
    data["diagnostics"] = {"norms": []}  # an analysis stored before these checks
    assert "Start here" not in report_text(data, TEXT)
    assert "## Start here" not in render_markdown(data, TEXT)
    page = render_html(data, TEXT)
    assert 'id="start"' not in page and "Passive voice</h3>" not in page


def test_at_60_columns_each_number_stays_beside_its_finding():
    lines = report_text(_data(), TEXT, width=60).splitlines()
    start = lines.index("Start here")
    assert lines[start + 1].startswith("  1. Dialogue punctuation: 1 slip")
    assert all(len(line) <= 60 for line in lines)
