"""One story, written out in every format ficlens reads, for the reader tests.

`STORY` is a three-chapter AO3 work and `ONE_SHOT` a one-chapter one. The
builders lay them out the way the tools people use lay them out: AO3's HTML
download (otwarchive's `downloads` templates and `barebones` layout), AO3's
EPUB (the same XHTML split the way Calibre splits it, written with ebooklib),
FanFicFare's TXT (its `writer_txt.py` with the defaults of its `[txt]` and
`[archiveofourown.org]` sections, chapter HTML rendered by html2text; checked
byte for byte against FanFicFare 4.62) and a Word draft. Fixtures are written
into a test's `tmp_path`; nothing binary is kept in the repository.
"""

from __future__ import annotations

import html
import io
import textwrap
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

BREAK = "<hr>"  # a paragraph that is a scene break (an HTML rule)

# An AO3 dataset dump with a header of bare lines: title, fandom, category, rating, relationship.
HEADER_DUMP = """A Quiet Morning

Harry Potter - J. K. Rowling
M/M
T
Draco Malfoy/Harry Potter
A Quiet Morning
Summary
Harry wakes up early. Draco does not.

“Morning,” Harry said.
Draco groaned.
"""


@dataclass(frozen=True)
class StoryChapter:
    title: str
    paragraphs: tuple[str, ...]  # "\n" inside a paragraph is a line break (<br />)
    summary: str | None = None
    notes: str | None = None
    end_notes: str | None = None


@dataclass(frozen=True)
class Story:
    title: str
    authors: tuple[str, ...]
    work_id: int
    fandoms: tuple[str, ...]
    rating: str
    warnings: tuple[str, ...]
    categories: tuple[str, ...]
    relationships: tuple[str, ...]
    characters: tuple[str, ...]
    tags: tuple[str, ...]
    language: str
    summary: str
    notes: str
    end_notes: str
    published: str
    completed: str
    chapters: tuple[StoryChapter, ...] = field(default_factory=tuple)

    @property
    def url(self) -> str:
        return f"https://archiveofourown.org/works/{self.work_id}"

    def words(self) -> int:
        return sum(len(p.split()) for c in self.chapters for p in c.paragraphs if p != BREAK)

    def story_paragraphs(self) -> list[list[str]]:
        """Per chapter, the paragraphs of the story (each `<br />` line on its own)."""
        return [[line for p in c.paragraphs if p != BREAK for line in p.split("\n")] for c in self.chapters]

    def scenes(self) -> list[int]:
        return [1 + sum(p == BREAK for p in c.paragraphs) for c in self.chapters]


STORY = Story(
    title="Forty-One Letters",
    authors=("Moonlit_Quill", "ivyandink"),
    work_id=48151623,
    fandoms=("Harry Potter - J. K. Rowling",),
    rating="General Audiences",
    warnings=("No Archive Warnings Apply",),
    categories=("F/M",),
    relationships=("Candy/Draco Malfoy",),
    characters=("Candy (Original Character)", "Draco Malfoy", "Pansy Parkinson"),
    tags=("Epistolary", "Fluff", "Hurt/Comfort"),
    language="English",
    summary=(
        "Draco Malfoy has written Candy a letter every week since the war ended. "
        "He’s never sent a single one, and he is not about to start now."
    ),
    notes="Written for the Winter Owl Exchange. Thank you to my beta, who read every draft!",
    end_notes="Comments and kudos are always welcome.",
    published="2023-03-14",
    completed="2023-04-02",
    chapters=(
        StoryChapter(
            "The First Letter",
            (
                "The owl arrived at dawn, which was the first sign that something was wrong.",
                "“You’re up early,” Pansy said from the doorway. She did not look surprised to find him "
                "at the desk, surrounded by crumpled parchment.",
                "“I never went to bed.” Draco folded the letter in half, then in half again, until it was "
                "small enough to hide in his fist.",
                "“Is that another one for Candy?”",
                "He did not answer, and she did not ask twice.",
            ),
            notes="This chapter was written on a very long train ride.",
        ),
        StoryChapter(
            "Owls",
            (
                "The Owlery was colder than he remembered. Frost had crept in through the windows and "
                "painted the stone floor white.",
                "“You could just send it,” said a voice behind him, and Draco turned so quickly that he "
                "nearly dropped the letter.",
                "Candy stood at the top of the stairs with her scarf pulled up to her nose.",
                BREAK,
                "Later, when the castle was quiet, he wrote a second letter. This one began with an "
                "apology and ended with her name.",
                "“Tomorrow,” he promised the owl. “I’ll send them both tomorrow.”",
            ),
            end_notes="One more chapter to go.",
        ),
        StoryChapter(
            "Sent",
            (
                "In the end it was Candy who sent them, all forty-one of them, tied together with a "
                "green ribbon.",
                "Dear Draco,\nI read every one.\nYes.\nCandy",
                "He laughed for the first time in a year, and the sound startled the owl off its perch.",
            ),
            summary="In which a letter finally leaves.",
        ),
    ),
)


