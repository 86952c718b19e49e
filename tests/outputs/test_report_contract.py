"""The story and craft keys of real analyses follow docs/report-contract.md."""

from __future__ import annotations


EMOTIONS = {"anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust"}
WORD_FAMILY = {"count", "per_1000", "words", "spans"}


def test_story_keys_follow_the_contract(staged_000, staged_004):
    for data, text in (staged_000, staged_004):
        arc = data["arc"]
        assert set(arc) == {"method", "window", "points", "scenes", "shape", "shape_scores", "step", "smoothing",
                            "signal", "clear"}
        assert all(set(p) == {"start", "end", "position", "sentiment", "smoothed"} for p in arc["points"])
        assert len(arc["scenes"]) == len(data["scenes"])
        assert all(set(s) == {"start", "end", "sentiment", "emotions"} and set(s["emotions"]) == EMOTIONS
                   for s in arc["scenes"])
        for relation in data["relationships"]:
            assert set(relation) == {"characters", "lines", "shared_scenes", "co_mentions", "warmth", "strength",
                                     "kind", "relation", "confidence", "guard", "evidence"}
            assert relation["characters"][0] < relation["characters"][1]
            assert set(relation["lines"]) == {"a_to_b", "b_to_a"} and 0 <= relation["strength"] <= 1
        assert set(data["pairing"]) == {"characters", "tag", "category"}
        inferred = data["inferred"]
        assert set(inferred) == {"characters", "relationships", "categories", "agreement"}
        for agreement in inferred["agreement"].values():
            assert set(agreement) == {"declared", "agree", "only_declared", "only_inferred"}


def test_craft_keys_follow_the_contract(staged_000, staged_004):
    for data, text in (staged_000, staged_004):
        d = data["diagnostics"]
        assert set(d) == {"repeated_phrases", "echoes", "dialogue_tags", "filter_words", "crutch_words", "adverbs",
                          "sentences", "paragraphs", "readability", "slips", "spelling", "norms",
                          "sticky_sentences", "openings", "passive_voice", "cliches", "pacing", "consistency",
                          "dialogue_punctuation", "start_here"}
        assert all(set(n) == {"rate", "label", "unit", "value", "percentile", "words"} for n in d["norms"])
        assert all(set(p) == {"phrase", "count", "expected", "variants", "spans"} for p in d["repeated_phrases"])
        for p in d["repeated_phrases"]:  # every span is the headline or one of its variants, as written
            written = [p["phrase"], *(v["phrase"] for v in p["variants"])]
            wordings = {" ".join(w.split()).casefold().replace("’", "'") for w in written}
            assert all(" ".join(text[s["start"] : s["end"]].split()).casefold().replace("’", "'") in wordings
                       for s in p["spans"])
        assert set(d["dialogue_tags"]) == {"tags", "said", "verbs", "adverbs", "untagged_runs"}
        assert all(set(d[k]) == WORD_FAMILY for k in ("filter_words", "crutch_words", "adverbs"))
        assert set(d["sentences"]) == {"count", "mean", "stdev", "histogram", "longest"}
        assert set(d["readability"]) == {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "dale_chall"}
        assert all(set(s) == {"start", "end", "kind", "expected", "found", "text"} for s in d["slips"])
        assert all(set(w) == {"word", "suggestion", "spans"} for w in d["spelling"])


def test_the_new_checks_keys_follow_the_contract(staged_000, staged_004):
    for data, text in (staged_000, staged_004):
        d = data["diagnostics"]
        assert set(d["sticky_sentences"]) == {"sentences", "count", "share", "flagged"}
        assert all(set(s) == {"start", "end", "glue", "words"} for s in d["sticky_sentences"]["flagged"])
        assert all(set(o) == {"opening", "kind", "sentences", "spans"} for o in d["openings"])
        assert set(d["passive_voice"]) == {"count", "per_1000", "uses"}
        assert all(text[u["start"] : u["end"]] == u["text"] for u in d["passive_voice"]["uses"])
        assert set(d["cliches"]) == {"count", "per_10000", "found"}
        assert set(d["pacing"]) == {"narration_runs", "dialogue_runs"}
        assert all(set(i) == {"kind", "forms", "spans", "summary"} for i in d["consistency"])
        assert all(text[s["start"] : s["end"]] == s["text"] for s in d["dialogue_punctuation"])
        assert 1 <= len(d["start_here"]) <= 5
        for finding in d["start_here"]:
            assert set(finding) == {"check", "headline", "detail", "score", "examples"}
            assert all(set(e) == {"text", "spans"} for e in finding["examples"])


def test_parts_follow_the_contract(staged_000, staged_004):
    for data, text in (staged_000, staged_004):
        chapters = len(data["work"]["chapters"])
        for part in data["work"]["parts"]:
            assert set(part) == {"title", "start", "end", "chapters"}
            assert text[part["start"] : part["end"]].strip() and all(0 <= c < chapters for c in part["chapters"])
