"""The app's own static files (its CSS, script and icon), read once from the installed package and
sent from memory.

Starlette's StaticFiles looks a file up and reads it in a worker thread on every request: about
0.6 ms of CPU a request, ten times what the health check costs, so a page's three files cost more
than the page itself when it comes from the page cache. These files are part of the installed
package and do not change while the server runs. Each answer carries an ETag, so a browser that
has a file asks with If-None-Match and gets a bodiless 304.
"""

from __future__ import annotations

import hashlib
import mimetypes
from importlib import resources

from starlette.exceptions import HTTPException
from starlette.types import Receive, Scope, Send

_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".html": "text/html"}
"""Spelt here: `mimetypes` reads the system's tables, which differ between machines (.js: text/ or
application/javascript)."""
_TEXT_TYPES = ("text/", "image/svg+xml")


class PackageAssets:
    """ASGI app for the files of `folder` in `package`, mounted at `prefix` ("/static")."""

    def __init__(self, package: str, folder: str, prefix: str) -> None:
        self.prefix = prefix.rstrip("/") + "/"
        self.files: dict[str, tuple[bytes, list[tuple[bytes, bytes]], bytes]] = {}
        for item in resources.files(package).joinpath(folder).iterdir():
            if not item.is_file():
                continue
            body = item.read_bytes()
            suffix = "." + item.name.rsplit(".", 1)[-1].lower()
            kind = _TYPES.get(suffix) or mimetypes.guess_type(item.name)[0] or "application/octet-stream"
            if kind.startswith(_TEXT_TYPES):
                kind += "; charset=utf-8"
            etag = f'"{hashlib.sha256(body).hexdigest()[:24]}"'.encode()
            headers = [(b"content-type", kind.encode()), (b"etag", etag), (b"cache-control", b"no-cache")]
            self.files[item.name] = (body, headers, etag)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        found = self.files.get(path[len(self.prefix):]) if path.startswith(self.prefix) else None
        if found is None:
            raise HTTPException(404)
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(405)
        body, headers, etag = found
        asked = dict(scope.get("headers", [])).get(b"if-none-match")
        if asked is not None and etag in [tag.strip().removeprefix(b"W/") for tag in asked.split(b",")]:
            await send({"type": "http.response.start", "status": 304, "headers": headers[1:]})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
