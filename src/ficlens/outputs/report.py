"""The analysis for the terminal: narration, characters with aliases and lines."""

from __future__ import annotations

import io
from collections import Counter
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:
    from ..pipeline import Analysis


def render_report(analysis: Analysis, console: Console) -> None:
    """Title, narration verdict, then a table of characters with aliases and line counts."""
    work, narration = analysis.work, analysis.narration
    names = {c.id: c.name for c in analysis.characters}
    console.print(Text(work.meta.title or work.source.path, style="bold"))
    narrator = f", narrated by {names.get(narration.narrator, narration.narrator)}" if narration.narrator else ""
    console.print(
        Text.assemble(
            ("Narration: ", "dim"),
            f"{narration.pov or 'unknown'} person, {narration.tense or 'unknown'} tense{narrator}",
        )
    )
    povs = [names.get(s.pov_character, s.pov_character) for s in narration.scenes if s.pov_character]
    if povs and narration.pov != "first":
        console.print(Text.assemble(("POV by scene: ", "dim"), ", ".join(povs)), overflow="ellipsis", no_wrap=True)
    if narration.slips:
        kinds = Counter(s.kind for s in narration.slips)
        console.print(Text.assemble(("Possible slips: ", "dim"), ", ".join(f"{n} {k}" for k, n in kinds.items())))
    attributed = sum(1 for q in analysis.quotes if q.speaker)
    console.print(Text.assemble(("Quotes: ", "dim"), f"{len(analysis.quotes)} ({attributed} attributed)"))
    lines = Counter(q.speaker for q in analysis.quotes if q.speaker)
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("character", no_wrap=True, max_width=28)
    table.add_column("gender", no_wrap=True)
    table.add_column("mentions", justify="right", min_width=8)
    table.add_column("lines", justify="right", min_width=5)
    table.add_column("aliases", overflow="ellipsis", no_wrap=True, max_width=44)
    for character in analysis.characters:
        table.add_row(
            character.name,
            character.gender or "",
            str(character.mentions),
            str(lines.get(character.id, 0)),
            ", ".join(a for a in character.aliases if a != character.name),
        )
    console.print(table)


def report_text(analysis: Analysis, width: int = 100) -> str:
    """The report as plain text, for writing to a file."""
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    render_report(analysis, console)
    return console.file.getvalue()
