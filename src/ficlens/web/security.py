"""Headers and limits every response and request goes through.

Imported works are untrusted HTML, so the pages run under a strict
Content-Security-Policy (no inline script, nothing from another origin), and a
request body larger than the upload limit is refused before it is parsed.

A page elsewhere may also rebind its own name to 127.0.0.1 (DNS rebinding) and so
become "same-origin" with the server: requests are answered only when their Host
is one of the server's own names (`HostCheck`), and a request that changes
anything must carry the token the server made at start and put in its own pages
(`SessionToken`), which a page elsewhere cannot read.
"""

from __future__ import annotations

import hmac
import ipaddress
import secrets
from collections.abc import Awaitable, Callable, Iterable
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


LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
"""The names a server on this computer answers to whatever address it was bound to."""

WILDCARDS = ("0.0.0.0", "::", "")
"""Bind addresses that mean "every address of this computer"."""

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

TOKEN_HEADER = b"x-ficlens-token"
TOKEN_FIELD = "token"
"""Where a state-changing request carries the session token: this header, or this form field."""


def host_name(host: str) -> str:
    """A host as the Host header would name it, without brackets or port, in lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:  # name:port (an IPv6 address without brackets has several colons)
        return host.split(":", 1)[0]
    return host


def allowed_hosts(bound: Iterable[str] = ()) -> set[str]:
    """The Host names to answer: the loopback names and each address the server was bound to."""
    return {*LOOPBACK_NAMES, *(host_name(h) for h in bound)}


def new_token() -> str:
    """A fresh session token: 256 random bits, URL- and header-safe."""
    return secrets.token_urlsafe(32)


def token_matches(given: str | bytes | None, token: str) -> bool:
    """Whether `given` is the session token (compared in constant time)."""
    if isinstance(given, bytes):
        given = given.decode("latin-1")
    return bool(given) and hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


class HostCheck:
    """Refuses with 400 any request whose Host header is not one of `hosts` (with any port).

    `hosts` is held, not copied: names added to the set later (`serve` adds its bind address) count.
    When it holds a wildcard address (0.0.0.0), any IP address is accepted as well: the server is then
    reached at this computer's addresses, and an IP address, unlike a name, cannot be rebound.
    """

    def __init__(self, app: ASGIApp, hosts: set[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and not self.allowed(_header(scope, b"host")):
            if scope["type"] == "http":
                await _plain(send, 400, "Refused: this server answers only to its own address (the Host header "
                                        "names another).")
            return
        await self.app(scope, receive, send)

    def allowed(self, host: str) -> bool:
        name = host_name(host)
        if not name:
            return False
        if name in self.hosts:
            return True
        if any(w in self.hosts for w in WILDCARDS):
            try:
                ipaddress.ip_address(name)
                return True
            except ValueError:
                return False
        return False


class SessionToken:
    """Refuses with 403 a request that may change something (any method but GET, HEAD and OPTIONS)
    without the session token in the `x-ficlens-token` header.

    A form posted by the browser cannot set a header: a form to one of `form_paths` is let through, and
    its route must check the token field itself (`token_matches`) before doing anything else.
    """

    def __init__(self, app: ASGIApp, token: str, form_paths: tuple[str, ...] = ()) -> None:
        self.app = app
        self.token = token
        self.form_paths = form_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in SAFE_METHODS:
            await self.app(scope, receive, send)
            return
        if token_matches(_header(scope, TOKEN_HEADER), self.token) or self.form(scope):
            await self.app(scope, receive, send)
            return
        await _plain(send, 403, "Refused: this request does not carry the token of this server's pages "
                                "(reload the page and try again).")

    def form(self, scope: Scope) -> bool:
        kind = _header(scope, b"content-type").split(";", 1)[0].strip().lower()
        return scope["path"] in self.form_paths and kind in ("multipart/form-data",
                                                             "application/x-www-form-urlencoded")


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


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
