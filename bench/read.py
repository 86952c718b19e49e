"""Reading throughput and peak memory of ficlens, format by format.

Generates one long story (default 1,000,000 words: ~5k-word chapters titled
"Chapter N", narrative and curly-quoted dialogue, scene breaks, the odd
heading and letter) in every input format ficlens reads, then for each format
measures, in a fresh subprocess pinned to one core:

- `ficlens.pipeline.read_and_structure` throughput in words/s (best of --runs;
  a read slower than 5 s is timed once),
- a baseline: read the file, decode it (unzip it first for zip, EPUB, docx;
  unpack a MOBI or AZW3 with KindleUnpack; draw a PDF's text out with pypdf),
  `str.split()` it (best of --runs),
- peak memory during one read: the process's peak resident set size (Linux
  VmHWM, reset just before), its growth over the resident size before the read
  with the reader's modules already loaded (a 2,000-word story in the same
  format is read first), and the tracemalloc peak of one more read (Python's
  allocations only: lxml's are not traced).

Words/s is always the story's generated word count over the time taken, so a
format's ratio (its words/s over its baseline's) is a plain ratio of times.

MOBI, AZW3 and PDF are made from the AO3 HTML by Calibre's ebook-convert (Debian's
calibre package) as AO3 makes them. PDF is left out of the default run: Calibre
6.13 had not finished a 1M-word PDF after ten minutes (and had stopped using the
processor), so time it on a shorter story (--words 100000 --formats pdf).

    .venv/bin/python bench/read.py
    .venv/bin/python bench/read.py --words 200000 --formats text,html --runs 5
    .venv/bin/python bench/read.py --formats text --profile   # cProfile hot spots
    .venv/bin/python bench/read.py --words 100000 --formats pdf --runs 1
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from measure import pin_to_one_core, reset_peak_rss, rss_mb

TARGET_WORDS_PER_SECOND = 1_000_000  # plain text, one core (the target)
FORMATS = ("text", "ao3-text", "fff-text", "markdown", "ao3-html", "ao3-page", "ffn-page", "epub", "docx", "zip", "mobi",
           "azw3", "pdf")
CALIBRE_FORMATS = ("mobi", "azw3", "pdf")  # made from the AO3 HTML by ebook-convert, as AO3 makes them
FORMAT_TARGETS = {"mobi": 200_000, "azw3": 200_000, "ao3-page": 200_000, "ffn-page": 200_000}  # words/s; PDF has
# none (its figure is reported)
FILE_NAMES = {
    "text": "story.txt",
    "ao3-text": "story-ao3.txt",
    "fff-text": "story-fff.txt",
    "markdown": "story.md",
    "ao3-html": "story.html",
    "ao3-page": "saved-ao3-page.html",
    "ffn-page": "saved-ffn-page.html",
    "epub": "story.epub",
    "docx": "story.docx",
    "zip": "chapters.zip",
    "mobi": "story.mobi",
    "azw3": "story.azw3",
    "pdf": "story.pdf",
}
TITLE = "The Long Way Round"
AUTHOR = "quillandember"


# --- the story ---------------------------------------------------------------


@dataclass
class Chapter:
    title: str
    items: list[tuple[str, str]] = field(default_factory=list)  # (kind, text): p, break, heading


_NAMES = ("Harry", "Draco", "Hermione", "Ron", "Ginny", "Luna", "Neville", "Pansy", "Blaise", "Theo")
_VERBS = ("said", "asked", "whispered", "murmured", "muttered", "replied", "snapped", "admitted")
_SUBJECTS = ("The rain", "The castle", "His hand", "Her voice", "The fire", "The letter", "The corridor",
             "Something in his chest", "The silence", "The old clock", "Morning light", "The wind")  # fmt: skip
_PREDICATES = ("pressed against the windows", "settled over the room like dust", "trembled for a moment",
               "seemed louder than it should have been", "had gone cold hours ago", "smelled of smoke and parchment",
               "caught on the edge of the table", "refused to be ignored", "drifted through the open door",
               "was the only thing he could think about", "made everything feel further away",
               "pulled at the seams of the afternoon")  # fmt: skip
_OPENERS = ("For a long while", "After that", "Somewhere below", "When it was over", "Later", "Even then",
            "Without a word", "Before he could answer", "In the end", "Just for a second")  # fmt: skip
_CLAUSES = ("nobody moved", "she looked away", "he let out a breath he hadn't known he was holding",
            "the candles guttered", "the stairs creaked under their weight", "the owl hooted once",
            "they walked on in silence", "he thought of home", "she laughed, bright and surprised",
            "the kettle began to sing")  # fmt: skip
_SPEECH = ("I don't know what you want me to say", "You came back", "We should go before anyone notices",
           "That isn't fair and you know it", "Are you all right", "I've been looking for you everywhere",
           "It was never about the war", "Tell me the truth for once", "Stay", "Why didn't you write",
           "I kept every one of your letters", "Don't look at me like that")  # fmt: skip
_BREAKS = ("* * *", "~~~♡~~~", "───── ⋆⋅☆⋅⋆ ─────", "oOo", "***", "~*~")
_HEADINGS = ("Three Weeks Later", "(Harry's POV)", "Epilogue: The Garden", "Part Two", "[Later that night]")
_CHAPTER_NAMES = ("The Rain", "Letters", "Homecoming", "Ashes", "The Garden", "Owls", "Winter", "Promises")


def make_story(words: int, seed: int = 1) -> list[Chapter]:
    """A deterministic story of about `words` words in chapters of about 5,000."""
    rng = random.Random(seed)
    chapters: list[Chapter] = []
    total = 0
    while total < words:
        number = len(chapters) + 1
        title = f"Chapter {number}" if number % 3 else f"Chapter {number}: {rng.choice(_CHAPTER_NAMES)}"
        chapter = Chapter(title)
        budget = min(5000 + rng.randint(-600, 600), words - total)
        used = 0
        while used < budget:
            roll = rng.random()
            if used > 800 and roll < 0.012:
                chapter.items.append(("break", rng.choice(_BREAKS)))
                continue
            if used > 800 and roll < 0.016:
                chapter.items.append(("heading", rng.choice(_HEADINGS)))
                used += len(chapter.items[-1][1].split())
                continue
            if roll < 0.45:
                text = _dialogue(rng)
            else:
                text = " ".join(_sentence(rng) for _ in range(rng.randint(2, 6)))
            chapter.items.append(("p", text))
            used += len(text.split())
        if number % 10 == 0:
            chapter.items[len(chapter.items) // 2 : len(chapter.items) // 2] = _letter(rng)
            used += sum(len(t.split()) for _, t in _letter(random.Random(number)))
        chapters.append(chapter)
        total += used
    return chapters


def _sentence(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}."
    return f"{rng.choice(_OPENERS)}, {rng.choice(_CLAUSES)}."


def _dialogue(rng: random.Random) -> str:
    name, verb = rng.choice(_NAMES), rng.choice(_VERBS)
    line = rng.choice(_SPEECH)
    end = "?" if line.startswith(("Are", "Why")) else ","
    if rng.random() < 0.5:
        return f"“{line}{end}” {name} {verb}. {_sentence(rng)}"
    return f"{name} looked up. “{line}{'?' if end == '?' else '.'}” {_sentence(rng)}"


def _letter(rng: random.Random) -> list[tuple[str, str]]:
    sender = rng.choice(_NAMES)
    return [("p", f"Dear {rng.choice(_NAMES)},")] + [("p", _sentence(rng) + " " + _sentence(rng)) for _ in range(3)] + [
        ("p", f"— {sender}")
    ]


def story_words(chapters: list[Chapter]) -> int:
    return sum(len(c.title.split()) + sum(len(t.split()) for _, t in c.items) for c in chapters)


# --- the formats ---------------------------------------------------------------


def _plain_body(chapters: list[Chapter]) -> str:
    out = []
    for chapter in chapters:
        out.append(chapter.title)
        out.extend(text for _, text in chapter.items)
    return "\n\n".join(out) + "\n"


def write_text(chapters: list[Chapter], path: Path) -> None:
    path.write_text(f"{TITLE}\n\n" + _plain_body(chapters), "utf-8")


def write_ao3_text(chapters: list[Chapter], path: Path) -> None:
    path.write_text("Work Text:\n" + _plain_body(chapters), "utf-8")


def write_fff_text(chapters: list[Chapter], path: Path) -> None:
    head = [
        TITLE,
        f"by {AUTHOR}",
        "",
        "",
        "Story URL: https://archiveofourown.org/works/1234567",
        "Category: F/M",
        "Fandom: Harry Potter - J. K. Rowling",
        "Rating: Teen And Up Audiences",
        "Status: Completed",
        "Publisher: archiveofourown.org",
        "",
        "",
        "TABLE OF CONTENTS",
        "",
    ]
    head += [chapter.title for chapter in chapters]
    parts = ["\n".join(head) + "\n\n"]
    for chapter in chapters:
        body = "\n\n".join("* * *" if kind == "break" else text for kind, text in chapter.items)
        parts.append(f"\n\t{chapter.title}\n\n{body}\n\n")
    parts.append("End file.\n")
    path.write_text("".join(parts), "utf-8")


def write_markdown(chapters: list[Chapter], path: Path) -> None:
    out = [f"# {TITLE}"]
    for chapter in chapters:
        out.append(f"## {chapter.title}")
        for kind, text in chapter.items:
            out.append("***" if kind == "break" else f"### {text}" if kind == "heading" else text)
    path.write_text("\n\n".join(out) + "\n", "utf-8")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _html_items(chapter: Chapter) -> str:
    out = []
    for kind, text in chapter.items:
        if kind == "break":
            out.append('<p align="center">' + _escape(text) + "</p>" if len(out) % 2 else "<hr />")
        elif kind == "heading":
            out.append(f"<p><strong>{_escape(text)}</strong></p>")
        else:
            out.append(f"<p>{_escape(text)}</p>")
    return "\n".join(out)


def _ao3_preface() -> str:
    return f"""<div id="preface">