ONE_SHOT = Story(
    title="The Owlery at Midnight",
    authors=("Moonlit_Quill",),
    work_id=50000001,
    fandoms=("Harry Potter - J. K. Rowling",),
    rating="Teen And Up Audiences",
    warnings=("Creator Chose Not To Use Archive Warnings",),
    categories=("Gen",),
    relationships=(),
    characters=("Draco Malfoy",),
    tags=("Angst", "One Shot"),
    language="English",
    summary="A boy, an owl, and a letter he cannot bring himself to send.",
    notes="A short one.",
    end_notes="Thanks for reading!",
    published="2023-05-01",
    completed="2023-05-01",
    chapters=(
        StoryChapter(
            "",
            (
                "The owl would not take the letter. It looked at Draco with open contempt and turned its back.",
                "“Fine,” he said. “Be like that.”",
                BREAK,
                "He walked home in the rain, the letter dry in his pocket, and did not mind as much as he had expected.",
            ),
        ),
    ),
)


# --- AO3 HTML download -------------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _userstuff_html(paragraphs: tuple[str, ...], indent: str) -> str:
    """Story HTML as AO3's sanitizer leaves it: `<p>` per paragraph, `<br />` lines, `<hr />` rules."""
    out = []
    for paragraph in paragraphs:
        if paragraph == BREAK:
            out.append(f"{indent}<hr />")
        else:
            out.append(f"{indent}<p>{'<br />'.join(_e(line) for line in paragraph.split(chr(10)))}</p>")
    return "\n".join(out)


def _tag_links(tags: tuple[str, ...]) -> str:
    return ", ".join(
        f'<a href="https://archiveofourown.org/tags/{html.escape(t.replace("/", "*s*"))}/works">{_e(t)}</a>'
        for t in tags
    )


def _byline(story: Story) -> str:
    return ", ".join(
        f'<a rel="author" href="https://archiveofourown.org/users/{a}/pseuds/{a}">{_e(a)}</a>' for a in story.authors
    )


def ao3_preface(story: Story) -> str:
    """`div#preface` as `_download_preface.html.erb` renders it."""
    groups = (
        ("Rating", "Ratings", (story.rating,)),
        ("Archive Warning", "Archive Warnings", story.warnings),
        ("Category", "Categories", story.categories),
        ("Fandom", "Fandoms", story.fandoms),
        ("Relationship", "Relationships", story.relationships),
        ("Character", "Characters", story.characters),
        ("Additional Tags", "Additional Tags", story.tags),
    )
    rows = []
    for one, many, tags in groups:
        if tags:
            rows.append(f"          <dt>{one if len(tags) == 1 else many}:</dt>\n          <dd>{_tag_links(tags)}</dd>")
    chapters = len(story.chapters)
    return f"""<div id="preface">
  <h2 class="toc-heading">Preface</h2>

  <p class="message">
    <b>{_e(story.title)}</b><br/>
    Posted originally on the <a href="https://archiveofourown.org/">Archive of Our Own</a> at <a href="{story.url}">{story.url}</a>.
  </p>

  <div class="meta">
    <dl class="tags">
{chr(10).join(rows)}

        <dt>Language:</dt>
        <dd>{story.language}</dd>

      <dt>Stats:</dt>
      <dd>
        Published: {story.published}
          Completed: {story.completed}
        Words: {story.words():,}
        Chapters: {chapters}/{chapters}
      </dd>
    </dl>
    <h1>{_e(story.title)}</h1>
    <div class="byline">by {_byline(story)}</div>
      <p>Summary</p>
      <blockquote class="userstuff"><p>{_e(story.summary)}</p></blockquote>

      <p>Notes</p>
        <blockquote class="userstuff"><p>{_e(story.notes)}</p></blockquote>
        <div class="endnote-link">
          See the end of the work for more <a href="#endnotes">notes</a>
        </div>

  </div>
</div>
"""


