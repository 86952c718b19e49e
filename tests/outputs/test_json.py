"""The JSON contract validates against the schema shipped in the package."""

from __future__ import annotations

import json

import jsonschema

from ficlens.outputs.json import dumps, read_dict, schema
from ficlens.pipeline import read_and_structure


def test_schema_is_itself_valid():
    jsonschema.Draft202012Validator.check_schema(schema())


def test_seed_documents_follow_the_contract(seed_000, seed_004):
    for seed in (seed_000, seed_004):
        result = read_and_structure(seed)
        document = json.loads(dumps(read_dict(result.work, result.structure)))
        jsonschema.validate(document, schema())
        assert document["schema"] == "ficlens.analysis/1"
        assert document["source"]["encoding"] == "utf-8"
        assert len(document["source"]["sha256"]) == 64


def test_declared_metadata_is_kept_as_declared(seed_004):
    result = read_and_structure(seed_004)
    work = read_dict(result.work, result.structure)["work"]
    assert work["categories"] == ["F/M"]
    assert work["rating"] == "General Audiences"
    assert work["words"] > 8000
    assert [c["start"] for c in work["chapters"]] == [result.work.chapters[0].start]


def test_a_wrong_document_fails_validation():
    bad = {"schema": "ficlens.analysis/1", "source": {"path": "x", "format": "pdf", "sha256": "0" * 64}, "work": {}, "scenes": []}
    try:
        jsonschema.validate(bad, schema())
    except jsonschema.ValidationError:
        return
    raise AssertionError("an unknown format and an empty work must not validate")


def test_full_analyses_follow_the_contract(analysis_000, analysis_004):
    from ficlens.outputs.json import analysis_dict

    for analysis in (analysis_000, analysis_004):
        document = json.loads(dumps(analysis_dict(analysis)))
        jsonschema.validate(document, schema())
        for key in ("arc", "relationships", "pairing", "inferred", "diagnostics"):
            assert key in document


def test_inferred_tags_stay_apart_from_declared_ones(analysis_004):
    from ficlens.outputs.json import analysis_dict

    document = analysis_dict(analysis_004)
    assert document["work"]["categories"] == ["F/M"]
    assert document["inferred"]["categories"] == ["F/M"]
    assert document["inferred"]["agreement"]["categories"]["agree"] == ["F/M"]
