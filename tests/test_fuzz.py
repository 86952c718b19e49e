"""Fuzzing: the readers and the whole analysis on generated stories and damaged real files.

The property is the one a user relies on: whatever the bytes, ficlens either
reads (and analyzes, and reports) them or refuses them with its own clear
`InputError`; no other exception escapes. Hypothesis drives it with a fixed
budget (`max_examples`), derandomized and without a database, so a run in
`make test` or CI tries the same inputs every time and takes the same time.

Inputs are of two kinds:
- real-format fixtures (an AO3 HTML page, an AO3 EPUB, a Word draft, a zip of
  chapters, FanFicFare's TXT, Markdown with front matter, an AO3 header dump),
  their bytes flipped, inserted, deleted and truncated, and, inside archives,
  one member damaged and the archive zipped again with valid checksums so the
  damage reaches the EPUB, docx and chapter readers behind the zip reader;
- generated stories of odd shapes (unbalanced quotes, only quotes, only
  punctuation, huge words, many tiny paragraphs, control characters, mixed
  scripts, names everywhere), laid out as plain text, Markdown, HTML and AO3's
  HTML, read and run through every stage and every output.

FICLENS_FUZZ_SCALE=N multiplies every budget by N and draws fresh random
inputs each run (no derandomizing): a longer fuzzing session by hand, e.g.
`FICLENS_FUZZ_SCALE=20 pytest tests/test_fuzz.py`. A failure prints the
`@reproduce_failure` line that replays it.
"""

from __future__ import annotations

import html
import io
import json
import os
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from tempfile import TemporaryDirectory

import jsonschema
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from ficlens.errors import InputError
from ficlens.model import Work
from ficlens.outputs.html import render_html
from ficlens.outputs.json import analysis_dict, dumps, read_dict, schema
from ficlens.outputs.markdown import render_markdown
from ficlens.outputs.outline import outline_text
from ficlens.outputs.report import report_text
from ficlens.read import read_bytes
from ficlens.structure import build_structure

sys.path.insert(0, str(Path(__file__).resolve().parent / "read"))
from story_files import BREAK, HEADER_DUMP, ONE_SHOT, Story, StoryChapter, ao3_epub, ao3_html, fff_txt, write_docx  # noqa: E402

# Every name a reader may be handed: the suffixes `read_work` knows, a zip, and none.
NAMES = ("story.txt", "story.text", "story.md", "story.markdown", "story.html", "story.htm", "story.xhtml",
         "story.docx", "story.epub", "story.zip", "story")

SCALE = float(os.environ.get("FICLENS_FUZZ_SCALE", "1"))
FUZZ = settings(deadline=None, derandomize=SCALE == 1, database=None, print_blob=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example])


# --- real-format fixtures --------------------------------------------------------------------------------------

MARKDOWN = """---
title: The Long Way Home
author: ivyandink
tags: [angst, "slow burn"]
---

# The Long Way Home

## Chapter One

“Leaving already?” Harry asked.

She left at dawn. *Nobody* saw her go.

***

He followed at noon, and said nothing to Draco.

## Chapter Two

> “Wait,” she wrote.

They met at the river.
"""



def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


@cache
def fixtures() -> dict[str, bytes]:
    """The one-shot in every real format ficlens reads, by the name a user's file would have."""
    with TemporaryDirectory() as folder:
        epub = ao3_epub(Path(folder) / "story.epub", ONE_SHOT).read_bytes()
        docx = write_docx(Path(folder) / "story.docx", ONE_SHOT).read_bytes()
    chapters = _zip({
        "01 - Beginning.txt": "“Fine,” he said. “Be like that.”\n\nShe laughed.\n".encode(),
        "02 - Middle.md": "# Middle\n\nThe owl flew.\n\n***\n\nIt came back.\n".encode(),
        "03 - End.html": b"<html><body><p>He walked home in the rain.</p><p>&ldquo;Yes,&rdquo; she said.</p></body></html>",
    })
    return {
        "ao3.html": ao3_html(ONE_SHOT).encode(),
        "ao3.epub": epub,
        "draft.docx": docx,
        "chapters.zip": chapters,
        "fff.txt": fff_txt(ONE_SHOT).encode(),
        "draft.md": MARKDOWN.encode(),
        "dump.txt": HEADER_DUMP.encode(),
    }