<p class="message"><b>{TITLE}</b><br/>Posted originally on the <a href="http://archiveofourown.org/">Archive of Our Own</a> at <a href="http://archiveofourown.org/works/1234567">http://archiveofourown.org/works/1234567</a>.</p>
<div class="meta"><dl class="tags">
<dt>Rating:</dt><dd><a href="http://archiveofourown.org/tags/Teen%20And%20Up%20Audiences">Teen And Up Audiences</a></dd>
<dt>Archive Warning:</dt><dd><a href="http://archiveofourown.org/tags/No%20Archive%20Warnings%20Apply">No Archive Warnings Apply</a></dd>
<dt>Category:</dt><dd><a href="http://archiveofourown.org/tags/M*s*M">M/M</a></dd>
<dt>Fandom:</dt><dd><a href="http://archiveofourown.org/tags/Harry%20Potter">Harry Potter - J. K. Rowling</a></dd>
<dt>Relationship:</dt><dd><a href="http://archiveofourown.org/tags/x">Draco Malfoy/Harry Potter</a></dd>
<dt>Language:</dt><dd>English</dd>
<dt>Stats:</dt><dd>Published: 2021-03-04 Completed: 2022-01-01 Words: 1,000,000 Chapters: 200/200</dd>
</dl>
<h1>{TITLE}</h1>
<div class="byline">by <a rel="author" href="http://archiveofourown.org/users/{AUTHOR}">{AUTHOR}</a></div>
<p>Summary</p>
<blockquote class="userstuff"><p>Two boys, one war, a great many letters.</p></blockquote>
</div></div>
"""


def _ao3_chapter(number: int, chapter: Chapter) -> str:
    return (
        f'<div class="meta group"><h2 class="heading">{_escape(chapter.title)}</h2></div>\n'
        f'<div class="userstuff">\n{_html_items(chapter)}\n</div>\n'
        + (f'<div id="endnotes{number}"><p>Chapter End Notes</p><blockquote class="userstuff"><p>Thanks for reading!</p></blockquote></div>\n' if number % 50 == 0 else "")
    )


_AFTERWORD = '<div id="afterword"><div id="endnotes"><p>End Notes</p><blockquote class="userstuff"><p>The end.</p></blockquote></div></div>\n'


def write_ao3_html(chapters: list[Chapter], path: Path) -> None:
    body = "".join(_ao3_chapter(i + 1, c) for i, c in enumerate(chapters))
    path.write_text(
        '<!DOCTYPE html>\n<html><head><meta charset="UTF-8"/><title>'
        f"{TITLE} - {AUTHOR} - Harry Potter</title></head><body>\n{_ao3_preface()}"
        f'<div id="chapters" class="userstuff">\n{body}</div>\n{_AFTERWORD}</body></html>\n',
        "utf-8",
    )


_SITE_HEADER = (
    '<header id="header" class="region"><h1 class="heading"><a href="/"><span>Archive of Our Own</span>'
    '<sup> beta</sup></a></h1><nav><ul class="primary navigation actions"><li><a href="/menu/fandoms">Fandoms</a>'
    '</li><li><a href="/menu/browse">Browse</a></li></ul></nav></header>'
)


def write_ao3_page(chapters: list[Chapter], path: Path) -> None:
    """The work page AO3 shows for "Entire Work", saved from the browser (see tests/read/test_saved_pages.py)."""
    body = "".join(
        f'<div class="chapter" id="chapter-{i}"><div class="chapter preface group"><h3 class="title">'
        f'<a href="/works/1234567/chapters/{9000 + i}">Chapter {i}</a>: {_escape(c.title)}</h3></div>\n'
        f'<div class="userstuff module" role="article"><h3 class="landmark heading">Chapter Text</h3>\n'
        f"{_html_items(c)}\n</div></div>\n"
        for i, c in enumerate(chapters, 1)
    )
    meta = (
        '<dl class="work meta group"><dt class="rating tags">Rating:</dt><dd class="rating tags"><ul class="commas">'
        '<li><a class="tag" href="/tags/Teen%20And%20Up%20Audiences/works">Teen And Up Audiences</a></li></ul></dd>'
        '<dt class="fandom tags">Fandom:</dt><dd class="fandom tags"><ul class="commas"><li><a class="tag" '
        'href="/tags/Harry%20Potter/works">Harry Potter - J. K. Rowling</a></li></ul></dd>'
        '<dt class="language">Language:</dt><dd class="language">English</dd><dt class="stats">Stats:</dt>'
        '<dd class="stats"><dl class="stats"><dt class="published">Published:</dt><dd class="published">2021-03-04'
        f'</dd><dt class="chapters">Chapters:</dt><dd class="chapters">{len(chapters)}/{len(chapters)}</dd>'
        '<dt class="kudos">Kudos:</dt><dd class="kudos">1,234</dd></dl></dd></dl>'
    )
    path.write_text(
        f'<!DOCTYPE html>\n<html><head><meta charset="UTF-8"/><title>{TITLE} - {AUTHOR} [Archive of Our Own]</title>'
        f'</head><body><div id="outer">{_SITE_HEADER}<div id="main">{meta}<div id="workskin">'
        f'<div class="preface group"><h2 class="title heading">{TITLE}</h2><h3 class="byline heading">'
        f'<a rel="author" href="/users/{AUTHOR}">{AUTHOR}</a></h3></div>\n<div id="chapters" role="article">\n'
        f'{body}</div></div><div id="feedback"><div id="kudos"><p class="kudos">Someone left kudos on this work!</p>'
        "</div></div></div></div></body></html>\n",
        "utf-8",
    )


def write_ffn_page(chapters: list[Chapter], path: Path) -> None:
    """A FanFiction.Net story page saved from the browser, the whole story in its one chapter's #storytext."""
    story = "\n".join(_html_items(c) for c in chapters)
    path.write_text(
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{TITLE} Chapter 1, a harry potter fanfic | "
        f"FanFiction</title></head><body><div id=top><a href='/book/'>Books</a> <a href='/movie/'>Movies</a></div>"
        "<div id=pre_story_links><a class=xcontrast_txt href='/book/'>Books</a> <a class=xcontrast_txt "
        "href='/book/Harry-Potter/'>Harry Potter</a></div><div id=profile_top><b class='xcontrast_txt'>"
        f"{TITLE}</b> By: <a class='xcontrast_txt' href='/u/42/{AUTHOR}'>{AUTHOR}</a><span class='xgray xcontrast_txt'>"
        "Rated: Fiction T - English - Romance - Chapters: 1 - Words: 1,000,000 - Published: "
        "<span data-xutime='1614816000'>Mar 4, 2021</span> - Status: Complete - id: 1234567</span></div>"
        f"<div id=storytextp><div class='storytext xcontrast_txt nocopy' id='storytext'>\n{story}\n</div></div>"
        "<div id=p_footer><a href='/help/'>Help</a></div></body></html>\n",
        "utf-8",
    )


