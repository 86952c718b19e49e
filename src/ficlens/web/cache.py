"""Finished pages kept while the library is unchanged.

Every page and JSON answer the app gives to a GET is a function of its URL and
of what the library holds, and browsing asks for the same pages again and again
(the library's first page, a fandom, a work and its report). So the answer to a
GET is kept, keyed by its URL, until the library changes: an import here, or a
`ficlens add` in another process. A change is seen through `PRAGMA data_version`
on a connection of the cache's own, asked once a request (a few microseconds),
so a page never outlives the library it was made from.

A kept answer is sent from the event loop, with no thread, no database and no
template; requests for a page that is being made wait for it (after an import,
fifty readers of the first page cost one search, not fifty). Each response says which it was in `x-ficlens-cache` (hit or miss),
so a load test can tell how many answers were kept ones.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_MAX_BYTES = 64 * 2**20
"""All kept pages together (a work's report is about 300 KB)."""

MAX_PAGE_BYTES = 4 * 2**20
"""A larger answer is sent but not kept."""

CACHE_HEADER = b"x-ficlens-cache"


@dataclass(slots=True)
class _Page:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class PageCache:
    """ASGI middleware: answers a GET under one of `prefixes` from the pages kept for the current
    library version, and keeps each 200 answer it had to make, least recently used pages first out.

    `version` is called once a request and must change whenever the library does.
    """

    def __init__(self, app: ASGIApp, version: Callable[[], int], prefixes: tuple[str, ...],
                 exclude: tuple[str, ...] = (), max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.app = app
        self.version = version
        self.prefixes = prefixes
        self.exclude = exclude
        self.max_bytes = max_bytes
        self.pages: OrderedDict[tuple[str, bytes], _Page] = OrderedDict()
        self.making: dict[tuple[str, bytes], asyncio.Event] = {}
        self.bytes = 0
        self.kept_for: int | None = None
        self.hits = 0
        self.misses = 0

    def cacheable(self, scope: Scope) -> bool:
        if scope["type"] != "http" or scope["method"] != "GET":
            return False
        return scope["path"].startswith(self.prefixes) and not scope["path"].startswith(self.exclude)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self.cacheable(scope):
            await self.app(scope, receive, send)
            return
        version = self.version()
        if version != self.kept_for:
            self.clear()
            self.kept_for = version
        key = (scope["path"], scope.get("query_string", b""))
        if key not in self.pages and key in self.making:
            await self.making[key].wait()  # being made for another request: wait for it rather than make it twice
        page = self.pages.get(key) if version == self.kept_for else None
        if page is not None:
            self.hits += 1
            self.pages.move_to_end(key)
            await send({"type": "http.response.start", "status": page.status,
                        "headers": [*page.headers, (CACHE_HEADER, b"hit")]})
            await send({"type": "http.response.body", "body": page.body})
            return
        self.misses += 1
        made = self.making.setdefault(key, asyncio.Event())
        started: Message | None = None
        chunks: list[bytes] = []

        async def keeping_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = message
                message = {**message, "headers": [*message.get("headers", []), (CACHE_HEADER, b"miss")]}
            elif message["type"] == "http.response.body" and started is not None:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self.keep(version, key, started, b"".join(chunks))
            await send(message)

        try:
            await self.app(scope, receive, keeping_send)
        finally:
            if self.making.get(key) is made:
                del self.making[key]
                made.set()

    def keep(self, version: int, key: tuple[str, bytes], start: Message, body: bytes) -> None:
        """Keep a finished answer, if it is a 200 made for the version still current and not too large."""
        if start["status"] != 200 or version != self.kept_for or len(body) > MAX_PAGE_BYTES:
            return
        old = self.pages.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self.pages[key] = _Page(start["status"], list(start.get("headers", [])), body)
        self.bytes += len(body)
        while self.bytes > self.max_bytes and self.pages:
            _, dropped = self.pages.popitem(last=False)
            self.bytes -= len(dropped.body)

    def clear(self) -> None:
        self.pages.clear()
        self.bytes = 0
