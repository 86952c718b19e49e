"""Evaluation results as tables for people (fit 100 columns) and JSON for programs."""

from __future__ import annotations

import json
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table

from .gold import QUOTE_KINDS
from .metrics import BIG_CLUSTER, BCubed, CorpusScore, Detection, WorkScore

SCHEMA = "ficlens.eval/1"
_NAME_WIDTH = 18


def render(score: CorpusScore, console: Console, verbose: bool = False) -> None:
    """Print the quotation table, then the speaker and character table; overall last in each."""
    works = sorted(score.works, key=lambda w: w.name.lower())
    overall = score.overall()
    n = len(score.scored)
    label = f"overall ({n} work{'' if n == 1 else 's'})"
    console.print(_quotation_table(works, overall, label, score.corpus))
    console.print(_speaker_table(works, overall, label, score))
    if overall.cast.mains or overall.cast.big:
        console.print(_cast_table(works, overall, label, score.corpus))
    if overall.pairing.judged:
        console.print(_pairing_table(works, overall, label, score.corpus))
    held_out = sum(w.held_out for w in score.scored)
    if held_out:
        console.print(f"speakers of {held_out} of {n} works were decided by conversation weights trained "
                      "without that work (its gold speakers are in the shipped model's training data)")
    failed = [w for w in works if w.error]
    for work in failed:
        console.print(f"failed {work.name}: {work.error}", style="red", markup=False, highlight=False)
    if verbose:
        for work in works:
            _details(work, console)


def _quotation_table(works: list[WorkScore], overall: WorkScore, label: str, corpus: str) -> Table:
    table = _table(f"{corpus}: quotation detection (%)")
    _columns(table, "secs", "gold", "ficlens", "P", "R", "F1", "exact P", "exact R", "exact F1")
    for work in [*works, overall]:
        name = label if work is overall else _short(work.name)
        if work is overall:
            table.add_section()
        if work.error:
            table.add_row(name, *["-"] * 3, "failed", *[""] * 5)
            continue
        table.add_row(
            name, f"{work.seconds:.0f}", str(work.gold_quotes), str(work.predicted_quotes),
            *_prf(work.detection), *_prf(work.exact),
        )
    return table


def _speaker_table(works: list[WorkScore], overall: WorkScore, label: str, score: CorpusScore) -> Table:
    table = _table(f"{score.corpus}: speakers, characters, narration (%)")
    # quote-type columns only when the corpus annotates types (PDNC does, LitBank does not)
    groups = ["all", *(g for g in QUOTE_KINDS if overall.speakers[g].total)]
    _columns(table, "speaker", *groups[1:], "B³ P", "B³ R", "B³ F1", "mains", "POV")
    pov = score.pov()
    for work in [*works, overall]:
        name = label if work is overall else _short(work.name)
        if work is overall:
            table.add_section()
        if work.error:
            table.add_row(name, "failed", *[""] * (len(groups) + 4))
            continue
        if work is overall:
            pov_cell = f"{pov.right}/{pov.total}" if pov.total else "-"
        else:
            pov_cell = _pov(work)
        table.add_row(
            name, *(_percent(work.speakers[g].value) for g in groups), *_bcubed(work.clustering),
            f"{work.main_characters.found}/{work.main_characters.total}", pov_cell,
        )
    return table


def _cast_table(works: list[WorkScore], overall: WorkScore, label: str, corpus: str) -> Table:
    table = _table(f"{corpus}: cast (clusters of {BIG_CLUSTER}+ mentions; gold main characters)")
    _columns(table, "clusters", "stray", "stray %", "mains whole", "whole %", "merged", "split")
    for work in [*works, overall]:
        name = label if work is overall else _short(work.name)
        if work is overall:
            table.add_section()
        if work.error:
            table.add_row(name, "failed", *[""] * 6)
            continue
        cast = work.cast
        table.add_row(
            name, str(cast.big), str(len(cast.strays)), _percent(cast.stray_share),
            f"{cast.whole}/{cast.mains}", _percent(cast.whole_share), str(len(cast.merged)), str(len(cast.split)),
        )
    return table


def _pairing_table(works: list[WorkScore], overall: WorkScore, label: str, corpus: str) -> Table:
    table = _table(f"{corpus}: main pairing (gold: the central romantic couple, or none)")
    table.add_column("ficlens")
    table.add_column("gold")
    table.add_column("right", justify="right")
    for work in works:
        if work.error or not work.pairing.judged:
            continue
        told, gold = work.pairing.found[0].split(": ", 1)[1].rsplit(" (", 1)
        table.add_row(_short(work.name), told, gold.rstrip(")"), "yes" if work.pairing.right else "no")
    table.add_section()
    twice = len(overall.pairing.same_person)
    table.add_row(label, f"{twice} of one person twice", "", f"{overall.pairing.right}/{overall.pairing.judged}")
    return table