def write_epub(chapters: list[Chapter], path: Path) -> None:
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier("urn:uuid:bench-ficlens-1234567")
    book.set_title(TITLE)
    book.set_language("en")
    book.add_author(AUTHOR)
    preface = epub.EpubHtml(title="Preface", file_name="preface.xhtml", lang="en")
    preface.content = f"<html><body>{_ao3_preface()}</body></html>"
    items = [preface]
    for i, chapter in enumerate(chapters):
        item = epub.EpubHtml(title=chapter.title, file_name=f"chapter{i + 1}.xhtml", lang="en")
        item.content = f"<html><body>{_ao3_chapter(i + 1, chapter)}</body></html>"
        items.append(item)
    afterword = epub.EpubHtml(title="Afterword", file_name="afterword.xhtml", lang="en")
    afterword.content = f"<html><body>{_AFTERWORD}</body></html>"
    items.append(afterword)
    for item in items:
        book.add_item(item)
    book.toc = items
    book.spine = items
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    epub.write_epub(str(path), book)


def write_docx(chapters: list[Chapter], path: Path) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph

    document = Document()
    document.core_properties.title = TITLE
    document.core_properties.author = AUTHOR
    end = document.element.body.sectPr

    # document.add_paragraph() looks for the section properties among all the
    # body's children on every call (quadratic); adding before them is not.
    def add(text: str, style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        end.addprevious(element)
        paragraph = Paragraph(element, document._body)
        paragraph.add_run(text)
        if style:
            paragraph.style = style
        return paragraph

    add(TITLE, "Title")
    for chapter in chapters:
        add(chapter.title, "Heading 1")
        for kind, text in chapter.items:
            if kind == "heading":
                add(text, "Heading 2")
            elif kind == "break":
                add(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                add(text)
    document.save(str(path))


def write_zip(chapters: list[Chapter], path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for i, chapter in enumerate(chapters):
            body = "\n\n".join([chapter.title] + [text for _, text in chapter.items]) + "\n"
            archive.writestr(f"{TITLE}/chapter{i + 1}.txt", body)


def write_calibre(chapters: list[Chapter], path: Path) -> None:
    """AO3's MOBI, AZW3 or PDF: the HTML download through ebook-convert with AO3's options
    (otwarchive's download_writer.rb; the options live in tests/read/ebook_convert.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "read"))
    from ebook_convert import EBOOKS_CSS, ebook_convert_command
    from story_files import STORY

    html, css = path.with_suffix(".ao3.html"), path.with_suffix(".ebooks.css")
    write_ao3_html(chapters, html)
    css.write_text(EBOOKS_CSS, "utf-8")
    story = replace(STORY, title=TITLE, authors=(AUTHOR,))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_CHROMIUM_FLAGS": "--no-sandbox"}
    try:
        done = subprocess.run(ebook_convert_command(story, html, path, css), capture_output=True, text=True, env=env)
    except FileNotFoundError:
        raise SystemExit("ebook-convert not found: install Debian's calibre package (.ci/run does)") from None
    if done.returncode != 0:
        raise SystemExit(f"ebook-convert failed on {path.name}: {done.stderr.strip()[-500:]}")
    html.unlink()
    css.unlink()


WRITERS = {
    "text": write_text,
    "ao3-text": write_ao3_text,
    "fff-text": write_fff_text,
    "markdown": write_markdown,
    "ao3-html": write_ao3_html,
    "ao3-page": write_ao3_page,
    "ffn-page": write_ffn_page,
    "epub": write_epub,
    "docx": write_docx,
    "zip": write_zip,
    "mobi": write_calibre,
    "azw3": write_calibre,
    "pdf": write_calibre,
}


# --- measuring (in a child process) ----------------------------------------


def baseline(path: Path) -> int:
    """What any reader must at least do: read the bytes, decode them, split into words.

    A Kindle book must at least be unpacked (KindleUnpack) and a PDF's text drawn
    out of its pages (pypdf's extract_text); their words are split from that.
    """
    if path.suffix in (".mobi", ".azw3"):
        import contextlib

        from loguru import logger
        from mobi.kindleunpack import unpackBook

        logger.disable("mobi")
        with tempfile.TemporaryDirectory() as out, contextlib.redirect_stdout(io.StringIO()):
            unpackBook(str(path), out, epubver="A")
            return sum(len(f.read_bytes().decode("utf-8", "replace").split()) for f in Path(out).rglob("*.*html"))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return sum(len(page.extract_text().split()) for page in PdfReader(path).pages)
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(len(archive.read(n).decode("utf-8", "replace").split()) for n in archive.namelist())
    return len(data.decode("utf-8").split())


def _best(runs: int, call) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - started)
    return best




SLOW_SECONDS = 5.0  # a read slower than this is timed once, not --runs times


def measure(fmt: str, path: Path, runs: int) -> dict:
    """Time one format; runs in a fresh process so its memory peak is its own."""
    import tracemalloc

    pin_to_one_core()
    from ficlens.errors import InputError
    from ficlens.pipeline import read_and_structure

    result: dict = {"format": fmt, "bytes": path.stat().st_size}
    try:
        # A small story in the same format first, so the modules the reader
        # imports are loaded before memory is measured.
        with tempfile.TemporaryDirectory() as warm:
            small = Path(warm) / FILE_NAMES[fmt]
            WRITERS[fmt](make_story(2000), small)
            read_and_structure(small)
        rss_before = rss_mb("VmRSS")
        reset_peak_rss()
        started = time.perf_counter()
        read = read_and_structure(path)
        first = time.perf_counter() - started
    except (ImportError, NotImplementedError) as error:
        result["error"] = f"reader unavailable ({error})"
        return result
    except InputError as error:
        result["error"] = str(error)
        return result
    result.update(detected=read.work.source.format, counted=read.structure.words, chapters=len(read.work.chapters))
    del read
    result["rss_mb"] = rss_mb("VmHWM")
    result["rss_delta_mb"] = result["rss_mb"] - rss_before
    result["runs"] = 1 if first > SLOW_SECONDS else runs
    result["read_s"] = min(first, _best(result["runs"] - 1, lambda: read_and_structure(path)))
    result["baseline_s"] = _best(runs, lambda: baseline(path))  # after the reads: its word list is big
    tracemalloc.start()
    read_and_structure(path)
    result["traced_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result


def profile(path: Path, top: int) -> None:
    import cProfile
    import pstats

    from ficlens.pipeline import read_and_structure

    read_and_structure(path)  # imports and caches out of the way
    profiler = cProfile.Profile()
    profiler.runcall(read_and_structure, path)
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


# --- the report -----------------------------------------------------------------


def _run_child(fmt: str, path: Path, runs: int) -> dict:
    command = [sys.executable, __file__, "--child", fmt, str(path), "--runs", str(runs)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        return {"format": fmt, "error": (done.stderr.strip().splitlines() or ["child failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _print_table(rows: list[dict], words: int) -> None:
    header = (
        f"{'format':<9} {'detected':<9} {'MB':>6} {'words/s':>11} {'runs':>4} {'baseline w/s':>13} {'ratio':>6} "
        f"{'rss MB':>7} {'+rss MB':>8} {'traced MB':>9}  words counted"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        if "read_s" not in row:
            size = f"{row['bytes'] / 2**20:6.1f}" if "bytes" in row else f"{'':>6}"
            print(f"{row['format']:<9} {'':<9} {size}  {row['error']}")
            continue
        rate, base = words / row["read_s"], words / row["baseline_s"]
        print(
            f"{row['format']:<9} {row['detected']:<9} {row['bytes'] / 2**20:6.1f} {rate:11,.0f} {row['runs']:4} {base:13,.0f} "
            f"{rate / base:6.3f} {row['rss_mb']:7.0f} {row['rss_delta_mb']:8.0f} {row['traced_peak_mb']:9.0f}  "
            f"{row['counted']:,} in {row['chapters']} chapters"
        )
    print(
        "words/s: generated words over the best read+structure time; ratio: words/s over the baseline's "
        "(decode + str.split);\nrss: peak resident MB during one read, +rss: its growth during the read; "
        "traced: tracemalloc peak (Python objects only)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=1_000_000, help="story length in words (default 1,000,000)")
    default = ",".join(f for f in FORMATS if f != "pdf")
    parser.add_argument("--formats", default=default, help=f"comma-separated subset of {','.join(FORMATS)} (default: all but pdf)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per format; the best counts (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the generated files here and keep them")
    parser.add_argument("--profile", action="store_true", help="cProfile one read of each format instead of timing")
    parser.add_argument("--child", nargs=2, metavar=("FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child[0], Path(args.child[1]), args.runs)))
        return 0
    if args.words < 1 or args.runs < 1:
        parser.error("--words and --runs must be at least 1")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))} (known: {', '.join(FORMATS)})")

    started = time.perf_counter()
    chapters = make_story(args.words, args.seed)
    words = story_words(chapters)
    with tempfile.TemporaryDirectory(prefix="ficlens-bench-") as temp:
        folder = args.keep or Path(temp)
        folder.mkdir(parents=True, exist_ok=True)
        paths = {}
        for fmt in formats:
            paths[fmt] = folder / FILE_NAMES[fmt]
            WRITERS[fmt](chapters, paths[fmt])
        print(f"generated {words:,} words in {len(chapters)} chapters, {len(formats)} formats, "
              f"in {time.perf_counter() - started:.1f} s (seed {args.seed})", file=sys.stderr)
        if args.profile:
            for fmt in formats:
                print(f"=== {fmt}: {paths[fmt]}")
                profile(paths[fmt], 25)
            return 0
        rows = []
        for fmt in formats:
            rows.append(_run_child(fmt, paths[fmt], args.runs))
            print(f"measured {fmt}", file=sys.stderr)
    print(f"ficlens read_and_structure, {words:,}-word story, best of {args.runs}, one core, Python {sys.version.split()[0]}")
    _print_table(rows, words)
    text = next((r for r in rows if r["format"] == "text" and "read_s" in r), None)
    if text:
        rate = words / text["read_s"]
        verdict = "meets" if rate >= TARGET_WORDS_PER_SECOND else "MISSES"
        print(f"plain text: {rate:,.0f} words/s {verdict} the target of {TARGET_WORDS_PER_SECOND:,} words/s")
        if rate < TARGET_WORDS_PER_SECOND:
            return 1
    missed = False
    for row in rows:
        if row["format"] in FORMAT_TARGETS and "read_s" in row:
            rate, target = words / row["read_s"], FORMAT_TARGETS[row["format"]]
            print(f"{row['format']}: {rate:,.0f} words/s {'meets' if rate >= target else 'MISSES'} the target of {target:,} words/s")
            missed |= rate < target
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
