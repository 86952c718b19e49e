"""HTML stories, AO3's download above all (otwarchive's `downloads` templates).

AO3 lays a download out as `div#preface` (the tag list `dl.tags`, the title in
`h1`, `div.byline`, the summary and notes as `p` + `blockquote.userstuff`),
`div#chapters` (per chapter a `div.meta.group` with `h2.heading` and chapter
notes, then the text in a `div.userstuff`, then `div#endnotesN`) and
`div#afterword` (end notes). Elements are found in document order, so the same
code reads an AO3 EPUB whose XHTML files are joined back into one body; class
names are matched the way Calibre leaves them in those EPUBs ("userstuff2",
and a chapter's `div.meta.group` known by its `h2.heading`).

The work's text is built from the story's blocks (`layout.TextBuilder`): each
paragraph (or each line of a paragraph broken with `<br>`) separated by a blank
line, chapters by two. HTML is untrusted: it is parsed, never rendered or
executed, and scripts, styles, navigation and embedded objects are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import lxml.html
from lxml import etree

from ..errors import InputError
from ..model import Metadata, Note, Source, Work
from .facts import note_url
from .layout import PARAGRAPH, TextBuilder
from .notes import remove_element
from .tags import apply_label, apply_values, split_authors

_BLOCK_TAGS = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
    "blockquote", "center", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "pre",
    "section", "article", "header", "footer", "aside", "main", "figure", "figcaption",
    "address", "details", "summary", "nav", "caption", "body", "html",
}  # fmt: skip
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed", "svg", "math", "button", "form", "select", "textarea", "img", "nav"}
# Elements that hold nothing: what the parser nests in one left open ("<embed>") is the story's.
_VOID_TAGS = {"embed", "img", "br", "hr", "input", "param", "source", "track", "wbr", "area", "base", "link",
              "meta", "col", "keygen"}
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_TABLE_PARTS = {"table", "tr", "td", "th", "tbody", "thead", "tfoot", "ul", "ol", "dl"}  # empty cells are layout
_SPACES = re.compile(r"[ \t\r\n\f]+")
_NUMBERED = re.compile(r"\d+$")


def read_html(html: str, source: Source) -> Work:
    """Read one HTML document (an AO3 download or any HTML story)."""
    return read_html_bodies([parse(html, source.path)], source)


def parse(html: str, path: str) -> etree._Element:
    """Parse untrusted HTML or XHTML without resolving entities or fetching anything."""
    html = re.sub(r"\A\s*<\?xml[^>]*\?>", "", html)
    try:
        parser = lxml.html.HTMLParser(no_network=True, remove_comments=False, remove_pis=True)
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as error:
        raise InputError(path, f"unreadable HTML ({error})") from None
    if any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log):
        # libxml2 drops what lies deeper than 256 elements: refuse rather than lose text quietly
        raise InputError(path, "HTML nested over 256 elements deep, deeper than ficlens reads")
    return root


def read_html_bodies(roots: list[etree._Element], source: Source) -> Work:
    """Read a story spread over one or more HTML documents, in order."""
    body = lxml.html.Element("body")
    for root in roots:
        found = root.find(".//body")
        container = found if found is not None else root
        for child in list(container):
            body.append(child)
    from . import ao3_page, ffn_html, webpage

    meta = Metadata()
    notes: list[Note] = []
    epub = source.format == "epub"
    if ao3_page.is_work_page(body):
        source.format = "epub" if epub else "ao3-page"
        parts = ao3_page.read_work_page(roots, body, meta, notes)
        _drop_unsafe(body)
    elif ffn_html.is_story_page(roots, body):
        source.format = "epub" if epub else "ffn-page"
        parts = ffn_html.read_story_page(roots, body, meta)
        _drop_unsafe(body)
    elif _is_ao3(body):
        _drop_unsafe(body)
        source.format = "epub" if epub else "ao3-html"
        _read_preface(body, meta, notes)
        parts = _ao3_chapters(body, notes)
    else:
        if not epub and webpage.has_site_chrome(body):
            body = webpage.story_of_page(body, source.path)
        _drop_unsafe(body)
        source.format = "epub" if epub else "html"
        title = roots[0].find(".//title") if roots else None
        meta.title = text_of(title) or None if title is not None else None
        parts = _generic_chapters(body, meta)
    builder = TextBuilder()
    chapters = []
    for title, summary, element in parts:
        chapters.append(builder.add_chapter(title, summary, html_blocks(element)))
    if not chapters or not builder.has_text():
        raise InputError(source.path, "HTML holds no story text")
    return Work(text=builder.text(), source=source, meta=meta, chapters=chapters, notes=notes)


def is_ao3(roots: list[etree._Element]) -> bool:
    """True when parsed documents are (parts of) an AO3 download."""
    return any(_is_ao3(root) for root in roots)


def _is_ao3(body: etree._Element) -> bool:
    return bool(body.xpath('.//div[@id="preface"] | .//dl[contains(@class, "tags")] | .//div[@id="chapters"]'))


def classes(element: etree._Element) -> set[str]:
    """Class names without the numbers Calibre's CSS flattening appends ("userstuff2")."""
    return {_NUMBERED.sub("", name) for name in element.get("class", "").split()}