def ao3_chapter(chapter: StoryChapter, position: int) -> str:
    """One chapter as `_download_chapter.html.erb` renders it."""
    parts = [f'<div class="meta group">\n  <h2 class="heading">{_e(chapter.title)}</h2>\n']
    if chapter.summary:
        parts.append(f'    <p>Chapter Summary</p>\n    <blockquote class="userstuff"><p>{_e(chapter.summary)}</p></blockquote>\n')
    if chapter.notes or chapter.end_notes:
        parts.append("    <p>Chapter Notes</p>\n")
        if chapter.notes:
            parts.append(f'      <blockquote class="userstuff"><p>{_e(chapter.notes)}</p></blockquote>\n')
        if chapter.end_notes:
            more = "more notes" if chapter.notes else "notes"
            parts.append(
                f'      <div class="endnote-link">\n        See the end of the chapter for '
                f'<a href="#endnotes{position}">{more}</a>\n      </div>\n'
            )
    parts.append("</div>\n\n<!--chapter content-->\n<div class=\"userstuff\">\n")
    parts.append(_userstuff_html(chapter.paragraphs, "  ") + "\n</div>\n<!--/chapter content-->\n")
    if chapter.end_notes:
        parts.append(
            f'\n  <div class="meta" id="endnotes{position}">\n    <p>Chapter End Notes</p>\n'
            f'    <blockquote class="userstuff"><p>{_e(chapter.end_notes)}</p></blockquote>\n  </div>\n'
        )
    return "".join(parts)


def ao3_afterword(story: Story) -> str:
    """`div#afterword` as `_download_afterword.html.erb` renders it."""
    return f"""<div id="afterword">
  <h2 class="toc-heading">Afterword</h2>

    <div class="meta">
        <div id="endnotes">
          <p>End Notes</p>
          <blockquote class="userstuff"><p>{_e(story.end_notes)}</p></blockquote>
        </div>

    </div>

  <p class="message">Please <a href="{story.url}/comments/new">drop by the Archive and comment</a> to let the creator know if you enjoyed their work!</p>
</div>
"""


def _page(title: str, body: str) -> str:
    """The `barebones` layout AO3 renders downloads with."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
<head>
  <meta charset="utf-8" />
  <meta http-equiv="x-ua-compatible" content="ie=edge" />
  <title>{_e(title)}</title>
  <style type="text/css">
    p.message {{ text-align: center; }}
    .meta h1 {{ font-size: 1.5em; text-align: center; }}
    .meta h2 {{ font-size: 1.25em; text-align: center; }}
    .meta h2 {{ page-break-before: always; }}
    .meta .byline {{ text-align: center; }}
    .meta dl.tags {{ border: 1px solid;  padding: 1em; }}
    .meta dd {{ margin: -1em 0 0 10em; }}
    .meta .endnote-link {{ font-size: .8em; }}
    #chapters  {{ font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }}
    .userstuff  {{ font-family: "Nimbus Roman No9 L", "Times New Roman", serif; padding: 1em; }}
  </style>
</head>
<body>

{body}
    
</body>
</html>
"""


def _page_title(story: Story) -> str:
    return f"{story.title} - {', '.join(story.authors)} - {', '.join(story.fandoms)} [Archive of Our Own]"


def ao3_one_chapter(story: Story) -> str:
    """A one-chapter work's text, as `show.html.erb` renders it: no chapter heading or notes."""
    return f'  <div class="userstuff">\n{_userstuff_html(story.chapters[0].paragraphs, "    ")}\n  </div>\n'


def ao3_html(story: Story = STORY) -> str:
    """The work as AO3's HTML download (`downloads/show.html.erb`)."""
    if len(story.chapters) == 1:
        chapters = ao3_one_chapter(story)
    else:
        chapters = "\n".join(ao3_chapter(c, i + 1) for i, c in enumerate(story.chapters))
    body = f'{ao3_preface(story)}\n<div id="chapters" class="userstuff">\n{chapters}\n</div>\n\n{ao3_afterword(story)}'
    return _page(_page_title(story), body)