# --- mutations ---------------------------------------------------------------------------------------------------

# Bytes that mean something to some reader: markup, entities, zip and BOM magic, UTF-8 quotes, NUL, CR.
TOKENS = (b"<", b">", b"</p>", b"<p>", b"<br/>", b"<hr/>", b"<!--", b"-->", b"<![CDATA[", b"]]>", b"&", b"&#0;",
          b"&#27;", b"&#xD800;", b"&amp;", b'"', b"'", b"\x00", b"\xff", b"\xfe", b"\xef\xbb\xbf", b"\xe2\x80\x9c",
          b"\xe2\x80\x9d", b"\xe2", b"\r", b"\n\n", b"PK\x03\x04", b"PK\x05\x06", b"# ", b"## ", b"***", b"---\n",
          b"Chapter 1\n", b"Summary:", b"Work Text:\n", b"<div>" * 40, b"<!DOCTYPE html>", b"<?xml ", b'<!ENTITY a "b">')

Op = tuple
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), st.integers(0, 2**31), st.integers(1, 255)),
        st.tuples(st.just("insert"), st.integers(0, 2**31), st.sampled_from(TOKENS) | st.binary(min_size=1, max_size=12)),
        st.tuples(st.just("delete"), st.integers(0, 2**31), st.integers(1, 200)),
        st.tuples(st.just("truncate"), st.integers(0, 2**31)),
        st.tuples(st.just("repeat"), st.integers(0, 2**31), st.integers(1, 64), st.integers(2, 50)),
    ),
    min_size=1, max_size=6,
)


def mutate(data: bytes, ops: list[Op]) -> bytes:
    """`data` with each operation applied in turn, its position taken modulo the length."""
    buffer = bytearray(data)
    for op in ops:
        at = op[1] % (len(buffer) + 1)
        if op[0] == "flip" and at < len(buffer):
            buffer[at] ^= op[2]
        elif op[0] == "insert":
            buffer[at:at] = op[2]
        elif op[0] == "delete":
            del buffer[at : at + op[2]]
        elif op[0] == "truncate":
            del buffer[at:]
        elif op[0] == "repeat":
            buffer[at:at] = bytes(buffer[at : at + op[2]]) * op[3]
    return bytes(buffer)


STORY_PARTS = ("document.xml", ".xhtml", ".html", ".txt", ".md", ".opf", "container.xml", ".ncx", "mimetype")


