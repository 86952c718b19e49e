"""The library managed from the page, and its downloads.

Forms on the work page post to fixed paths (`FORM_PATHS`) with the session token
(see `security.SessionToken`), the work's id a field of the form: remove (after a
confirmation page), edit, mark (status, favourite, rating, notes, tags,
collections) and analyse again (a background job, queued with the imports: it takes seconds). Each
answers with a redirect (303: back to the work, or to the job's progress page), so reloading never
posts twice.

Downloads: the original file as added (when it is still where it was, unchanged),
the report in each format made from the stored analysis, and a search's results
as CSV or JSON Lines with the filters of the library page. A file's name is the
work's title made safe (`attachment_name`).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, RedirectResponse, Response, StreamingResponse

from ..library import Library
from ..library.personal import STATUSES
from .security import TOKEN_FIELD, TOKEN_HEADER, token_matches

if TYPE_CHECKING:
    from .app import _Views

FORM_PATHS = ("/works/remove", "/works/edit", "/works/mark", "/works/reanalyze")
"""Where the work page's forms post (the session token in a form field)."""

ORIGINALS = "/originals/"
"""The original files' path: never kept by the page cache (the file may move while the library stays)."""

REPORTS = {"html": ("text/html; charset=utf-8", ".html"), "json": ("application/json", ".json"),
           "md": ("text/markdown; charset=utf-8", ".md"), "txt": ("text/plain; charset=utf-8", ".txt")}
"""Each report format a work page offers: its media type and file suffix."""

RESULT_COLUMNS = ("id", "title", "authors", "fandoms", "rating", "category", "words", "pov", "tense", "score",
                  "status", "favourite", "your_rating", "collections", "url")
"""A search's results as a table: what a hit shows, the reader's own fields, and the work's page."""

RESULTS_PAGE = 500


def attachment_name(title: str, suffix: str) -> str:
    """A Content-Disposition value naming the file after `title`: a plain ASCII `filename` (letters, digits,
    dots, dashes, underscores) for old clients, and the title itself in `filename*` (RFC 6266); no path,
    quote, control character or leading dot survives in either."""
    name = unicodedata.normalize("NFC", title)
    name = re.sub(r"[\x00-\x1f\x7f/\\:*?\"<>|]+", " ", name)
    name = " ".join(name.split()).strip(" .")[:120].strip(" .") or "work"
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_name).strip("._") or "work"
    return f"attachment; filename=\"{ascii_name}{suffix}\"; filename*=UTF-8''{quote(name + suffix, safe='')}"