# --- AO3 EPUB ----------------------------------------------------------------------------------


def _xhtml(title: str, body: str) -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">\n'
        f"<head>\n<title>{_e(title)}</title>\n"
        '<link rel="stylesheet" type="text/css" href="stylesheet.css"/>\n</head>\n'
        f'<body class="calibre">\n{body}\n</body>\n</html>\n'
    )


def ao3_epub_parts(story: Story = STORY, wrapper_ids: bool = True) -> list[tuple[str, str]]:
    """The download's XHTML split as Calibre splits it: preface, one file per chapter, afterword.

    Calibre splits before each `.meta h2` (they carry `page-break-before`) and
    copies the split element's ancestors into each part, so every chapter file
    repeats the `div#chapters` wrapper (without its id when `wrapper_ids` is off).
    """
    slug = story.title.replace(" ", "_").replace("-", "_")
    parts = [(f"{slug}_split_000.xhtml", _xhtml(story.title, ao3_preface(story)))]
    if len(story.chapters) == 1:
        body = f'<div id="chapters" class="userstuff">\n{ao3_one_chapter(story)}</div>'
        parts.append((f"{slug}_split_001.xhtml", _xhtml(story.title, body)))
    for i, chapter in enumerate(story.chapters if len(story.chapters) > 1 else ()):
        wrapper = '<div id="chapters" class="userstuff">' if wrapper_ids or i == 0 else '<div class="userstuff">'
        body = f"{wrapper}\n{ao3_chapter(chapter, i + 1)}</div>"
        parts.append((f"{slug}_split_{i + 1:03d}.xhtml", _xhtml(story.title, body)))
    parts.append((f"{slug}_split_{len(story.chapters) + 1:03d}.xhtml", _xhtml(story.title, ao3_afterword(story))))
    return parts


def write_epub(
    path: Path,
    parts: list[tuple[str, str]],
    *,
    title: str,
    authors: tuple[str, ...] = (),
    language: str = "en",
    description: str | None = None,
    subjects: tuple[str, ...] = (),
    toc_titles: list[str] | None = None,
    nav_in_spine: bool = False,
    cover: bool = False,
) -> Path:
    """Write an EPUB with ebooklib: `parts` as (file name, XHTML) in spine order."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"ficlens-test-{title}")
    book.set_title(title)
    book.set_language(language)
    for author in authors:
        book.add_author(author)
    if description:
        book.add_metadata("DC", "description", description)
    for subject in subjects:
        book.add_metadata("DC", "subject", subject)
    items = []
    for i, (name, xhtml) in enumerate(parts):
        item = epub.EpubHtml(uid=f"part{i}", file_name=name, title=name)
        item.set_content(xhtml.encode("utf-8"))
        book.add_item(item)
        items.append(item)
    book.add_item(epub.EpubItem(uid="css", file_name="stylesheet.css", media_type="text/css", content=b"p { margin: 0; }"))
    if toc_titles:
        book.toc = [epub.Link(item.file_name, label, f"toc{i}") for i, (item, label) in enumerate(zip(items, toc_titles))]
    else:
        book.toc = [epub.Link(item.file_name, item.file_name, f"toc{i}") for i, item in enumerate(items)]
    book.add_item(epub.EpubNcx())
    nav = epub.EpubNav()
    book.add_item(nav)
    spine: list = ["nav"] if nav_in_spine else []
    if cover:
        page = epub.EpubHtml(uid="cover", file_name="cover.xhtml", title="Cover")
        page.set_content(b'<html><body><div><img src="cover.jpg" alt="cover"/></div></body></html>')
        book.add_item(page)
        book.add_item(epub.EpubItem(uid="cover-image", file_name="cover.jpg", media_type="image/jpeg", content=b"\xff\xd8\xff\xe0fake"))
        spine.insert(0, page)
    book.spine = spine + items
    epub.write_epub(str(path), book, {})
    return path


def ao3_epub(path: Path, story: Story = STORY, wrapper_ids: bool = True) -> Path:
    """The work as AO3's EPUB: the download's XHTML, split, with Calibre's OPF metadata."""
    return write_epub(
        path,
        ao3_epub_parts(story, wrapper_ids),
        title=story.title,
        authors=story.authors,
        description=f"<p>{_e(story.summary)}</p>",
        subjects=("Fanworks", story.rating, *story.warnings, *story.categories, *story.fandoms, *story.relationships, *story.characters, *story.tags),
        toc_titles=["Preface", *(c.title for c in story.chapters), "Afterword"],
    )


