"""The top of a draft: YAML front matter or "Label: value" lines, read as metadata."""

from __future__ import annotations

import pytest

from ficlens.errors import InputError
from ficlens.read import read_bytes
from ficlens.read.frontmatter import read_header


def test_the_header_ends_where_the_story_begins():
    text = "---\ntitle: Rain\nfandom: Merlin (TV)\n---\nIt rained.\n"
    header = read_header(text, "rain.md")
    assert text[header.end :] == "It rained.\n"
    assert (header.meta.title, header.meta.fandoms) == ("Rain", ["Merlin (TV)"])


def test_windows_line_ends():
    text = "---\r\ntitle: Rain\r\nauthor: Bex\r\n---\r\nIt rained.\r\n"
    header = read_header(text, "rain.md")
    assert text[header.end :] == "It rained.\r\n"
    assert header.meta.authors == ["Bex"]


def test_keys_as_drafts_spell_them():
    text = "---\nTitle: Rain\nPairing: Arthur/Merlin\nWord_Count: 1200\nArchive-Warning: No Archive Warnings Apply\n---\nx\n"
    meta = read_header(text, "rain.md").meta
    assert meta.title == "Rain"
    assert meta.relationships == ["Arthur/Merlin"]
    assert meta.stats["words"] == "1200"
    assert meta.warnings == ["No Archive Warnings Apply"]


def test_a_yaml_date_is_kept_as_written_in_iso_form():
    meta = read_header("---\ntitle: Rain\npublished: 2024-05-06\n---\nx\n", "rain.md").meta
    assert meta.stats["published"] == "2024-05-06"


def test_broken_front_matter_is_refused_in_one_line():
    text = "---\ntitle: Rain\nfandom: [Merlin (TV)\nrating: T\n---\nIt rained.\n"
    with pytest.raises(InputError) as caught:
        read_bytes(text.encode(), "rain.md")
    assert caught.value.path == "rain.md"
    assert caught.value.reason.startswith("front matter is not valid YAML")
    assert "\n" not in str(caught.value)


def test_a_yaml_block_of_unknown_keys_is_story_text():
    text = "---\nHarry: Run!\nRon: Where?\n---\nThey ran.\n"
    header = read_header(text, "run.md")
    assert header.end == 0 and header.meta.title is None


def test_no_header():
    assert read_header("It rained.\nIt stopped.\n", "rain.txt").end == 0


def test_rules_far_apart_are_no_front_matter():
    text = "---\ntitle: Rain\n" + "It rained all day.\n" * 5000 + "---\nThe end.\n"
    assert read_header(text, "rain.md").end == 0