def _columns(table: Table, *numeric: str) -> None:
    table.add_column("work", no_wrap=True)
    for header in numeric:
        table.add_column(header, justify="right", no_wrap=True)


def _short(name: str) -> str:
    # rich hands the width a max_width column gives up to the other columns; cut names here instead
    return name if len(name) <= _NAME_WIDTH else name[: _NAME_WIDTH - 1] + "…"


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1), collapse_padding=True,
                 pad_edge=False)


def _details(work: WorkScore, console: Console) -> None:
    console.print()
    console.print(work.name, style="bold", markup=False, highlight=False)
    lines = []
    if work.main_characters.missing:
        lines.append("main characters not found: " + ", ".join(work.main_characters.missing))
    lines.extend(f"stray: {s.split(': ', 1)[1]}" for s in work.cast.strays)
    lines.extend(f"merged: {s.split(': ', 1)[1]}" for s in work.cast.merged)
    lines.extend(f"split: {s.split(': ', 1)[1]}" for s in work.cast.split)
    for match in sorted(work.characters, key=lambda m: m.name.lower()):
        if match.gold is not None:
            aliases = f" ({', '.join(match.aliases)})" if match.aliases else ""
            lines.append(f"{match.name}{aliases} -> {match.gold}, by {match.how}")
    unmapped = sorted(m.name for m in work.characters if m.gold is None)
    if unmapped:
        lines.append("not in the gold: " + ", ".join(unmapped))
    lines.extend(f"gold: {note}" for note in work.notes)
    for line in lines:
        console.print(f"  {line}", markup=False, highlight=False)


def _prf(d: Detection) -> list[str]:
    return [_percent(d.precision), _percent(d.recall), _percent(d.f1)]


def _bcubed(b: BCubed) -> list[str]:
    return [_percent(b.precision), _percent(b.recall), _percent(b.f1)]


def _pov(work: WorkScore) -> str:
    if work.pov is None:
        return work.predicted_pov or "-"
    return f"{work.predicted_pov or 'none'} {'✓' if work.pov_right else '✗'}"


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}"


def to_json(score: CorpusScore, wall_seconds: float | None = None) -> str:
    """`to_dict` as an indented JSON document."""
    return json.dumps(to_dict(score, wall_seconds), indent=2, ensure_ascii=False) + "\n"


def to_dict(score: CorpusScore, wall_seconds: float | None = None) -> dict[str, Any]:
    """The figures as JSON-ready data: every work, then the overall sums."""
    pov = score.pov()
    return {
        "schema": SCHEMA,
        "corpus": score.corpus,
        "wall_seconds": None if wall_seconds is None else round(wall_seconds, 1),
        "works": [work_dict(w) for w in sorted(score.works, key=lambda w: w.name.lower())],
        "overall": work_dict(score.overall()) | {"pov": {"right": pov.right, "total": pov.total}},
    }


def work_dict(work: WorkScore) -> dict[str, Any]:
    if work.error:
        return {"name": work.name, "error": work.error}
    return {
        "name": work.name,
        "seconds": round(work.seconds, 2),
        "gold_quotes": work.gold_quotes,
        "predicted_quotes": work.predicted_quotes,
        "detection": _detection_dict(work.detection),
        "exact": _detection_dict(work.exact),
        "speakers": {
            g: {"right": a.right, "total": a.total, "accuracy": a.value} for g, a in work.speakers.items()
        },
        "clustering": {
            "names": work.clustering.items,
            "excluded_names": work.clustering.excluded,
            "precision": work.clustering.precision,
            "recall": work.clustering.recall,
            "f1": work.clustering.f1,
        },
        "main_characters": {
            "found": work.main_characters.found,
            "total": work.main_characters.total,
            "missing": work.main_characters.missing,
        },
        "cast": {
            "clusters": work.cast.big,
            "strays": work.cast.strays,
            "stray_share": work.cast.stray_share,
            "mains": work.cast.mains,
            "mains_whole": work.cast.whole,
            "merged": work.cast.merged,
            "split": work.cast.split,
        },
        "pairing": {
            "judged": work.pairing.judged,
            "right": work.pairing.right,
            "same_person": work.pairing.same_person,
            "found": work.pairing.found,
        },
        "pov": {"gold": work.pov, "predicted": work.predicted_pov, "right": work.pov_right},
        "characters": [
            {"id": m.id, "name": m.name, "aliases": m.aliases, "gold": m.gold, "how": m.how} for m in work.characters
        ],
        "notes": work.notes,
        "speakers_held_out": work.held_out,
    }


def _detection_dict(d: Detection) -> dict[str, Any]:
    return {
        "predicted": d.predicted,
        "predicted_matched": d.predicted_matched,
        "gold": d.gold,
        "gold_matched": d.gold_matched,
        "precision": d.precision,
        "recall": d.recall,
        "f1": d.f1,
    }