# --- FanFicFare TXT ----------------------------------------------------------------------------


def _wraplines(text: str, width: int) -> str:
    """FanFicFare's TextWriter.wraplines (textwrap.wrap of every line; tabs become spaces)."""
    if not width:
        return text
    result = ""
    for para in text.split("\n"):
        result += "\n".join(textwrap.wrap(para, width)) + "\n"
    return result


def _wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) if width else [text]


def _html2text_paragraphs(paragraphs: list[str], width: int) -> str:
    """html2text's rendering of `<p>` paragraphs: wrapped at `width`, blank-line separated."""
    out = []
    for paragraph in paragraphs:
        if paragraph == BREAK:
            out.append("* * *")
            continue
        lines = paragraph.split("\n")
        wrapped = ["\n".join(_wrap(line, width)) for line in lines]
        out.append("  \n".join(wrapped))
    return "\n\n".join(out)


def _fff_note(label: str, text: str, width: int) -> str:
    quoted = "\n".join(f"> {line}" for line in _wrap(text, width - 2 if width else 0))
    return f"**{label}**\n\n{quoted}"


def fff_chapter_text(story: Story, index: int, width: int = 78) -> str:
    """A chapter as html2text renders the HTML FanFicFare's AO3 adapter builds for it.

    The adapter puts the work's notes before the first chapter and its end notes
    after the last, each chapter's summary and notes before its text and its end
    notes after, each under a bold label in a blockquote.
    """
    chapter = story.chapters[index]
    head = []
    if index == 0 and story.notes:
        head.append(_fff_note("Author's Note:", story.notes, width))
    if chapter.summary:
        head.append(_fff_note("Summary for the Chapter:", chapter.summary, width))
    if chapter.notes:
        head.append(_fff_note("Notes for the Chapter:", chapter.notes, width))
    foot = []
    if chapter.end_notes:
        foot.append(_fff_note("Notes for the Chapter:", chapter.end_notes, width))
    if index == len(story.chapters) - 1 and story.end_notes:
        foot.append(_fff_note("Author's Note:", story.end_notes, width))
    body = _html2text_paragraphs(list(chapter.paragraphs), width)
    blocks = ["\n\n".join(head)] if head else []
    blocks.append(body)
    if foot:
        blocks.append("\n\n".join(foot))
    return "\n\n".join(blocks) + ("\n\n" if width else "\n")  # html2text ends unwrapped output with one newline


def fff_txt(story: Story = STORY, windows_eol: bool = True, wrap_width: int = 78, packaged: str = "2024-05-06 12:34:56") -> str:
    """The work as FanFicFare's TXT output with its default settings.

    `[txt]` sets `wrap_width: 78`, `windows_eol: true` and the title page
    entries; `[archiveofourown.org]` fills Category from the fandoms and Genre
    from the additional tags and AO3 categories; list entries are sorted.
    Checked byte for byte against FanFicFare 4.62's TextWriter (with
    `wrap_width` 78 and 0) fed both stories as its AO3 adapter builds them.
    """
    genre = sorted({*story.tags, *story.categories})
    entries = [
        ("Category", ", ".join(sorted(story.fandoms))),
        ("Genre", ", ".join(genre)),
        ("Language", story.language),
        ("Characters", ", ".join(sorted(story.characters))),
        ("Relationships", ", ".join(sorted(story.relationships))),
        ("Status", "Completed"),
        ("Published", story.published),
        ("Updated", story.completed),
        ("Packaged", packaged),
        ("Rating", story.rating),
        ("Warnings", ", ".join(sorted(story.warnings))),
        ("Chapters", str(len(story.chapters))),
        ("Words", f"{story.words():,}"),
        ("Publisher", "archiveofourown.org"),
        ("Story URL", story.url),
        ("Author URL", ", ".join(f"https://archiveofourown.org/users/{a}/pseuds/{a}" for a in story.authors)),
        ("Summary", story.summary),
    ]
    top = f"\n\n\n{story.title}\n\nby {', '.join(story.authors)}\n\n\n"
    top += "\n" + "".join(f"{label}: {value}\n" for label, value in entries if value) + "\n\n\n"
    # The AO3 adapter titles a lone chapter with the work's title, others as AO3's chapter index does.
    titles = [f"{i + 1}. {c.title}" for i, c in enumerate(story.chapters)] if len(story.chapters) > 1 else [story.title]
    if len(titles) > 1:
        top += "\n\nTABLE OF CONTENTS\n\n" + "".join(f"\n{t}\n" for t in titles) + "\n"
    out = _wraplines(top, wrap_width)
    for i, title in enumerate(titles):
        out += _wraplines(f"\n\n\t{title}\n\n", wrap_width)
        out += fff_chapter_text(story, i, wrap_width) + _wraplines("", wrap_width)
    out += _wraplines("\n\nEnd file.\n", wrap_width)
    return out.replace("\n", "\r\n") if windows_eol else out


