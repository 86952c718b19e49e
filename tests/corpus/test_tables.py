"""One analysis as rows of the research tables (corpus/tables.py), and those rows as files (corpus/files.py)."""

from __future__ import annotations

import csv
import json
import os
import stat
from datetime import date, datetime, timezone

import pyarrow as pa
import pyarrow.parquet as pq

from ficlens.corpus.files import TableFile
from ficlens.corpus.schema import SCHEMAS
from ficlens.corpus.store import Output, write_batch
from ficlens.corpus.tables import analysis_rows

TEXT = "“Hello,” Ann said. Tom felt tired. He felt cold.\n"
NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
SPREADSHEET_CELL = 32_767  # the most characters Excel and LibreOffice Calc keep in a cell


def small_analysis() -> dict:
    """A two-character story's analysis, by hand, with one entry of each kind the tables read."""
    tom, felt, felt_again = {"start": 19, "end": 22}, {"start": 23, "end": 27}, {"start": 38, "end": 42}
    return {
        "schema": "ficlens.analysis/1",
        "source": {"path": "ann.txt", "format": "text", "sha256": "ab" * 32, "encoding": "utf-8"},
        "work": {"title": "Ann", "authors": ["Wren"], "fandoms": ["Original Work"], "rating": None, "warnings": [],
                 "categories": ["F/M"], "relationships": [], "characters": [], "tags": ["Fluff"], "language": None,
                 "summary": None, "url": None, "published": "2024-05-06", "updated": "not a date", "kudos": 7,
                 "series": [{"name": "Harbour", "part": 1, "url": None}], "words": 9,
                 "chapters": [{"title": None, "start": 0, "end": len(TEXT), "summary": None}]},
        "language": {"code": "en", "name": "English", "source": "detected", "confidence": 1.0, "skipped": []},
        "scenes": [{"start": 0, "end": len(TEXT), "chapter": 0, "heading": None, "pov": "third", "tense": "past",
                    "pov_character": "tom", "characters": ["tom", "ann"]}],
        "characters": [{"id": "ann", "name": "Ann", "aliases": ["Ann"], "gender": "female", "mentions": 1,
                        "quotes": 1, "first": 9, "last": 12},
                       {"id": "tom", "name": "Tom", "aliases": ["Tom", "Tommy"], "gender": "male", "mentions": 2,
                        "quotes": 0, "first": 19, "last": 22}],
        "quotes": [{"start": 1, "end": 6, "speaker": "ann", "addressees": ["tom"], "confidence": 0.9,
                    "method": "tag", "group": 0}],  # no text: the library keeps quotations' text apart
        "narration": {"pov": "third", "tense": "past", "narrator": None,
                      "slips": [{"start": 35, "end": 48, "kind": "tense", "expected": "past", "found": "present",
                                 "text": "He felt cold."}]},
        "arc": {"method": "nrc-valence", "window": 250, "step": 125, "smoothing": 0.1, "shape": None,
                "signal": 1.2, "clear": False, "shape_scores": {"tragedy": -0.5, "Icarus": 0.25},
                "points": [{"start": 0, "end": 18, "position": 0.25, "sentiment": 0.1, "smoothed": 0.05},
                           {"start": 19, "end": 47, "position": 0.75, "sentiment": -0.2, "smoothed": -0.1}],
                "scenes": [{"start": 0, "end": len(TEXT), "sentiment": -0.05,
                            "emotions": {"anger": 0.0, "anticipation": 1.5, "disgust": 0.0, "fear": 0.0, "joy": 2.0,
                                         "sadness": 0.5, "surprise": 0.0, "trust": 1.0}}]},
        "relationships": [{"characters": ["ann", "tom"], "lines": {"a_to_b": 1, "b_to_a": 0}, "shared_scenes": 1,
                           "co_mentions": 1, "warmth": 0.3, "strength": 1.0, "kind": "romantic", "relation": None,
                           "confidence": {"romantic": 0.7, "family": 0.0}, "guard": None,
                           "evidence": [{"kind": "romantic", "word": "kiss", "who": "ann", "of": "tom",
                                         "start": 0, "end": 18},
                                        {"kind": "romantic", "word": "take hand", "who": "tom", "of": "ann",
                                         "start": 19, "end": 31}]}],
        "pairing": {"characters": ["ann", "tom"], "tag": "Ann/Tom", "category": "F/M"},
        "inferred": {"characters": ["Ann", "Tom"], "relationships": ["Ann/Tom"], "categories": ["F/M"],
                     "agreement": {"characters": {"agree": []}, "relationships": {"agree": []},
                                   "categories": {"agree": ["F/M"]}}},
        "diagnostics": {
            "repeated_phrases": [{"phrase": "felt", "count": 2, "expected": 0.1,
                                  "variants": [{"phrase": "Tom felt", "count": 1}], "spans": [felt, felt_again]}],
            "echoes": [], "spelling": [],
            "dialogue_tags": {"tags": 1, "said": 1, "verbs": {"say": 1}, "adverbs": [], "untagged_runs": []},
            "filter_words": {"count": 2, "per_1000": 222.2, "words": {"feel": 2}, "spans": [felt, felt_again]},
            "crutch_words": {"count": 0, "per_1000": 0.0, "words": {}, "spans": []},
            "adverbs": {"count": 0, "per_1000": 0.0, "words": {}, "spans": []},
            "sentences": {"count": 3, "mean": 3.0, "stdev": 0.0, "histogram": {"1-5": 3, "6-10": 0},
                          "longest": {"start": 0, "end": 18, "words": 3}},
            "paragraphs": {"count": 1, "mean": 9.0, "stdev": 0.0},
            "readability": {"flesch_reading_ease": 90.5, "gunning_fog": None},
            "slips": [{"start": 35, "end": 48, "kind": "tense", "expected": "past", "found": "present",
                       "text": "He felt cold."}],
            "norms": [{"rate": "filter_words", "label": "filter words", "unit": "per 1,000 words", "value": 222.2,
                       "percentile": 1.0, "words": "higher than any published work"}],
            "sticky_sentences": {"sentences": 0, "count": 0, "share": 0.0, "flagged": []},
            "openings": [], "passive_voice": {"count": 0, "per_1000": 0.0, "uses": []},
            "cliches": {"count": 0, "per_10000": 0.0, "found": []},
            "pacing": {"narration_runs": [], "dialogue_runs": [{"start": 0, "end": 18, "words": 3, "paragraphs": 1}]},
            "consistency": [{"kind": "name", "forms": {"Tom": 1, "Tommy": 1}, "spans": [tom],
                             "summary": "Tom 1, Tommy 1"}],
            "dialogue_punctuation": [],
            "start_here": [{"check": "filter_words", "headline": "Filter words", "detail": "they distance",
                            "score": 2.5, "examples": [{"text": "Tom felt tired.", "spans": [felt]}]}],
        },
    }


