"""LitBank's quotation layer: ~2,000-word excerpts, tokenised, one sentence a line.

Each work is a pair in the same folder: `NAME_brat.txt` (one sentence a line,
tokens separated by single spaces) and its annotations, `NAME_brat.ann` (or
`.tsv`), tab-separated rows of two kinds:

    QUOTE   Q342  54  0  54  13  “ Of course , we ’ll take over ... ”
    ATTRIB  Q342  Winnie_Verloc-3

A QUOTE gives its first and last token (sentence line, token index, both
inclusive); its span includes the quotation marks, which the loader drops so
that spans cover the words, as in PDNC and ficlens. A quotation interrupted by
a tag is already two QUOTE rows. The speaker id is a name part and an entity
number; the entity layer in `entities/tsv` carries no ids, so the name part
("Winnie Verloc") is the only name the gold gives a speaker.

ficlens reads prose, not token lists, so `layout` rebuilds the excerpt as a
reader would see it: the tokens verbatim, spacing restored around punctuation
and quotation marks, and paragraphs rebuilt from the quotation marks (LitBank
keeps sentences, not paragraphs). Offsets of every token in that text are kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .gold import EvalError, GoldCharacter, GoldQuote, GoldWork

TEXT_SUFFIX = "_brat.txt"
ANNOTATION_SUFFIXES = ("_brat.ann", "_brat.tsv")
# Tokens that are only quotation marks (or a dialogue dash).
_MARK_TOKEN = re.compile(r"^[\"'“”‘’«»—–-]+$")
_OPENING = {"“", "‘", "«"}
_CLOSING = {"”", "’", "»"}
_STRAIGHT = {'"', "'"}
_DASHES = {"—", "--", "–"}
_ATTACH_LEFT = {",", ".", ";", ":", "!", "?", ")", "]", "}", "...", "…", "%"}
_CLITICS = re.compile(r"^(?:n['’]t|['’](?:s|ll|re|ve|d|m))$", re.I)
_ATTACH_RIGHT = {"(", "[", "{", "$"}
_NARRATOR_NAMES = re.compile(r"^(?:i|me|narrator|.* narrator)$", re.I)


@dataclass(slots=True)
class Layout:
    """The excerpt as text, and where each token of each sentence lies in it."""

    text: str
    tokens: list[list[tuple[int, int]]]  # [sentence][token] -> (start, end)


def annotation_folder(root: str | Path) -> Path:
    """The folder holding the quotation files: `root/quotations/tsv`, `root/tsv` or `root`."""
    root = Path(root)
    for folder in (root / "quotations" / "tsv", root / "tsv", root):
        if folder.is_dir() and any(folder.glob(f"*{TEXT_SUFFIX}")):
            return folder
    raise EvalError(f"{root}: no LitBank quotation files (*{TEXT_SUFFIX} with *_brat.ann or *_brat.tsv)")


def list_works(root: str | Path) -> list[str]:
    """Names of the works (file names without `_brat.txt`) that have annotations."""
    folder = annotation_folder(root)
    names = []
    for path in sorted(folder.glob(f"*{TEXT_SUFFIX}")):
        name = path.name[: -len(TEXT_SUFFIX)]
        if _annotations(folder, name) is not None:
            names.append(name)
    if not names:
        raise EvalError(f"{folder}: no *{TEXT_SUFFIX} has a matching annotation file")
    return names


def layout(sentences: list[list[str]]) -> Layout:
    """Lay tokenised sentences out as prose: tokens verbatim, offsets kept.

    No space goes before closing punctuation, clitics ("n't", "'s") or a closing
    quotation mark, nor after an opening one. A straight quotation mark opens
    at the start of a sentence, closes at its end, and otherwise alternates.
    A sentence starts a new paragraph (a blank line) when no quotation is open
    and it opens with a quotation mark or dash, or it starts with a capital
    after a paragraph holding dialogue ("Mr. Bennet made no answer."); a
    lower-case start ("cried his wife") stays with the speech it tags. A
    sentence that reopens the open quotation's mark starts a paragraph too (a
    speech running over paragraphs).
    """
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    position = 0
    quoting = _Quoting()
    for s, tokens in enumerate(sentences):
        if s:
            separator = "\n\n" if quoting.new_paragraph(tokens) else " "
            if separator != " ":
                quoting = _Quoting()
            parts.append(separator)
            position += len(separator)
        sentence_offsets = []
        glue_next = False
        for t, token in enumerate(tokens):
            role = quoting.read(token, t, len(tokens))
            if t and not glue_next and not _attaches_left(token, role):
                parts.append(" ")
                position += 1
            sentence_offsets.append((position, position + len(token)))
            parts.append(token)
            position += len(token)
            glue_next = role == "open" or token in _ATTACH_RIGHT
        offsets.append(sentence_offsets)
    return Layout("".join(parts), offsets)


@dataclass(slots=True)
class _Quoting:
    """Which quotations are open in the paragraph being laid out."""

    depth: int = 0
    outer: str | None = None  # "double" or "single": the mark of the outermost open quotation
    straight_open: dict[str, bool] = field(default_factory=lambda: {'"': False, "'": False})
    has_quote: bool = False

    def new_paragraph(self, tokens: list[str]) -> bool:
        first = tokens[0] if tokens else ""
        opens = first[:1] in _OPENING or first in _STRAIGHT or first in _DASHES
        if self.depth > 0:
            return opens and _kind(first) == self.outer
        return opens or (self.has_quote and first[:1].isupper())

    def read(self, token: str, index: int, length: int) -> str | None:
        """"open", "close" or None: what this token does to the quotations."""
        role = _mark_role(token, index, length, self.straight_open)
        if role == "open":
            if self.depth == 0:
                self.outer = _kind(token)
            self.depth += 1
            self.has_quote = True
        elif role == "close":
            self.depth = max(0, self.depth - 1)
        return role


def _kind(mark: str) -> str:
    return "single" if mark[:1] in "'‘’" else "double"


def _mark_role(token: str, index: int, length: int, straight_open: dict[str, bool]) -> str | None:
    if token in _OPENING:
        return "open"
    if token in _CLOSING:
        return "close"
    if token in _STRAIGHT:
        if index == 0:
            is_open = True
        elif index == length - 1:
            is_open = False
        else:
            is_open = not straight_open[token]
        straight_open[token] = is_open
        return "open" if is_open else "close"
    if len(token) > 1 and _MARK_TOKEN.match(token) and token not in _DASHES:
        return "open" if token[0] in _OPENING else "close" if token[-1] in _CLOSING else None
    return None


def _attaches_left(token: str, role: str | None) -> bool:
    return role == "close" or token in _ATTACH_LEFT or bool(_CLITICS.match(token))


def load_work(root: str | Path, name: str) -> GoldWork:
    """The gold quotations and speakers of one LitBank excerpt, on its laid-out text."""
    folder = annotation_folder(root)
    text_path = folder / f"{name}{TEXT_SUFFIX}"
    annotation_path = _annotations(folder, name)
    if annotation_path is None or not text_path.is_file():
        raise EvalError(f"{folder}: no LitBank files for {name!r}")
    lines = _read(text_path).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    sentences = [line.split(" ") if line else [] for line in lines]
    laid = layout(sentences)
    quote_rows, speakers = _read_annotations(annotation_path)
    notes: list[str] = []
    quotes = []
    mismatched = 0
    for quote_id, (s0, t0, s1, t1, words) in quote_rows.items():
        if not 0 <= s0 <= s1 < len(sentences) or t1 >= len(sentences[s1]):
            raise EvalError(f"{annotation_path}: {quote_id} points past the text")
        tokens = [(s, t) for s in range(s0, s1 + 1) for t in range(len(sentences[s])) if (s0, t0) <= (s, t) <= (s1, t1)]
        mismatched += " ".join(sentences[s][t] for s, t in tokens) != words
        words_only = _strip_marks(tokens, sentences)
        if not words_only:
            notes.append(f"{quote_id} holds only quotation marks")
            continue
        start = laid.tokens[words_only[0][0]][words_only[0][1]][0]
        end = laid.tokens[words_only[-1][0]][words_only[-1][1]][1]
        quotes.append(GoldQuote(quote_id, ((start, end),), speakers.get(quote_id)))
    if mismatched:
        notes.append(f"{mismatched} QUOTE rows whose text differs from their tokens")
    if not quote_rows:
        notes.append("no quotations annotated")
    missing = [q for q in quote_rows if q not in speakers]
    if missing:
        notes.append(f"{len(missing)} quotations without an ATTRIB row")
    counts = Counter(q.speaker for q in quotes if q.speaker)
    characters = [GoldCharacter(key, speaker_name(key)) for key in sorted(counts)]
    narrators = [c.key for c in characters if _NARRATOR_NAMES.match(c.name)]
    return GoldWork(
        name=name,
        text=laid.text,
        quotes=sorted(quotes, key=lambda q: q.spans),
        characters=characters,
        narrator=max(narrators, key=lambda k: counts[k]) if narrators else None,
        notes=notes,
    )


def speaker_name(speaker_id: str) -> str:
    """The name part of a LitBank speaker id: "Mr__Sherlock_Holmes-0" -> "Mr Sherlock Holmes"."""
    return " ".join(re.sub(r"-\d+$", "", speaker_id).replace("_", " ").split())


def _strip_marks(tokens: list[tuple[int, int]], sentences: list[list[str]]) -> list[tuple[int, int]]:
    """The quotation's tokens without the marks (and dialogue dashes) at either end.

    Italics underscores go too when they are the only marks ("_ Hekinah degul _").
    """
    words = [sentences[s][t] for s, t in tokens]
    first, last = 0, len(tokens)
    while first < last and _MARK_TOKEN.match(words[first]):
        first += 1
    while last > first and _MARK_TOKEN.match(words[last - 1]):
        last -= 1
    if last - first > 2 and first == 0 and last == len(tokens) and words[0] == words[-1] == "_":
        first, last = 1, last - 1
    return tokens[first:last]


def _read_annotations(path: Path) -> tuple[dict[str, tuple[int, int, int, int, str]], dict[str, str]]:
    quotes: dict[str, tuple[int, int, int, int, str]] = {}
    speakers: dict[str, str] = {}
    for number, line in enumerate(_read(path).splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        try:
            if cells[0] == "QUOTE":
                quotes[cells[1]] = (int(cells[2]), int(cells[3]), int(cells[4]), int(cells[5]), cells[6])
            elif cells[0] == "ATTRIB":
                speakers[cells[1]] = cells[2].strip()
        except (IndexError, ValueError):
            raise EvalError(f"{path}:{number}: not a QUOTE or ATTRIB row: {line[:60]!r}") from None
    return quotes, speakers


def _annotations(folder: Path, name: str) -> Path | None:
    for suffix in ANNOTATION_SUFFIXES:
        path = folder / f"{name}{suffix}"
        if path.is_file():
            return path
    return None


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise EvalError(f"{path}: cannot read ({error})") from None


ENTITY_FOLDER = ("entities", "tsv")
ENTITY_SUFFIX = "_brat.tsv"


@dataclass(slots=True)
class EntityWork:
    """One excerpt of LitBank's entity layer: its laid-out text and every entity
    span in it, nested ones included, as (start, end, label), label one of PER,
    FAC, GPE, LOC, VEH, ORG."""

    name: str
    text: str
    entities: list[tuple[int, int, str]]


def list_entity_works(root: str | Path) -> list[str]:
    """Names of the excerpts in `root/entities/tsv` (file names without `_brat.tsv`)."""
    folder = Path(root).joinpath(*ENTITY_FOLDER)
    names = sorted(p.name[: -len(ENTITY_SUFFIX)] for p in folder.glob(f"*{ENTITY_SUFFIX}"))
    if not names:
        raise EvalError(f"{folder}: no LitBank entity files (*{ENTITY_SUFFIX})")
    return names


def load_entity_work(root: str | Path, name: str) -> EntityWork:
    """The entity spans of one excerpt, on its text laid out as `layout` does.

    Each row of the file is a token and one BIO column per nesting layer.
    """
    path = Path(root).joinpath(*ENTITY_FOLDER, f"{name}{ENTITY_SUFFIX}")
    sentences: list[list[str]] = [[]]
    labels: list[list[list[str]]] = [[]]
    for number, line in enumerate(_read(path).splitlines(), 1):
        cells = line.rstrip("\t").split("\t")
        if not line.strip():
            if sentences[-1]:
                sentences.append([])
                labels.append([])
            continue
        if any(not re.fullmatch(r"O|[BI]-[A-Z]+", c) for c in cells[1:]):
            raise EvalError(f"{path}:{number}: not a token and BIO labels: {line[:60]!r}")
        sentences[-1].append(cells[0])
        labels[-1].append(cells[1:])
    if not sentences[-1]:
        sentences.pop()
        labels.pop()
    laid = layout(sentences)
    entities = []
    for s, rows in enumerate(labels):
        layers = max((len(r) for r in rows), default=0)
        for layer in range(layers):
            open_span: tuple[int, str] | None = None
            for t, row in enumerate([*rows, []]):
                tag = row[layer] if layer < len(row) else "O"
                if open_span is not None and not (tag.startswith("I-") and tag[2:] == open_span[1]):
                    first, label = open_span
                    entities.append((laid.tokens[s][first][0], laid.tokens[s][t - 1][1], label))
                    open_span = None
                if tag.startswith("B-") or tag.startswith("I-") and open_span is None:
                    open_span = (t, tag[2:])
    return EntityWork(name, laid.text, sorted(entities))
