"""The Project Dialogism Novel Corpus (PDNC): one folder per novel.

Each folder holds `novel_text.txt`, `quotation_info.csv` (one row per
quotation: `quoteByteSpans` is a Python-literal list of `[start, end]` spans,
one per sub-quotation, quotation marks excluded; `speaker`; `quoteType`) and
`character_info.csv` (`Main Name`, `Aliases` as a Python-literal set or list,
`Gender`). `PDNC-Novel-Index.csv` beside the folders gives each novel's
`Narrative Person`.

Despite the column's name, the spans index characters of the text decoded as
UTF-8: the released texts are ASCII, where the two agree. For a text that is
not ASCII the loader checks both readings against `subQuotationList` and keeps
the one that slices the annotated words.

The `speaker` column holds a character's main name or one of its aliases
("Lucy" for "Miss Honeychurch"); the loader resolves it to the character.

PDNC does not say who loves whom: `couples.csv` beside this module holds each
novel's central romantic couple as the books are commonly read (main names
of `character_info.csv`, blank for none), with a line saying where in the
book it stands.
"""

from __future__ import annotations

import ast
import csv
import re
from bisect import bisect_right
from collections import Counter
from functools import cache
from importlib.resources import files
from pathlib import Path

from .gold import QUOTE_KINDS, EvalError, GoldCharacter, GoldQuote, GoldWork

INDEX = "PDNC-Novel-Index.csv"
TEXT = "novel_text.txt"
QUOTES = "quotation_info.csv"
CHARACTERS = "character_info.csv"
NARRATOR = "_narr"
_GENDERS = {"M": "male", "F": "female"}
_PERSONS = {1: "first", 2: "second", 3: "third"}


def list_novels(root: str | Path) -> list[str]:
    """Names of the novel folders under `root` (those holding the three files)."""
    root = Path(root)
    if not root.is_dir():
        raise EvalError(f"{root}: not a folder")
    names = sorted(
        d.name for d in root.iterdir() if d.is_dir() and all((d / f).is_file() for f in (TEXT, QUOTES, CHARACTERS))
    )
    if not names:
        raise EvalError(f"{root}: no PDNC novel folders (with {TEXT}, {QUOTES}, {CHARACTERS})")
    return names


def load_index(root: str | Path) -> dict[str, str]:
    """Narrative person ("first", "third", "mixed", ...) by folder name, from the index."""
    path = Path(root) / INDEX
    if not path.is_file():
        return {}
    povs = {}
    for row in _rows(path):
        folder = (row.get("Folder Name") or "").strip()
        pov = narrative_person(row.get("Narrative Person") or "")
        if folder and pov:
            povs[folder] = pov
    return povs


def narrative_person(value: str) -> str | None:
    """"first" for "1.0", "third" for "3.0", "mixed" for several persons, None if blank."""
    persons = {int(float(n)) for n in re.findall(r"\d+(?:\.\d+)?", value)}
    if not persons:
        return None
    if len(persons) > 1:
        return "mixed"
    return _PERSONS.get(persons.pop())


def load_novel(root: str | Path, name: str, povs: dict[str, str] | None = None) -> GoldWork:
    """The gold annotations of the novel in folder `root/name`."""
    folder = Path(root) / name
    povs = load_index(root) if povs is None else povs
    raw = _read_bytes(folder / TEXT)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EvalError(f"{folder / TEXT}: not UTF-8 ({error.reason} at byte {error.start})") from None
    characters = _load_characters(folder / CHARACTERS)
    rows = _rows(folder / QUOTES)
    to_chars = _span_reader(raw, text, rows)
    speakers = _Speakers(characters)
    quotes = []
    unknown_speakers: Counter[str] = Counter()
    odd_kinds: Counter[str] = Counter()
    for row in rows:
        spans = tuple(to_chars(s, e) for s, e in _literal(row, "quoteByteSpans", folder / QUOTES))
        speaker_name = (row.get("speaker") or "").strip()
        speaker = speakers.resolve(speaker_name) if speaker_name else None
        if speaker_name and speaker is None:
            unknown_speakers[speaker_name] += 1
            speaker = speaker_name
        kind = (row.get("quoteType") or "").strip().lower()
        if kind not in QUOTE_KINDS:
            odd_kinds[kind or "(blank)"] += 1
            kind = None
        quotes.append(GoldQuote(row.get("quoteID") or str(len(quotes)), spans, speaker, kind))
    notes = speakers.notes()
    for speaker_name, count in unknown_speakers.items():
        characters.append(GoldCharacter(speaker_name, speaker_name))
        notes.append(f"speaker {speaker_name!r} ({count} quotes) is not in {CHARACTERS}")
    if odd_kinds:
        notes.append("quote types outside explicit/anaphoric/implicit: " + _counts(odd_kinds))
    notes.extend(_span_notes(text, quotes))
    keys = {c.key for c in characters}
    couples = central_couples()
    couple = couples.get(name)
    return GoldWork(
        name=name,
        text=text,
        quotes=quotes,
        characters=characters,
        pov=povs.get(name),
        path=folder / TEXT,
        narrator=NARRATOR if NARRATOR in keys else None,
        nobody=frozenset(k for k in keys if k.startswith("_") and k != NARRATOR),
        notes=notes,
        couple=frozenset(speakers.resolve(n) or n for n in couple) if couple else None,
        couple_known=name in couples,
    )


