"""The analysis for the terminal: narration, characters, arc, pairing, tags and craft.

Rendered from the analysis dict (the JSON contract) and the work's text, so a
stored analysis can be shown again. Sections whose keys are missing are left
out. The `*_line` helpers are shared with the Markdown summary. Every string
of the dict may come from a story: it is made terminal-safe first and printed
as `Text`, never as Rich markup.
"""

from __future__ import annotations

import bisect
import io
import shlex
from pathlib import PurePath
from collections import Counter
from typing import Any

from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from ..craft.norms import RATES
from .terminal import safe_tree

SPARKS = "▁▂▃▄▅▆▇█"
NARROW = 80
"""Below this width a labelled line puts its label on a line of its own, the value indented under it,
and the cast table leaves out the other names."""
MARKS = {"agree": "✓", "declared": "○", "inferred": "+"}
"""How a tag is marked: declared and found, declared only, found only."""


def render_report(data: dict[str, Any], text: str, console: Console) -> None:
    """Title, narration, characters table, then arc, pairing, tags and top craft notes when present.

    `text` is the work's text, taken like the other renderers' so callers need not know which use it.
    """
    data = safe_tree(data)
    console.print(Text(title(data), style="bold"))
    work = data.get("work", {})
    if work.get("authors") or work.get("fandoms"):
        byline = ", ".join(work.get("authors", []))
        fandoms = "; ".join(work.get("fandoms", []))
        console.print(Text(" · ".join(x for x in (byline and f"by {byline}", fandoms) if x), style="italic"),
                      overflow="ellipsis", no_wrap=True)
    if work.get("words"):  # Markdown says it its own way, so it is not among the facts
        console.print(Text.assemble(("Words: ", "dim"), f"{work['words']:,}"))
    for label, value in facts(data):
        console.print(Text.assemble((f"{label}: ", "dim"), value), overflow="ellipsis", no_wrap=label == "POV by scene")
    start = start_here_lines(data)
    if start:
        console.print(Text("Start here", style="bold"))
        console.print(_grid(start, NARROW))  # the numbers are short: beside their lines at any width
    if data.get("characters"):
        console.print(_character_table(data, aliases=console.width >= NARROW))
        hidden = len(data["characters"]) - len(main_cast(data))
        if hidden:
            console.print(Text(f"  and {hidden} more, seldom named (all in the HTML report)", style="dim"))
    tags = [(label, ", ".join(f"{MARKS[how]} {tag}" for tag, how in chips)) for label, chips in tag_lines(data)]
    if tags:
        console.print(Text("Tags (✓ declared and found, ○ declared only, + found only)", style="bold"))
        console.print(_grid(tags, console.width))
    craft = craft_lines(data)
    if craft:
        console.print(Text("Craft", style="bold"))
        console.print(_grid(craft, console.width))
    console.print(Text("The full report, with the text annotated:", style="dim"))
    console.print(Text(f"  {html_command(data)}"), overflow="fold")


def report_text(data: dict[str, Any], text: str, width: int = 100) -> str:
    """The report as plain text, for writing to a file."""
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    render_report(data, text, console)
    return console.file.getvalue()


def html_command(data: dict[str, Any]) -> str:
    """The command that writes this work's full HTML report, its file named as the analysis has it."""
    path = data.get("source", {}).get("path")
    return f"ficlens analyze {shlex.quote(path) if path else 'FILE'} -o DIR --format html"


def title(data: dict[str, Any]) -> str:
    """The work's declared title, else its file name."""
    path = data.get("source", {}).get("path")
    return data.get("work", {}).get("title") or (PurePath(path).name if path else "(untitled)")


def names(data: dict[str, Any]) -> dict[str, str]:
    return {c["id"]: c["name"] for c in data.get("characters", [])}


KINDS_SHOWN = 3  # relationships of a known kind on the facts line


