"""The story of `story_files.STORY` as the download tools write it, for the reader tests.

- FanFicFare's EPUB, written the way its `writer_epub.py` writes one: a
  hand-made zip with `content.opf` (FanFicFare as contributor, its
  `fanficfare-uid` identifier, `dc:subject` tags from `include_subject_tags`:
  extratags "FanFiction", genre, category, characters, ships, the two
  "Last Update" tags and the status), `toc.ncx`, `OEBPS/title_page.xhtml`
  (`EPUB_TITLE_PAGE_START`, one `EPUB_TITLE_ENTRY` per default
  `titlepage_entries` entry, or the `titlepage_use_table` rows),
  `OEBPS/toc_page.xhtml` and one `OEBPS/fileNNNN.xhtml` per chapter
  (`EPUB_CHAPTER_START`) holding what its AO3 adapter builds: the
  `fff_head_notes` div ("Author's Note:", "Summary for the Chapter:", "Notes for
  the Chapter:", each a `<b>` label over a blockquote), the `userstuff module`
  text and the `fff_foot_notes` div.
- FicHub's EPUB, made with ebooklib as its `ebook.py` makes it:
  `introduction.xhtml` (its `epub_introduction.html` template), the nav page in
  the spine, `chap_N.xhtml` chapters.
- WebToEpub's EPUB of an AO3 work: `OEBPS/Text/0000_Information.xhtml`
  ("Information", the "Table of Contents URL:", then AO3's own `dl.work.meta`,
  `div.summary` and `div.notes` copied from the work page) and chapters that
  keep AO3's page markup (`div.chapter.preface.group` with `h3.title`,
  `div.summary.module`, `div.notes.module`, then `div.userstuff.module`, then
  `div.end.notes.module`).
"""

from __future__ import annotations

import html
import zipfile
from pathlib import Path

from story_files import BREAK, STORY, Story, write_epub

PLATONIC = "Harry Potter & Ron Weasley"  # an "&" relationship: FanFicFare escapes it twice in dc:subject
PACKAGED = "2024-05-06 12:34:56"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _paragraphs(paragraphs: tuple[str, ...]) -> str:
    out = []
    for paragraph in paragraphs:
        out.append("<hr />" if paragraph == BREAK else f"<p>{'<br />'.join(_e(x) for x in paragraph.split(chr(10)))}</p>")
    return "\n".join(out)


# --- FanFicFare ---------------------------------------------------------------------------------


def fff_titlepage_entries(story: Story = STORY) -> list[tuple[str, str]]:
    """FanFicFare's default `titlepage_entries` with its labels, as its AO3 adapter fills them."""
    return [
        ("Category", ", ".join(story.fandoms)),
        ("Genre", ", ".join(sorted({*story.tags, *story.categories}))),
        ("Language", story.language),
        ("Characters", ", ".join(sorted(story.characters))),
        ("Relationships", ", ".join(sorted([*story.relationships, PLATONIC]))),
        ("Status", "Completed"),
        ("Published", story.published),
        ("Updated", story.completed),
        ("Packaged", PACKAGED),
        ("Rating", story.rating),
        ("Warnings", ", ".join(story.warnings)),
        ("Chapters", str(len(story.chapters))),
        ("Words", f"{story.words():,}"),
        ("Publisher", "archiveofourown.org"),
    ]


def fff_title_page(story: Story = STORY, table: bool = False) -> str:
    start = f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{_e(story.title)} by {_e(", ".join(story.authors))}</title>
