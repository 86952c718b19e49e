"""The document model every stage reads and writes.

A `Work` is what a reader produces: the story's text, where it came from, what the
file declares about it (AO3 tags and the like) and its chapters. A `Structure` is
what the structure stage finds inside that text: paragraphs and their roles,
scenes, headings, notes and embedded documents such as letters.

Every span carries `start`/`end` character offsets into `Work.text`. For a
plain-text input that text is the decoded file itself, unchanged, so
`text[span.start:span.end]` slices the source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_ID = "ficlens.analysis/1"

ParagraphRole = Literal["text", "heading", "break", "note", "letter", "chapter-title", "signoff", "part"]


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` of `Work.text`."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(slots=True)
class Block:
    """A paragraph as a structured format (HTML, EPUB, docx) delimits it.

    `hint` carries what the markup said about it: "p" for an ordinary
    paragraph, "hr" for a horizontal rule (a zero-width block), "gap" for a run
    of two or more blank lines (`<br>`s, empty paragraphs; zero-width too, a
    scene break like "hr"), "center" for a centered paragraph, "heading" for a
    heading element.
    """

    start: int
    end: int
    hint: str = "p"


@dataclass(slots=True)
class Source:
    """Where a work came from and how its bytes were decoded."""

    path: str
    format: str
    sha256: str
    encoding: str | None = None


@dataclass(slots=True)
class Note:
    """An author's note, kept apart from the story text.

    `kind` is one of "notes", "end-notes", "chapter-notes", "chapter-end-notes",
    "chapter-summary" or "author-note" (a note written inline in a text file).
    Notes that sit inside `Work.text` carry their span; notes that a structured
    format keeps outside the story (AO3's preface) have `start`/`end` of None.
    """

    kind: str
    text: str
    start: int | None = None
    end: int | None = None
    chapter: int | None = None


@dataclass(slots=True)
class Chapter:
    """One chapter: its title and the span of its body in `Work.text`.

    `title_span` is where the title itself appears in the text, when it does.
    `blocks` is set by readers of structured formats, which know where each
    paragraph starts and ends; for text it is None and the structure stage
    finds paragraphs from the lines.
    """

    title: str | None
    start: int
    end: int
    title_span: Span | None = None
    summary: str | None = None
    blocks: list[Block] | None = None


@dataclass(slots=True)
class Series:
    """A series the work belongs to and its place there ("Part 2 of Foo": name "Foo", part 2)."""

    name: str
    part: int | None = None
    url: str | None = None


@dataclass(slots=True)
class Metadata:
    """What the file itself declares about the work (never what ficlens infers).

    `stats` keeps the declared facts as written ("words": "12,345", "chapters":
    "3/?", "published": "2019-06-09"); the fields below it hold the ones fans sort
    and match by, typed: `site` and `site_id` name the archive and the work's id
    there ("ao3", "123456"; "ffn" for FanFiction.Net), dates are ISO
    ("2019-06-09"), `chapters_planned` is None when the author has not said
    ("3/?"), `complete` None when the file does not tell.
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    fandoms: list[str] = field(default_factory=list)
    rating: str | None = None
    warnings: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    summary: str | None = None
    series: list[Series] = field(default_factory=list)
    collections: list[str] = field(default_factory=list)
    stats: dict[str, str] = field(default_factory=dict)
    url: str | None = None
    site: str | None = None
    site_id: str | None = None
    published: str | None = None
    updated: str | None = None
    complete: bool | None = None
    chapters_posted: int | None = None
    chapters_planned: int | None = None
    kudos: int | None = None
    hits: int | None = None
    comments: int | None = None
    bookmarks: int | None = None


@dataclass(slots=True)
class Work:
    """A story as read from one file (or one folder or zip of chapter files).

    `skipped` names the parts of a folder or zip that could not be read, each as
    "path: reason"; the work is made of the rest. `parts` holds the works an
    anthology binds in one file, each read on its own (this work joins them);
    it is empty for a file of one work.
    """

    text: str
    source: Source
    meta: Metadata
    chapters: list[Chapter]
    notes: list[Note] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    parts: list[Work] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    """A paragraph of the work and the part it plays.

    Roles: "text" (narrative and dialogue), "heading" (a section heading inside
    a chapter), "chapter-title" (a chapter's title, or the story's title over
    it, written in its text), "break" (a scene break marker, or the blank lines
    of one), "note" (an author's note), "letter" (a line of an embedded
    document), "signoff" (the author's sign-off under a chapter) and "part"
    (the heading of a part that groups chapters, "PART ONE").
    """

    start: int
    end: int
    role: ParagraphRole
    chapter: int


@dataclass(slots=True)
class Scene:
    """A run of story between scene breaks (or chapter edges)."""

    start: int
    end: int
    chapter: int
    heading: str | None = None


@dataclass(slots=True)
class Heading:
    """A section heading inside a chapter ("Epilogue: ...", "(Years Later)")."""

    start: int
    end: int
    text: str
    chapter: int


@dataclass(slots=True)
class SceneBreak:
    """A scene-break marker; zero-width for an HTML `<hr>`."""

    start: int
    end: int
    marker: str
    chapter: int


@dataclass(slots=True)
class EmbeddedDocument:
    """A document quoted whole inside the story: a letter, a note, a message.

    `sender` is who wrote it as far as the text says (from a "From ..." line
    or the sign-off); `signature` is the sign-off as written.
    """

    start: int
    end: int
    kind: str
    chapter: int
    title: str | None = None
    salutation: str | None = None
    sender: str | None = None
    signature: str | None = None


@dataclass(slots=True)
class Part:
    """A part of the work ("PART ONE", "Book the First"): its heading's span and title, and the
    chapters it groups (indices into `Structure.chapters`, in order)."""

    title: str
    start: int
    end: int
    chapters: list[int]


@dataclass(slots=True)
class Structure:
    """What the structure stage finds in a work.

    `chapters` are the work's chapters as the story has them: the reader's, except that a
    "chapter" holding nothing but a part's heading is joined to the chapter after it (the part
    is in `parts`); every `chapter` index of the structure points into this list.
    """

    paragraphs: list[Paragraph]
    scenes: list[Scene]
    breaks: list[SceneBreak]
    headings: list[Heading]
    letters: list[EmbeddedDocument]
    notes: list[Note]
    words: int
    chapters: list[Chapter] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)

    def story_paragraphs(self) -> list[Paragraph]:
        """Paragraphs that are part of the told story (text and letters)."""
        return [p for p in self.paragraphs if p.role in ("text", "letter")]