def mutate_member(data: bytes, index: int, ops: list[Op], drop: bool) -> bytes:
    """The archive zipped again with one member damaged by `ops` (or dropped), checksums valid;
    a negative `index` picks among the members that hold the story or say where it is."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        infos = source.infolist()
        parts = [i for i in infos if i.filename.endswith(STORY_PARTS)] or infos
        chosen = (parts if index < 0 else infos)[index % len(parts if index < 0 else infos)].filename
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in infos:
                content = source.read(info.filename)
                if info.filename == chosen:
                    if drop:
                        continue
                    content = mutate(content, ops)
                target.writestr(info, content)
    return out.getvalue()


# --- the property ------------------------------------------------------------------------------------------------


def read_or_refuse(data: bytes, name: str) -> Work | None:
    """The work `read_bytes` makes of `data`, or None when it refuses it with an `InputError`.

    A work read is structured and written out as `ficlens read` writes it, so
    the structure and the outline are fuzzed too. Any other exception fails.
    """
    try:
        work = read_bytes(data, name)
    except InputError as error:
        assert str(error).strip(), "an InputError must say why"
        _event("refused", error.reason.split(":")[0][:40])
        return None
    _event("read", work.source.format)
    structure = build_structure(work)
    json.loads(dumps(read_dict(work, structure)))
    outline_text(work, structure)
    return work


def _event(kind: str, detail: str) -> None:
    """Count what became of an input (`--hypothesis-show-statistics` shows the counts)."""
    if currently_in_test_context():
        event(kind, detail)


def analyze_and_report(work: Work) -> None:
    """Every stage on `work`, then every output `ficlens analyze` writes; the JSON follows the contract."""
    from ficlens.pipeline import analyze_work

    try:
        analysis = analyze_work(work)
    except InputError:
        return
    data = analysis_dict(analysis)
    document = json.loads(dumps(data))
    jsonschema.validate(document, _schema())
    report_text(data, work.text)
    render_markdown(data, work.text)
    render_html(data, work.text)


@cache
def _schema() -> dict:
    return schema()


@settings(FUZZ, max_examples=int(1000 * SCALE))
@given(fixture=st.sampled_from(sorted(fixtures())), ops=OPS, name=st.sampled_from(NAMES), keep_name=st.booleans())
def test_damaged_real_files_are_read_or_refused(fixture: str, ops: list[Op], name: str, keep_name: bool) -> None:
    read_or_refuse(mutate(fixtures()[fixture], ops), fixture if keep_name else name)


ARCHIVES = ("ao3.epub", "draft.docx", "chapters.zip")


@settings(FUZZ, max_examples=int(600 * SCALE))
@given(fixture=st.sampled_from(ARCHIVES), index=st.integers(-8, 30), ops=OPS, drop=st.sampled_from((False, False, False, True)),
       name=st.sampled_from(NAMES), keep_name=st.booleans())
def test_archives_with_a_damaged_member_are_read_or_refused(fixture: str, index: int, ops: list[Op], drop: bool,
                                                            name: str, keep_name: bool) -> None:
    data = mutate_member(fixtures()[fixture], index, ops, drop)
    read_or_refuse(data, fixture if keep_name else name)


@settings(FUZZ, max_examples=int(500 * SCALE))
@given(data=st.binary(max_size=600) | st.text(max_size=300).map(str.encode), name=st.sampled_from(NAMES))
def test_arbitrary_bytes_are_read_or_refused(data: bytes, name: str) -> None:
    read_or_refuse(data, name)


# --- generated stories -------------------------------------------------------------------------------------------

WORDS = ("the", "a", "owl", "letter", "rain", "and", "she", "he", "they", "it", "was", "not", "never", "door",
         "walked", "home", "looked", "at", "him", "her", "said", "asked", "whispered", "replied", "snapped",
         "laughed", "then", "I", "you", "we", "my", "your", "dear", "wand", "tea", "night", "morning")
NAMES_IN_TEXT = ("Harry", "Draco", "Hermione", "Mr. Bennet", "Mrs. Weasley", "Lizzy", "Elizabeth", "Potter",
                 "Harry Potter", "Miss Granger", "Professor McGonagall", "Ron's", "Dr. Who", "Candy", "the turnkey",
                 "Mr.", "Mrs.", "St.", "Jean-Luc", "O'Brien", "Zoë", "Ælfric", "Björk", "X Æ A-12")
QUOTES = ('"', "“", "”", "'", "‘", "’", "«", "»", "„", "‚", "‹", "›", "「", "」", "『", "』", "—", "–", "``", "''")
PUNCTUATION = (".", ",", ";", ":", "!", "?", "…", "...", "-", "--", "(", ")", "[", "]", "{", "}", "*", "* * *", "#",
               "_", "~", "/", "\\", "|", "&", "%", "@", "^", "<", ">", "=", "+", "¿", "¡", "·", "•", "†", "§")
SCRIPTS = ("Привет", "Наташа", "東京", "こんにちは", "مرحبا", "שלום", "Ελένη", "नमस्ते", "안녕", "ไทย", "😀", "👩‍👩‍👧",
           "\u200b", "\u200d", "\u0301", "e\u0301", "\ufeff", "\u202e", "\u2028", "\u00a0", "ﬁ", "Ⅻ", "𝔄𝔩𝔦𝔠𝔢")
CONTROLS = ("\t", "\x0b", "\x0c", "\r", "\x1b", "\x1b[2J", "\x1b]0;title\x07", "\x7f", "\x85", "\x9b", "\x00", "\x08")

NUMBERS = ("1", "12", "007", "1,000", "3.14", "10th", "1st", "²", "½", "١٢", "٣", "Ⅻ", "𝟙", "-5", "eleven", "twenty-one",
           "ninety-nine", "years old", "year-old", "aged", "birthday")
# Fragments that wake the stages up: letters, chapter and scene marks, ages, speech tags, notes, kinship.
PHRASES = ("Dear Harry,", "Love,", "Yours,", "Chapter 1", "Chapter Two:", "* * *", "~~~", "A/N:", "Author's Note:",
           "Summary:", "POV", "Harry's POV", "twelve years old", "his ninth birthday", "a twelve-year-old Harry",
           "said the turnkey", "snapped the surgeon", "Mr. Bumble, the beadle", "I love you", "my son", "her mother",
           "his brother Ron", "she kissed him", "he hit her", "they held hands", "Hello Potter", "Be free, my son.",
           "he said.", "she said,", "said Harry.", "asked Draco", "“Yes,” he said.", "“No!”", "'Hi,' she said.",
           "Harry and Draco", "Draco/Harry", "Mrs. Bennet", "Lydia Bennet", "Narrator", "I", "me", "we were",
           "you walk", "she walks", "he had walked", "END", "The End", "To be continued...", "Epilogue")

PIECES: dict[str, st.SearchStrategy[str]] = {
    "numbers": st.sampled_from(NUMBERS),
    "phrases": st.sampled_from(PHRASES),
    "words": st.sampled_from(WORDS),
    "names": st.sampled_from(NAMES_IN_TEXT),
    "quotes": st.sampled_from(QUOTES),
    "punctuation": st.sampled_from(PUNCTUATION),
    "scripts": st.sampled_from(SCRIPTS),
    "controls": st.sampled_from(CONTROLS) | st.sampled_from(WORDS) | st.sampled_from(WORDS),  # among words: mostly read
    "huge": st.tuples(st.sampled_from(("a", "ab", "x-", "’", "—", ".")), st.integers(40, 3000)).map(lambda t: t[0] * t[1]),
    "any": st.text(min_size=1, max_size=8),
}


@st.composite
def paragraphs(draw: st.DrawFn) -> list[str]:
    """A story's paragraphs, each made of pieces from the few kinds this story is made of."""
    kinds = draw(st.sets(st.sampled_from(sorted(PIECES)), min_size=1, max_size=5))
    piece = st.one_of(*(PIECES[k] for k in sorted(kinds)))
    joiner = draw(st.sampled_from((" ", "", " ", "\n")))
    paragraph = st.lists(piece, min_size=0, max_size=14).map(joiner.join)
    if draw(st.booleans()):  # many tiny paragraphs
        return draw(st.lists(st.lists(piece, min_size=1, max_size=2).map("".join), min_size=1, max_size=120))
    return draw(st.lists(paragraph, min_size=1, max_size=14))