def test_an_analysis_becomes_rows_of_the_research_tables():
    rows = analysis_rows(small_analysis(), "w1", "ab" * 32, added_at=NOW, seconds=0.5, text=TEXT, keep_text=True)
    for table, table_rows in rows.items():
        pa.Table.from_pylist(table_rows, schema=SCHEMAS[table])  # every value has its column's type
        assert all(r["work_id"] == "w1" for r in table_rows), table
    (work,) = rows["works"]
    assert (work["added_at"], work["published"], work["updated"], work["kudos"]) == (NOW, date(2024, 5, 6), None, 7)
    assert (work["fandoms"], work["series"], work["detected_language"]) == (["Original Work"], ["Harbour"], "en")
    assert (work["characters"], work["quotes"], work["scenes"], work["chapters"]) == (2, 1, 1, 1)
    assert "analysis" not in work and json.loads(rows["analyses"][0]["analysis"])["work"]["title"] == "Ann"
    assert rows["texts"][0]["text"] == TEXT
    assert rows["quotes"][0]["text"] == "Hello"  # taken from the text at its offsets
    assert rows["characters"][1]["aliases"] == ["Tom", "Tommy"]
    (pair,) = rows["relationships"]
    assert (pair["a"], pair["b"], pair["kind"], pair["evidence"]) == ("ann", "tom", "romantic", 2)
    assert (pair["lines_a_to_b"], pair["lines_b_to_a"]) == (1, 0)
    assert (pair["romantic_confidence"], pair["family_confidence"], pair["rivalry_confidence"]) == (0.7, 0.0, None)
    assert [e["word"] for e in rows["relationship_evidence"]] == ["kiss", "take hand"]
    assert rows["pairings"] == [{"work_id": "w1", "a": "ann", "b": "tom", "tag": "Ann/Tom", "category": "F/M"}]
    assert [(t["kind"], t["tag"], t["declared"]) for t in rows["inferred_tags"]] == [
        ("character", "Ann", False), ("character", "Tom", False), ("relationship", "Ann/Tom", False),
        ("category", "F/M", True)]
    (arc,) = rows["arcs"]
    assert (arc["shape"], arc["clear"], arc["signal"]) == (None, False, 1.2)
    assert (arc["tragedy"], arc["icarus"], arc["man_in_a_hole"]) == (-0.5, 0.25, None)  # one column a shape
    assert [(p["position"], p["place"]) for p in rows["arc_points"]] == [(0, 0.25), (1, 0.75)]
    assert (rows["scene_emotions"][0]["joy"], rows["scene_emotions"][0]["trust"]) == (2.0, 1.0)
    assert [s["text"] for s in rows["slips"]] == ["He felt cold."]
    (rates,) = rows["craft_rates"]
    assert (rates["filter_words"], rates["filter_words_per_1000"], rates["crutch_words"]) == (2, 222.2, 0)
    assert (rates["flesch_reading_ease"], rates["gunning_fog"], rates["dale_chall"]) == (90.5, None, None)
    assert (rates["sentences"], rates["longest_sentence_words"]) == (3, 3)
    assert (rates["slips"], rates["dialogue_adverbs"], rates["repeated_phrases"]) == (1, 0, 1)
    assert [(r["list"], r["word"], r["count"]) for r in rows["word_counts"]] == [("filter_words", "feel", 2),
                                                                                 ("dialogue_verbs", "say", 1)]
    assert [(b["words"], b["sentences"]) for b in rows["sentence_lengths"]] == [("1-5", 3), ("6-10", 0)]
    (phrase,) = rows["repeated_phrases"]
    assert (phrase["variants"], phrase["variant_counts"]) == (["Tom felt"], [1])
    assert (rows["consistency"][0]["forms"], rows["consistency"][0]["form_counts"]) == (["Tom", "Tommy"], [1, 1])
    assert rows["pacing_runs"] == [{"work_id": "w1", "kind": "dialogue", "start": 0, "end": 18, "words": 3,
                                    "paragraphs": 1}]
    assert rows["norms"][0]["comparison"] == "higher than any published work"
    assert rows["start_here"][0]["examples"] == ["Tom felt tired."]
    assert sorted((s["family"], s["item"], s["start"]) for s in rows["spans"]) == [
        ("consistency", "Tom 1, Tommy 1", 19), ("filter_words", None, 23), ("filter_words", None, 38),
        ("repeated_phrases", "felt", 23), ("repeated_phrases", "felt", 38)]


