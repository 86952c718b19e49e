"""The structure stage: paragraphs, scene breaks, headings, parts, notes and letters.

It takes a `Work` as a reader made it and finds the shape of the story inside
each chapter, without touching the text: breaks marked, or left as a wider run
of blank lines than the story's usual one, the lines that frame chapters (a
title over each, a sign-off under each) kept apart from the story, and the parts
("PART ONE") that group chapters.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace

from ..model import (
    Block,
    Chapter,
    EmbeddedDocument,
    Heading,
    Note,
    Paragraph,
    Scene,
    SceneBreak,
    Structure,
    Work,
)
from .breaks import is_scene_break, parts_scenes, wide_gaps
from .framing import framing_roles
from .headings import is_heading
from .letters import find_letters
from .notes import is_author_note, mark_notes
from .paragraphs import blank_line_separated, hard_wrapped, paragraph_spans
from .parts import find_parts, group_chapters, only_a_part

__all__ = ["build_structure", "is_scene_break", "is_heading", "all_notes"]

_EDGE = 3  # paragraphs at each end of a chapter where a bare "Note:" is a note
_ZERO_WIDTH_MARKERS = {"hr": "<hr>", "gap": "blank lines"}  # breaks the markup makes (Block hints)


def build_structure(work: Work) -> Structure:
    """Find paragraphs, scenes, breaks, headings, parts, notes, letters and the lines framing chapters."""
    text = work.text
    chapters = _join_parts(text, work.chapters)
    paragraphs: list[Paragraph] = []
    scenes: list[Scene] = []
    breaks: list[SceneBreak] = []
    headings: list[Heading] = []
    letters: list[EmbeddedDocument] = []
    notes: list[Note] = []
    words = 0
    all_spans = [_spans(text, chapter) for chapter in chapters]
    gaps = wide_gaps(text, [[(start, end) for start, end, _ in spans] if _spaced_by_author(text, chapter, spans) else []
                            for chapter, spans in zip(chapters, all_spans)])
    classified = []
    for index, spans in enumerate(all_spans):
        lines = [text[start:end] for start, end, _ in spans]
        chapter_paragraphs = _classify(lines, spans, index)
        _add_gap_breaks(text, spans, lines, chapter_paragraphs, gaps[index])
        notes.extend(mark_notes(lines, chapter_paragraphs, index))
        classified.append((spans, lines, chapter_paragraphs))
    framing = framing_roles(
        [[(line.strip(), p.role) for line, p in zip(lines, chapter_paragraphs)] for _, lines, chapter_paragraphs in classified],
        work.meta.title,
        [chapter.title for chapter in chapters],
        work.meta.authors,
    )
    for (_, _, chapter_paragraphs), roles in zip(classified, framing):
        for i, role in roles.items():
            p = chapter_paragraphs[i]
            chapter_paragraphs[i] = Paragraph(p.start, p.end, role, p.chapter)
    part_headings = []
    for index, i, first in find_parts([[(line.strip(), p.role) for line, p in zip(lines, chapter_paragraphs)]
                                       for _, lines, chapter_paragraphs in classified]):
        p = classified[index][2][i]
        classified[index][2][i] = Paragraph(p.start, p.end, "part", p.chapter)
        part_headings.append((" ".join(classified[index][1][i].split()), p.start, p.end, first))
    for index, (chapter, (spans, lines, chapter_paragraphs)) in enumerate(zip(chapters, classified)):
        _mark_letters(lines, chapter_paragraphs, index, letters)
        paragraphs.extend(chapter_paragraphs)
        uncounted = 0
        for para, line, (_, _, hint) in zip(chapter_paragraphs, lines, spans):
            if para.role == "break":
                breaks.append(SceneBreak(para.start, para.end, line.strip() or _ZERO_WIDTH_MARKERS.get(hint, "<hr>"), index))
                uncounted += len(line.split())
            elif para.role == "heading":
                headings.append(Heading(para.start, para.end, line, index))
            elif para.role in ("note", "chapter-title", "signoff", "part"):
                uncounted += len(line.split())
        words += len(text[chapter.start : chapter.end].split()) - uncounted
        scenes.extend(_scenes(text, chapter_paragraphs, index))
    return Structure(paragraphs, scenes, breaks, headings, letters, notes, words, chapters,
                     group_chapters(part_headings, len(chapters)))


def all_notes(work: Work, structure: Structure) -> list[Note]:
    """The reader's notes and the structure's, each reader's note pointing at its chapter among
    `structure.chapters` (a chapter that held only a part's heading was joined to the next)."""
    if not structure.chapters or len(structure.chapters) == len(work.chapters):
        return work.notes + structure.notes
    starts = [chapter.start for chapter in structure.chapters]
    moved = [replace(note, chapter=max(0, bisect_right(starts, work.chapters[note.chapter].start) - 1))
             if note.chapter is not None and 0 <= note.chapter < len(work.chapters) else note for note in work.notes]
    return moved + structure.notes


def _join_parts(text: str, chapters: list[Chapter]) -> list[Chapter]:
    """The chapters with each untitled one that holds only a part's heading joined to the chapter
    after it (which keeps its title), so that the part is found there and no chapter is empty."""
    joined: list[Chapter] = []
    carried: Chapter | None = None
    for index, chapter in enumerate(chapters):
        if carried is not None:
            blocks = None if carried.blocks is None and chapter.blocks is None else _blocks(text, carried) + _blocks(text, chapter)
            chapter = Chapter(chapter.title, carried.start, chapter.end, chapter.title_span, chapter.summary, blocks)
            carried = None
        if chapter.title is None and index + 1 < len(chapters):
            spans = _spans(text, chapter)
            lines = [text[start:end].strip() for start, end, _ in spans]
            if only_a_part(lines, [p.role for p in _classify(lines, spans, index)]):
                carried = chapter
                continue
        joined.append(chapter)
    return joined


def _blocks(text: str, chapter: Chapter) -> list[Block]:
    return chapter.blocks if chapter.blocks is not None else [Block(*span) for span in _spans(text, chapter)]


def _spans(text: str, chapter: Chapter) -> list[tuple[int, int, str]]:
    """A chapter's paragraphs as (start, end, hint): the reader's blocks, else found from the lines."""
    if chapter.blocks is not None:
        return [(b.start, b.end, b.hint) for b in chapter.blocks]
    by_blank_lines = blank_line_separated(text, chapter.start, chapter.end)
    return [(s, e, "p") for s, e in paragraph_spans(text, chapter.start, chapter.end, by_blank_lines)]


def _spaced_by_author(text: str, chapter: Chapter, spans: list[tuple[int, int, str]]) -> bool:
    """Whether the blank lines between a chapter's paragraphs are the author's: not where its
    paragraphs are the lines of prose wrapped at a fixed width (a novel whose paragraphs are too
    long for its blank lines to tell them apart), where blank lines only part paragraphs."""
    return chapter.blocks is not None or len(spans) < 2 or not (
        all(text.count("\n", start, end) == 0 for start, end, _ in spans) and hard_wrapped(text, chapter.start, chapter.end)
    )


_NO_GAP_AFTER = {"break", "heading", "chapter-title", "note"}
_NO_GAP_BEFORE = {"break", "chapter-title", "note"}


def _add_gap_breaks(text: str, spans: list[tuple[int, int, str]], lines: list[str], paragraphs: list[Paragraph],
                    before: list[int]) -> None:
    """A break over the blank lines before each paragraph of `before` (a "gap", marker "blank lines"),
    unless a marker is already beside it (set off by space), the space is under a heading (over its
    scene), or it sets off verse or a sentence's end (`parts_scenes`); a heading after the space
    heads the new scene."""
    for i in reversed(before):
        if paragraphs[i - 1].role in _NO_GAP_AFTER or paragraphs[i].role in _NO_GAP_BEFORE:
            continue
        if not parts_scenes(lines[i - 1], lines[i]):
            continue
        start, end = paragraphs[i - 1].end, paragraphs[i].start
        paragraphs.insert(i, Paragraph(start, end, "break", paragraphs[i].chapter))
        spans.insert(i, (start, end, "gap"))
        lines.insert(i, text[start:end])


def _classify(lines: list[str], spans: list[tuple[int, int, str]], chapter: int) -> list[Paragraph]:
    result = []
    last = len(spans) - 1
    for i, ((start, end, hint), line) in enumerate(zip(spans, lines)):
        if hint in _ZERO_WIDTH_MARKERS or is_scene_break(line):
            role = "break"
        elif hint == "chapter-title":
            role = "chapter-title"
        elif is_author_note(line, at_chapter_edge=i < _EDGE or i > last - _EDGE):
            role = "note"
        elif hint == "heading" or is_heading(line) or hint == "center" and _short_unpunctuated(line):
            role = "heading"
        else:
            role = "text"
        result.append(Paragraph(start, end, role, chapter))
    return result


def _short_unpunctuated(line: str) -> bool:
    return len(line.split()) <= 10 and not line.rstrip().endswith((".", "!", "?", "”", '"', "…"))


def _mark_letters(lines: list[str], paragraphs: list[Paragraph], chapter: int, out: list[EmbeddedDocument]) -> None:
    stops = {i for i, p in enumerate(paragraphs) if p.role in ("break", "chapter-title")}
    for found in find_letters(lines, stops):
        for i in range(found.first, found.last + 1):
            p = paragraphs[i]
            paragraphs[i] = Paragraph(p.start, p.end, "letter", p.chapter)
        first, last = paragraphs[found.first], paragraphs[found.last]
        out.append(
            EmbeddedDocument(
                start=first.start,
                end=last.end,
                kind="letter",
                chapter=chapter,
                title=lines[found.title] if found.title is not None else None,
                salutation=lines[found.salutation],
                sender=found.sender,
                signature="\n".join(lines[found.signature : found.last + 1]),
            )
        )


def _scenes(text: str, paragraphs: list[Paragraph], chapter: int) -> list[Scene]:
    scenes = []
    run: list[Paragraph] = []
    for para in paragraphs + [None]:
        if para is None or para.role == "break":
            story = [p for p in run if p.role in ("text", "letter")]
            if story:
                heading = next((p for p in run if p.role == "heading"), None)
                heading_text = text[heading.start : heading.end] if heading and heading.start <= story[0].start else None
                first = next(p for p in run if p.role != "chapter-title")
                scenes.append(Scene(first.start, run[-1].end, chapter, heading_text))
            run = []
        elif para.role not in ("note", "signoff", "part"):
            run.append(para)
    return scenes
