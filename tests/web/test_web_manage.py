"""Managing the library from the page: the reader's bookmark (status, favourite, rating, notes, tags,
collections), her edits over what the file declared, analysing a work again, and removing one after a
confirmation. Every form posts the session token."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from library_data import HARBOUR, analysis, story_text
from web_server import LOCAL, finished

from ficlens.library import Library
from ficlens.outputs.json import analysis_dict
from ficlens.web import create_app
from ficlens.web.manage import FORM_PATHS


@pytest.fixture(scope="module")
def shelf(tmp_path_factory, analysis_004, seed_004):
    """A library of this module's own: seed 004, a small story analysed from its file, and a work to remove."""
    folder = tmp_path_factory.mktemp("manage")
    story = folder / "harbour.txt"
    story.write_text(HARBOUR, encoding="utf-8")
    with Library(folder / "library.db") as library:
        ids = {"004": library.add_analysis(analysis_dict(analysis_004), analysis_004.work.text, str(seed_004)).work_id}
        ids["harbour"] = library.add([story], jobs=1).outcomes[0].work_id
        text = story_text(7)
        ids["doomed"] = library.add_analysis(analysis(text, "Doomed Draft", ["Wren"]), text, "doomed.txt").work_id
    return folder / "library.db", ids


@pytest.fixture(scope="module")
def client(shelf):
    with TestClient(create_app(shelf[0]), base_url=LOCAL) as test_client:
        yield test_client


def token(client, work_id: int) -> str:
    """The session token the work page's forms carry, as a browser posts it back."""
    return re.search(r'<input type="hidden" name="token" value="([^"]+)">', client.get(f"/works/{work_id}").text).group(1)


def test_every_form_needs_the_session_token(client, shelf):
    path, ids = shelf
    for action in FORM_PATHS:
        for given in ({}, {"token": "not-the-token"}):
            answer = client.post(action, data={"work": str(ids["doomed"]), "status": "read", "title": "X", **given})
            assert answer.status_code == 403, (action, given)
            assert "reload the page" in answer.text
    with Library(path) as library:
        assert library.work(ids["doomed"]).title == "Doomed Draft" and library.personal(ids["doomed"]).status is None