def _is_chapter_meta(div: etree._Element) -> bool:
    """AO3's per-chapter `div.meta.group`, or what Calibre leaves of it.

    Calibre may drop the div's classes; it is then the div around `h2.heading`
    that sits directly in the chapters wrapper.
    """
    if {"meta", "group"} <= classes(div):
        return True
    return _is_chapters_wrapper(div.getparent()) and any(child.tag == "h2" and "heading" in classes(child) for child in div)


def _is_chapters_wrapper(div: etree._Element | None) -> bool:
    """`div#chapters`, or a copy of it without the id at the top of a Calibre split file."""
    if div is None or div.tag != "div":
        return False
    parent = div.getparent()
    return div.get("id") == "chapters" or "userstuff" in classes(div) and parent is not None and parent.tag == "body"


def _is_text_container(div: etree._Element) -> bool:
    """A `div.userstuff` holding story text, not one wrapping chapters (as `div#chapters` does)."""
    if "userstuff" not in classes(div) or div.get("id") == "chapters":
        return False
    return not any(child.tag == "div" and _is_chapter_meta(child) for child in div)


def _read_preface(body: etree._Element, meta: Metadata, notes: list[Note]) -> None:
    for message in body.xpath('.//div[@id="preface"]//p[contains(@class, "message")]'):
        bold = message.find(".//b")
        if bold is not None and not meta.title:
            meta.title = text_of(bold) or None
        for link in message.xpath(".//a[@href]"):
            if "/works/" in link.get("href", ""):
                note_url(meta, link.get("href"))
    for dl in body.xpath('.//dl[contains(@class, "tags")]'):
        for dt in dl.iter("dt"):
            dd = dt.getnext()
            if dd is None or dd.tag != "dd":
                continue
            label = text_of(dt).rstrip(":")
            links = [text_of(a) for a in dd.iter("a")]
            if links and label.lower() not in ("series", "stats"):
                apply_values(meta, label, links)
            else:
                apply_label(meta, label, text_of(dd))
            if label.lower() == "series":
                series_urls(meta, dd)
    heading = body.find('.//div[@id="preface"]//h1')
    if heading is None:
        heading = body.find(".//h1")
    if heading is not None and text_of(heading):
        meta.title = text_of(heading)
    byline = body.xpath('.//div[@id="preface"]//div[contains(@class, "byline")]')
    if byline:
        links = [text_of(a) for a in byline[0].iter("a")]
        meta.authors = links or split_authors(text_of(byline[0]))
    for label, blockquote in _labelled_blockquotes(body.xpath('.//div[@id="preface"]')):
        if label == "summary":
            meta.summary = block_text(blockquote)
        elif label == "notes":
            notes.append(Note("notes", block_text(blockquote)))
    for blockquote in body.xpath('.//div[@id="endnotes"]//blockquote'):
        notes.append(Note("end-notes", block_text(blockquote)))


def series_urls(meta: Metadata, dd: etree._Element) -> None:
    """Give each series its address from the link AO3 names it with."""
    addresses = {text_of(a): _on_ao3(a.get("href")) for a in dd.iter("a") if "/series/" in a.get("href", "")}
    for series in meta.series:
        series.url = series.url or addresses.get(series.name)


def _on_ao3(href: str) -> str:
    """An AO3 link made absolute (a saved page may keep the site's own "/series/2417")."""
    return "https://archiveofourown.org" + href if href.startswith("/") and not href.startswith("//") else href


def _labelled_blockquotes(containers: Iterable[etree._Element]) -> Iterable[tuple[str, etree._Element]]:
    """(label, blockquote) for AO3's `<p>Summary</p><blockquote>` pairs."""
    for container in containers:
        label = None
        for element in container.iter("p", "blockquote"):
            if element.tag == "p":
                label = text_of(element).lower().rstrip(":")
            elif label and "userstuff" in classes(element):
                yield label, element


def _ao3_chapters(body: etree._Element, notes: list[Note]) -> list[tuple[str | None, str | None, etree._Element]]:
    parts: list[tuple[str | None, str | None, etree._Element]] = []
    title = summary = None
    for element in body.iter("div"):
        if _inside(element, ("preface", "afterword")):
            continue
        if _is_chapter_meta(element):
            heading = element.find(".//h2")
            title = text_of(heading) if heading is not None else None
            summary = None
            for label, blockquote in _labelled_blockquotes([element]):
                if label == "chapter summary":
                    summary = block_text(blockquote)
                elif label == "chapter notes":
                    notes.append(Note("chapter-notes", block_text(blockquote), chapter=len(parts)))
        elif (element.get("id") or "").startswith("endnotes") and parts:
            for blockquote in element.iter("blockquote"):
                notes.append(Note("chapter-end-notes", block_text(blockquote), chapter=len(parts) - 1))
        elif _is_text_container(element) and not _inside_userstuff(element):
            parts.append((title, summary, element))
            title = summary = None
    return parts


