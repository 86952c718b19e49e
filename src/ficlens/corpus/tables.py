"""One analysis (the JSON contract's dict) as rows of the research tables (schema.py).

The one row builder: a corpus run calls it on each analysis it makes, and
`ficlens export` on each analysis the library stores, so both write the same
rows. The rows come from the contract, not from the pipeline's objects, so
that the tables say exactly what `ficlens analyze --format json` says.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from .. import __version__
from .schema import BOND_KINDS, EMOTIONS, READABILITY, SCHEMA_VERSION, SHAPES, shape_column

Rows = dict[str, list[dict[str, Any]]]

_SPANNED = (("repeated_phrases", "phrase"), ("echoes", "word"), ("spelling", "word"), ("openings", "opening"),
            ("consistency", "summary"))
_WORD_LISTS = ("filter_words", "crutch_words", "adverbs")


def analysis_rows(data: dict[str, Any], work_id: str, content_hash: str | None, *, added_at: datetime,
                  seconds: float | None = None, ficlens_version: str | None = __version__,
                  source_path: str | None = None, input_metadata: dict[str, Any] | None = None,
                  keep_json: bool = True, text: str | None = None, keep_text: bool = False) -> Rows:
    """Rows of every table an analysis fills, for one work; `errors` and the library's own tables aside.

    `text` fills in quotations' text when the analysis leaves it out (the library keeps it apart) and,
    with `keep_text`, is the `texts` row.
    """
    rows: Rows = {
        "works": [_work(data, content_hash, added_at, seconds, ficlens_version, source_path, input_metadata)],
        "analyses": [{"content_hash": content_hash, "analysis": json.dumps(data, ensure_ascii=False)}]
        if keep_json else [],
        "texts": [{"content_hash": content_hash, "text": text}] if keep_text and text is not None else [],
        **_story(data, text),
        **_diagnostics(data.get("diagnostics") or {}),
        "slips": [{"position": i, **_pick(s, "start", "end", "kind", "expected", "found", "text")}
                  for i, s in enumerate((data.get("narration") or {}).get("slips")
                                         or (data.get("diagnostics") or {}).get("slips") or [])],
    }
    for table_rows in rows.values():
        for row in table_rows:
            row["work_id"] = work_id
    return rows


def error_rows(work_id: str, content_hash: str | None, source_path: str | None, stage: str, error: str,
               reason: str, seconds: float) -> Rows:
    """The one `errors` row of a work that could not be analysed."""
    return {"errors": [{
        "work_id": work_id, "content_hash": content_hash, "schema_version": SCHEMA_VERSION,
        "source_path": source_path, "stage": stage, "error": error, "reason": reason, "seconds": seconds,
    }]}


def _pick(entry: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: entry.get(k) for k in keys}


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _count(value: Any) -> int | None:
    return value if type(value) is int and 0 <= value < 2**63 else None


def _work(data: dict[str, Any], content_hash: str | None, added_at: datetime, seconds: float | None,
          ficlens_version: str | None, source_path: str | None,
          input_metadata: dict[str, Any] | None) -> dict[str, Any]:
    work = data.get("work") or {}
    source = data.get("source") or {}
    narration = data.get("narration") or {}
    names = {c["id"]: c["name"] for c in data.get("characters") or []}
    return {
        "content_hash": content_hash, "schema_version": SCHEMA_VERSION, "ficlens_version": ficlens_version,
        "added_at": added_at, "source_path": source_path or source.get("path"),
        "source_format": source.get("format"), "source_encoding": source.get("encoding"),
        "title": work.get("title"), "authors": work.get("authors") or [], "fandoms": work.get("fandoms") or [],
        "rating": work.get("rating"), "warnings": work.get("warnings") or [],
        "categories": work.get("categories") or [], "relationship_tags": work.get("relationships") or [],
        "character_tags": work.get("characters") or [], "freeform_tags": work.get("tags") or [],
        "series": [s.get("name") for s in work.get("series") or [] if isinstance(s, dict) and s.get("name")],
        "language": work.get("language"), "detected_language": (data.get("language") or {}).get("code"),
        "summary": work.get("summary"), "url": work.get("url"), "site": work.get("site"),
        "site_id": work.get("site_id"), "published": _date(work.get("published")),
        "updated": _date(work.get("updated")), "complete": work.get("complete"),
        **{k: _count(work.get(k)) for k in ("chapters_posted", "chapters_planned", "kudos", "hits", "comments",
                                             "bookmarks")},
        "words": int(work.get("words") or 0), "chapters": len(work.get("chapters") or []),
        "scenes": len(data.get("scenes") or []), "characters": len(names), "quotes": len(data.get("quotes") or []),
        "pov": narration.get("pov"), "tense": narration.get("tense"), "narrator": narration.get("narrator"),
        "narrator_name": names.get(narration.get("narrator")), "seconds": seconds,
        "input_metadata": json.dumps(input_metadata, ensure_ascii=False, default=str) if input_metadata else None,
    }


def _story(data: dict[str, Any], text: str | None) -> Rows:
    """Chapters, scenes, characters, quotes, relationships, the pairing, inferred tags and the arc."""
    relationships = [r for r in data.get("relationships") or [] if len(r.get("characters") or []) >= 2]
    pairing = data.get("pairing") or {}
    arc = data.get("arc")
    return {
        "chapters": [{"position": i, **_pick(c, "title", "start", "end", "summary")}
                     for i, c in enumerate((data.get("work") or {}).get("chapters") or [])],
        "scenes": [{"position": i, **_pick(s, "chapter", "start", "end", "heading", "pov", "tense", "pov_character"),
                    "characters": s.get("characters") or []} for i, s in enumerate(data.get("scenes") or [])],
        "characters": [{"character_id": c["id"], "name": c["name"], "aliases": c.get("aliases") or [],
                        "gender": c.get("gender"), "mentions": c.get("mentions") or 0, "quotes": c.get("quotes") or 0,
                        "first": c.get("first"), "last": c.get("last")} for c in data.get("characters") or []],
        "quotes": [{"position": i, "start": q["start"], "end": q["end"],
                    "text": q.get("text") if q.get("text") is not None or text is None else text[q["start"]:q["end"]],
                    "speaker": q.get("speaker"), "addressees": q.get("addressees") or [],
                    **_pick(q, "confidence", "method", "group")} for i, q in enumerate(data.get("quotes") or [])],
        "relationships": [
            {"a": r["characters"][0], "b": r["characters"][1],
             "lines_a_to_b": (r.get("lines") or {}).get("a_to_b"), "lines_b_to_a": (r.get("lines") or {}).get("b_to_a"),
             **_pick(r, "shared_scenes", "co_mentions", "warmth", "strength", "kind", "relation", "guard"),
             **{f"{k}_confidence": (r.get("confidence") or {}).get(k) for k in BOND_KINDS},
             "evidence": len(r.get("evidence") or [])}
            for r in relationships],
        "relationship_evidence": [{"a": r["characters"][0], "b": r["characters"][1],
                                   **_pick(e, "kind", "word", "who", "of", "start", "end")}
                                  for r in relationships for e in r.get("evidence") or []],
        "pairings": [{"a": pairing["characters"][0], "b": pairing["characters"][1], "tag": pairing.get("tag"),
                      "category": pairing.get("category")}] if len(pairing.get("characters") or []) >= 2 else [],
        "inferred_tags": _inferred(data.get("inferred") or {}),
        "arcs": [{**_pick(arc, "method", "window", "step", "smoothing", "shape", "signal", "clear"),
                  **{shape_column(s): (arc.get("shape_scores") or {}).get(s) for s in SHAPES}}] if arc else [],
        "arc_points": [{"position": i, "start": p["start"], "end": p["end"], "place": p.get("position"),
                        **_pick(p, "sentiment", "smoothed")} for i, p in enumerate((arc or {}).get("points") or [])],
        "scene_emotions": [{"position": i, **_pick(s, "start", "end", "sentiment"),
                            **{e: (s.get("emotions") or {}).get(e) for e in EMOTIONS}}
                           for i, s in enumerate((arc or {}).get("scenes") or [])],
    }


def _inferred(inferred: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for key, kind in (("characters", "character"), ("relationships", "relationship"), ("categories", "category")):
        agree = set(((inferred.get("agreement") or {}).get(key) or {}).get("agree") or [])
        rows += [{"kind": kind, "tag": tag, "declared": tag in agree} for tag in inferred.get(key) or []]
    return rows


def _diagnostics(found: dict[str, Any]) -> Rows:
    """One table per diagnostic family, and every passage they point at in `spans`."""
    if not found:
        return {}
    sentences, paragraphs = found.get("sentences") or {}, found.get("paragraphs") or {}
    longest = sentences.get("longest") or {}
    tags, pacing = found.get("dialogue_tags") or {}, found.get("pacing") or {}
    sticky, passive = found.get("sticky_sentences") or {}, found.get("passive_voice") or {}
    cliches = found.get("cliches") or {}
    rates = {
        "sentences": sentences.get("count"), "sentence_words_mean": sentences.get("mean"),
        "sentence_words_stdev": sentences.get("stdev"), "longest_sentence_words": longest.get("words"),
        "longest_sentence_start": longest.get("start"), "longest_sentence_end": longest.get("end"),
        "paragraphs": paragraphs.get("count"), "paragraph_words_mean": paragraphs.get("mean"),
        "paragraph_words_stdev": paragraphs.get("stdev"),
        **{r: (found.get("readability") or {}).get(r) for r in READABILITY},
        **{name: (found.get(name) or {}).get("count") for name in _WORD_LISTS},
        **{f"{name}_per_1000": (found.get(name) or {}).get("per_1000") for name in _WORD_LISTS},
        "passive_voice": passive.get("count"), "passive_voice_per_1000": passive.get("per_1000"),
        "cliches": cliches.get("count"), "cliches_per_10000": cliches.get("per_10000"),
        "sticky_sentences": sticky.get("count"), "sticky_sentences_share": sticky.get("share"),
        "dialogue_tags": tags.get("tags"), "said_tags": tags.get("said"),
        "dialogue_adverbs": len(tags.get("adverbs") or []), "untagged_runs": len(tags.get("untagged_runs") or []),
        **{k: len(found.get(k) or []) for k in ("dialogue_punctuation", "repeated_phrases", "echoes", "spelling",
                                                 "slips")},
    }
    lists = {name: (found.get(name) or {}).get("words") for name in _WORD_LISTS} | {"dialogue_verbs": tags.get("verbs")}
    spans = [{"family": family, "item": entry.get(item), "start": s["start"], "end": s["end"]}
             for family, item in _SPANNED for entry in found.get(family) or [] for s in entry.get("spans") or []]
    spans += [{"family": "cliches", "item": c.get("phrase"), "start": s["start"], "end": s["end"]}
              for c in cliches.get("found") or [] for s in c.get("spans") or []]
    spans += [{"family": name, "item": None, "start": s["start"], "end": s["end"]}
              for name in _WORD_LISTS for s in (found.get(name) or {}).get("spans") or []]
    return {
        "craft_rates": [rates],
        "sentence_lengths": [{"words": bucket, "sentences": n}
                             for bucket, n in (sentences.get("histogram") or {}).items()],
        "word_counts": [{"list": name, "word": word, "count": n} for name, words in lists.items()
                        for word, n in (words or {}).items()],
        "repeated_phrases": [{**_pick(p, "phrase", "count", "expected"),
                              "variants": [v["phrase"] for v in p.get("variants") or []],
                              "variant_counts": [v["count"] for v in p.get("variants") or []]}
                             for p in found.get("repeated_phrases") or []],
        "echoes": [{"word": e.get("word"), "count": len(e.get("spans") or [])} for e in found.get("echoes") or []],
        "spelling": [{**_pick(s, "word", "suggestion"), "count": len(s.get("spans") or [])}
                     for s in found.get("spelling") or []],
        "openings": [_pick(o, "opening", "kind", "sentences") for o in found.get("openings") or []],
        "cliches": [{"phrase": c.get("phrase"), "count": len(c.get("spans") or [])}
                    for c in cliches.get("found") or []],
        "consistency": [{**_pick(c, "kind", "summary"), "forms": list((c.get("forms") or {})),
                         "form_counts": list((c.get("forms") or {}).values())} for c in found.get("consistency") or []],
        "passive_voice": [_pick(u, "start", "end", "text") for u in passive.get("uses") or []],
        "dialogue_adverbs": [_pick(a, "start", "end", "text") for a in tags.get("adverbs") or []],
        "dialogue_punctuation": [_pick(p, "start", "end", "kind", "text")
                                 for p in found.get("dialogue_punctuation") or []],
        "untagged_runs": [_pick(r, "start", "end", "lines") for r in tags.get("untagged_runs") or []],
        "pacing_runs": [{"kind": kind, **_pick(r, "start", "end", "words", "paragraphs")}
                        for kind in ("narration", "dialogue") for r in pacing.get(f"{kind}_runs") or []],
        "sticky_sentences": [{**_pick(s, "start", "end", "glue"), "glue_words": list((s.get("words") or {})),
                              "glue_word_counts": list((s.get("words") or {}).values())}
                             for s in sticky.get("flagged") or []],
        "norms": [{**_pick(n, "rate", "label", "unit", "value", "percentile"), "comparison": n.get("words")}
                  for n in found.get("norms") or []],
        "start_here": [{"position": i, **_pick(s, "check", "headline", "detail", "score"),
                        "examples": [e.get("text") for e in s.get("examples") or [] if e.get("text")]}
                       for i, s in enumerate(found.get("start_here") or [])],
        "spans": spans,
    }
