"""Headers and limits every response and request goes through.

Imported works are untrusted HTML, so the pages run under a strict
Content-Security-Policy (no inline script, nothing from another origin), and a
request body larger than the upload limit is refused before it is parsed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "object-src 'none'; base-uri 'none'; form-action 'self'; frame-src 'self'; frame-ancestors 'self'")
"""The policy of every page and file the app serves, unless a route sets a stricter one."""

HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "SAMEORIGIN",
    "cross-origin-opener-policy": "same-origin",
}


class SecurityHeaders:
    """Adds the CSP (when the route set none) and the other safety headers to every response.

    A cross-site POST (its Origin header names another host) is refused, so a web
    page elsewhere cannot add files to the library through the user's browser.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in ("GET", "HEAD", "OPTIONS") and _cross_site(scope):
            await _plain(send, 403, "Refused: this request came from another site.")
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", PAGE_CSP.encode()))
                headers += [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _cross_site(scope: Scope) -> bool:
    """Whether the browser says the request was made by a page of another site."""
    headers = dict(scope.get("headers", []))
    fetch_site = headers.get(b"sec-fetch-site", b"").decode("latin-1")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = headers.get(b"origin", b"").decode("latin-1")
    if not origin:
        return False
    host = headers.get(b"host", b"").decode("latin-1")
    return origin == "null" or urlsplit(origin).netloc.lower() != host.lower()


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses request bodies over `limit` bytes, declared or streamed, with `too_large`'s response."""

    def __init__(self, app: ASGIApp, limit: int,
                 too_large: Callable[[Scope, Receive, Send], Awaitable[None]]) -> None:
        self.app = app
        self.limit = limit
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self.too_large(scope, receive, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, watching_send)
        except _TooLarge:
            if not started:
                await self.too_large(scope, receive, send)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"content-security-policy", PAGE_CSP.encode())]
    headers += [(k.encode(), v.encode()) for k, v in HEADERS.items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
