"""The FastAPI app: server-rendered pages over one library, plus a small JSON API.

A request borrows a library connection of its own from a small pool (SQLite in
WAL mode: readers never wait for each other or for an import), and imports are
jobs run one at a time in a process of their own (`imports`), so pages stay quick
while a story is analysed, and stopping the server stops them.
Searches and dashboards are answered by threads of their own, in the order asked
(`SEARCH_THREADS`). Finished pages are kept until the library changes (`cache.PageCache`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import multiprocessing
import os
import queue
import re
import socket
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager, contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache, wraps
from html import escape as _html_escape
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import jinja2
import nh3
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from markupsafe import Markup, escape
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Receive, Scope, Send

from ..library.sorting import RANGES, SORTS, bound, descending_by_default
from ..library import Library, LibraryError, WorkRecord, storable_id
from ..library import norms as library_norms
from ..outputs.html import render_html
from ..processes import die_with_parent
from .assets import PackageAssets
from .cache import PageCache
from .imports import ImportJobs, Job, run_job
from .passages import paragraph_at, passage_link, without_furniture
from .manage import FORM_PATHS, ORIGINALS, Manage
from .security import (TOKEN_FIELD, TOKEN_HEADER, BodyLimit, HostCheck, SecurityHeaders, SessionToken,
                       allowed_hosts, host_name, new_token, token_matches)

DEFAULT_MAX_UPLOAD_BYTES = 50 * 2**20
"""The largest import request (all its files together)."""

PER_PAGE = 20
MAX_PER_PAGE = 100
MAX_FILES = 50

MAX_FILTER_VALUES = 30
"""The most facet values one search may select, all facets together. Each selected value is shown with a
link that removes it, spelling the rest of the selection again: a page grows with the square of the
selection, so the selection is capped (a request beyond is refused with 400)."""

MAX_QUERY_BYTES = 8 * 1024
"""The longest query string a search may have (longer is refused with 400): with `MAX_FILTER_VALUES`,
it bounds every link a page spells out, and so the page."""

STOP_SECONDS = 3
"""On SIGTERM or Ctrl+C, how long running requests are given to finish before they are cancelled and the
import processes stopped."""

FACETS = {
    "fandom": "Fandom",
    "rating": "Rating",
    "warning": "Warnings",
    "category": "Category",
    "relationship": "Relationships",
    "character": "Characters",
    "tag": "Tags",
    "inferred_fandom": "Fandom (found by ficlens)",
    "inferred_category": "Category (found by ficlens)",
    "inferred_relationship": "Relationships (found by ficlens)",
    "pairing": "Main pairing (found by ficlens)",
    "relationship_kind": "Relationship kinds (found by ficlens)",
    "pov": "Point of view",
    "tense": "Tense",
    "language": "Language",
    "author": "Author",
    "appears": "Characters appearing (found by ficlens)",
    "speaks": "Characters with lines (found by ficlens)",
    "read": "Read or not (yours)",
    "status": "Status (yours)",
    "favourite": "Favourites (yours)",
    "collection": "Collections (yours)",
    "bookmark_tag": "Tags (yours)",
}
"""Every facet the library offers, in the order the sidebar shows them."""

FACET_VALUES_SHOWN = 12

_REPORT_SCRIPT = resources.files("ficlens").joinpath("outputs/templates/report.js").read_text("utf-8")


CACHED = ("/",)
"""The GET answers kept until the library changes: every page and the JSON API..."""
NOT_CACHED = ("/import", "/static/", "/healthz", ORIGINALS)
"""...but the import form (it is cheap, and says nothing of the library), files and the health check."""


def create_app(library_path: Path | None = None, max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
               hosts: Iterable[str] = (), token: str | None = None) -> FastAPI:
    """The web app over the library at `library_path` (the default library when None).

    The library is opened here, so a path ficlens cannot use fails now, with the
    library's own message, rather than on the first page. That connection stays
    open: the page cache asks it whether the library changed.

    The app answers only requests whose Host is a loopback name or one of `hosts` (`serve` adds the
    address it binds), and takes a state-changing request only with `token` (a fresh one when None),
    which its pages carry: see `security`.
    """
    watcher = Library(library_path)
    token = token or new_token()
    views = _Views(library_path, max_upload_bytes, token)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        views.close()
        watcher.close()

    app = FastAPI(title="ficlens library", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.hosts = allowed_hosts(hosts)
    app.state.token = token
    app.mount("/static", PackageAssets("ficlens.web", "static", "/static"), name="static")

    # plain Starlette routes: nothing to validate, and FastAPI's dependency solving and response handling
    # were a quarter of the event loop's work on an unseen search (0.35 -> 0.27 ms)
    app.add_route("/", views.searching(views.library), methods=["GET"])
    app.get("/works/{work_id}", response_class=HTMLResponse)(views.work)
    app.get("/works/{work_id}/report", response_class=HTMLResponse)(views.report)
    app.get("/works/{work_id}/passage")(views.passage)
    manage = Manage(views)
    app.get("/works/{work_id}/remove", response_class=HTMLResponse)(manage.confirm_remove)
    app.get("/works/{work_id}/download/{fmt}")(manage.report)
    app.get(ORIGINALS + "{work_id}")(manage.original)
    app.get("/download/results.{fmt}")(views.searching(manage.results))
    for path in FORM_PATHS:
        app.post(path)(getattr(manage, path.rsplit("/", 1)[1]))
    app.get("/characters/{name:path}", response_class=HTMLResponse)(views.character)
    app.add_route("/dashboard", views.searching(views.dashboard), methods=["GET"])
    app.get("/import", response_class=HTMLResponse)(views.import_form)
    app.post("/import", response_class=HTMLResponse)(views.import_files)
    app.get("/import/jobs/{job_id}", response_class=HTMLResponse)(views.import_job)
    app.get("/api/imports/{job_id}")(views.api_import_job)
    app.get("/api/search")(views.searching(views.api_search))
    app.get("/api/works/{work_id}")(views.api_work)
    app.get("/api/dashboard")(views.searching(views.api_dashboard))
    app.get("/healthz")(_healthz)

    app.add_exception_handler(StarletteHTTPException, views.http_error)
    app.add_exception_handler(LibraryError, views.server_error)
    app.add_exception_handler(Exception, views.server_error)
    app.add_middleware(PageCache, version=watcher.data_version, prefixes=CACHED, exclude=NOT_CACHED)
    app.add_middleware(BodyLimit, limit=max_upload_bytes, too_large=views.too_large)
    app.add_middleware(SessionToken, token=token, form_paths=("/import", *FORM_PATHS,))
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HostCheck, hosts=app.state.hosts)
    return app


async def _healthz() -> dict[str, bool]:
    """Up and answering (no library work: the load bench's baseline)."""
    return {"ok": True}


def default_workers() -> int:
    """Server processes when none are asked for: one per core this process may run on. A process runs
    Python on one core at a time (the GIL), and a search is mostly Python: on 2 cores, with 50 clients,
    two processes answer 2.3 times the unseen searches one does (bench/web_load.py)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def bind(host: str = "127.0.0.1", port: int = 8000) -> socket.socket:
    """A listening socket at `host`:`port` (port 0: any free one), bound before anything says where the
    library is served: a port another program holds raises OSError here, before any address is printed."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart may follow a stop at once
        listener.bind((host.strip("[]"), port))
        listener.listen(2048)
    except OSError:
        listener.close()
        raise
    listener.set_inheritable(True)  # the worker processes serve it too
    return listener


def address(listener: socket.socket) -> str:
    """The URL a browser opens for `listener` (the port it really got)."""
    host, port = listener.getsockname()[:2]
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"


def serve(app: FastAPI, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None,
          library_path: Path | None = None, listener: socket.socket | None = None) -> None:
    """Run the app with Uvicorn on `listener` (`bind(host, port)` when None) until interrupted; with `workers`
    > 1 (None: `default_workers`), that many processes, each making its own app over `library_path` (SQLite in
    WAL mode lets them all read at once; each process keeps its own page cache and indexes, and each sees a
    change to the library by itself). The app answers to `host` as well as to loopback names."""
    import uvicorn

    listener = listener or bind(host, port)
    workers = default_workers() if workers is None else workers
    app.state.hosts.add(host_name(host))
    options: dict[str, Any] = {"host": host, "port": listener.getsockname()[1], "log_level": "info",
                               "server_header": False, "timeout_graceful_shutdown": STOP_SECONDS}
    if workers <= 1:
        run_uvicorn(uvicorn.Config(app, **options), listener)
        return
    # the worker processes' apps answer to the same address and take the same token (a form served by one
    # process may be posted to another); the environment is readable by this user's processes only
    os.environ[_LIBRARY_VARIABLE] = str(library_path) if library_path is not None else ""
    os.environ[_HOST_VARIABLE] = host
    os.environ[_TOKEN_VARIABLE] = app.state.token
    run_uvicorn(uvicorn.Config(f"{__name__}:app_from_environment", factory=True, workers=workers, **options),
                listener)


def run_uvicorn(config: Any, listener: socket.socket) -> None:
    """Serve `config` (a uvicorn.Config) on the bound `listener`: in this process, or in `config.workers`
    processes under Uvicorn's supervisor, which share the socket."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    if config.workers > 1:
        Multiprocess(config, sockets=[listener]).run()
    else:
        uvicorn.Server(config).run(sockets=[listener])


_LIBRARY_VARIABLE = "FICLENS_SERVE_LIBRARY"
_HOST_VARIABLE = "FICLENS_SERVE_HOST"
_TOKEN_VARIABLE = "FICLENS_SERVE_TOKEN"


def app_from_environment() -> FastAPI:
    """The app each Uvicorn worker process makes: over the library `serve` named in the environment, with
    its bind address and session token."""
    host = os.environ.get(_HOST_VARIABLE)
    return create_app(Path(os.environ[_LIBRARY_VARIABLE]) if os.environ.get(_LIBRARY_VARIABLE) else None,
                      hosts=[host] if host else [], token=os.environ.get(_TOKEN_VARIABLE) or None)


def is_loopback(host: str) -> bool:
    """Whether `host` only listens on this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# --- the search state in the URL ---------------------------------------------------------------


@dataclass
class Query:
    """A library search as its URL parameters say: text, facet values to include (`fandom=...`) and to exclude
    (`not_fandom=...`), word and other ranges (`min_words`, `max_kudos`, `min_published` ...), the order
    (`sort`, `order` asc or desc), page."""

    q: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    min_words: int | None = None
    max_words: int | None = None
    page: int = 1
    per_page: int = PER_PAGE
    exclude: dict[str, list[str]] = field(default_factory=dict)
    ranges: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    sort: str | None = None
    order: str | None = None

    @classmethod
    def from_request(cls, request: Request) -> Query:
        """The search the URL asks for; a 400 when it asks for more than a page may hold (`MAX_QUERY_BYTES`,
        `MAX_FILTER_VALUES`). A range bound that is not a number (or a date) and an unknown sort are ignored."""
        if len(request.scope.get("query_string", b"")) > MAX_QUERY_BYTES:
            raise StarletteHTTPException(400, f"This search is too long: at most {MAX_QUERY_BYTES:,} characters "
                                              "of search terms and filters.")
        params = request.query_params
        facets: dict[str, list[str]] = {}
        exclude: dict[str, list[str]] = {}
        selected = 0
        for name in FACETS:
            for prefix, chosen in (("", facets), ("not_", exclude)):
                values = [v for v in dict.fromkeys(params.getlist(prefix + name)) if v]
                if values:
                    chosen[name] = values
                    selected += len(values)
        if selected > MAX_FILTER_VALUES:
            raise StarletteHTTPException(400, f"Too many filters: at most {MAX_FILTER_VALUES} values can be "
                                              f"selected at once, and this search selects {selected}.")
        ranges = {}
        for key in RANGES:
            if key != "words":
                ends = (_bound(key, params.get(f"min_{key}")), _bound(key, params.get(f"max_{key}"), upper=True))
                if ends != (None, None):
                    ranges[key] = ends
        sort = params.get("sort")
        order = params.get("order")
        return cls(q=params.get("q", "").strip()[:500], facets=facets, min_words=_count(params.get("min_words")),
                   max_words=_count(params.get("max_words")), page=max(1, _count(params.get("page")) or 1),
                   per_page=min(MAX_PER_PAGE, max(1, _count(params.get("per_page")) or PER_PAGE)),
                   exclude=exclude, ranges=ranges, sort=sort if sort in SORTS else None,
                   order=order if order in ("asc", "desc") else None)

    def params(self, page: int | None = None) -> list[tuple[str, str]]:
        out = [("q", self.q)] if self.q else []
        out += [(name, value) for name, values in self.facets.items() for value in values]
        out += [(f"not_{name}", value) for name, values in self.exclude.items() for value in values]
        if self.min_words is not None:
            out.append(("min_words", str(self.min_words)))
        if self.max_words is not None:
            out.append(("max_words", str(self.max_words)))
        for key, (low, high) in self.ranges.items():
            out += [(f"{end}_{key}", value) for end, value in (("min", low), ("max", high)) if value is not None]
        if self.sort is not None:
            out.append(("sort", self.sort))
        if self.order is not None:
            out.append(("order", self.order))
        if self.per_page != PER_PAGE:
            out.append(("per_page", str(self.per_page)))
        if (page or self.page) > 1:
            out.append(("page", str(page or self.page)))
        return out

    def url(self, path: str = "/", page: int | None = None) -> str:
        params = self.params(page)
        return f"{path}?{'&'.join(f'{_plus(k)}={_plus(v)}' for k, v in params)}" if params else path

    def options(self) -> dict[str, Any]:
        """What `Library.search` takes beyond the text, facets and words: exclusions, ranges and the order."""
        return {"exclude": self.exclude, "ranges": self.ranges, "sort": self.sort,
                "descending": None if self.order is None else self.order == "desc"}

    def filters(self) -> dict[str, Any]:
        """What `Library.dashboard` takes beyond the text, facets and words."""
        return {"exclude": self.exclude, "ranges": self.ranges}

    def selected(self, facet: str, value: str) -> bool:
        return value in self.facets.get(facet, [])

    def _with(self, path: str, **changes: Any) -> str:
        """The URL of this search changed so, back to page 1."""
        return replace(self, page=1, **changes).url(path)

    def toggle(self, facet: str, value: str, path: str = "/") -> str:
        """The URL with `value` of `facet` added, or removed when selected; back to page 1."""
        return self._with(path, facets=_toggled(self.facets, facet, value))

    def adding(self, facet: str, value: str, path: str = "/") -> str:
        """The URL with `value` of `facet` included (and not excluded), whether or not it was before."""
        facets = self.facets if self.selected(facet, value) else _toggled(self.facets, facet, value)
        exclude = _toggled(self.exclude, facet, value) if value in self.exclude.get(facet, []) else self.exclude
        return self._with(path, facets=facets, exclude=exclude)

    def toggle_exclude(self, facet: str, value: str, path: str = "/") -> str:
        """The URL with `value` of `facet` excluded (and no longer included), or no longer excluded when it was."""
        facets = _toggled(self.facets, facet, value) if self.selected(facet, value) else self.facets
        return self._with(path, facets=facets, exclude=_toggled(self.exclude, facet, value))

    def without_range(self, key: str, path: str = "/") -> str:
        return self._with(path, ranges={k: v for k, v in self.ranges.items() if k != key})

    def sorted_by(self, key: str, order: str | None = None, path: str = "/") -> str:
        """The URL of this search in the order of `key` (relevance without a key), in its own direction
        unless `order` says."""
        return self._with(path, sort=None if key == "relevance" else key,
                          order=None if order == ("desc" if descending_by_default(key) else "asc") else order)

    @property
    def sort_key(self) -> str:
        """The order the results are in: the sort asked for, else relevance for a text search, else title."""
        return self.sort if self.sort not in (None, "relevance") or self.q else "title"

    @property
    def descending(self) -> bool:
        """Whether the results run most first (the sort's own direction unless `order` says)."""
        return self.order == "desc" if self.order is not None else descending_by_default(self.sort_key)

    def chips(self, labels: dict[str, str], path: str = "/") -> list[tuple[str, str]]:
        """Every filter in force as (what the page calls it, the URL without it): what the page lists to remove."""
        out = [(f"text: “{self.q}”", self.without_text(path))] if self.q else []
        out += [(f"{labels.get(facet, facet)}: {value}", self.toggle(facet, value, path))
                for facet, values in self.facets.items() for value in values]
        out += [(f"not {labels.get(facet, facet)}: {value}", self.toggle_exclude(facet, value, path))
                for facet, values in self.exclude.items() for value in values]
        if self.min_words is not None or self.max_words is not None:
            out.append((f"words {_span(self.min_words, self.max_words)}", self.without_words(path)))
        out += [(f"{RANGES[key]} {_span(low, high)}", self.without_range(key, path))
                for key, (low, high) in self.ranges.items()]
        return out

    def sidebar(self, counts: dict[str, list[tuple[str, int]]], shown: int, total: int | None = None) -> Markup:
        """The sidebar's HTML: a section for each facet that has values or filters in force, listing the
        values included and excluded (each linking to its removal), then the values shown (the first
        `shown`) and the rest behind "all N". Each value links to the URL that includes it (what `toggle`
        gives, spelt once for the selection rather than once a value: a page links to a few hundred values)
        and says its count, and has a second link that excludes it, unless it is every work of the `total`
        (excluding it would leave none).

        Spelt here rather than in the template: a Jinja loop costs about ten times as much a value."""
        head = [f"q={_plus(self.q)}"] if self.q else []
        segments = {name: [f"{_plus(name)}={_plus(v)}" for v in values] for name, values in self.facets.items()}
        tail = [f"{_plus(k)}={_plus(v)}" for k, v in self.params() if k not in ("q", "page") and k not in segments]
        names = list(segments)
        everything = "&".join(f"{_plus(k)}={_plus(v)}" for k, v in self.params() if k != "page")
        groups = []
        for facet, label in FACETS.items():
            values = counts.get(facet) or []
            chosen = self.facets.get(facet, [])
            excluded = self.exclude.get(facet, [])
            if not values and not chosen and not excluded:
                continue
            if facet in segments:
                at = names.index(facet)
                before = "&".join(head + [p for n in names[: at + 1] for p in segments[n]])
                after = "&".join([p for n in names[at + 1:] for p in segments[n]] + tail)
            else:
                before = "&".join(head + [p for n in names for p in segments[n]])
                after = "&".join(tail)
            # every part is quote_plus'd: as an attribute value, only the & need escaping
            prefix = _href(f"/?{before}&" if before else "/?") + _plus(facet) + "="
            suffix = _href(f"&{after}") if after else ""
            not_prefix = _href(f"/?{everything}&" if everything else "/?") + "not_" + _plus(facet) + "="
            character = facet in ("appears", "speaks")
            known = dict(values)
            visible = []
            for value in chosen:
                text, page = _value_html(value, character)
                visible.append(f'<li><a class="fv on" href="{_href(self.toggle(facet, value))}" data-value="{text}"'
                               ' aria-pressed="true" title="remove this filter"><span class="box" aria-hidden="true">'
                               f'☑</span><span class="v">{text}</span><span class="n">{known.get(value, 0)}</span></a>'
                               f'{page}</li>')
            for value in excluded:
                text, page = _value_html(value, character)
                visible.append(f'<li><a class="fv out" href="{_href(self.toggle_exclude(facet, value))}" data-value="'
                               f'{text}" aria-pressed="true" title="include these works again"><span class="box" '
                               f'aria-hidden="true">⊘</span><span class="v"><s>{text}</s></span><span class="n">'
                               'excluded</span></a></li>')
            hidden = []
            rest = [(value, count) for value, count in values if value not in chosen]
            for i, (value, count) in enumerate(rest):
                text, page = _value_html(value, character)
                leave_out = "" if total is not None and count >= total else (
                    f'<a class="fx" href="{not_prefix}{_plus(value)}" data-value="{text}" title="exclude {text}"'
                    f' aria-label="exclude {text}">⊘</a>')
                (visible if i < shown else hidden).append(
                    f'<li><a class="fv" href="{prefix}{_plus(value)}{suffix}" data-value="{text}" aria-pressed="false">'
                    f'<span class="box" aria-hidden="true">☐</span><span class="v">{text}</span>'
                    f'<span class="n">{count}</span></a>{leave_out}{page}</li>')
            groups.append(f'<section class="facet" data-facet="{facet}">\n<h3>{_text(label)}</h3>\n'
                          f'<ul>{"".join(visible)}</ul>\n')
            if hidden:
                groups.append(f'<details class="more-toggle"><summary>all {len(rest)}</summary>\n'
                              f'<ul>{"".join(hidden)}</ul>\n</details>\n')
            groups.append("</section>\n")
        return Markup("".join(groups))

    def without_text(self, path: str = "/") -> str:
        return self._with(path, q="")

    def without_words(self, path: str = "/") -> str:
        return self._with(path, min_words=None, max_words=None)

    @property
    def words(self) -> tuple[int | None, int | None]:
        return (self.min_words, self.max_words)

    @property
    def custom_per_page(self) -> bool:
        return self.per_page != PER_PAGE

    @property
    def empty(self) -> bool:
        return not (self.q or self.facets or self.exclude or self.ranges or self.min_words is not None
                    or self.max_words is not None)


def _toggled(chosen: dict[str, list[str]], facet: str, value: str) -> dict[str, list[str]]:
    """`chosen` with `value` of `facet` added, or removed when there; facets left without values dropped."""
    out = {k: list(v) for k, v in chosen.items()}
    values = out.setdefault(facet, [])
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    return {k: v for k, v in out.items() if v}


def _bound(key: str, text: str | None, upper: bool = False) -> str | None:
    """A range bound from the URL as written, when the library can read it (see `sorting.bound`); else None."""
    if text is None or not text.strip():
        return None
    try:
        bound(key, text, upper)
    except LibraryError:
        return None
    return text.strip()


def _span(low: object, high: object) -> str:
    """A range as the page shows it: "1,000–5,000", "2019–…"."""
    def shown(value: object, blank: str) -> str:
        return blank if value is None else f"{value:,}" if isinstance(value, int) else str(value)

    return f"{shown(low, '0')}–{shown(high, '…')}"


@lru_cache(maxsize=8192)
def _value_html(value: str, character: bool) -> tuple[str, str]:
    """A facet value escaped, and for a character the link to its page: the same values come back on
    every page of the library."""
    shown = str(escape(value))
    if not character:
        return shown, ""
    return shown, f'<a class="to" href="/characters/{quote(value, safe="")}" title="{shown} across the library">›</a>'


_NEEDS_ESCAPE = re.compile(r"[<>\"']")


def _href(url: str) -> str:
    """A URL made of `_plus`-quoted parts as an attribute value: only its & need escaping (anything
    else that would goes through markupsafe)."""
    return str(escape(url)) if _NEEDS_ESCAPE.search(url) else url.replace("&", "&amp;")


def hit_items(hits: list[Any], blurbs: dict[int, Any] | None = None, blurb: Callable[..., Any] | None = None) -> Markup:
    """The library page's hits, each an <li>: the work's AO3-style blurb (`blurb`, the macro, over `blurbs`,
    the works' `library.blurbs.Blurb`) with the hit's snippet; without blurbs, a short card of title,
    byline, fandoms, rating, category, words, POV and tense, snippet, spelt here rather than in the template
    (a Jinja loop over twenty hits and their macros costs several times as much)."""
    out = []
    for hit in hits:
        found = (blurbs or {}).get(hit.work_id)
        if found is not None and blurb is not None:
            # without a query the snippet is the summary or the opening: the blurb shows the summary itself
            opening = "<mark>" not in (hit.snippet_html or "")
            snippet = safe_snippet(hit.snippet_html) if hit.snippet_html and not (opening and found.summary) else None
            told = f"{hit.pov or '?'} person, {hit.tense or '?'} tense" if hit.pov or hit.tense else None
            passage = passage_link(hit.work_id, str(snippet)) if snippet else None
            out.append(f'<li class="hit card">{blurb(found, snippet=snippet, told=told, passage=passage)}</li>\n')
            continue
        out.append(f'<li class="hit card">\n<h2><a href="/works/{int(hit.work_id)}">{_text(hit.title)}</a></h2>\n')
        if hit.authors:
            out.append(f'<p class="byline">by {_text(", ".join(hit.authors))}</p>\n')
        out.append('<p class="meta">')
        out.extend(f'<span class="pill">{_text(fandom)}</span>' for fandom in hit.fandoms)
        if hit.rating:
            out.append(f' <span class="pill rating">{_text(hit.rating)}</span>')
        if hit.category:
            out.append(f' <span class="pill">{_text(hit.category)}</span>')
        out.append(f' <span class="fact">{_number(hit.words)} words</span>')
        if hit.pov or hit.tense:
            out.append(f' <span class="fact">{_text(hit.pov or "?")} person · {_text(hit.tense or "?")} tense</span>')
        out.append("</p>\n")
        if hit.snippet_html:
            out.append(f'<p class="snippet">{safe_snippet(hit.snippet_html)}</p>\n')
        out.append("</li>\n")
    return Markup("".join(out))


@lru_cache(maxsize=16384)
def _text(value: str) -> str:
    """`value` escaped for HTML, remembered: titles, authors, fandoms and ratings come back page after page."""
    return _html_escape(value)


def pager(query: Query, pages: int) -> Markup:
    """Links to the first and last pages and to those within two of this one (a gap mark three away),
    with previous and next; nothing when there is one page."""
    if pages <= 1:
        return Markup("")
    page = query.page
    out = ['<nav class="pager" aria-label="Pages">']
    if page > 1:
        out.append(f'<a rel="prev" href="{escape(query.url("/", page=page - 1))}">← previous</a>')
    for n in sorted({1, pages, *range(max(1, page - 3), min(pages, page + 3) + 1)}):
        if n == 1 or n == pages or abs(n - page) <= 2:
            if n == page:
                out.append(f'<span class="current" aria-current="page">{n}</span>')
            else:
                out.append(f'<a href="{escape(query.url("/", page=n))}">{n}</a>')
        elif abs(n - page) == 3:
            out.append('<span class="gap">…</span>')
    if page < pages:
        out.append(f'<a rel="next" href="{escape(query.url("/", page=page + 1))}">next →</a>')
    out.append("</nav>")
    return Markup("\n".join(out))


def _number(n: int | None) -> str:
    return "–" if n is None else f"{n:,}"


@lru_cache(maxsize=4096)
def _plus(text: str) -> str:
    """`text` as urlencode writes it (quote_plus), remembered: a library page links to a few hundred facet
    values, each URL spelling out the whole selection again."""
    return quote_plus(text)


def _count(value: str | None) -> int | None:
    """A non-negative whole number from a form field ("12,000" too); None when blank or not a number."""
    if value is None:
        return None
    value = value.replace(",", "").replace("_", "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


# --- pages -------------------------------------------------------------------------------------


POOL_SIZE = 4  # library connections; requests beyond wait for one

SEARCH_THREADS = 2
"""Threads that answer searches and dashboards (the pages no cache can hold for long: every selection is
a new URL), in the order they were asked: a queue and threads of their own rather than one of the forty
threads Starlette gives a request, which under load contend for the GIL and for the connections, and cost
a thread switch more a request. Two: while one is inside SQLite (no GIL), the other runs Python."""


class _Views:
    """The route handlers, bound to one library path and upload limit."""

    def __init__(self, library_path: Path | None, max_upload_bytes: int, token: str) -> None:
        self.library_path = library_path
        self.max_upload_bytes = max_upload_bytes
        self.token = token
        self.templates = _environment()
        self.templates.globals["token"] = token
        self.idle: queue.Queue[Library] = queue.Queue()
        self.opened = 0
        self.opening = threading.Lock()
        self.importers: ProcessPoolExecutor | None = None
        self.jobs = ImportJobs(library_path)
        self.started: set[str] = set()
        self.records = _Cache(16)
        self.reports = _Cache(16)
        self.searchers = ThreadPoolExecutor(SEARCH_THREADS, thread_name_prefix="ficlens-search")

    def searching(self, view: Callable[[Request], Any]) -> Callable[[Request], Awaitable[Any]]:
        """`view` as an endpoint run on the search threads (see SEARCH_THREADS)."""

        @wraps(view)
        async def endpoint(request: Request) -> Any:
            return await asyncio.get_running_loop().run_in_executor(self.searchers, view, request)

        return endpoint

    @contextmanager
    def open(self) -> Iterator[Library]:
        """A library connection for this request from a small pool: a few warm connections
        (each keeps its answers) serve two cores better than one cold connection a request."""
        library = None
        with self.opening:
            if self.idle.empty() and self.opened < POOL_SIZE:
                self.opened += 1
                library = Library(self.library_path)
        if library is None:
            library = self.idle.get()
        try:
            yield library
        finally:
            self.idle.put(library)

    def close(self) -> None:
        """Stop the import processes (an import cut short leaves whole works only) and the search threads,
        and close the library connections."""
        with self.opening:
            importers, self.importers = self.importers, None
        if importers is not None:
            stop_processes(importers)
        self.searchers.shutdown(wait=True)
        while not self.idle.empty():
            self.idle.get_nowait().close()

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.templates.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status)

    def record(self, library: Library, work_id: int) -> WorkRecord | None:
        """A stored work, parsed once while it stays the same in the library."""
        stamp = library.stamp(work_id)
        if stamp is None:
            return None
        return self.records.get((work_id, stamp), lambda: library.work(work_id))

    def library(self, request: Request) -> HTMLResponse:
        """The library: search box, facets with counts, word range, hits and paging."""
        query = Query.from_request(request)
        with self.open() as library:
            results = library.search(query.q, query.facets, query.words, page=query.page, per_page=query.per_page,
                                     **query.options())
            blurbs = library.blurbs([hit.work_id for hit in results.hits])
        pages = max(1, -(-results.total // query.per_page))
        return self.page("library.html.j2", query=query, results=results, pages=pages, facet_labels=FACETS,
                         sidebar=query.sidebar(results.facets, FACET_VALUES_SHOWN, results.total), sorts=SORTS,
                         range_labels=RANGES,
                         hit_items=hit_items(results.hits, blurbs, self.templates.get_template("macros.html.j2").module.blurb),
                         pager=pager(query, pages), removed=request.query_params.get("removed", "")[:200], nav="library")

    def work(self, work_id: int) -> HTMLResponse:
        """One work: its facts, characters and similar works, with the full report embedded."""
        return self.work_page(work_id)

    def work_page(self, work_id: int, confirm_remove: bool = False) -> HTMLResponse:
        """The work page; `confirm_remove` asks first whether to remove the work (see `manage`)."""
        stored_id(work_id)
        with self.open() as library:
            record = self.record(library, work_id)
            if record is None:
                raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
            similar = library.similar(work_id, limit=8)
            blurb = library.blurbs([work_id]).get(work_id)
            own, shelves = library.personal(work_id), library.collections()
        data = record.analysis
        lines: dict[str, int] = {}
        for line in data.get("quotes", []):
            if line.get("speaker"):
                lines[line["speaker"]] = lines.get(line["speaker"], 0) + 1
        return self.page("work.html.j2", record=record, work=data.get("work") or {},
                         narration=data.get("narration") or {}, characters=data.get("characters", []),
                         lines=lines, similar=similar, blurb=blurb, summary=safe_summary((data.get("work") or {}).get("summary")),
                         own=own, shelves=shelves, declared=data.get("edits") or {},
                         confirm_remove=confirm_remove, nav="library")

    def report(self, work_id: int) -> HTMLResponse:
        """The work's full story report, as its own document (the work page frames it)."""
        stored_id(work_id)
        with self.open() as library:
            html, policy = self._report(library, work_id)
        return HTMLResponse(html, headers={"content-security-policy": policy})

    def passage(self, work_id: int, words: str = "") -> RedirectResponse:
        """The report opened at the paragraph holding `words` (a search hit's first matched words, see
        `passages.passage_link`), by its id; at its top when they are not in the text."""
        stored_id(work_id)
        with self.open() as library:
            html, _ = self._report(library, work_id)
            text = self.record(library, work_id).text
        starts = sorted(int(start) for start in _PARAGRAPH_ID.findall(html))
        start = paragraph_at(text, starts, words[:500])
        return RedirectResponse(f"/works/{work_id}/report" + (f"#para-{start}" if start is not None else ""),
                                status_code=303)

    def _report(self, library: Library, work_id: int) -> tuple[str, str]:
        """The work's report and its content security policy, made once while the work stays the same."""
        stamp = library.stamp(work_id)
        if stamp is None:
            raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")

        own = library_norms.for_work(library.db, work_id)  # the rates against the reader's works of its fandom

        def render() -> tuple[str, str]:
            record = self.record(library, work_id)
            data = {**record.analysis, "library_norms": own.as_dict()} if own else record.analysis
            html = render_html(data, record.text)
            return html, report_csp(html)

        return self.reports.get((work_id, stamp, own), render)

    def character(self, name: str) -> HTMLResponse:
        """One character gathered across works: names, mentions, lines, sample lines."""
        with self.open() as library:
            appearances = library.character(name)
            samples = {a.work_id: library.lines(a.work_id, a.character_id) for a in appearances[:50]}
        if not appearances:
            raise StarletteHTTPException(404, f"No character called “{name}” in the library.")
        totals = {"works": len({a.work_id for a in appearances}), "mentions": sum(a.mentions for a in appearances),
                  "lines": sum(a.lines for a in appearances)}
        aliases = sorted({alias for a in appearances for alias in [a.name, *a.aliases] if alias != name})
        return self.page("character.html.j2", name=name, appearances=appearances, samples=samples, totals=totals,
                         aliases=aliases, nav="library")

    def dashboard(self, request: Request) -> HTMLResponse:
        """Corpus figures over the library or the selection in the URL."""
        query = Query.from_request(request)
        with self.open() as library:
            board = library.dashboard(query.q, query.facets, query.words, **query.filters())
        return self.page("dashboard.html.j2", query=query, board=board, facet_labels=FACETS, nav="dashboard")

    def import_form(self) -> HTMLResponse:
        return self.page("import.html.j2", limit=self.max_upload_bytes, nav="import")

    async def import_files(self, request: Request) -> Response:
        """Keep the uploads and queue their import (see `imports`), then send the browser to the import's
        progress page (a 303: reloading that page never posts the files again)."""
        form = await request.form(max_files=MAX_FILES, max_fields=20)
        given = form.get(TOKEN_FIELD)
        if not (token_matches(given if isinstance(given, str) else None, self.token)
                or token_matches(request.headers.get(TOKEN_HEADER.decode()), self.token)):
            return self.page("import.html.j2", status=403, limit=self.max_upload_bytes, nav="import",
                             error="This form is out of date (the server was restarted since it was loaded): "
                                   "reload the page and import again.")
        uploads = [u for u in form.getlist("files") if isinstance(u, UploadFile) and u.filename]
        if not uploads:
            return self.page("import.html.j2", status=400, limit=self.max_upload_bytes, nav="import",
                             error="Choose one or more story files to import.")
        files = [(upload.filename or "", await upload.read()) for upload in uploads]
        try:
            job = await asyncio.to_thread(self.jobs.submit, files)
        except OSError as error:
            return self.page("import.html.j2", status=507, limit=self.max_upload_bytes, nav="import",
                             error=f"The uploads cannot be kept beside the library ({error.strerror or error}).")
        self.start(job)
        return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)

    def import_job(self, job_id: str) -> HTMLResponse:
        """An import's or a re-analysis's progress: waiting its turn, how far it has come, then what happened."""
        job = self.jobs.get(job_id)
        if job is None:
            raise StarletteHTTPException(404, "There is no such import (finished imports are kept for a while).")
        result = job.outcome()
        status = 422 if result is not None and result.failed and not result.stored else 200
        again = job.kind == "reanalyze"
        return self.page("import.html.j2", status=status, limit=self.max_upload_bytes, job=job, result=result,
                         ahead=self.jobs.ahead(job), again=again, nav="library" if again else "import")

    def api_import_job(self, job_id: str) -> dict[str, Any]:
        job = self.jobs.get(job_id)
        if job is None:
            raise StarletteHTTPException(404, "There is no such import.")
        return job.as_dict() | {"ahead": self.jobs.ahead(job)}

    def start(self, job: Job) -> None:
        """Run `job` in this server's import process, unless it runs already, or is done,
        or another server process took it."""
        if not job.finished and job.server == os.getpid() and job.id not in self.started:
            self._start(job.id)

    def _start(self, job_id: str) -> None:
        """Hand the job to this server's import process (one: the library's lock lets one import run at a
        time anyway); an import process that died (killed, out of memory) is replaced for the next job."""
        with self.opening:
            if self.importers is None:
                self.importers = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=die_with_parent, initargs=(os.getpid(),))
            importers = self.importers
            self.started.add(job_id)
        library = str(self.library_path) if self.library_path is not None else None
        future = importers.submit(import_in_process, library, job_id)

        def finished(done: Any) -> None:
            if isinstance(done.exception(), BrokenProcessPool):
                with self.opening:
                    if self.importers is importers:
                        self.importers = None
                job = self.jobs.get(job_id)
                if job is not None and not job.finished:
                    job.status = "stopped"
                    self.jobs.save(job)

        future.add_done_callback(lambda done: None if done.cancelled() else finished(done))

    async def too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        megabytes = self.max_upload_bytes / 2**20
        message = f"The upload is too large: the limit is {megabytes:,.3g} MB for all files together."
        if scope["path"].startswith("/import"):
            response: Response = self.page("import.html.j2", status=413, limit=self.max_upload_bytes,
                                           error=message, nav="import")
        else:
            response = JSONResponse({"error": message}, status_code=413)
        await response(scope, receive, send)

    # --- JSON API --------------------------------------------------------------------------

    def api_search(self, request: Request) -> dict[str, Any]:
        """The library search as JSON (the same parameters as the library page)."""
        query = Query.from_request(request)
        with self.open() as library:
            results = library.search(query.q, query.facets, query.words, page=query.page, per_page=query.per_page,
                                     **query.options())
        hits = [asdict(hit) | {"snippet_html": str(safe_snippet(hit.snippet_html))} for hit in results.hits]
        return {"total": results.total, "page": query.page, "per_page": query.per_page, "hits": hits,
                "facets": {k: [list(v) for v in values] for k, values in results.facets.items()}}

    def api_work(self, work_id: int) -> dict[str, Any]:
        stored_id(work_id)
        with self.open() as library:
            record = library.work(work_id)
            if record is None:
                raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
            similar = library.similar(work_id, limit=10)
        return {"id": record.id, "title": record.title, "analysis": record.analysis,
                "similar": [asdict(s) for s in similar]}

    def api_dashboard(self, request: Request) -> dict[str, Any]:
        query = Query.from_request(request)
        with self.open() as library:
            return asdict(library.dashboard(query.q, query.facets, query.words, **query.filters()))

    # --- errors ----------------------------------------------------------------------------

    async def http_error(self, request: Request, error: StarletteHTTPException) -> Response:
        message = error.detail if isinstance(error.detail, str) else "That request could not be answered."
        if error.status_code == 404 and message == "Not Found":
            message = "There is no such page."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=error.status_code)
        return self.page("error.html.j2", status=error.status_code, message=message, nav="")

    async def server_error(self, request: Request, error: Exception) -> Response:
        if isinstance(error, LibraryError):
            status, message = 400, str(error)
        else:
            status, message = 500, f"Something went wrong on the server ({type(error).__name__})."
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status)
        return self.page("error.html.j2", status=status, message=message, nav="")