def test_the_bookmark_is_set_from_the_work_page_and_filters_the_library(client, shelf):
    _, ids = shelf
    work = ids["004"]
    answer = client.post("/works/mark", follow_redirects=False, data={
        "token": token(client, work), "work": str(work), "status": "read", "rating": "4", "favourite": "on",
        "tags": "angst,  hurt/comfort ", "notes": "The letters!", "new_collection": "Rainy days"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/works/{work}#yours"
    page = client.get(f"/works/{work}").text
    assert '<span class="pill own">♥ favourite</span><span class="pill own">read</span>' in page
    assert '<span class="pill own" aria-label="your rating: 4 of 5">★★★★☆</span>' in page
    assert "<option selected>read</option>" in page and 'value="4" selected' in page
    assert 'name="tags" value="angst, hurt/comfort"' in page and ">The letters!</textarea>" in page
    assert 'name="collections" value="Rainy days" checked' in page
    # the library: the personal facets and hiding read works
    assert f'href="/works/{work}"' in client.get("/", params={"status": "read"}).text
    assert f'href="/works/{work}"' in client.get("/", params={"collection": "Rainy days", "favourite": "favourite"}).text
    hidden = client.get("/", params={"read": "unread"}).text
    assert f'href="/works/{work}"' not in hidden and f'href="/works/{ids["harbour"]}"' in hidden
    everything = client.get("/").text
    assert 'id="hide-read" aria-pressed="false" href="/?read=unread"' in everything
    assert 'data-facet="status"' in everything and "Status (yours)" in everything
    # unticking the collection and clearing the rating
    client.post("/works/mark", data={"token": token(client, work), "work": str(work), "status": "read",
                                     "rating": "", "tags": "angst", "notes": ""})
    page = client.get(f"/works/{work}").text
    assert "★" not in page.split('<main')[0] and "favourite</span>" not in page
    assert 'value="Rainy days" checked' not in page and 'name="tags" value="angst"' in page


def test_a_bad_bookmark_value_or_work_is_refused(client, shelf):
    _, ids = shelf
    given = token(client, ids["doomed"])
    answer = client.post("/works/mark", data={"token": given, "work": str(ids["doomed"]), "status": "finished"})
    assert answer.status_code == 400 and "There is no status “finished”." in answer.text
    answer = client.post("/works/mark", data={"token": given, "work": str(ids["doomed"]), "rating": "9"})
    assert answer.status_code == 400 and "1 to 5 stars" in answer.text
    for work in ("999", "abc", "", "9" * 40):
        assert client.post("/works/edit", data={"token": given, "work": work, "title": "X"}).status_code == 404


def test_edits_show_as_the_readers_own_and_a_blank_field_restores_the_files(client, shelf):
    _, ids = shelf
    work = ids["harbour"]
    answer = client.post("/works/edit", follow_redirects=False, data={
        "token": token(client, work), "work": str(work), "title": "Harbour Lights", "authors": "Wren, Ines",
        "fandoms": "", "summary": "Two friends and a map."})
    assert answer.status_code == 303
    page = client.get(f"/works/{work}").text
    assert '<h1>Harbour Lights <span class="yours" title="your edit; the file says: The Harbour">your title</span></h1>' in page
    assert 'title="your edit; the file says: Wren">your authors</span>' in page
    assert '<a href="/?author=Ines">Ines</a>' in page and "Two friends and a map." in page
    assert '<a class="pill" href="/?fandom=Original%20Work">' in page  # fandoms left blank: the file's
    assert "Harbour Lights" in client.get("/", params={"q": "lights"}).text
    client.post("/works/edit", data={"token": token(client, work), "work": str(work), "title": "", "authors": "",
                                     "fandoms": "", "summary": ""})
    page = client.get(f"/works/{work}").text
    assert "<h1>The Harbour</h1>" in page and 'class="yours"' not in page


def test_analyse_again_from_the_page_is_a_background_job_and_keeps_the_readers_fields(client, shelf):
    path, ids = shelf
    work = ids["harbour"]
    with Library(path) as library:
        library.db.execute("UPDATE works SET analysed_by = '0.0.1' WHERE id = ?", (work,))
        library.mark(work, status="reading", add_tags=["maps"])
        title = library.work(work).title
    form = {"token": token(client, work), "work": str(work)}
    answer = client.post("/works/reanalyze", follow_redirects=False, data=form)
    # at once, to the job's progress page, not when the analysis is done
    assert answer.status_code == 303 and answer.headers["location"].startswith("/import/jobs/")
    page = answer.headers["location"]
    # pressed again while it waits or runs: the same job, not a second analysis
    assert client.post("/works/reanalyze", follow_redirects=False, data=form).headers["location"] == page
    progress = client.get(page)
    assert progress.status_code == 200 and f"<h1>Analyse “{title}” again</h1>" in progress.text
    assert 'data-status="queued"' in progress.text or 'data-status="running"' in progress.text
    assert '<meta http-equiv="refresh"' in progress.text and 'action="/import"' not in progress.text
    assert client.get(f"/works/{work}").status_code == 200, "the pages answer meanwhile"
    job = finished(client, page)
    assert job["kind"] == "reanalyze" and job["work"] == work and job["status"] == "done"
    assert [row[1:3] for row in job["result"]["stored"]] == [["reanalysed", work]] and not job["result"]["failed"]
    done = client.get(page).text
    assert 'data-status="done"' in done and f'<a href="/works/{work}">{title}</a> <small>back to the work</small>' in done
    with Library(path) as library:
        assert library.stale() == []
        own = library.personal(work)
        assert (own.status, own.tags) == ("reading", ["maps"])
    assert "<option selected>reading</option>" in client.get(f"/works/{work}").text


def test_analyse_again_waits_for_an_import_running(client, shelf, tmp_path):
    """One job at a time per library: a re-analysis asked for while an import runs is queued behind it."""
    _, ids = shelf
    work = ids["doomed"]
    imported = client.post("/import", files=[("files", ("later.txt", HARBOUR.replace("The Harbour", "The Far Lighthouse").encode(),
                                                         "text/plain"))],
                           data={"token": token(client, work)}, follow_redirects=False)
    answer = client.post("/works/reanalyze", follow_redirects=False, data={"token": token(client, work),
                                                                          "work": str(work)})
    waiting = client.get(answer.headers["location"]).text
    assert 'data-status="queued"' in waiting and "1 import runs before this one" in waiting
    first, second = finished(client, imported.headers["location"]), finished(client, answer.headers["location"])
    assert first["result"]["stored"][0][1] == "added"
    # the doomed draft has no file where it was added from: it is analysed again from its stored text
    assert second["result"]["stored"][0][1:3] == ["reanalysed from the stored text", work]


def test_analyse_again_of_no_such_work_is_a_404(client, shelf):
    _, ids = shelf
    answer = client.post("/works/reanalyze", data={"token": token(client, ids["004"]), "work": "99999"})
    assert answer.status_code == 404


def test_remove_asks_first_then_takes_the_work_out(client, shelf):
    path, ids = shelf
    work = ids["doomed"]
    page = client.get(f"/works/{work}").text
    assert f'href="/works/{work}/remove"' in page and 'id="confirm-remove"' not in page
    question = client.get(f"/works/{work}/remove")
    assert question.status_code == 200 and 'id="confirm-remove"' in question.text
    assert "Remove “Doomed Draft” from the library?" in question.text
    assert '<form method="post" action="/works/remove"' in question.text
    assert client.get(f"/works/{work}").status_code == 200  # asking removes nothing
    answer = client.post("/works/remove", follow_redirects=False,
                         data={"token": token(client, work), "work": str(work)})
    assert answer.status_code == 303 and answer.headers["location"] == "/?removed=Doomed%20Draft"
    assert client.get(f"/works/{work}").status_code == 404
    after = client.get(answer.headers["location"]).text
    assert '<p class="notice done" role="status" id="removed">Removed “Doomed Draft” from the library.</p>' in after
    assert f'href="/works/{work}"' not in after
    assert client.post("/works/remove", data={"token": token(client, ids["004"]), "work": str(work)}).status_code == 404
    assert client.get("/works/999/remove").status_code == 404