<link href="stylesheet.css" type="text/css" rel="stylesheet"/>
</head>
<body class="fff_titlepage">
<h3><a href="{story.url}">{_e(story.title)}</a> by {", ".join(f'<a href="https://archiveofourown.org/users/{a}/pseuds/{a}">{a}</a>' for a in story.authors)}</h3>
"""
    summary = f"<p>{_e(story.summary)}</p>"
    if table:
        rows = "".join(f'\n<tr><td><b>{label}:</b></td><td>{_e(value)}</td></tr>\n' for label, value in fff_titlepage_entries(story))
        rows += f'\n<tr><td colspan="2"><b>Summary:</b> {summary}</td></tr>\n'
        return start + f'<table class="full">\n{rows}\n</table>\n\n</body>\n</html>\n'
    entries = "".join(f"\n<b>{label}:</b> {_e(value)}<br />\n" for label, value in fff_titlepage_entries(story))
    entries += f"\n<b>Summary:</b> {summary}<br />\n"
    return start + f"<div>\n{entries}\n</div>\n\n</body>\n</html>\n"


def fff_chapter(story: Story, index: int) -> str:
    """A chapter file: `EPUB_CHAPTER_START`, then the AO3 adapter's notes around the text."""
    chapter = story.chapters[index]
    title = f"{index + 1}. {chapter.title}" if len(story.chapters) > 1 else story.title
    head = []
    if index == 0 and story.notes:
        head.append(f"<b>Author's Note:</b><blockquote class=\"userstuff\"><p>{_e(story.notes)}</p></blockquote>")
    if chapter.summary:
        head.append(f"<b>Summary for the Chapter:</b><blockquote class=\"userstuff\"><p>{_e(chapter.summary)}</p></blockquote>")
    if chapter.notes:
        head.append(f"<b>Notes for the Chapter:</b><blockquote class=\"userstuff\"><p>{_e(chapter.notes)}</p></blockquote>")
    foot = []
    if chapter.end_notes:
        foot.append(f"<b>Notes for the Chapter:</b><blockquote class=\"userstuff\"><p>{_e(chapter.end_notes)}</p></blockquote>")
    if index == len(story.chapters) - 1 and story.end_notes:
        foot.append(f"<b>Author's Note:</b><blockquote class=\"userstuff\"><p>{_e(story.end_notes)}</p></blockquote>")
    body = f'<div class="fff_chapter_notes fff_head_notes">{"".join(head)}</div>' if head else ""
    body += f'<div class="userstuff module" role="article">\n{_paragraphs(chapter.paragraphs)}\n</div>'
    body += f'<div class="fff_chapter_notes fff_foot_notes">{"".join(foot)}</div>' if foot else ""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{_e(title)}</title>
<link href="stylesheet.css" type="text/css" rel="stylesheet"/>
<meta name="chapterurl" content="{story.url}/chapters/{index + 1}" />
<meta name="chapterorigtitle" content="{_e(title)}" />
<meta name="chaptertoctitle" content="{_e(title)}" />
<meta name="chaptertitle" content="{_e(title)}" />
</head>
<body class="fff_chapter">
<h3 class="fff_chapter_title">{_e(title)}</h3>
<div>{body}</div>
</body>
</html>
"""


def fff_subjects(story: Story = STORY) -> list[str]:
    """`include_subject_tags: extratags, genre, category, characters, ships, lastupdate, status`."""
    year, month, day = story.completed.split("-")
    return [
        "FanFiction",
        *sorted({*story.tags, *story.categories}),
        *story.fandoms,
        *sorted(story.characters),
        *sorted([*story.relationships, PLATONIC]),
        f"Last Update Year/Month: {year}/{month}",
        f"Last Update: {year}/{month}/{day}",
        "Completed",
    ]


def fff_opf(story: Story, files: list[tuple[str, str, str | None]]) -> str:
    """`content.opf` as FanFicFare's EPUB 2 writer builds it (minidom, so "&" in a value it
    already escaped, like ships' "&amp;", is escaped again)."""
    authors = "".join(f'<dc:creator opf:role="aut">{a}</dc:creator>' for a in story.authors)
    subjects = "".join(f"<dc:subject>{_e(_e(s))}</dc:subject>" for s in fff_subjects(story))
    manifest = '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    manifest += '<item id="style" href="OEBPS/stylesheet.css" media-type="text/css"/>'
    manifest += "".join(f'<item id="{i}" href="{href}" media-type="application/xhtml+xml"/>' for i, href, _ in files)
    spine = "".join(f'<itemref idref="{i}" linear="yes"/>' for i, _, _ in files)
    return (
        '<?xml version="1.0" encoding="utf-8"?><package version="2.0" xmlns="http://www.idpf.org/2007/opf" '
        'unique-identifier="fanficfare-uid"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:opf="http://www.idpf.org/2007/opf">'
        f'<dc:identifier id="fanficfare-uid">fanficfare-uid:archiveofourown.org-u{story.authors[0]}-s{story.work_id}</dc:identifier>'
        f'<dc:title id="id">{_e(story.title)}</dc:title>{authors}'
        '<dc:contributor id="id-3">FanFicFare [https://github.com/JimmXinu/FanFicFare]</dc:contributor>'
        f'<dc:language>en</dc:language><dc:date opf:event="publication">{story.published}</dc:date>'
        f'<dc:date opf:event="modification">{story.completed}</dc:date>'
        f"<dc:description>{_e('<p>' + _e(story.summary) + '</p>')}</dc:description>{subjects}"
        f'<dc:publisher>archiveofourown.org</dc:publisher><dc:identifier opf:scheme="URL">{story.url}</dc:identifier>'
        f"<dc:source>{story.url}</dc:source></metadata><manifest>{manifest}</manifest>"
        f'<spine toc="ncx">{spine}</spine></package>'
    )