@cache
def central_couples() -> dict[str, tuple[str, str] | None]:
    """Novel folder name -> the main names of its central romantic couple, or None (`couples.csv`)."""
    rows = csv.DictReader(files(__package__).joinpath("couples.csv").read_text("utf-8").splitlines())
    return {row["novel"]: (row["first"], row["second"]) if row["first"] else None for row in rows}


def _load_characters(path: Path) -> list[GoldCharacter]:
    characters = []
    seen: Counter[str] = Counter()
    for row in _rows(path):
        name = (row.get("Main Name") or "").strip()
        if not name:
            continue
        aliases = _literal(row, "Aliases", path) if (row.get("Aliases") or "").strip() else []
        seen[name] += 1
        key = name if seen[name] == 1 else f"{name} #{row.get('Character ID', seen[name])}"
        gender = _GENDERS.get((row.get("Gender") or "").strip().upper())
        aliases = sorted({a.strip() for a in aliases} - {"", name})
        characters.append(GoldCharacter(key, name, tuple(aliases), gender))
    return characters


class _Speakers:
    """Resolves a `speaker` cell to a character key: the main name wins, else an
    alias that belongs to one character only. Remembers what it had to do."""

    def __init__(self, characters: list[GoldCharacter]) -> None:
        self.by_main = {c.name: c.key for c in characters}
        self.owners: dict[str, set[str]] = {}
        for c in characters:
            for alias in c.aliases:
                self.owners.setdefault(alias, set()).add(c.key)
        self.by_alias: Counter[str] = Counter()

    def resolve(self, speaker: str) -> str | None:
        if speaker in self.by_main:
            return self.by_main[speaker]
        keys = self.owners.get(speaker, set())
        if len(keys) != 1:
            return None
        key = next(iter(keys))
        self.by_alias[f"{speaker} -> {key}"] += 1
        return key

    def notes(self) -> list[str]:
        shared = sorted(a for a, keys in self.owners.items() if len(keys) > 1 and a not in self.by_main)
        notes = [f"aliases listed for several characters: {', '.join(shared)}"] if shared else []
        if self.by_alias:
            notes.append("speakers named by an alias, not the main name: " + _counts(self.by_alias))
        return notes


def _span_reader(raw: bytes, text: str, rows: list[dict[str, str]]):
    """A function turning a gold `[start, end]` into character offsets of `text`."""

    def as_chars(start: int, end: int) -> tuple[int, int]:
        return start, end

    if raw.isascii():
        return as_chars
    byte_starts = []
    offset = 0
    for char in text:
        byte_starts.append(offset)
        offset += len(char.encode("utf-8"))

    def from_bytes(start: int, end: int) -> tuple[int, int]:
        return bisect_right(byte_starts, start) - 1, bisect_right(byte_starts, end - 1)

    def agreement(reader) -> int:
        hits = 0
        for row in rows[:500]:
            try:
                spans = ast.literal_eval(row.get("quoteByteSpans") or "[]")
                parts = ast.literal_eval(row.get("subQuotationList") or "[]")
            except (ValueError, SyntaxError):
                continue
            for (start, end), words in zip(spans, parts):
                s, e = reader(start, end)
                hits += _squash(text[s:e]) == _squash(words)
        return hits

    return from_bytes if agreement(from_bytes) > agreement(as_chars) else as_chars


def _span_notes(text: str, quotes: list[GoldQuote]) -> list[str]:
    """What is odd about the gold spans: stray spaces, spans over paragraph breaks."""
    spans = [span for q in quotes for span in q.spans]
    padded = sum(1 for s, e in spans if text[s:e] != text[s:e].strip())
    crossing = sum(1 for s, e in spans if re.search(r"\n[ \t]*\n", text[s:e]))
    notes = []
    if padded:
        notes.append(f"{padded} of {len(spans)} sub-quotation spans include surrounding whitespace")
    if crossing:
        notes.append(f"{crossing} sub-quotation spans run over a paragraph break")
    return notes


def _rows(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise EvalError(f"{path}: cannot read ({error})") from None


def _literal(row: dict[str, str], column: str, path: Path):
    try:
        return ast.literal_eval(row.get(column) or "")
    except (ValueError, SyntaxError):
        raise EvalError(f"{path}: {column} is not a Python literal: {row.get(column)!r:.60}") from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise EvalError(f"{path}: cannot read ({error.strerror or error})") from None


def _squash(text: str) -> str:
    return " ".join(text.split())


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{name} ({n})" for name, n in counter.most_common())
