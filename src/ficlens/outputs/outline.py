"""A work's outline for the terminal: what it declares and how it is built.

Every string here comes from the story or its file name, so each line is made
terminal-safe before it is printed; lines are `Text`, never Rich markup.
"""

from __future__ import annotations

import io
import re

from rich.console import Console
from rich.text import Text

from ..model import Structure, Work
from ..structure import all_notes
from .terminal import terminal_safe

_FIRST_WORDS = 12
_LABELLED = re.compile(r"\s*(?:chapter|ch\.)\s*\w", re.I)  # a title that numbers its chapter itself


def render_outline(work: Work, structure: Structure, console: Console) -> None:
    """Print title, tags, counts, then chapters with their scenes, letters and notes."""
    for line in _outline(work, structure):
        console.print(line, no_wrap=True, overflow="ellipsis", crop=True)


def outline_text(work: Work, structure: Structure, width: int = 100) -> str:
    """The outline as plain text, for writing to a file."""
    console = Console(width=width, file=io.StringIO(), color_system=None, highlight=False)
    render_outline(work, structure, console)
    return console.file.getvalue()


def _outline(work: Work, structure: Structure) -> list[Text]:
    meta, text = work.meta, work.text
    chapters = structure.chapters or work.chapters
    notes = all_notes(work, structure)
    lines: list[Text] = [Text(terminal_safe(meta.title or "") or "(untitled)", style="bold")]
    if meta.authors:
        lines.append(Text(terminal_safe(f"by {', '.join(meta.authors)}"), style="italic"))
    tags = [
        ("Fandom", ", ".join(meta.fandoms)),
        ("Rating", meta.rating or ""),
        ("Warnings", ", ".join(meta.warnings)),
        ("Category", ", ".join(meta.categories)),
        ("Relationships", ", ".join(meta.relationships)),
        ("Characters", ", ".join(meta.characters)),
        ("Tags", ", ".join(meta.tags)),
        ("Language", meta.language or ""),
        ("Series", ", ".join(f"Part {s.part} of {s.name}" if s.part else s.name for s in meta.series)),
    ]
    for label, value in tags:
        if value:
            lines.append(_field(label, terminal_safe(value)))
    if meta.summary:
        lines.append(_field("Summary", _clip(terminal_safe(meta.summary), 90)))
    source = work.source
    encoding = f", {source.encoding}" if source.encoding else ""
    lines.append(_field("Source", terminal_safe(f"{source.path} ({source.format}{encoding})")))
    lines.append(
        _field(
            "Size",
            f"{structure.words:,} words · {_plural(len(chapters), 'chapter')} · "
            f"{_plural(len(structure.scenes), 'scene')} · {_plural(len(structure.letters), 'letter')} · "
            f"{_plural(len(notes), 'note')}",
        )
    )
    body: list[Text] = [*lines, Text("")]
    parts = {part.chapters[0]: part for part in structure.parts if part.chapters}
    for index, chapter in enumerate(chapters):
        if index in parts:
            body.append(Text(terminal_safe(parts[index].title), style="bold magenta"))
        words = sum(
            len(text[p.start : p.end].split())
            for p in structure.paragraphs
            if p.chapter == index and p.role in ("text", "letter", "heading")
        )
        title = terminal_safe(chapter.title or "") or ("(untitled)" if len(chapters) > 1 else "Story")
        label = "" if _LABELLED.match(title) else f"Chapter {index + 1}: "  # not "Chapter 1: Chapter 1: Rain"
        body.append(Text.assemble((label, "bold cyan"), (title, "bold"), f"  {words:,} words"))
        entries: list[Text] = []
        for number, scene in enumerate((s for s in structure.scenes if s.chapter == index), start=1):
            first = _first_words(text, scene.start, scene.end, structure)
            line = Text.assemble((f"Scene {number} ", "green"), (f"@{scene.start} ", "dim"))
            if scene.heading:
                line.append(f"[{terminal_safe(scene.heading)}] ", style="yellow")
            line.append(terminal_safe(first))
            entries.append(line)
        for letter in (x for x in structure.letters if x.chapter == index):
            entries.append(
                Text.assemble(
                    ("Letter ", "magenta"),
                    (f"@{letter.start} ", "dim"),
                    (terminal_safe(f"from {letter.sender or 'unknown'}"), "italic"),
                    terminal_safe(f": {letter.title or letter.salutation}"),
                )
            )
        for note in (n for n in notes if n.chapter == index):
            entries.append(
                Text.assemble(("Note ", "blue"), (f"({note.kind}) ", "dim"), _clip(terminal_safe(note.text), 80)))
        body.extend(Text("  ") + entry for entry in entries)
    work_notes = [n for n in work.notes if n.chapter is None]
    if work_notes:
        body.append(Text("Notes", style="bold cyan"))
        body.extend(Text.assemble("  ", (f"({n.kind}) ", "dim"), _clip(terminal_safe(n.text), 100)) for n in work_notes)
    for skipped in work.skipped:
        body.append(Text(terminal_safe(f"skipped {skipped}"), style="red"))
    return body


def _first_words(text: str, start: int, end: int, structure: Structure) -> str:
    for p in structure.paragraphs:
        if p.start >= start and p.role in ("text", "letter") and p.end <= end:
            words = text[p.start : p.end].split()
            return " ".join(words[:_FIRST_WORDS]) + (" …" if len(words) > _FIRST_WORDS else "")
    return ""


def _field(label: str, value: str) -> Text:
    return Text.assemble((f"{label}: ", "dim"), value)


def _clip(value: str, limit: int) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"
