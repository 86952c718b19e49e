"""A crawl of the links a library's pages give, failing any that leads to an error or to no works.

Used by tests/web/test_web_links.py and bench/library.py. A search page (the library, the dashboard)
must find at least one work; any other page must answer 200. Links to other sites are never followed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

_HREF = re.compile(r'\shref="([^"]*)"')
_TOTAL = re.compile(r'id="total">([\d,]+)<')
_WORKS = re.compile(r'id="works">([\d,]+)<')


@dataclass
class Crawl:
    """What a crawl saw: every URL fetched (with the page that first linked to it) and what failed."""

    fetched: dict[str, str] = field(default_factory=dict)  # url -> the page it was found on
    failures: list[str] = field(default_factory=list)  # "url (linked from page): reason"
    search_pages: int = 0  # library and dashboard pages among them

    def report(self, limit: int = 20) -> str:
        shown = "\n".join(self.failures[:limit])
        more = f"\n... and {len(self.failures) - limit} more" if len(self.failures) > limit else ""
        return f"{len(self.failures)} of {len(self.fetched)} links fail:\n{shown}{more}"


def links(html: str) -> list[str]:
    """The links of a page that stay on the site (path and query, without a fragment), in order, each once."""
    out = []
    for href in _HREF.findall(html):
        url = urlsplit(unescape(href))
        if url.scheme or url.netloc or not url.path.startswith("/"):
            continue  # another site, mailto:, a fragment alone
        out.append(url.path + (f"?{url.query}" if url.query else ""))
    return list(dict.fromkeys(out))


def failure(url: str, status: int, content_type: str, text: str) -> str | None:
    """Why the answer to `url` is a dead end, or None when it is a page with results."""
    if status != 200:
        return f"status {status}"
    if not content_type.startswith("text/html"):
        return None
    path = urlsplit(url).path
    pattern = _TOTAL if path == "/" else _WORKS if path == "/dashboard" else None
    if pattern is not None:
        found = pattern.search(text)
        if found is None:
            return "no count of works on the page"
        if int(found.group(1).replace(",", "")) == 0:
            return "0 works"
    return None


def crawl(get: Callable[[str], tuple[int, str, str]], starts: list[str], depth: int,
          follow: Callable[[str, int], bool] = lambda url, depth: True) -> Crawl:
    """Fetch `starts` and every link of the pages found, breadth first: the links of a page at depth d
    (the starts are at 0) are fetched while d < `depth`, and only of pages `follow(url, d)` allows.
    `get(url)` answers (status, content type, text). Assets are fetched but have no links."""
    seen = Crawl()
    level = [(url, "(start)") for url in starts]
    for d in range(depth + 1):
        following = []
        for url, source in level:
            if url in seen.fetched:
                continue
            seen.fetched[url] = source
            status, content_type, text = get(url)
            reason = failure(url, status, content_type, text)
            if reason is not None:
                seen.failures.append(f"{url} (linked from {source}): {reason}")
                continue
            if urlsplit(url).path in ("/", "/dashboard"):
                seen.search_pages += 1
            if d < depth and content_type.startswith("text/html") and follow(url, d):
                following += [(link, url) for link in links(text) if link not in seen.fetched]
        level = following
    return seen
