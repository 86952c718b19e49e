"""Author's notes and chapter summaries written inside a story's text, found with their bodies.

A note is either one paragraph that opens with its label ("A/N: thanks for
reading", "Author’s Note: ...", "Chapter Summary: ...") or a label alone
("Author's Note:", "Summary for the Chapter:", "Chapter End Notes") followed by
its body. At a chapter's start (before any story) the body runs to the scene break, or the next
label, that ends it when one comes within a few paragraphs, else it is the one
paragraph after the label; near a chapter's end it runs to the end. The labels
are the ones `read.notes` knows (AO3's, FanFicFare's and writers').
"""

from __future__ import annotations

import re

from ..model import Note, Paragraph
from ..read.notes import note_label

_NOTE = re.compile(
    r"[\W_]*(?:A\s?/\s?N|A\.N\.|AN|Author['’]?s['’]?\s+Notes?|Authors?\s+Notes?|Disclaimer|N/A)\b\s*[:\-–—)\]]",
    re.I,
)
_EDGE_NOTE = re.compile(r"[\W_]*(?:Notes?|PS|P\.S\.|Summary)\s*[:\-–—]", re.I)
EDGE = 3  # paragraphs at a chapter's start where a bare "Note:" or a label opens a note
_BODY = 6  # the most paragraphs a note's body at a chapter's start runs to before its break
_KINDS = {"summary": "chapter-summary", "author-note": "author-note"}


def is_author_note(line: str, at_chapter_edge: bool) -> bool:
    """True when `line` is an author's note by itself (its label and its words).

    A bare "Note:" or "Summary:" counts only at a chapter's start or end,
    where authors put notes; elsewhere it may be part of the story.
    """
    if line[:1].isalpha() and line[0] not in "AaDdNnPpSsCcEe":
        return False
    if _NOTE.match(line):
        return True
    label = note_label(line)
    if label and label[0] in ("chapter-summary", "chapter-notes", "chapter-end-notes", "end-notes") and label[1]:
        return True
    return at_chapter_edge and bool(_EDGE_NOTE.match(line))


def mark_notes(lines: list[str], paragraphs: list[Paragraph], chapter: int) -> list[Note]:
    """The notes of one chapter, each with its body; their paragraphs are given the role "note".

    `paragraphs` come classified (notes by themselves already "note"); a label
    alone makes the paragraphs of its body notes too. Each note's text is its
    paragraphs without a label that stands alone.
    """
    notes: list[Note] = []
    last = len(lines) - 1
    i = 0
    while i <= last:
        label = _label_alone(lines[i])
        at_start = not any(p.role == "text" for p in paragraphs[:i])  # no story before it yet
        if label is not None and paragraphs[i].role in ("note", "heading", "text") and (
            at_start and i < EDGE or not at_start and last - i <= _BODY
        ):
            end = _body_end(lines, paragraphs, i, at_start)
            if end > i:
                for j in range(i, end + 1):
                    paragraphs[j] = Paragraph(paragraphs[j].start, paragraphs[j].end, "note", chapter)
                notes.append(_note(label, lines, paragraphs, i + 1, end, paragraphs[i].start, chapter))
                i = end + 1
                continue
        if paragraphs[i].role == "note" and label is None:
            kind = note_label(lines[i])
            notes.append(_note(kind[0] if kind else "author-note", lines, paragraphs, i, i, paragraphs[i].start, chapter))
        i += 1
    return notes


def _label_alone(line: str) -> str | None:
    """The kind of note a paragraph that is only a label opens ("Author's Note:"), else None."""
    label = note_label(line.strip())
    return label[0] if label and not label[1] else None


def _body_end(lines: list[str], paragraphs: list[Paragraph], label: int, at_start: bool) -> int:
    """The last paragraph of the body under the label at `label` (the label itself when there is none)."""
    last = len(lines) - 1
    stop = label + 1
    while stop <= last and paragraphs[stop].role not in ("break", "chapter-title") and _label_alone(lines[stop]) is None:
        stop += 1
    if not at_start or stop - label - 1 <= _BODY and stop <= last:
        return stop - 1
    return label + 1 if label + 1 <= last and paragraphs[label + 1].role in ("text", "note", "heading") else label


def _note(kind: str, lines: list[str], paragraphs: list[Paragraph], first: int, last: int, start: int,
          chapter: int) -> Note:
    text = "\n\n".join(lines[first : last + 1]) if last >= first else ""
    return Note(_KINDS.get(kind, kind), text, start, paragraphs[last].end, chapter)