_PARAGRAPH_ID = re.compile(r'<p id="para-(\d+)"')


def stored_id(work_id: int) -> int:
    """`work_id`, or a 404 when no work can have it (`storable_id`), rather than an overflow (500)."""
    if not storable_id(work_id):
        raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
    return work_id


def import_in_process(library_path: str | None, job_id: str) -> None:
    """What the import process runs: the import job `job_id` (see `imports.run_job`), over a library
    connection of its own (the server's connections see the new works through the library's data version)."""
    run_job(library_path, job_id)


def stop_processes(pool: ProcessPoolExecutor) -> None:
    """Shut `pool` down now: queued imports dropped, running ones stopped (SIGTERM to each process).
    Python 3.11's executor cannot stop a running task, hence its `_processes`."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)


class _Cache:
    """A small least-recently-used cache, shared by the request threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        value = make()
        with self.lock:
            self.items[key] = value
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return value


# --- markup and policies -----------------------------------------------------------------------


def safe_snippet(snippet_html: str) -> Markup:
    """A search snippet with no markup left but <mark>, and no reader furniture (`passages`). The library's snippets are escaped text with
    balanced <mark> and </mark> only, which is checked for and then kept as it is; anything else goes
    through nh3."""
    text = without_furniture(snippet_html or "")
    bare = text.replace("<mark>", "").replace("</mark>", "")
    if "<" not in bare and _balanced_marks(text):
        return Markup(text)
    return Markup(nh3.clean(text, tags={"mark"}, attributes={}))


