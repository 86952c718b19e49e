"""The analysis as one self-contained HTML page: charts as inline SVG, the text annotated.

Everything is rendered from the analysis dict (the JSON contract) and the work's
text, so a stored analysis can be re-rendered without re-running the stages. The
page makes no network request: no fonts, scripts or styles from anywhere else.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2

from ..craft import norms
from markupsafe import Markup, escape

from .report import html_command, language_lines, main_cast, relationship_kind, title

PALETTE = ("#3b6fb6", "#d1495b", "#2a9d8f", "#8f5bb5", "#d68a0c", "#5a9e3a", "#c2577a", "#8c6d4f",
           "#4b8fa8", "#9a9a2e")
"""Speaker colours, given out in the order of the characters list (most important first)."""

EMOTION_COLOURS = {"anger": "#e04f3f", "anticipation": "#f0923a", "joy": "#f2c94c", "trust": "#8cc56b",
                   "fear": "#3f8f5f", "surprise": "#3fb5b0", "sadness": "#5b8fd6", "disgust": "#9b59b6"}

# Diagnostic highlight kinds: css class -> (label, shown by default).
KINDS: dict[str, tuple[str, bool]] = {
    "rp": ("repeated phrases", True),
    "ec": ("echoes", True),
    "sl": ("POV/tense slips", True),
    "sp": ("spelling", True),
    "ta": ("tag adverbs", True),
    "ur": ("untagged runs", False),
    "lg": ("longest sentence", False),
    "fw": ("filter words", False),
    "cw": ("crutch words", False),
    "av": ("adverbs", False),
    "dp": ("dialogue punctuation", True),
    "cs": ("written two ways", True),
    "cl": ("clichés", True),
    "pv": ("passive voice", False),
    "op": ("alike openings", False),
    "st": ("sticky sentences", False),
    "pc": ("pacing runs", False),
}

_WORD = re.compile(r"\S+")


def render_html(data: dict[str, Any], text: str) -> str:
    """The whole report page for one work; sections whose keys are missing are left out."""
    classes = speaker_classes(data)
    names = {c["id"]: c["name"] for c in data.get("characters", [])}
    annotated, anchors = annotate(data, text, classes)
    positions = _WordPositions(data, text)
    context = {
        "data": data,
        "work": data.get("work", {}),
        "title": title(data),
        "names": names,
        "classes": classes,
        "palette": PALETTE,
        "kinds": KINDS,
        "overview": _overview(data, names),
        "characters": _characters(data, classes),
        "chapters": chapter_menu(chapters(data, text)),
        "presence": _presence(data, classes),
        "dialogue": _dialogue(data, classes),
        "graph": _graph(data, names, classes) if data.get("relationships") else None,
        "arc": _arc(data, positions) if data.get("arc") and data["arc"].get("points") else None,
        "emotions": _emotions(data) if data.get("arc") and data["arc"].get("scenes") else None,
        "emotion_colours": EMOTION_COLOURS,
        "relationship_colours": RELATIONSHIP_COLOURS,
        "relationship_kind": relationship_kind,
        "warmth_words": _warmth_words,
        "diagnostics": data.get("diagnostics"),
        "norm_sources": norms.sources(),
        "annotated": annotated,
        "jump": lambda start: f"#p-{start}" if start in anchors else None,
        "excerpt": lambda span, limit=90: _excerpt(text, span["start"], span["end"], limit),
        "passage": lambda span: _excerpt(text, *_sentence_around(text, span["start"], span["end"]), 160),
        "phrase_note": lambda phrase: phrase_note(phrase, data.get("work", {}).get("words")),
        "html_command": html_command(data),
        "PHRASES_SHOWN": PHRASES_SHOWN,
    }
    return _environment().get_template("report.html.j2").render(**context)


def speaker_classes(data: dict[str, Any]) -> dict[str, str]:
    """A colour class per character id ("c0".."c9"; "cx" beyond the palette), stable within a report."""
    return {c["id"]: (f"c{i}" if i < len(PALETTE) else "cx") for i, c in enumerate(data.get("characters", []))}


def _environment() -> jinja2.Environment:
    folder = resources.files("ficlens").joinpath("outputs/templates")
    loader = jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8"))
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.ChainableUndefined)
    env.filters["num"] = _num
    env.globals["asset"] = lambda name: Markup(folder.joinpath(name).read_text("utf-8"))
    return env


def _num(value: float | int | None, digits: int = 1) -> str:
    """A number for people: thousands separated, floats rounded; a dash for none (an analysis stored
    by an older ficlens may lack a key the page reads)."""
    if value is None or isinstance(value, jinja2.Undefined):
        return "–"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.{digits}f}"


def _excerpt(text: str, start: int, end: int, limit: int) -> str:
    passage = " ".join(text[start:end].split())
    return passage if len(passage) <= limit else passage[: limit - 1].rstrip() + "…"


# --- the annotated text -----------------------------------------------------------------------


@dataclass(slots=True)
class _Span:
    """A span to wrap in the text; `layer` 0 (quotes) always encloses layer 1 (marks)."""

    start: int
    end: int
    layer: int
    css: str
    title: str = ""
    index: int = 0

    def key(self) -> tuple[int, int, int, int]:
        return (self.layer, self.start, -self.end, self.index)


def annotate(data: dict[str, Any], text: str, classes: dict[str, str]) -> tuple[Markup, set[int]]:
    """The story paragraphs as HTML, quotes coloured by speaker and diagnostic spans marked.

    Returns the markup and the offsets that got an anchor `p-START` (the first
    piece of each marked span), so links are made only to passages shown.
    """
    names = {c["id"]: c["name"] for c in data.get("characters", [])}
    spans = [
        _Span(q["start"], q["end"], 0, f"q {classes.get(q['speaker'], 'cx') if q['speaker'] else 'cu'}",
              names.get(q["speaker"], "unattributed") if q["speaker"] else "unattributed")
        for q in data.get("quotes", [])
    ]
    spans += _diagnostic_spans(data.get("diagnostics") or {})
    spans = [s for s in spans if s.end > s.start]
    for i, span in enumerate(spans):
        span.index = i
    spans.sort(key=lambda s: s.start)
    starts = [s.start for s in spans]
    longest = max((s.end - s.start for s in spans), default=0)

    scenes = data.get("scenes", [])
    povs = {c["id"]: c["name"] for c in data.get("characters", [])}
    anchors: set[int] = set()
    out: list[str] = []
    scene = 0
    parts = chapters(data, text)
    chapter = 0
    titles = {" ".join(c["title"].split()).casefold() for c in parts}
    in_letter = False
    for start, end, role in data.get("structure", {}).get("paragraphs", []):
        if role in ("note", "signoff"):
            continue
        if in_letter and role != "letter":
            out.append("</div>")
            in_letter = False
        while chapter < len(parts) and parts[chapter]["start"] <= start:
            out.append(f'<h2 class="{parts[chapter]["kind"]}" id="{parts[chapter]["id"]}">{escape(parts[chapter]["title"])}'
                       '<a class="up" href="#chapters" title="all chapters">↑</a></h2>')
            chapter += 1
        if role == "part":
            continue  # its heading above says it
        while scene < len(scenes) and scenes[scene]["start"] <= start:
            out.append(_scene_marker(scene, scenes[scene], povs))
            scene += 1
        if role == "break":
            out.append(f'<p class="brk">{escape(text[start:end].strip()) or "⁂"}</p>')
            continue
        if role in ("heading", "chapter-title"):
            if " ".join(text[start:end].split()).casefold() in titles:
                continue  # the chapter's heading above says it
            out.append(f'<h3 class="hd">{escape(text[start:end].strip())}</h3>')
            continue
        if role == "letter" and not in_letter:
            out.append('<div class="letter">')
            in_letter = True
        first = bisect.bisect_left(starts, start - longest)
        inside = [s for s in spans[first : bisect.bisect_left(starts, end)] if s.end > start]
        # an id for every paragraph, by where it starts in the text: what a search hit links to
        out.append(f'<p id="para-{start}">{_paragraph(text, start, end, inside, anchors)}</p>')
    if in_letter:
        out.append("</div>")
    return Markup("\n".join(out)), anchors


def _scene_marker(index: int, scene: dict[str, Any], names: dict[str, str]) -> str:
    told = [scene.get("pov") and f"{scene['pov']} person", scene.get("tense") and f"{scene['tense']} tense"]
    if scene.get("pov_character"):
        told.append(f"POV {names.get(scene['pov_character'], scene['pov_character'])}")
    detail = " · ".join(t for t in told if t)
    return (f'<div class="scene" id="scene-{index + 1}"><span>Scene {index + 1}</span>'
            f"{f' <small>{escape(detail)}</small>' if detail else ''}</div>")


def _paragraph(text: str, start: int, end: int, spans: list[_Span], anchors: set[int]) -> str:
    """One paragraph with its spans clipped to it and properly nested.

    The paragraph is cut at every span boundary; for each piece the spans
    covering it are ordered outermost first, and tags are closed and reopened
    only where that order changes, so a mark crossing a quote edge is split.
    """
    clipped = [(max(s.start, start), min(s.end, end), s) for s in spans]
    bounds = sorted({start, end, *(a for a, _, _ in clipped), *(b for _, b, _ in clipped)})
    out: list[str] = []
    stack: list[_Span] = []
    for a, b in zip(bounds, bounds[1:]):
        active = sorted((s for lo, hi, s in clipped if lo <= a and hi >= b), key=_Span.key)
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend(_close(s) for s in reversed(stack[keep:]))
        out.extend(_open(s, a, anchors) for s in active[keep:])
        stack = active
        out.append(str(escape(text[a:b])))
    out.extend(_close(s) for s in reversed(stack))
    return "".join(out)


def _open(span: _Span, at: int, anchors: set[int]) -> str:
    title = f' title="{escape(span.title)}"' if span.title else ""
    if span.layer == 0:
        # the speaker named where the line begins, for a screen reader, and shown to a keyboard's focus (the
        # line's start is focusable; see .q[data-speaker] in report.css)
        said = f' data-speaker="{escape(span.title)}" tabindex="0"' if span.title and at == span.start else ""
        return f'<span class="{span.css}"{title}{said}>'
    anchor = ""
    if at == span.start and span.start not in anchors:
        anchors.add(span.start)
        anchor = f' id="p-{span.start}"'
    return f'<mark class="{span.css}"{anchor}{title}>'


def _close(span: _Span) -> str:
    return "</span>" if span.layer == 0 else "</mark>"


def _diagnostic_spans(diagnostics: dict[str, Any]) -> list[_Span]:
    spans: list[_Span] = []

    def add(kind: str, items: Iterable[dict[str, Any]], title: str = "") -> None:
        spans.extend(_Span(s["start"], s["end"], 1, kind, title) for s in items)

    for phrase in diagnostics.get("repeated_phrases", []):
        add("rp", phrase["spans"], f"repeated ×{phrase['count']}: {phrase['phrase']}")
    for echo in diagnostics.get("echoes", []):
        add("ec", echo["spans"], f"echo: {echo['word']}")
    tags = diagnostics.get("dialogue_tags") or {}
    add("ta", tags.get("adverbs", []))
    add("ur", tags.get("untagged_runs", []), "untagged run of lines")
    for family, kind in (("filter_words", "fw"), ("crutch_words", "cw"), ("adverbs", "av")):
        add(kind, (diagnostics.get(family) or {}).get("spans", []))
    longest = (diagnostics.get("sentences") or {}).get("longest")
    if longest:
        add("lg", [longest], f"longest sentence: {longest['words']} words")
    for slip in diagnostics.get("slips", []):
        add("sl", [slip], f"{slip['kind']} slip: {slip['found']} where {slip['expected']} is expected")
    for word in diagnostics.get("spelling", []):
        hint = f" → {word['suggestion']}" if word.get("suggestion") else ""
        add("sp", word["spans"], f"spelling: {word['word']}{hint}")
    for slip in diagnostics.get("dialogue_punctuation", []):
        add("dp", [slip], f"dialogue punctuation: {slip['kind']}")
    for inconsistency in diagnostics.get("consistency", []):
        add("cs", inconsistency["spans"], f"written two ways: {inconsistency['summary']}")
    for cliche in (diagnostics.get("cliches") or {}).get("found", []):
        add("cl", cliche["spans"], f"cliché: {cliche['phrase']}")
    add("pv", (diagnostics.get("passive_voice") or {}).get("uses", []), "passive voice")
    for run in diagnostics.get("openings", []):
        add("op", run["spans"], f"{run['sentences']} sentences in a row open with {run['opening']}")
    for sentence in (diagnostics.get("sticky_sentences") or {}).get("flagged", []):
        add("st", [sentence], f"sticky sentence: {sentence['glue']:.0f}% glue words")
    pacing = diagnostics.get("pacing") or {}
    add("pc", pacing.get("narration_runs", []), "a long stretch of narration without dialogue")
    add("pc", pacing.get("dialogue_runs", []), "a long run of dialogue without beats")
    return spans


PHRASES_SHOWN = 15
"""Repeated phrases listed before "show all"."""


def chapters(data: dict[str, Any], text: str = "") -> list[dict[str, Any]]:
    """The work's parts and chapters in the order of the text, for its headings and its menu, each
    with an anchor id, a title to show ("Chapter 2: The Letter", or "Chapter 2" when it has none)
    and its kind, "part" or "chapter"; none for a one-chapter work.

    An analysis stored before parts were found has none: there an untitled "chapter" holding
    nothing but a heading ("PART ONE") is taken for a part."""
    work = data.get("work", {})
    declared = work.get("chapters", [])
    if len(declared) < 2:
        return []
    paragraphs = data.get("structure", {}).get("paragraphs", [])
    shown = [{"id": f"part-{n}", "title": " ".join(part["title"].split()), "start": part["start"], "kind": "part"}
             for n, part in enumerate(work.get("parts") or [], 1)]
    number = 0
    for index, chapter in enumerate(declared, 1):
        name = " ".join((chapter.get("title") or "").split())
        inside = [(a, b, role) for a, b, role in paragraphs if chapter["start"] <= a < chapter["end"]]
        if "parts" not in work and not name and inside and all(role in ("heading", "chapter-title")
                                                                for _, _, role in inside):
            title = " · ".join(" ".join(text[a:b].split()) for a, b, _ in inside)
            shown.append({"id": f"chapter-{index}", "title": title, "start": chapter["start"], "kind": "part"})
            continue
        number += 1
        label = name if name.casefold().startswith(("chapter", "part", "prologue", "epilogue", "interlude")) else (
            f"Chapter {number}: {name}" if name else f"Chapter {number}")
        shown.append({"id": f"chapter-{index}", "title": label, "start": chapter["start"], "kind": "chapter"})
    return sorted(shown, key=lambda c: (c["start"], c["kind"] != "part"))


def chapter_menu(shown: list[dict[str, Any]]) -> dict[str, Any]:
    """The chapter menu: each part with the chapters it groups (those after it, up to the next
    part), chapters before any part on their own; and how many chapters there are."""
    entries: list[dict[str, Any]] = []
    for entry in shown:
        if entry["kind"] == "part":
            entries.append({**entry, "chapters": []})
        elif entries and entries[-1]["kind"] == "part":
            entries[-1]["chapters"].append(entry)
        else:
            entries.append(entry)
    return {"entries": entries, "count": sum(entry["kind"] == "chapter" for entry in shown)} if shown else {}


def phrase_note(phrase: dict[str, Any], words: int | None) -> str:
    """What a repeated phrase's count means, in numbers a reader can check: its rate per 1,000
    words and, when chance alone would give it at least once, how often that is."""
    note = f"{phrase['count']} times"
    if words:
        note += f" in {words:,} words ({1000 * phrase['count'] / words:.1f} per 1,000)"
    if phrase.get("expected", 0) >= 1:
        note += (f"; its words, each as common as in the story but in random order, would meet "
                 f"about {round(phrase['expected'])} times")
    return note


_SENTENCE_END = re.compile(r"[.!?…]['’\"”]?\s|\n")


def _sentence_around(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The span of the sentence (or its nearest `reach` characters) around text[start:end]."""
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, start - reach), start)]
    after = _SENTENCE_END.search(text, end, end + reach)
    return (before[-1] if before else max(0, start - reach // 2)), (after.end() if after else end + reach // 2)


# --- sections ---------------------------------------------------------------------------------


def _overview(data: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    work = data.get("work", {})
    narration = data.get("narration") or {}
    verdict = None
    if narration:
        verdict = f"{narration.get('pov') or 'unknown'} person, {narration.get('tense') or 'unknown'} tense"
        if narration.get("narrator"):
            verdict += f", narrated by {names.get(narration['narrator'], narration['narrator'])}"
    inferred = data.get("inferred")
    tags = []
    for key, label in (("relationships", "Relationships"), ("characters", "Characters"), ("categories", "Category")):
        declared = work.get(key, [])
        if inferred and key in inferred.get("agreement", {}):
            agreement = inferred["agreement"][key]
            chips = ([(t, "agree") for t in agreement["agree"]] + [(t, "declared") for t in agreement["only_declared"]]
                     + [(t, "inferred") for t in agreement["only_inferred"]])
        else:
            chips = [(t, "declared") for t in declared]
        if chips:
            tags.append((label, chips))
    pairing = data.get("pairing")
    return {
        "language": language_lines(data),
        "verdict": verdict,
        "tags": tags,
        "has_inferred": bool(inferred),
        "pairing": pairing,
        "readability": (data.get("diagnostics") or {}).get("readability"),
        "stats": [
            ("words", _num(work.get("words"))),
            ("scenes", _num(len(data.get("scenes", [])))),
            # not counted at all on a work in another language: no "0 characters"
            *([("characters", _num(len(data["characters"])))] if "characters" in data else []),
            *([("lines of dialogue", _num(len(data["quotes"])))] if "quotes" in data else []),
        ],
    }


def _characters(data: dict[str, Any], classes: dict[str, str]) -> list[dict[str, Any]]:
    """Every character for the table, `main` marking the cast shown before "show all"."""
    lines = Counter(q["speaker"] for q in data.get("quotes", []) if q["speaker"])
    main = {c["id"] for c in main_cast(data)}
    return [
        {"id": c["id"], "name": c["name"], "css": classes[c["id"]], "gender": c.get("gender") or "",
         "aliases": [a for a in c["aliases"] if a != c["name"]], "mentions": c["mentions"],
         "lines": lines.get(c["id"], 0), "main": c["id"] in main}
        for c in data.get("characters", [])
    ]


def _presence(data: dict[str, Any], classes: dict[str, str]) -> dict[str, Any] | None:
    """Characters x scenes: present or not, shaded by lines spoken there."""
    scenes = data.get("scenes", [])
    if len(scenes) < 2 or not any("characters" in s for s in scenes):
        return None
    spoken: Counter[tuple[str, int]] = Counter()
    starts = [s["start"] for s in scenes]
    for quote in data.get("quotes", []):
        if quote["speaker"]:
            spoken[quote["speaker"], max(0, bisect.bisect_right(starts, quote["start"]) - 1)] += 1
    most = max(spoken.values(), default=1)
    rows = []
    for character in main_cast(data):
        cells = []
        for i, scene in enumerate(scenes):
            present = character["id"] in scene.get("characters", [])
            n = spoken[character["id"], i]
            strength = 0 if not present and not n else round(0.25 + 0.75 * math.sqrt(n / most), 2)
            cells.append({"scene": i + 1, "strength": strength, "lines": n, "present": present or bool(n)})
        if any(c["present"] for c in cells):
            rows.append({"name": character["name"], "css": classes[character["id"]], "cells": cells})
    return {"scenes": len(scenes), "rows": rows}


def _dialogue(data: dict[str, Any], classes: dict[str, str]) -> dict[str, Any] | None:
    quotes = data.get("quotes", [])
    if not quotes:
        return None
    lines = Counter(q["speaker"] for q in quotes)
    words = Counter()
    for quote in quotes:
        words[quote["speaker"]] += len(quote["text"].split())
    names = {c["id"]: c["name"] for c in data.get("characters", [])}
    most = max(lines.values())
    bars = [
        {"name": names.get(who, who), "css": classes.get(who, "cx"), "lines": n, "words": words[who],
         "share": n / len(quotes), "width": round(100 * n / most, 1)}
        for who, n in lines.most_common() if who
    ]
    return {"bars": bars, "unattributed": lines.get(None, 0), "total": len(quotes),
            "unattributed_width": round(100 * lines.get(None, 0) / most, 1)}


RELATIONSHIP_COLOURS = {
    "romantic": "#d6457a", "family": "#3f8f5a", "friendship": "#e0a030", "rivalry": "#4a6fa5",
    "professional": "#7a5fb0", "unknown": "#a0a4aa",
}


def _warmth_colour(warmth: float | None) -> str:
    """Cool blue for hostile, grey for neutral, coral for warm."""
    if warmth is None:
        return "#a0a4aa"
    cold, neutral, warm = (74, 111, 165), (160, 164, 170), (226, 106, 74)
    end = warm if warmth > 0 else cold
    t = min(1.0, math.sqrt(abs(warmth)))  # mean sentiments are small: let a little warmth show
    return "#" + "".join(f"{round(n + (e - n) * t):02x}" for n, e in zip(neutral, end))


LABEL_PX = 13  # the graph's label size, in the SVG's own units (report.css)
_CHAR_PX = 0.64 * LABEL_PX  # a generous average width of a bold sans-serif character


def _graph(data: dict[str, Any], names: dict[str, str], classes: dict[str, str]) -> dict[str, Any]:
    """Characters on a circle (most lines on the left), edges by strength, coloured by kind; only
    the main cast, each name placed where it overlaps no other name or circle (or left to the hover)."""
    main = {c["id"] for c in main_cast(data)}
    relationships = [r for r in data["relationships"] if all(x in main for x in r["characters"])][:24]
    people = {c["id"]: c for c in data.get("characters", [])}
    lines = Counter(q["speaker"] for q in data.get("quotes", []) if q["speaker"])
    ids = []
    for relation in relationships:
        ids += [x for x in relation["characters"] if x not in ids]
    ids.sort(key=lambda x: (-lines.get(x, 0), -people.get(x, {}).get("mentions", 0)))
    ids = ids[:12]
    width, height = 640, 360 if len(ids) > 2 else 240
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - 110, height / 2 - 60
    most = max((lines.get(x, 0) for x in ids), default=0) or 1
    nodes = {}
    for i, who in enumerate(ids):
        angle = math.pi + 2 * math.pi * i / len(ids)
        x, y = cx + rx * math.cos(angle), cy + ry * math.sin(angle)
        r = 9 + 22 * math.sqrt(lines.get(who, 0) / most)
        nodes[who] = {"x": round(x, 1), "y": round(y, 1), "r": round(r, 1), "name": names.get(who, who),
                      "css": classes.get(who, "cx"), "lines": lines.get(who, 0)}
    _place_labels(list(nodes.values()), width, height)
    edges = []
    pair = tuple(sorted((data.get("pairing") or {}).get("characters", [])))
    for relation in relationships:
        a, b = relation["characters"]
        if a not in nodes or b not in nodes:
            continue
        warmth = relation.get("warmth")
        tone = "no exchanges" if warmth is None else f"warmth {warmth:+.2f} ({_warmth_words(warmth)})"
        title = (f"{names.get(a, a)} & {names.get(b, b)}: {relationship_kind(relation)}; "
                 f"{names.get(a, a)} → {names.get(b, b)}: {relation['lines']['a_to_b']} lines; "
                 f"{names.get(b, b)} → {names.get(a, a)}: {relation['lines']['b_to_a']} lines; "
                 f"{relation['shared_scenes']} shared scenes, {relation['co_mentions']} paragraphs naming both, "
                 f"{tone}; strength {round(100 * relation['strength'])}% of the strongest pair's")
        edges.append({"x1": nodes[a]["x"], "y1": nodes[a]["y"], "x2": nodes[b]["x"], "y2": nodes[b]["y"],
                      "width": round(1.5 + 10 * relation["strength"], 1),
                      "colour": RELATIONSHIP_COLOURS.get(relation.get("kind") or "unknown", _warmth_colour(warmth)),
                      "dashed": warmth is None, "title": title, "pairing": tuple(sorted((a, b))) == pair})
    edges.sort(key=lambda e: e["width"])
    return {"width": width, "height": height, "nodes": list(nodes.values()), "edges": edges}


def _warmth_words(warmth: float) -> str:
    """A mean VADER score in words (VADER calls -0.05..0.05 neutral)."""
    if abs(warmth) < 0.05:
        return "neutral"
    strength = "very " if abs(warmth) >= 0.5 else "" if abs(warmth) >= 0.2 else "slightly "
    return strength + ("warm" if warmth > 0 else "hostile")


Box = tuple[float, float, float, float]  # left, top, right, bottom


def _place_labels(nodes: list[dict[str, Any]], width: float, height: float) -> None:
    """Give each node (most important first) a label where it overlaps no placed label, no circle
    and stays inside the chart: below, above, then beside its circle, the full name then the first
    word of it; a node with no room keeps its name for the hover only (`label` None)."""
    taken: list[Box] = [(n["x"] - n["r"], n["y"] - n["r"], n["x"] + n["r"], n["y"] + n["r"]) for n in nodes]
    for node in nodes:
        node["label"] = None
        x, y, r = node["x"], node["y"], node["r"]
        names = dict.fromkeys([node["name"], node["name"].split()[0]])
        outward = ("end", "start") if x < width / 2 else ("start", "end")
        for name in names:
            w = len(name) * _CHAR_PX
            spots = [(x, y + r + LABEL_PX + 2, "middle"), (x, y - r - 7, "middle")]
            spots += [(x - r - 5 if anchor == "end" else x + r + 5, y + LABEL_PX * 0.35, anchor) for anchor in outward]
            for lx, ly, anchor in spots:
                left = lx - w / 2 if anchor == "middle" else lx - w if anchor == "end" else lx
                box = (left, ly - LABEL_PX, left + w, ly + LABEL_PX * 0.3)
                if box[0] >= 2 and box[2] <= width - 2 and box[1] >= 2 and box[3] <= height - 2 and not any(
                        _overlap(box, other) for other in taken):
                    node.update(label=name, label_x=round(lx, 1), label_y=round(ly, 1), anchor=anchor)
                    taken.append(box)
                    break
            if node["label"]:
                break


def _overlap(a: Box, b: Box, gap: float = 2.0) -> bool:
    return a[0] < b[2] + gap and b[0] < a[2] + gap and a[1] < b[3] + gap and b[1] < a[3] + gap


class _WordPositions:
    """Where a character offset falls in narrative time: the share of story words before it."""

    def __init__(self, data: dict[str, Any], text: str) -> None:
        self.starts = [m.start() for s, e, role in data.get("structure", {}).get("paragraphs", [])
                       if role in ("text", "letter") for m in _WORD.finditer(text, s, e)]

    def __call__(self, offset: int) -> float:
        return bisect.bisect_left(self.starts, offset) / max(1, len(self.starts))


def _arc(data: dict[str, Any], position: _WordPositions) -> dict[str, Any]:
    arc = data["arc"]
    points = arc["points"]
    width, height, left, right, top, bottom = 900, 280, 56, 12, 16, 30
    values = [abs(p["sentiment"]) for p in points] + [abs(p["smoothed"]) for p in points]
    step = _nice_step(max(values) / 2)
    scale = step * max(1, math.ceil(max(values) / step))  # the axis fits the data, in round steps

    def x(pos: float) -> float:
        return round(left + pos * (width - left - right), 1)

    def y(value: float) -> float:
        return round(top + (1 - (value + scale) / (2 * scale)) * (height - top - bottom), 1)

    smooth = " ".join(f"{x(p['position'])},{y(p['smoothed'])}" for p in points)
    raw = " ".join(f"{x(p['position'])},{y(p['sentiment'])}" for p in points)
    zero = y(0)
    area = f"{x(points[0]['position'])},{zero} {smooth} {x(points[-1]['position'])},{zero}"
    scenes = [{"x": x(position(s["start"])), "n": i + 1} for i, s in enumerate(data.get("scenes", [])) if i]
    mood = width - right - 4 - 8 * ARC_PX * 0.62  # where "warmer ↑" begins, top right
    shown = -math.inf
    for scene in scenes:  # a scene's number only where it has room; the dashed line always
        room = scene["x"] + 3 + len(str(scene["n"])) * ARC_PX * 0.62
        scene["labelled"] = scene["x"] >= shown + 4 and room < mood
        if scene["labelled"]:
            shown = room
    count = round(scale / step)
    decimals = max(0, -math.floor(math.log10(step)) + (1 if step * 10 ** -math.floor(math.log10(step)) == 2.5 else 0))
    ticks = [{"y": y(k * step), "label": f"{k * step:+.{decimals}f}" if k else "0", "labelled": True}
             for k in range(-count, count + 1)]
    dots = [{"x": x(p["position"]), "y": y(p["smoothed"]),
             "title": f"{round(100 * p['position'])}% through the story: smoothed {p['smoothed']:+.2f}, "
                      f"this window {p['sentiment']:+.2f} (mean valence per word, 0 neutral)"}
            for p in points]
    ranked = sorted((arc.get("shape_scores") or {}).items(), key=lambda kv: -kv[1])
    return {"width": width, "height": height, "left": left, "right": width - right, "top": top,
            "bottom": height - bottom, "zero": zero, "smooth": smooth, "raw": raw, "area": area,
            "scenes": scenes, "ticks": ticks, "dots": dots, "shape": arc.get("shape"),
            "scores": ranked[:3], "method": arc.get("method"), "window": arc.get("window"),
            "step": arc.get("step"), "smoothing": arc.get("smoothing"), "signal": arc.get("signal"),
            "clear": arc.get("clear")}


ARC_PX = 12  # the arc chart's text size, in the SVG's own units (report.css)


def _nice_step(value: float) -> float:
    """The round number (1, 2, 2.5 or 5 times a power of ten) at or above `value`, for axis ticks."""
    if value <= 0:
        return 0.01
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _emotions(data: dict[str, Any]) -> dict[str, Any]:
    """One stacked bar per scene, emotions per 1,000 words, scaled to the most emotional scene."""
    scenes = data["arc"]["scenes"]
    most = max((sum(s["emotions"].values()) for s in scenes), default=0) or 1
    rows = []
    for i, scene in enumerate(scenes):
        total = sum(scene["emotions"].values())
        parts = [{"name": name, "value": value, "width": round(100 * value / most, 2)}
                 for name, value in scene["emotions"].items() if value > 0]
        top = max(scene["emotions"], key=scene["emotions"].get) if total else None
        rows.append({"n": i + 1, "parts": parts, "total": total, "top": top, "sentiment": scene.get("sentiment")})
    return {"rows": rows}