@dataclass(slots=True)
class Mention:
    """A place where a character is named (or, for the narrator, says "I")."""

    start: int
    end: int
    character: str


@dataclass(slots=True)
class Character:
    """A person of the story, with every name the text calls them by."""

    id: str
    name: str
    aliases: list[str]
    gender: str | None = None  # "female", "male", "nonbinary" or None when the text does not say
    mentions: int = 0
    quotes: int = 0
    first: int | None = None  # offset of the first mention
    last: int | None = None


@dataclass(slots=True)
class Quote:
    """A quotation's words (marks excluded), who says it and to whom.

    Parts of one utterance interrupted by a tag ("I don't know," he said,
    "maybe.") share a `group`; so do the paragraphs of one long speech.
    """

    start: int
    end: int
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    confidence: float = 0.0
    method: str | None = None  # which rule attributed it: "tag", "vocative", "turn", "beat", ...
    group: int = 0


@dataclass(slots=True)
class SceneNarration:
    """Point of view and tense of one scene."""

    pov: str | None
    tense: str | None
    pov_character: str | None = None


@dataclass(slots=True)
class Slip:
    """A sentence whose tense or person departs from its scene's narration."""

    start: int
    end: int
    kind: str  # "tense" or "pov"
    expected: str
    found: str


@dataclass(slots=True)
class Narration:
    """Who tells the story and in which tense, for the work and each scene."""

    pov: str | None
    tense: str | None
    narrator: str | None
    scenes: list[SceneNarration] = field(default_factory=list)
    slips: list[Slip] = field(default_factory=list)
