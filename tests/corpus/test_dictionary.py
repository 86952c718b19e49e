"""The data dictionary (corpus/dictionary.py): `ficlens schema`, and docs/scale.md kept in step with it."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from ficlens.cli import main
from ficlens.corpus.dictionary import BEGIN, END, as_markdown
from ficlens.corpus.schema import DEFINITIONS, TABLES

REPO = Path(__file__).resolve().parents[2]


def test_every_column_says_what_it_means():
    for table in DEFINITIONS.values():
        names = [c.name for c in table.columns]
        assert len(names) == len(set(names)), table.name
        assert all(c.meaning.strip() for c in table.columns), table.name
        assert table.name == "collections" or names[0] == "work_id", table.name


def test_ficlens_schema_prints_every_table_and_column():
    runner = CliRunner()
    printed = runner.invoke(main, ["schema", "--format", "json"])
    assert printed.exit_code == 0, printed.output
    dictionary = json.loads(printed.output)
    assert dictionary["schema"] == "ficlens.corpus/2"
    assert [t["name"] for t in dictionary["tables"]] == list(TABLES)
    works = dictionary["tables"][0]
    assert {"name": "added_at", "type": "timestamp (UTC)",
            "meaning": "When the work was analysed into this output (corpus run) or added to the library (export), "
                       "UTC."} in works["columns"]
    assert {"name": "fandoms", "type": "list of text", "meaning": "Fandoms, as declared (AO3's fandom tags)."} \
        in works["columns"]
    text = runner.invoke(main, ["schema"]).output
    assert text.startswith("ficlens.corpus/2\n") and "\ncraft_rates: One row per analysed work in English" in text
    assert "| `filter_words_per_1000` | number | Filter words per 1,000 words. |" in \
        runner.invoke(main, ["schema", "--format", "markdown"]).output


def test_docs_scale_holds_the_dictionary_as_ficlens_schema_prints_it():
    page = (REPO / "docs" / "scale.md").read_text(encoding="utf-8")
    assert page.split(BEGIN + "\n", 1)[1].split(END, 1)[0] == as_markdown()