def fff_ncx(story: Story, files: list[tuple[str, str, str | None]]) -> str:
    points = "".join(
        f'<navPoint id="{i}" playOrder="{n}"><navLabel><text>{_e(title)}</text></navLabel><content src="{href}"/></navPoint>'
        for n, (i, href, title) in enumerate(f for f in files if f[2])
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><ncx version="2005-1" xmlns="http://www.daisy.org/z3986/2005/ncx/">'
        f'<head><meta name="dtb:uid" content="x"/><meta name="dtb:depth" content="1"/></head>'
        f"<docTitle><text>{_e(story.title)}</text></docTitle><navMap>{points}</navMap></ncx>"
    )


def fff_epub_members(story: Story = STORY, table: bool = False, title_page: bool = True) -> dict[str, str]:
    """The members of FanFicFare's EPUB (besides `mimetype`), by name."""
    files: list[tuple[str, str, str | None]] = []
    members: dict[str, str] = {}
    if title_page:
        files.append(("title_page", "OEBPS/title_page.xhtml", "Title Page"))
        members["OEBPS/title_page.xhtml"] = fff_title_page(story, table)
    if len(story.chapters) > 1:
        files.append(("toc_page", "OEBPS/toc_page.xhtml", "Table of Contents"))
        links = "".join(
            f'\n<a href="file{i + 1:04d}.xhtml">{i + 1}. {_e(c.title)}</a><br />\n' for i, c in enumerate(story.chapters)
        )
        members["OEBPS/toc_page.xhtml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
            f"<title>{_e(story.title)}</title>\n</head>\n<body class=\"fff_tocpage\">\n<div>\n<h3>Table of Contents</h3>\n"
            f"{links}\n</div>\n</body>\n</html>\n"
        )
    for i, chapter in enumerate(story.chapters):
        title = f"{i + 1}. {chapter.title}" if len(story.chapters) > 1 else story.title
        files.append((f"file{i + 1:04d}", f"OEBPS/file{i + 1:04d}.xhtml", title))
        members[f"OEBPS/file{i + 1:04d}.xhtml"] = fff_chapter(story, i)
    members["META-INF/container.xml"] = (
        '<?xml version="1.0" encoding="utf-8"?><container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
        '<rootfile full-path="content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>'
    )
    members["content.opf"] = fff_opf(story, files)
    members["toc.ncx"] = fff_ncx(story, files)
    members["OEBPS/stylesheet.css"] = "body { margin: 2%; }"
    return members


def write_zip_epub(path: Path, members: dict[str, str]) -> Path:
    """An EPUB zip: `mimetype` first and stored, then the members."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, text in members.items():
            archive.writestr(name, text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
    return path


def fff_epub(path: Path, story: Story = STORY, table: bool = False, title_page: bool = True) -> Path:
    """The work as FanFicFare's EPUB."""
    return write_zip_epub(path, fff_epub_members(story, table, title_page))


# --- FicHub ---------------------------------------------------------------------------------------