def _generic_chapters(body: etree._Element, meta: Metadata) -> list[tuple[str | None, str | None, etree._Element]]:
    """Chapters of plain HTML: split at the heading level that repeats (h1, else h2)."""
    for level in ("h1", "h2", "h3"):
        headings = [h for h in body.iter(level)]
        if len(headings) >= 2:
            break
    else:
        if len(list(body.iter("h1"))) == 1 and not meta.title:
            meta.title = text_of(next(body.iter("h1")))
        return [(None, None, body)]
    parts = []
    for i, heading in enumerate(headings):
        section = lxml.html.Element("div")
        node = heading.getnext()
        following = set(headings[i + 1 :])
        while node is not None and node not in following and not any(h in following for h in node.iter(level)):
            nxt = node.getnext()
            section.append(node)
            node = nxt
        parts.append((text_of(heading), None, section))
    return parts


def _inside(element: etree._Element, ids: tuple[str, ...]) -> bool:
    return any(a.get("id") in ids for a in element.iterancestors("div"))


def _inside_userstuff(element: etree._Element) -> bool:
    for ancestor in element.iterancestors():
        if ancestor.tag == "div" and _is_text_container(ancestor):
            return True
        if ancestor.tag == "blockquote":
            return True
    return False


def _drop_unsafe(root: etree._Element) -> None:
    _unnest_void(root)
    for element in list(root.iter(*_SKIP_TAGS - {"img"})):
        parent = element.getparent()
        if parent is not None:
            remove_element(element)


def _unnest_void(root: etree._Element) -> None:
    """Put back after each element that holds nothing what the parser nested inside it: an
    `<embed>` between paragraphs would otherwise take the rest of the chapter with it."""
    for element in list(root.iter(*_VOID_TAGS)):
        children = list(element)
        if not children and not element.text:
            continue
        parent = element.getparent()
        if parent is None:
            continue
        tail, text = element.tail, element.text
        element.text = None
        at = parent.index(element)
        for offset, child in enumerate(children, 1):
            parent.insert(at + offset, child)
        element.tail = text
        if children:
            children[-1].tail = (children[-1].tail or "") + (tail or "")
        else:
            element.tail = (text or "") + (tail or "")


def text_of(element: etree._Element | None) -> str:
    if element is None:
        return ""
    return _SPACES.sub(" ", element.text_content()).strip()


def block_text(element: etree._Element) -> str:
    return PARAGRAPH.join(text for text, _ in html_blocks(element) if text)


def html_blocks(element: etree._Element) -> list[tuple[str, str]]:
    """The (text, hint) blocks of an element: paragraphs and `<br>` lines, rules, headings.

    A run of two or more blank lines between lines of text (`<br>`s in a row, empty
    `<p>&nbsp;</p>` paragraphs) is how many writers leave a scene break: it becomes a
    zero-width "gap" block. One blank line is only spacing, one `<br>` a line break.
    Scripts, styles and other non-text elements are skipped wherever they sit.
    """
    out: list[tuple[str, str]] = []
    buffer: list[str] = []
    hints: list[str] = []
    blank = 0  # blank lines since the last line of text or image
    images = 0

    def flush() -> bool:
        nonlocal blank
        text = _SPACES.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if not text:
            return False
        if blank >= 2 and out and out[-1][0]:
            out.append(("", "gap"))
        blank = 0
        out.append((text, hints[-1] if hints else "p"))
        return True

    def walk(node: etree._Element, hint: str) -> None:
        nonlocal blank, images
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag == "img":
            blank, images = 0, images + 1
        if tag in _SKIP_TAGS or not tag:
            if node.tail:
                buffer.append(node.tail)
            return
        block = tag in _BLOCK_TAGS
        own = hint
        if tag in _HEADING_TAGS:
            own = "heading"
        elif tag == "center" or node.get("align", "").lower() == "center" or re.search(r"text-align\s*:\s*center", node.get("style", ""), re.I):
            own = "center" if hint == "p" else hint
        if block:
            flush()
        if tag == "hr":
            flush()
            out.append(("", "hr"))
            blank = 0
        elif tag == "br" and not flush():
            blank += 1
        before = (len(out), blank, images)
        hints.append(own)
        if node.text:
            buffer.append(node.text)
        for child in node:
            walk(child, own)
        if block and not flush() and (len(out), blank, images) == before and tag not in _TABLE_PARTS:
            blank += 1  # an empty paragraph is a blank line
        hints.pop()
        if node.tail:
            buffer.append(node.tail)

    hints.append("p")
    if element.text:
        buffer.append(element.text)
    for child in element:
        walk(child, "p")
    flush()
    return out