def _as_plain(paragraphs: list[str]) -> tuple[str, str]:
    return "story.txt", "\n\n".join(paragraphs) + "\n"


def _as_markdown(paragraphs: list[str]) -> tuple[str, str]:
    half = len(paragraphs) // 2
    body = ["# A Title", "## One", *paragraphs[:half], "***", "## Two", *paragraphs[half:]]
    return "story.md", "\n\n".join(body) + "\n"


def _as_html(paragraphs: list[str]) -> tuple[str, str]:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    return "story.html", f"<!DOCTYPE html><html><head><title>T</title></head><body>{body}</body></html>"


def _as_ao3(paragraphs: list[str]) -> tuple[str, str]:
    half = max(1, len(paragraphs) // 2)
    chapters = (StoryChapter("One", tuple(paragraphs[:half]) + (BREAK,)), StoryChapter("Two", tuple(paragraphs[half:]) or ("End.",)))
    story = Story(**{**ONE_SHOT.__dict__, "chapters": chapters})
    return "ao3.html", ao3_html(story)


LAYOUTS: dict[str, Callable[[list[str]], tuple[str, str]]] = {
    "plain": _as_plain, "markdown": _as_markdown, "html": _as_html, "ao3": _as_ao3,
}


@settings(FUZZ, max_examples=int(100 * SCALE))
@given(story=paragraphs(), layout=st.sampled_from(sorted(LAYOUTS)))
def test_odd_stories_are_analyzed_or_refused(story: list[str], layout: str) -> None:
    name, text = LAYOUTS[layout](story)
    work = read_or_refuse(text.encode(), name)
    if work is not None:
        analyze_and_report(work)


@settings(FUZZ, max_examples=int(40 * SCALE))
@given(fixture=st.sampled_from(sorted(fixtures())), ops=OPS)
def test_damaged_real_files_are_analyzed_or_refused(fixture: str, ops: list[Op]) -> None:
    work = read_or_refuse(mutate(fixtures()[fixture], ops), fixture)
    if work is not None:
        analyze_and_report(work)