# --- Word draft --------------------------------------------------------------------------------


def write_docx(path: Path, story: Story = STORY, *, summary_block: bool = False, rule_break: bool = True, headings: bool = True) -> Path:
    """The work as a writer's Word draft: title, tag lines, Heading 1 chapters.

    With `summary_block` the summary is a "Summary" line followed by its
    paragraph instead of a "Summary: ..." line. Scene breaks are an empty
    paragraph with a bottom border (`rule_break`) or a centered "* * *".
    Without `headings` the chapters' text simply follows the header.
    """
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = docx.Document()
    document.core_properties.title = story.title
    document.core_properties.author = "; ".join(story.authors)
    document.add_paragraph(story.title, style="Title")
    lines = [
        ("Rating", story.rating),
        ("Archive Warning", ", ".join(story.warnings)),
        ("Category", ", ".join(story.categories)),
        ("Fandom", ", ".join(story.fandoms)),
        ("Relationship", ", ".join(story.relationships)),
        ("Characters", ", ".join(story.characters)),
        ("Additional Tags", ", ".join(story.tags)),
        ("Language", story.language),
    ]
    for label, value in lines:
        if value:
            document.add_paragraph(f"{label}: {value}")
    if summary_block:
        document.add_paragraph("Summary")
        document.add_paragraph(story.summary)
    else:
        document.add_paragraph(f"Summary: {story.summary}")
    document.add_paragraph()
    for i, chapter in enumerate(story.chapters):
        if i:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        if headings:
            document.add_heading(chapter.title, level=1)
        for paragraph in chapter.paragraphs:
            if paragraph == BREAK:
                if rule_break:
                    _bordered_empty_paragraph(document)
                else:
                    document.add_paragraph("* * *").alignment = WD_ALIGN_PARAGRAPH.CENTER
                continue
            lines = paragraph.split("\n")
            p = document.add_paragraph()
            run = p.add_run(lines[0])
            for line in lines[1:]:
                run.add_break()
                run = p.add_run(line)
    document.save(str(path))
    return path


def _bordered_empty_paragraph(document) -> None:
    """An empty paragraph with a bottom border: Word's "---" + Enter horizontal line."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    paragraph = document.add_paragraph()
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().append(borders)


# --- Damaged files -----------------------------------------------------------------------------


def rezip(data: bytes, drop: set[str] = frozenset(), replace: dict[str, bytes] | None = None) -> bytes:
    """A copy of a zip archive without the members in `drop` and with `replace`d members."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info, replace.get(info.filename, source.read(info.filename)))
    return out.getvalue()


def normalised(text: str | None) -> str | None:
    """Text with its whitespace made single spaces: what formats agree on."""
    return None if text is None else " ".join(text.split())


def declared(meta) -> dict:
    """What a work's file declares about it (`Metadata`), as the same story in every format must declare it."""
    return {
        "title": meta.title,
        "authors": meta.authors,
        "fandoms": meta.fandoms,
        "rating": meta.rating,
        "warnings": meta.warnings,
        "categories": meta.categories,
        "relationships": meta.relationships,
        "characters": meta.characters,
        "tags": meta.tags,
        "language": meta.language,
        "summary": normalised(meta.summary),
    }