def fichub_introduction(story: Story = STORY, extra_meta: str | None = None) -> str:
    """`epub_introduction.html` rendered for the work."""
    chapters = f"\t<p>Chapters: {len(story.chapters)}</p>\n" if len(story.chapters) > 1 else ""
    extra = f"\t<p>{_e(extra_meta)}</p>\n" if extra_meta else ""
    return (
        '<html>\n<head>\n\t<title>Introduction</title>\n\t<link rel="stylesheet" href="style/main.css" type="text/css" />\n'
        f"</head>\n<body>\n\t<h1>{_e(story.title)}</h1>\n\t<p><b>By: {_e(story.authors[0])}</b></p>\n"
        f"\t<p>{_e(story.summary)}</p>\n\t<p>Status: complete</p>\n\t<p>Published: {story.published}</p>\n"
        f"\t<p>Updated: {story.completed}</p>\n\t<p>Words: {story.words()}</p>\n{chapters}{extra}"
        f'\t<p>Original source:\n\t\t<a rel="noopener noreferrer" href="{story.url}">{story.url}</a></p>\n'
        "\t<p>Exported with the assistance of\n\t\t<a href='https://fichub.net'>FicHub.net</a></p>\n</body>\n</html>\n"
    )


def fichub_epub(path: Path, story: Story = STORY, extra_meta: str | None = None) -> Path:
    """The work as FicHub's EPUB (ebooklib; introduction, nav page, `chap_N.xhtml`)."""
    from ebooklib import epub

    book = epub.EpubBook()
    book.set_identifier(f"fichub-{story.work_id}")
    book.set_title(story.title)
    book.set_language("en")
    book.add_author(story.authors[0])
    book.add_metadata("DC", "description", story.summary)
    intro = epub.EpubHtml(title="Introduction", file_name="introduction.xhtml", lang="en")
    intro.content = fichub_introduction(story, extra_meta)
    book.add_item(intro)
    nav = epub.EpubNav(uid="nav", file_name="nav.xhtml")
    book.add_item(nav)
    chapters = []
    for n, chapter in enumerate(story.chapters, 1):
        item = epub.EpubHtml(title=chapter.title, file_name=f"chap_{n}.xhtml", lang="en")
        item.content = f"<h2>{_e(chapter.title)}</h2>\n{_paragraphs(chapter.paragraphs)}"
        book.add_item(item)
        chapters.append(item)
    book.toc = [epub.Link("introduction.xhtml", "Introduction", "intro"), *chapters]
    book.spine = [intro, nav, *chapters]
    book.add_item(epub.EpubNcx())
    epub.write_epub(str(path), book, {})
    return path


# --- WebToEpub ------------------------------------------------------------------------------------


def _ao3_tag_dd(kind: str, tags: tuple[str, ...]) -> str:
    links = "".join(f'<li><a class="tag" href="/tags/{_e(t)}/works">{_e(t)}</a></li>' for t in tags)
    return f'<dd class="{kind} tags"><ul class="commas">{links}</ul></dd>'


def webtoepub_information(story: Story = STORY) -> str:
    """The Information page: title, the Table of Contents URL, and AO3's `dl.meta`, summary and notes."""
    groups = (("rating", "Rating", (story.rating,)), ("warning", "Archive Warning", story.warnings),
              ("category", "Category", story.categories), ("fandom", "Fandom", story.fandoms),
              ("relationship", "Relationship", story.relationships), ("character", "Characters", story.characters),
              ("freeform", "Additional Tags", story.tags))
    rows = "".join(f'<dt class="{kind} tags">{label}:</dt>{_ao3_tag_dd(kind, tags)}' for kind, label, tags in groups if tags)
    stats = (
        f'<dt class="stats">Stats:</dt><dd class="stats"><dl class="stats">'
        f'<dt class="published">Published:</dt><dd class="published">{story.published}</dd>'
        f'<dt class="status">Completed:</dt><dd class="status">{story.completed}</dd>'
        f'<dt class="words">Words:</dt><dd class="words">{story.words():,}</dd>'
        f'<dt class="chapters">Chapters:</dt><dd class="chapters">{len(story.chapters)}/{len(story.chapters)}</dd>'
        '<dt class="kudos">Kudos:</dt><dd class="kudos">52</dd></dl></dd>'
    )
    body = (
        f"<h1>Information</h1><div><p><b>Table of Contents URL: </b>{story.url}</p></div><div>"
        f'<dl class="work meta group">{rows}<dt class="language">Language:</dt><dd class="language" lang="en">'
        f"{story.language}</dd>{stats}</dl>"
        f'<div class="summary module"><h3 class="heading">Summary:</h3><blockquote class="userstuff"><p>{_e(story.summary)}</p></blockquote></div>'
        f'<div class="notes module"><h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>{_e(story.notes)}</p></blockquote></div>'
        "</div>"
    )
    return _xhtml("Information", body)


