"""Saved web pages: the address a page came from, pages saved as one file, and pages that hold no story.

A page kept with File > Save Page As is the whole site page (as HTML, or as
"Webpage, Single File": an MHTML archive of the page and its images): menus, forms,
sidebars and footers around whatever the reader wanted. The archives ficlens
knows (AO3, FanFiction.Net) have their own readers; any other page is read
only when its prose outweighs the site around it, and is refused in one line
when it is a login page, a list of links (a blog's front page, search results)
or chrome with no story in it. A hand-written HTML story, with no site chrome,
is always read.
"""

from __future__ import annotations

import email.parser
import email.policy
import re

from lxml import etree

from ..errors import InputError
from ..model import Source, Work
from .decode import decode

_SAFE_ADDRESS = re.compile(r"https?://[^\s<>\"']+")
_SAVED_FROM = re.compile(r"saved from url=\(\d+\)\s*(\S+)", re.I)
_CHROME_TAGS = ("nav", "header", "footer", "aside", "form")
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_CHROME_NAMES = re.compile(r"(?:^|[-_\s])(?:nav|navbar|menu|sidebar|footer|header|masthead|breadcrumbs?|cookies?|"
                           r"consent|comments?|share|social|widget|related|pagination)(?:$|[-_\s])", re.I)
_HEADER_NAME = re.compile(r"(?:^|[-_\s])(?:header|masthead)(?:$|[-_\s])", re.I)
_SENTENCE_END = re.compile(r"[.!?…]['’”\")]*(?:\s|$)")
_WORD = re.compile(r"\w+")
_BLOCKS = ("p", "div", "blockquote", "li", "td", "article", "section", "main")
MIN_PROSE_WORDS = 200  # of prose, on a page with site chrome, for it to be a story
MIN_LISTED_TITLES = 3  # headings that are links, on a page that lists posts or results
MIN_LISTED_ENTRIES = 5  # entries of one kind, each a link and some words, on a listing page
MIN_ENTRY_WORDS = 8  # of an entry's own, outside its links (a summary or a snippet)
_ENTRY_TAGS = {"div", "li", "article", "section", "tr"}
MAX_LINK_SHARE = 0.3  # of the page's words inside links, above which it is a list of links


def is_mhtml(head: bytes) -> bool:
    """A page saved as one file ("Webpage, Single File": .mhtml), a MIME archive of the page and its parts."""
    headers = head[:4096].split(b"\r\n\r\n", 1)[0].split(b"\n\n", 1)[0].lower()
    return b"mime-version:" in headers and re.search(rb"content-type:\s*multipart/related", headers) is not None


def read_mhtml(data: bytes, source: Source) -> Work:
    """Read the page an MHTML archive holds (its first `text/html` part) as the saved page it is."""
    from .ao3_html import read_html

    archive = email.parser.BytesParser(policy=email.policy.default).parsebytes(data)
    page = next((part for part in archive.walk() if part.get_content_type() == "text/html"), None)
    if page is None:
        raise InputError(source.path, "an MHTML archive holding no web page")
    payload = page.get_payload(decode=True) or b""
    charset = page.get_content_charset()
    if charset is None:  # as Blink writes it: the page's bytes are told like a file's
        html, source.encoding = decode(payload, source.path)
    else:
        try:
            html, source.encoding = payload.decode(charset), charset
        except (LookupError, UnicodeDecodeError) as error:
            raise InputError(source.path, f"an MHTML archive whose web page cannot be decoded ({error})") from None
    address = str(archive.get("Snapshot-Content-Location") or page.get("Content-Location") or "")
    if address and _SAFE_ADDRESS.fullmatch(address):
        # the note browsers leave in a page saved as HTML, so the page's readers find its address alike
        html = f"<!-- saved from url=({len(address):04d}){address} -->\n{html}"
    return read_html(html, source)


def page_url(roots: list[etree._Element]) -> str | None:
    """The address a saved page came from: the browser's "saved from url" note, the canonical link, og:url."""
    for root in roots:
        for comment in [*root.itersiblings(etree.Comment, preceding=True), *root.iter(etree.Comment)][:20]:
            match = _SAVED_FROM.search(comment.text or "")
            if match:
                return match.group(1)
        for link in root.iter("link"):
            if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
                return _absolute(link.get("href"))
        for meta in root.iter("meta"):
            if meta.get("property") == "og:url" and meta.get("content"):
                return _absolute(meta.get("content"))
    return None


def _absolute(url: str) -> str:
    return "https:" + url if url.startswith("//") else url


def has_site_chrome(body: etree._Element) -> bool:
    """Whether the page has a site's parts around its content: navigation, header, footer, sidebar, forms."""
    if any(True for _ in body.iter(*_CHROME_TAGS)):
        return True
    return any(element.get("role") in _CHROME_ROLES for element in body.iter("div", "ul", "section"))