def _balanced_marks(text: str) -> bool:
    """Every <mark> closed before the next opens, and no </mark> before its <mark>."""
    depth = 0
    for tag in _MARK_TAG.findall(text):
        depth += 1 if tag == "<mark>" else -1
        if depth not in (0, 1):
            return False
    return depth == 0


_MARK_TAG = re.compile(r"</?mark>")


def safe_summary(summary: str | None) -> Markup | None:
    """A work's summary (stored as text) escaped, its paragraphs kept."""
    if not summary:
        return None
    paragraphs = [p.strip() for p in summary.split("\n") if p.strip()]
    return Markup("".join(Markup("<p>{}</p>").format(p) for p in paragraphs))


def report_csp(html: str) -> str:
    """The report's policy: its own script allowed by hash, nothing else run; inline styles for its charts."""
    hashes = []
    for body in re.findall(r"<script>(.*?)</script>", html, flags=re.S):
        if body.strip() == _REPORT_SCRIPT.strip():
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            hashes.append(f"'sha256-{digest}'")
    scripts = " ".join(dict.fromkeys(hashes)) or "'none'"
    return (f"default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")


def _environment() -> jinja2.Environment:
    folder = resources.files("ficlens").joinpath("web/templates")
    loader = jinja2.FunctionLoader(lambda name: folder.joinpath(name).read_text("utf-8"))
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.ChainableUndefined)
    env.filters["num"] = _number
    env.filters["pct"] = lambda share: f"{100 * share:.0f}%"
    env.filters["pathpart"] = lambda value: quote(str(value), safe="")
    env.filters["urlencode"] = lambda value: quote(str(value), safe="")
    return env