def facts(data: dict[str, Any]) -> list[tuple[str, str]]:
    """One-line facts in reading order: narration, POVs, slips, quotes, arc, pairing."""
    who = names(data)
    lines = language_lines(data)
    narration = data.get("narration")
    if narration:
        narrator = f", narrated by {who.get(narration['narrator'], narration['narrator'])}" if narration.get("narrator") else ""
        lines.append(("Narration", f"{narration.get('pov') or 'unknown'} person, "
                                   f"{narration.get('tense') or 'unknown'} tense{narrator}"))
        povs = pov_runs(data, who)
        if povs and narration.get("pov") != "first":
            lines.append(("POV by scene", povs))
        slips = slip_line(data)
        if slips:
            lines.append(("Possible slips", slips))
    if "quotes" in data:
        attributed = sum(1 for q in data["quotes"] if q["speaker"])
        lines.append(("Quotes", f"{len(data['quotes'])} ({attributed} attributed)"))
    arc = data.get("arc")
    if arc and arc.get("points"):
        lines.append(("Arc", arc_line(arc)))
    pairing = data.get("pairing")
    if pairing:
        lines.append(("Main pairing", f"{pairing['tag']} ({pairing['category'] or 'genders unknown'})"))
    bonds = [r for r in data.get("relationships", []) if r.get("kind") not in (None, "unknown")][:KINDS_SHOWN]
    if bonds:
        lines.append(("Relationships", "; ".join(
            f"{who.get(r['characters'][0], r['characters'][0])} & {who.get(r['characters'][1], r['characters'][1])}: "
            f"{relationship_kind(r)}" for r in bonds)))
    categories = data.get("inferred", {}).get("agreement", {}).get("categories", {})
    if categories.get("declared") == ["Gen"] and "Gen" in categories.get("only_declared", []):
        lines.append(("Disagrees", f"declared Gen, but the text tells a romance: {', '.join(categories['only_inferred'])}"))
    return lines


def pov_runs(data: dict[str, Any], who: dict[str, str]) -> str:
    """Whose point of view each scene takes, by runs of scenes: "Candy (all scenes)",
    "Harry (scenes 1–3), Draco (scene 4)"; scenes without a POV character are left out."""
    scenes = data.get("scenes", [])
    runs: list[list[Any]] = []  # [character id, first scene, last scene], scenes numbered from 1
    for number, scene in enumerate(scenes, 1):
        pov = scene.get("pov_character")
        if not pov:
            continue
        if runs and runs[-1][0] == pov and runs[-1][2] == number - 1:
            runs[-1][2] = number
        else:
            runs.append([pov, number, number])
    if len(runs) == 1 and runs[0][1:] == [1, len(scenes)]:
        return f"{who.get(runs[0][0], runs[0][0])} ({'all scenes' if len(scenes) > 1 else 'the one scene'})"
    return ", ".join(f"{who.get(pov, pov)} ({f'scenes {a}–{b}' if b > a else f'scene {a}'})" for pov, a, b in runs)


def slip_line(data: dict[str, Any], shown: int = 1) -> str:
    """The possible POV and tense slips by kind, each saying where: "1 tense (past for present)
    in scene 3: “She hadn’t expected him…”"; for more, the first and how many more."""
    slips = (data.get("narration") or {}).get("slips", [])
    starts = [s["start"] for s in data.get("scenes", [])]

    def scene(slip: dict[str, Any]) -> str:
        return f"scene {max(1, bisect.bisect_right(starts, slip['start']))}" if len(starts) > 1 else ""

    parts = []
    for kind in dict.fromkeys(s["kind"] for s in slips):
        found = [s for s in slips if s["kind"] == kind]
        swaps = ", ".join(dict.fromkeys(f"{s['found']} for {s['expected']}" for s in found))
        quoted = "; ".join(" ".join(f"{scene(s)} “{_clip(s.get('text') or '', 34)}”".split()) for s in found[:shown])
        more = f" and {len(found) - shown} more" if len(found) > shown else ""
        parts.append(f"{len(found)} {kind} ({swaps}): {quoted}{more}")
    return "; ".join(parts)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


STAGE_NAMES = {"characters": "characters", "dialogue": "dialogue attribution", "narration": "narration (POV, tense)",
               "story": "emotional arc, relationships, tags", "craft": "craft notes, readability"}


def language_lines(data: dict[str, Any]) -> list[tuple[str, str]]:
    """The work's language ("Spanish (detected)"), and for a work not in English which analyses
    were not run and why; nothing when the analysis holds no language."""
    language = data.get("language")
    if not language or not language.get("code"):
        return []
    how = language.get("source") or ""
    if how == "detected" and language.get("confidence") is not None:
        how += f", {round(100 * language['confidence'])}% sure"
    lines = [("Language", f"{language['name']} ({how})" if how else language["name"])]
    skipped = language.get("skipped") or []
    if skipped:
        listed = ", ".join(STAGE_NAMES.get(s, s) for s in skipped)
        lines.append(("Not analysed", f"{listed}: ficlens reads these in English only, "
                                      f"and this work is in {language['name']}"))
    return lines