class Manage:
    """The routes of this module, over the app's views (their library pool, import processes, templates)."""

    def __init__(self, views: _Views) -> None:
        self.views = views

    # --- forms -----------------------------------------------------------------------------

    async def _form(self, request: Request) -> tuple[FormData, int]:
        """The posted form and the work it names; 403 without the session token, 404 without a work."""
        form = await request.form(max_files=0, max_fields=40)
        given = form.get(TOKEN_FIELD)
        if not (token_matches(given if isinstance(given, str) else None, self.views.token)
                or token_matches(request.headers.get(TOKEN_HEADER.decode()), self.views.token)):
            raise StarletteHTTPException(403, "This form is out of date (the server was restarted since it was "
                                              "loaded): reload the page and try again.")
        work = str(form.get("work") or "")
        if not (work.isascii() and work.isdigit() and len(work) < 19):
            raise StarletteHTTPException(404, "There is no such work in the library.")
        return form, int(work)

    def _exists(self, library: Library, work_id: int) -> None:
        if library.stamp(work_id) is None:
            raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")

    def confirm_remove(self, work_id: int) -> Response:
        """The question before a work is removed: the work page with a confirmation form at its top."""
        return self.views.work_page(work_id, confirm_remove=True)

    async def remove(self, request: Request) -> Response:
        form, work_id = await self._form(request)
        with self.views.open() as library:
            title = library.remove(work_id)
        if title is None:
            raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
        return RedirectResponse(f"/?removed={quote(title[:200], safe='')}", status_code=303)

    async def edit(self, request: Request) -> Response:
        """The reader's title, authors, fandoms and summary (a blank field: back to the file's)."""
        form, work_id = await self._form(request)
        changes: dict[str, Any] = {}
        for name in ("title", "summary"):
            if name in form:
                changes[name] = str(form.get(name) or "")
        for name in ("authors", "fandoms"):
            if name in form:
                changes[name] = [p for p in str(form.get(name) or "").split(",")]
        with self.views.open() as library:
            self._exists(library, work_id)
            library.edit(work_id, **changes)
        return RedirectResponse(f"/works/{work_id}#yours", status_code=303)

    async def mark(self, request: Request) -> Response:
        """Status, favourite, rating, notes, the bookmark's tags and the collections the work is in."""
        form, work_id = await self._form(request)
        status = str(form.get("status") or "")
        if status and status not in STATUSES:
            raise StarletteHTTPException(400, f"There is no status “{status}”.")
        rating = str(form.get("rating") or "")
        if rating and rating not in ("1", "2", "3", "4", "5"):
            raise StarletteHTTPException(400, "A rating is 1 to 5 stars.")
        tags = [t for t in str(form.get("tags") or "").split(",")]
        chosen = {str(c) for c in form.getlist("collections")}
        new = str(form.get("new_collection") or "").strip()
        with self.views.open() as library:
            self._exists(library, work_id)
            own = library.personal(work_id)
            wanted = [" ".join(t.split()) for t in tags if t.strip()]
            library.mark(work_id, status=status or None, favourite=form.get("favourite") == "on",
                         rating=int(rating) if rating else None, notes=str(form.get("notes") or "") or None,
                         add_tags=wanted, remove_tags=[t for t in own.tags if t not in wanted])
            for name in own.collections:
                if name not in chosen:
                    library.uncollect(name, [work_id])
            for name in sorted(chosen - set(own.collections)) + ([new] if new else []):
                library.collect(name, [work_id])
        return RedirectResponse(f"/works/{work_id}#yours", status_code=303)

    async def reanalyze(self, request: Request) -> Response:
        """Queue the work's re-analysis as a background job (see `imports`: one job at a time per library, in
        the server's import process) and send the browser to its progress page; the same work asked again
        while its job is unfinished is that job."""
        form, work_id = await self._form(request)
        with self.views.open() as library:
            self._exists(library, work_id)
            title = library.work(work_id).title
        job = await asyncio.to_thread(self.views.jobs.reanalyze, work_id, title)
        self.views.start(job)
        return RedirectResponse(f"/import/jobs/{job.id}", status_code=303)

    # --- downloads -------------------------------------------------------------------------

    def original(self, work_id: int) -> Response:
        """The file the work was added from, as it was: a 410 naming where it was when it is gone, a 409 when
        other bytes are there now."""
        with self.views.open() as library:
            found = library.source(work_id)
            title = library.work(work_id).title if found else ""
        if found is None:
            raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
        path, _, state = found
        if state == "gone":
            raise StarletteHTTPException(410, f"The original file is no longer where it was added from ({path}): "
                                              "it has moved or been deleted. The report and the text are still here.")
        if state == "changed":
            raise StarletteHTTPException(409, f"The file at {path} has changed since it was added (its bytes "
                                              "differ): add it again to keep the new version.")
        return FileResponse(path, media_type="application/octet-stream",
                            headers={"content-disposition": attachment_name(title, Path(path).suffix.lower())})

    def report(self, work_id: int, fmt: str) -> Response:
        """The work's report in one format, made from the stored analysis (with the reader's edits)."""
        if fmt not in REPORTS:
            raise StarletteHTTPException(404, f"There is no report format “{fmt}” (formats: {', '.join(REPORTS)}).")
        with self.views.open() as library:
            record = self.views.record(library, work_id)
        if record is None:
            raise StarletteHTTPException(404, f"There is no work {work_id} in the library.")
        body = render(fmt, record.analysis, record.text)
        media, suffix = REPORTS[fmt]
        headers = {"content-disposition": attachment_name(record.title, suffix)}
        if fmt == "html":  # the report's own script, nothing else, if it is opened from here
            from .app import report_csp

            headers["content-security-policy"] = report_csp(body)
        return Response(body, media_type=media, headers=headers)

    def results(self, request: Request) -> Response:
        """Every work of the search in the URL (the library page's parameters) as CSV or JSON Lines (the
        path's suffix)."""
        from .app import Query

        fmt = request.path_params.get("fmt")
        if fmt not in ("csv", "jsonl"):
            raise StarletteHTTPException(404, "Results come as csv or jsonl.")
        query = Query.from_request(request)
        with self.views.open() as library:
            rows = list(result_rows(library, query))
        name = attachment_name("ficlens search" + (f" {query.q}" if query.q else ""), f".{fmt}")
        if fmt == "jsonl":
            lines = (json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
            return StreamingResponse(lines, media_type="application/x-ndjson; charset=utf-8",
                                     headers={"content-disposition": name})
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(RESULT_COLUMNS)
        writer.writerows([_cell(row[c]) for c in RESULT_COLUMNS] for row in rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers={"content-disposition": name})


def result_rows(library: Library, query: Any) -> Iterator[dict[str, Any]]:
    """The works of a search (the page's `Query`) in the page's order, each a dict of `RESULT_COLUMNS`."""
    page = 1
    while True:
        results = library.search(query.q, query.facets, query.words, page=page, per_page=RESULTS_PAGE,
                                 **query.options())
        for hit in results.hits:
            own = library.personal(hit.work_id)
            yield {"id": hit.work_id, "title": hit.title, "authors": hit.authors, "fandoms": hit.fandoms,
                   "rating": hit.rating, "category": hit.category, "words": hit.words, "pov": hit.pov,
                   "tense": hit.tense, "score": hit.score, "status": own.status, "favourite": own.favourite,
                   "your_rating": own.rating, "collections": own.collections, "url": f"/works/{hit.work_id}"}
        if page * RESULTS_PAGE >= results.total:
            return
        page += 1


def _cell(value: Any) -> Any:
    """A CSV cell: lists joined with "; " (as AO3 lists tags), booleans as yes/no, None empty."""
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def render(fmt: str, data: dict[str, Any], text: str) -> str:
    """A stored analysis as a report in `fmt` (html, json, md, txt), as `ficlens analyze` writes them."""
    if fmt == "html":
        from ..outputs.html import render_html

        return render_html(data, text)
    if fmt == "json":
        from ..outputs.json import dumps

        return dumps(data)
    if fmt == "md":
        from ..outputs.markdown import render_markdown

        return render_markdown(data, text)
    from ..outputs.report import report_text

    return report_text(data, text)