def webtoepub_chapter(story: Story, index: int, chapters_id: bool) -> str:
    """A chapter as AO3's work page marks it up, inside WebToEpub's chapter document."""
    chapter = story.chapters[index]
    preface = f'<h3 class="title"><a href="{story.url}/chapters/{index + 1}">Chapter {index + 1}</a>: {_e(chapter.title)}</h3>'
    if chapter.summary:
        preface += (f'<div id="summary" class="summary module"><h3 class="heading">Summary:</h3>'
                    f'<blockquote class="userstuff"><p>{_e(chapter.summary)}</p></blockquote></div>')
    if chapter.notes:
        preface += (f'<div id="notes" class="notes module"><h3 class="heading">Notes:</h3>'
                    f'<blockquote class="userstuff"><p>{_e(chapter.notes)}</p></blockquote></div>')
    end = ""
    if chapter.end_notes:
        end = (f'<div class="chapter preface group"><div id="chapter_{index + 1}_endnotes" class="end notes module">'
               f'<h3 class="heading">Notes:</h3><blockquote class="userstuff"><p>{_e(chapter.end_notes)}</p></blockquote></div></div>')
    wrapper = '<div id="chapters" role="article">' if chapters_id else "<div>"
    body = (
        f"<h1>{_e(chapter.title)}</h1>{wrapper}<div class=\"chapter\" id=\"chapter-{index + 1}\">"
        f'<div class="chapter preface group">{preface}</div>'
        f'<div class="userstuff module" role="article">{_paragraphs(chapter.paragraphs)}</div>{end}</div></div>'
    )
    return _xhtml(chapter.title, body)


def _xhtml(title: str, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        f"<head><title>{_e(title)}</title><link href=\"../Styles/stylesheet.css\" type=\"text/css\" rel=\"stylesheet\" />"
        f"</head><body>{body}</body></html>"
    )


def webtoepub_epub(path: Path, story: Story = STORY, chapters_id: bool = False) -> Path:
    """The work as WebToEpub packs an AO3 work: the Information page, then a file per chapter."""
    parts = [("Text/0000_Information.xhtml", webtoepub_information(story))]
    for i, chapter in enumerate(story.chapters):
        name = f"Text/{i + 1:04d}_{chapter.title.replace(' ', '_')}.xhtml"
        parts.append((name, webtoepub_chapter(story, i, chapters_id)))
    return write_epub(path, parts, title=story.title, authors=story.authors[:1],
                      subjects=(", ".join([story.rating, *story.warnings, *story.fandoms, *story.tags]),),
                      toc_titles=["Information", *(c.title for c in story.chapters)])


# --- EpubMerge ------------------------------------------------------------------------------------

_OPF = "http://www.idpf.org/2007/opf"
_DCNS = "http://purl.org/dc/elements/1.1/"
_NCX = "http://www.daisy.org/z3986/2005/ncx/"