def relationship_kind(relation: dict[str, Any]) -> str:
    """"family (sister)", "romantic", "unknown": the kind and the word the text names it by."""
    kind = relation.get("kind") or "unknown"
    return f"{kind} ({relation['relation']})" if relation.get("relation") else kind


def arc_line(arc: dict[str, Any]) -> str:
    """The arc's shape (or "no clear shape"), how far it stands out from its sentences shuffled,
    and its sparkline, never taller than its signal."""
    values = [p["smoothed"] for p in arc["points"]]
    signal = arc.get("signal")
    told = f" (signal {signal:.1f}×{'' if arc.get('clear') else ', chance'})" if signal is not None else ""
    noise = (max(values) - min(values)) / signal if signal else 0.0
    return f"{arc.get('shape') or 'no clear shape'}{told}  {sparkline(values, width=36, floor=noise)}"


def sparkline(values: list[float], width: int = 48, floor: float = 0.0) -> str:
    """Values as one line of block characters, resampled to at most `width`, zero in the middle;
    full height is the largest value or `floor`, whichever is larger (noise is not stretched)."""
    if not values:
        return ""
    if len(values) > width:
        buckets = [values[i * len(values) // width : (i + 1) * len(values) // width] for i in range(width)]
        values = [sum(b) / len(b) for b in buckets]
    scale = max(max(abs(v) for v in values), floor) or 1.0
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((v / scale + 1) / 2 * top)] for v in values)


CAST_SHOWN = 12
"""At most this many characters in the cast table; the rest are named too seldom to matter."""
CAST_MENTIONS = 3
"""A character who never speaks is in the table when named at least this often."""


def main_cast(data: dict[str, Any], limit: int = CAST_SHOWN) -> list[dict[str, Any]]:
    """The characters who matter, most important first (the analysis orders them): those who speak
    or are named at least CAST_MENTIONS times, at most `limit`, and always at least the first."""
    lines = Counter(q["speaker"] for q in data.get("quotes", []) if q["speaker"])
    characters = data.get("characters", [])
    kept = [c for c in characters if lines.get(c["id"]) or c["mentions"] >= CAST_MENTIONS][:limit]
    return kept or characters[:1]


def character_rows(data: dict[str, Any], everyone: bool = True) -> list[tuple[str, str, int, int, str]]:
    """Name, gender, mentions, lines spoken and other names, for every character (or, not
    `everyone`, for the main cast)."""
    lines = Counter(q["speaker"] for q in data.get("quotes", []) if q["speaker"])
    return [
        (c["name"], c.get("gender") or "", c["mentions"], lines.get(c["id"], 0),
         ", ".join(a for a in c["aliases"] if a != c["name"]))
        for c in (data.get("characters", []) if everyone else main_cast(data))
    ]


def _character_table(data: dict[str, Any], aliases: bool = True) -> Table:
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("character", no_wrap=True, max_width=28)
    table.add_column("gender", no_wrap=True)
    table.add_column("mentions", justify="right", min_width=8)
    table.add_column("lines", justify="right", min_width=5)
    if aliases:
        table.add_column("aliases", overflow="ellipsis", no_wrap=True, max_width=44)
    for name, gender, mentions, spoken, others in character_rows(data, everyone=False):
        table.add_row(Text(name), Text(gender), str(mentions), str(spoken), *([Text(others)] if aliases else []))
    return table


def _grid(rows: list[tuple[str, str]], width: int = NARROW) -> Table:
    """Labelled lines, indented, long values wrapping under themselves; on a narrow terminal
    each label on its own line and its value indented below, so values keep their width."""
    grid = Table.grid(padding=(0, 1))
    if width < NARROW:
        grid.add_column()
        for label, value in rows:
            grid.add_row(Text(f"  {label}", style="dim"))
            grid.add_row(Padding(Text(value), (0, 0, 0, 4)))
        return grid
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    for label, value in rows:
        grid.add_row(f"  {label}", Text(value))
    return grid