def test_a_work_in_another_language_has_no_story_or_craft_rows():
    data = small_analysis()
    for key in ("characters", "quotes", "narration", "arc", "relationships", "pairing", "inferred", "diagnostics"):
        del data[key]
    rows = analysis_rows(data, "w2", None, added_at=NOW, keep_json=False)
    assert {table for table, table_rows in rows.items() if table_rows} == {"works", "chapters", "scenes"}
    assert (rows["works"][0]["pov"], rows["works"][0]["characters"]) == (None, 0)


def test_csv_cells_are_text_a_spreadsheet_keeps_whole(tmp_path):
    long = "la " * 20_000  # a quotation of 60,000 characters
    rows = [{"work_id": "w1", "position": 0, "start": 0, "end": len(long), "text": long, "speaker": None,
             "addressees": ["tom", "ann"], "confidence": 0.5, "method": "tag", "group": 0}]
    for fmt in ("csv", "jsonl"):
        file = TableFile("quotes", fmt, tmp_path / f"quotes.{fmt}")
        file.write(rows)
        file.close()
    with (tmp_path / "quotes.csv").open(newline="", encoding="utf-8") as handle:
        (row,) = csv.DictReader(handle)
    assert len(row["text"]) == SPREADSHEET_CELL and row["text"].endswith("…") and long.startswith(row["text"][:-1])
    assert (json.loads(row["addressees"]), row["speaker"], row["confidence"]) == (["tom", "ann"], "", "0.5")
    assert json.loads((tmp_path / "quotes.jsonl").read_text("utf-8"))["text"] == long  # whole in JSON Lines
    file = TableFile("works", "csv", tmp_path / "works.csv")
    file.write([{"work_id": "w1", "added_at": NOW, "published": date(2024, 5, 6), "complete": True}])
    file.close()
    with (tmp_path / "works.csv").open(newline="", encoding="utf-8") as handle:
        (work,) = csv.DictReader(handle)
    assert (work["added_at"], work["published"]) == ("2026-01-02T03:04:05+00:00", "2024-05-06")
    assert work["complete"] == "true"


def test_a_corpus_batch_is_readable_by_the_group_and_says_what_its_columns_mean(tmp_path):
    rows = analysis_rows(small_analysis(), "w1", "ab" * 32, added_at=NOW, text=TEXT)
    umask = os.umask(0o022)
    try:
        with Output(tmp_path):
            write_batch(tmp_path, rows)
    finally:
        os.umask(umask)
    files = list(tmp_path.rglob("part-*.parquet"))
    assert len(files) == len([t for t, r in rows.items() if r])
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o644}
    schema = pq.read_schema(next((tmp_path / "arcs").glob("part-*.parquet")))
    assert schema.field("signal").metadata[b"description"].startswith(b"The arc's range")
    assert schema.metadata[b"ficlens.table"] == b"arcs"


def test_the_tables_have_a_column_for_every_shape_emotion_and_bond_the_analysis_gives():
    """The schema names its columns itself (a contract, not derived from the pipeline): this keeps them
    in step with what the analysis can put in the JSON."""
    from ficlens.story.arc import SHAPES
    from ficlens.story.cues import KINDS
    from ficlens.story.emotions import EMOTIONS

    columns = {name: set(SCHEMAS[name].names) for name in ("arcs", "scene_emotions", "relationships")}
    assert {"rags_to_riches", "tragedy", "man_in_a_hole", "icarus", "cinderella", "oedipus"} <= columns["arcs"]
    assert {s.lower().replace(" ", "_") for s in SHAPES} <= columns["arcs"]
    assert set(EMOTIONS) <= columns["scene_emotions"]
    assert {f"{kind}_confidence" for kind in KINDS} <= columns["relationships"]