def epub_members(path: Path) -> dict[str, bytes]:
    """Every member of an EPUB file but `mimetype`, by name."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "mimetype"}


def epubmerge(path: Path, books: list[dict[str, bytes | str]], keep_meta: bool = False, title: str | None = None) -> Path:
    """The books merged as EpubMerge's `doMerge` merges them (its defaults: a TOC entry per book with
    the book's own entries nested under it, "<first title> Anthology", "Anthology containing:" lines).

    Each book's files go under "<n>/" (its OPF's folder kept), manifest ids get "a<n>", the spine
    follows the books; the books' toc.ncx files are not copied but nested in the new one; with
    `keep_meta` each book's OPF is copied too, as media type "origrootfile/xml".
    """
    from lxml import etree

    items, itemrefs, navs, titles, authors, first_hrefs = [("ncx", "toc.ncx", "application/x-dtbncx+xml")], [], [], [], [], []
    files: dict[str, bytes] = {}
    for number, members in enumerate(books, 1):
        members = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in members.items()}
        container = etree.fromstring(members["META-INF/container.xml"])
        rootfile = container.find(".//{*}rootfile").get("full-path")
        relpath = rootfile.rsplit("/", 1)[0] + "/" if "/" in rootfile else ""
        opf = etree.fromstring(members[rootfile])
        titles.append(opf.find(f".//{{{_DCNS}}}title").text)
        authors.append([c.text for c in opf.iter(f"{{{_DCNS}}}creator")] or ["(Author Missing)"])
        if keep_meta:
            files[f"{number}/{rootfile}"] = members[rootfile]
            items.append((f"a{number}rootfile", f"{number}/{rootfile}", "origrootfile/xml"))
        hrefs = {}
        for item in opf.find(f"{{{_OPF}}}manifest"):
            href = f"{number}/{relpath}{item.get('href')}"
            if item.get("media-type") == "application/x-dtbncx+xml":
                ncx = etree.fromstring(members[relpath + item.get("href")])
                for point in ncx.iter(f"{{{_NCX}}}navPoint"):
                    point.set("id", f"a{number}{point.get('id')}")
                for content in ncx.iter(f"{{{_NCX}}}content"):
                    content.set("src", f"{number}/{relpath}{content.get('src')}")
                navs.append(ncx.find(f"{{{_NCX}}}navMap"))
                continue
            hrefs[item.get("id")] = href
            files[href] = members[relpath + item.get("href")]
            items.append((f"a{number}{item.get('id')}", href, item.get("media-type")))
        spine = [ref.get("idref") for ref in opf.find(f"{{{_OPF}}}spine")]
        first_hrefs.append(next(hrefs[i] for i in spine if i in hrefs))
        itemrefs.extend(f"a{number}{i}" for i in spine)
    unique_authors = list(dict.fromkeys(a for book_authors in authors for a in book_authors))
    description = "Anthology containing:\n" + "".join(f"{t} by {a[0]}\n" for t, a in zip(titles, authors))
    opf_text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<package version="2.0" xmlns="http://www.idpf.org/2007/opf" '
        'unique-identifier="epubmerge-id">\n<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:opf="http://www.idpf.org/2007/opf">\n<dc:identifier id="epubmerge-id">epubmerge-uid-1700000000</dc:identifier>\n'
        f"<dc:title>{_e(title or titles[0] + ' Anthology')}</dc:title>\n"
        + "".join(f'<dc:creator opf:role="aut">{_e(a)}</dc:creator>\n' for a in unique_authors)
        + "<dc:contributor>epubmerge</dc:contributor>\n<dc:rights>Copyrights as per source stories</dc:rights>\n"
        f"<dc:language>en</dc:language>\n<dc:description>{_e(description)}</dc:description>\n</metadata>\n<manifest>\n"
        + "".join(f'<item href="{h}" id="{i}" media-type="{m}"/>\n' for i, h, m in items)
        + '</manifest>\n<spine toc="ncx">\n'
        + "".join(f'<itemref idref="{i}" linear="yes"/>\n' for i in itemrefs)
        + "</spine>\n</package>\n"
    )
    points = []
    for n, (nav, book_title, book_authors) in enumerate(zip(navs, titles, authors)):
        label = f"{book_title} by {book_authors[0]}" if len(unique_authors) > 1 else book_title
        inner = "".join(etree.tostring(p, encoding="unicode") for p in nav if isinstance(p.tag, str) and p.tag.endswith("navPoint"))
        points.append(f'<navPoint id="book{n:03d}"><navLabel><text>{_e(label)}</text></navLabel>'
                      f'<content src="{first_hrefs[n]}"/>{inner}</navPoint>')
    ncx_text = (
        f'<?xml version="1.0" encoding="utf-8"?>\n<ncx version="2005-1" xmlns="{_NCX}"><head>'
        '<meta name="dtb:uid" content="epubmerge-uid-1700000000"/><meta name="dtb:depth" content="2"/></head>'
        f"<docTitle><text>{_e(title or titles[0] + ' Anthology')}</text></docTitle><navMap>{''.join(points)}</navMap></ncx>"
    )
    members = {
        "META-INF/container.xml": '<?xml version="1.0" encoding="utf-8"?>\n<container version="1.0" '
        'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="content.opf" '
        'media-type="application/oebps-package+xml"/></rootfiles></container>',
        "content.opf": opf_text,
        "toc.ncx": ncx_text,
        **files,
    }
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return path