def tag_lines(data: dict[str, Any]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Declared tags against inferred ones, each tag with how it agrees ("agree", "declared", "inferred")."""
    inferred = data.get("inferred")
    if not inferred:
        return []
    lines = []
    for key, label in (("relationships", "Relationships"), ("characters", "Characters"), ("categories", "Category")):
        agreement = inferred.get("agreement", {}).get(key)
        if agreement:
            chips = ([(t, "agree") for t in agreement["agree"]] + [(t, "declared") for t in agreement["only_declared"]]
                     + [(t, "inferred") for t in agreement["only_inferred"]])
            if chips:
                lines.append((label, chips))
    return lines


def craft_lines(data: dict[str, Any], phrases: int = 5) -> list[tuple[str, str]]:
    """The top writer diagnostics, one line each."""
    diagnostics = data.get("diagnostics")
    if not diagnostics:
        return []
    lines = []
    repeated = diagnostics.get("repeated_phrases", [])
    if repeated:
        lines.append(("Repeated phrases", ", ".join(f"“{p['phrase']}” ×{p['count']}" for p in repeated[:phrases])))
    tags = diagnostics.get("dialogue_tags")
    if tags:
        said = f" ({round(100 * tags['said'] / tags['tags'])}%)" if tags["tags"] else ""
        verbs = ", ".join(f"{v} {n}" for v, n in list(tags["verbs"].items())[:5])
        line = f"{tags['tags']} tags, {tags['said']} “said”{said}"
        line += f"; {verbs}" if verbs else ""
        line += f"; {len(tags['adverbs'])} with adverbs" if tags["adverbs"] else ""
        line += f"; {len(tags['untagged_runs'])} long untagged runs" if tags["untagged_runs"] else ""
        lines.append(("Dialogue tags", line))
    families = [(label, diagnostics.get(key)) for key, label in
                (("filter_words", "filter"), ("crutch_words", "crutch"), ("adverbs", "-ly adverbs"))]
    words = [f"{f['per_1000']:.1f} {label}" for label, f in families if f]
    if words:
        lines.append(("Per 1,000 words", ", ".join(words)))
    sentences = diagnostics.get("sentences")
    if sentences:
        lines.append(("Sentences", f"{sentences['count']}, {sentences['mean']:.1f} words on average "
                                   f"(± {sentences['stdev']:.1f}), longest {sentences['longest']['words']}"
                      if sentences.get("longest") else
                      f"{sentences['count']}, {sentences['mean']:.1f} words on average (± {sentences['stdev']:.1f})"))
    readability = diagnostics.get("readability")
    if readability and readability.get("flesch_reading_ease") is not None:  # None: no sentence to measure
        lines.append(("Readability", f"Flesch reading ease {readability['flesch_reading_ease']:.1f}, "
                                     f"grade {readability['flesch_kincaid_grade']:.1f}, "
                                     f"fog {readability['gunning_fog']:.1f}"))
    standouts = norm_lines(data, standouts_only=True)
    if standouts:
        lines.append(("Against published works", "; ".join(standouts[:3])))
    own = data.get("library_norms")
    if own:
        standouts = library_norm_lines(data, standouts_only=True)
        lines.append((f"Against your {own['fandom']} works",
                      "; ".join(standouts[:3]) if standouts else "every rate about average"))
    spelling = diagnostics.get("spelling", [])
    if spelling:
        shown = ", ".join(w["word"] + (f" → {w['suggestion']}" if w.get("suggestion") else "") for w in spelling[:6])
        more = f" and {len(spelling) - 6} more" if len(spelling) > 6 else ""
        lines.append(("Spelling", f"{len(spelling)} word{'s' if len(spelling) > 1 else ''}: {shown}{more}"))
    return lines + check_lines(diagnostics)


def check_lines(diagnostics: dict[str, Any], shown: int = 4) -> list[tuple[str, str]]:
    """One line for each of the checks that found something: sticky sentences, passive voice,
    alike openings, clichés, pacing, consistency and dialogue punctuation."""
    lines = []
    sticky = diagnostics.get("sticky_sentences")
    if sticky and sticky["count"]:
        lines.append(("Sticky sentences", f"{sticky['count']} of {sticky['sentences']} sentences of 8 words or more "
                                          f"({sticky['share']:.0f}%) are over 45% glue words (of, the, to, was …)"))
    passive = diagnostics.get("passive_voice")
    if passive and passive["count"]:
        lines.append(("Passive voice", f"{passive['count']} ({passive['per_1000']:.1f} per 1,000 words): "
                                       + _listed([u["text"] for u in passive["uses"]], shown)))
    openings = diagnostics.get("openings", [])
    if openings:
        runs = Counter(f"“{o['opening']}”" if o["kind"] == "word" else o["opening"] for o in openings)
        lines.append(("Alike openings", f"{len(openings)} run{'s' if len(openings) > 1 else ''} of sentences opening alike: "
                                        + _listed([f"{opening} ×{n}" for opening, n in runs.most_common()], shown)))
    cliches = diagnostics.get("cliches")
    if cliches and cliches["count"]:
        lines.append(("Clichés", f"{cliches['count']}: " + _listed(
            [f"“{c['phrase']}”" + (f" ×{len(c['spans'])}" if len(c["spans"]) > 1 else "") for c in cliches["found"]], shown)))
    pacing = diagnostics.get("pacing") or {}
    narration, dialogue = pacing.get("narration_runs", []), pacing.get("dialogue_runs", [])
    if narration or dialogue:
        told = []
        if narration:
            longest = max(r["words"] for r in narration)
            told.append(f"{len(narration)} stretch{'es' if len(narration) > 1 else ''} of narration without dialogue "
                        f"(longest {longest:,} words)")
        if dialogue:
            longest = max(r["paragraphs"] for r in dialogue)
            told.append(f"{len(dialogue)} run{'s' if len(dialogue) > 1 else ''} of dialogue without beats "
                        f"(longest {longest} lines)")
        lines.append(("Pacing", "; ".join(told)))
    for inconsistency in diagnostics.get("consistency", []):
        label = {"name": "Name spelt two ways", "british-american": "British and American",
                 "hyphenation": "Hyphenated and not"}.get(inconsistency["kind"], "Consistency")
        lines.append((label, inconsistency["summary"]))
    slips = diagnostics.get("dialogue_punctuation", [])
    if slips:
        kinds = Counter(s["kind"] for s in slips)
        lines.append(("Dialogue punctuation", f"{len(slips)} slip{'s' if len(slips) > 1 else ''}: "
                      + "; ".join(f"{kind} {n}" for kind, n in kinds.items())
                      + f" (first: {' '.join(slips[0]['text'].split())})"))
    return lines


def start_here_lines(data: dict[str, Any], shown: int = 4) -> list[tuple[str, str]]:
    """The start-here findings, numbered, each with why it stands out and its first examples."""
    findings = (data.get("diagnostics") or {}).get("start_here", [])
    lines = []
    for number, finding in enumerate(findings, 1):
        examples = _listed([e["text"] for e in finding["examples"]], shown)
        lines.append((f"{number}.", f"{finding['headline']} ({finding['detail']})" + (f"; {examples}" if examples else "")))
    return lines


def _listed(items: list[str], shown: int) -> str:
    """The first `shown` items, and how many more."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def norm_lines(data: dict[str, Any], standouts_only: bool = False) -> list[str]:
    """Each rate with its unit and its place among published works ("filter words 15.4 per
    1,000 words: higher than 9 in 10 published works"), those furthest from the middle first;
    `standouts_only` leaves out the rates about average."""
    norms = (data.get("diagnostics") or {}).get("norms", [])
    ranked = sorted(norms, key=lambda n: -abs(n["percentile"] - 0.5))
    return [f"{n['label']} {n['value']:.1f} {n['unit']}: {n['words']}" for n in ranked
            if not standouts_only or not n["words"].startswith("about average")]


def library_norm_lines(data: dict[str, Any], standouts_only: bool = False) -> list[str]:
    """Each rate with its place among the user's works of the same fandom (`library_norms`, which
    the library adds: see `library.norms`), those furthest from the middle first."""
    own = (data.get("library_norms") or {}).get("rates", {})
    ranked = sorted(own.values(), key=lambda n: -abs(n["percentile"] - 0.5))
    return [f"{RATES[n['rate']].label} {n['value']:.1f} {RATES[n['rate']].unit}: {n['words']}" for n in ranked
            if n["rate"] in RATES and (not standouts_only or not n["words"].startswith("about average"))]