def story_of_page(body: etree._Element, path: str) -> etree._Element:
    """The part of a site page that is its story, its chrome taken out; an `InputError` when it has none.

    Called only for a page with site chrome (see `has_site_chrome`).
    """
    if len(_listed_titles(body)) >= MIN_LISTED_TITLES or _lists_entries(body):
        raise InputError(path, "a web page listing linked titles (a blog's front page, search results), not a story")
    login = bool(body.xpath('.//input[@type="password"]'))
    prose = _drop_chrome(body)
    if login and prose < MIN_PROSE_WORDS:
        raise InputError(path, "a web page with a login form, not a story")
    words = len(_WORD.findall(" ".join(body.itertext())))
    link_words = sum(len(_WORD.findall(" ".join(a.itertext()))) for a in body.iter("a"))
    if words and link_words / words > MAX_LINK_SHARE:
        raise InputError(path, "a web page made mostly of links, not a story")
    if prose < MIN_PROSE_WORDS:
        raise InputError(path, f"HTML holds no story text (a web page with only {prose} words of prose among "
                               "the site's menus and forms)")
    return body


def _listed_titles(body: etree._Element) -> list[etree._Element]:
    """Headings that are links (in them, or around them), outside menus, sidebars and footers: the
    titles a front page or a results page lists (a post's header counts, its "related posts" do not)."""
    found = []
    for heading in body.iter("h1", "h2", "h3", "h4"):
        linked = heading.find(".//a[@href]") is not None or any(a.get("href") for a in heading.iterancestors("a"))
        if linked and not any(_is_chrome(a) and a.tag != "header" and not _names_header(a)
                              for a in heading.iterancestors()):
            found.append(heading)
    return found


def _lists_entries(body: etree._Element) -> bool:
    """Whether the page repeats one kind of entry, each a link to elsewhere and a few words of its own
    (a summary, a snippet): the stories of a fandom's listing, the hits of a search. A table of contents
    (links alone) and comments (chrome) are not entries."""
    for parent in body.iter():
        groups: dict[tuple[str, str], list[etree._Element]] = {}
        for child in parent:
            if isinstance(child.tag, str) and child.tag in _ENTRY_TAGS:
                groups.setdefault((child.tag, child.get("class", "")), []).append(child)
        for members in groups.values():
            if len(members) < MIN_LISTED_ENTRIES:
                continue
            entries = [m for m in members if _is_entry(m)]
            if len(entries) >= MIN_LISTED_ENTRIES and 5 * len(entries) >= 4 * len(members):
                return True
    return False


def _is_entry(element: etree._Element) -> bool:
    if _is_chrome(element) or any(_is_chrome(a) and a.tag != "header" and not _names_header(a)
                                  for a in element.iterancestors()):
        return False
    links = [a for a in element.iter("a") if a.get("href") and not a.get("href").startswith("#")]
    if not links:
        return False
    own = len(" ".join(element.itertext()).split()) - sum(len(" ".join(a.itertext()).split()) for a in links)
    return own >= MIN_ENTRY_WORDS


def _drop_chrome(body: etree._Element) -> int:
    """Take out the site's navigation, headers, footers, sidebars, forms, comments and cookie banners;
    never a part holding most of the page's prose (a wrapper whose class says "header-and-content").
    Returns the words of prose left."""
    prose = left = _prose_words(body)
    for element in list(body.iter()):
        if element is body or not isinstance(element.tag, str) or not _is_chrome(element):
            continue
        parent = element.getparent()
        if parent is None or any(a is not body and a.getparent() is None for a in element.iterancestors()):
            continue  # inside chrome already taken out
        words = _prose_words(element)
        if 2 * words > prose:
            continue
        left -= words
        previous = element.getprevious()
        if element.tail and previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        elif element.tail:
            parent.text = (parent.text or "") + element.tail
        parent.remove(element)
    return left


def _is_chrome(element: etree._Element) -> bool:
    if element.tag in _CHROME_TAGS or element.get("role") in _CHROME_ROLES:
        return True
    return bool(_CHROME_NAMES.search(_names(element)))


def _names_header(element: etree._Element) -> bool:
    return bool(_HEADER_NAME.search(_names(element)))


def _names(element: etree._Element) -> str:
    return f"{element.get('id', '')} {element.get('class', '')}"


def _prose_words(body: etree._Element) -> int:
    """Words outside links in the innermost blocks that read as sentences."""
    total = 0
    for block in body.iter(*_BLOCKS):
        if any(True for _ in block.iterdescendants(*_BLOCKS)):
            continue
        text = " ".join(block.itertext())
        if _SENTENCE_END.search(text):
            links = sum(len(" ".join(a.itertext()).split()) for a in block.iter("a"))
            total += max(0, len(text.split()) - links)
    return total
