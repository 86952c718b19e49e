"""Author's notes and chapter summaries as story files label them, and taken out of HTML chapters.

The labels are the ones AO3 prints ("Notes", "Chapter Summary", "Chapter
Notes", "Chapter End Notes", "End Notes"), FanFicFare writes ("Author's Note:",
"Summary for the Chapter:", "Notes for the Chapter:") and writers type ("A/N:",
"Author’s Note:" with a curly apostrophe, "Summary:"). `note_label` reads one
at the start of a paragraph; the structure stage uses it on text.

In HTML, download tools keep AO3's notes inside the chapter: FanFicFare as
`div.fff_chapter_notes` (`fff_head_notes` before the text, `fff_foot_notes`
after), a bold label over a blockquote for each note; EPUBs that keep AO3's
page markup as `div.summary`, `div.notes` and `div.end.notes`, a heading over
a blockquote. Any chapter may also give a note as a label paragraph right over
a blockquote. `take_out_notes` removes them from the chapter's tree and
returns them, so that only the story is left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from ..model import Note
from .layout import PARAGRAPH

_APOSTROPHE = "['’]"
# (pattern, kind) in the order they are tried: the longer labels first.
_KINDS = (
    (r"summary\s+for\s+the\s+chapter|chapter\s+summary", "chapter-summary"),
    (r"notes?\s+for\s+the\s+chapter|chapter\s+notes?", "chapter-notes"),
    (r"chapter\s+end\s+notes?", "chapter-end-notes"),
    (r"end\s+notes?", "end-notes"),
    (r"summary", "summary"),
    (rf"authors?{_APOSTROPHE}?s?\s+notes?|a\s?/\s?n|a\.n\.|notes?", "author-note"),
)
_LABEL = re.compile(
    r"[\W_]*(?:" + "|".join(f"(?P<k{i}>{pattern})" for i, (pattern, _) in enumerate(_KINDS)) + r")"
    r"(?P<colon>\s*[:\-–—])?\s*",
    re.I,
)


def note_label(text: str) -> tuple[str, str] | None:
    """(kind, the text after the label) when `text` opens with a note's label, else None.

    Kinds: "chapter-summary", "chapter-notes", "chapter-end-notes", "end-notes",
    "summary" and "author-note". Short labels ("A/N", "Notes", "Summary") count
    only with a colon or dash after them, or alone; the others also without one.
    """
    match = _LABEL.match(text)
    if not match:
        return None
    kind = next(kind for i, (_, kind) in enumerate(_KINDS) if match.group(f"k{i}"))
    rest = text[match.end() :]
    if not match.group("colon") and rest.strip() and kind in ("summary", "author-note"):
        return None
    if not match.group("colon") and rest[:1].isalnum():
        return None
    return kind, rest.strip()


@dataclass(slots=True)
class ChapterNotes:
    """What `take_out_notes` finds in a chapter: its summary and its notes."""

    summary: str | None = None
    notes: list[Note] = field(default_factory=list)


def take_out_notes(body: etree._Element, chapter: int, *, first: bool, last: bool) -> ChapterNotes:
    """Remove the notes from a chapter's HTML and return them.

    `first` and `last` say whether this is the work's first or last chapter:
    FanFicFare puts the work's own notes ("Author's Note:") there, before the
    first chapter's text and after the last one's.
    """
    found = ChapterNotes()
    for div in list(body.iter("div")):
        classes = set((div.get("class") or "").split())
        if div.getparent() is None:
            continue  # inside a note already taken out
        foot = bool(classes & {"fff_foot_notes", "end"}) or _after_text(div)
        if "fff_chapter_notes" in classes:
            for label, quote in _labelled(div):
                _keep(found, note_label(label), _quote_text(quote), chapter, foot, first, last)
            remove_element(div)
        elif classes & {"notes", "summary"} and (quote := div.find("blockquote")) is not None:
            heading = next((h for h in div if h.tag in ("h2", "h3", "h4")), None)
            label = note_label(_text(heading)) if heading is not None else None
            if div.get("id") == "work_endnotes":
                label = ("end-notes", "")
            elif label is None:
                label = ("summary", "") if "summary" in classes else ("author-note", "")
            _keep(found, label, _quote_text(quote), chapter, foot, False, False)
            remove_element(div)
    for label, quote in _labelled(body):
        _keep(found, note_label(label), _quote_text(quote), chapter, _after_text(quote.getprevious()), False, False)
        remove_element(quote.getprevious())
        remove_element(quote)
    return found


def _keep(found: ChapterNotes, label: tuple[str, str] | None, text: str, chapter: int, foot: bool,
          first: bool, last: bool) -> None:
    if label is None or not text:
        return
    kind = label[0]
    if kind in ("chapter-summary", "summary"):
        found.summary = text if found.summary is None else found.summary + PARAGRAPH + text
        return
    if kind == "author-note" and (first and not foot or last and foot):
        kind = "end-notes" if foot else "notes"
    elif kind in ("chapter-notes", "author-note"):
        kind = "chapter-end-notes" if foot else "chapter-notes"
    found.notes.append(Note(kind, text, chapter=None if kind in ("notes", "end-notes") else chapter))


def _labelled(container: etree._Element) -> list[tuple[str, etree._Element]]:
    """(label, blockquote) for each blockquote right after a label ("<b>Author's Note:</b>")."""
    out = []
    for quote in container.iter("blockquote"):
        previous = quote.getprevious()
        if previous is None or previous.tag not in ("b", "strong", "p", "h3", "h4", "div"):
            continue
        if (previous.tail or "").strip():
            continue
        label = _text(previous)
        if label and len(label) <= 40 and note_label(label) is not None and not note_label(label)[1]:
            out.append((label, quote))
    return out


def _after_text(element: etree._Element) -> bool:
    """True when story text comes before `element` in its chapter (a note at the chapter's end)."""
    for previous in element.itersiblings(preceding=True):
        classes = set((previous.get("class") or "").split()) if isinstance(previous.tag, str) else set()
        if classes & {"userstuff", "module"} or previous.tag == "p" and _text(previous):
            return True
    return False


def _quote_text(quote: etree._Element) -> str:
    from .ao3_html import html_blocks

    return PARAGRAPH.join(text for text, _ in html_blocks(quote) if text)


def remove_element(element: etree._Element | None) -> None:
    """Take `element` out of its tree, keeping the text that follows it."""
    parent = element.getparent() if element is not None else None
    if parent is None:
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())
