"""The import page: size limit, names that try to be paths, files that are not stories, cross-site posts;
uploads kept beside the library under the names they had, so works are titled by them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL, form_token, imported

from ficlens.library import Library
from ficlens.web import create_app

STORY = ("Work Text:\n\n“Are you coming?” Anna asked.\n\n“In a minute,” said Ben. He put down the cup and "
         "looked out at the rain over the harbour, where the boats rocked on their ropes.\n\n"
         "Anna waited by the door. “You always say that.”\n\n“And I always come,” Ben said, smiling.\n")


@pytest.fixture(scope="module")
def library_path(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("uploads") / "library.db"


@pytest.fixture(scope="module")
def uploads(library_path) -> TestClient:
    with TestClient(create_app(library_path, max_upload_bytes=64 * 1024), base_url=LOCAL) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def token(uploads) -> dict[str, str]:
    """The form field carrying the session token, as the import page gives it."""
    return {"token": form_token(uploads)}


def kept_files(library_path: Path) -> list[Path]:
    return sorted(p for p in (library_path.parent / "library-imports" / "files").rglob("*") if p.is_file())


def test_the_form_says_the_limit(uploads):
    html = uploads.get("/import").text
    assert 'enctype="multipart/form-data"' in html and "multiple" in html and "0.1 MB" in html


def test_a_story_is_added_under_its_own_name_never_a_path_and_titled_by_it(uploads, token, library_path, tmp_path):
    files = [("files", ("../../evil.txt", STORY.encode(), "text/plain"))]
    response = imported(uploads, files, token["token"])
    assert response.status_code == 200, response.text
    html = response.text
    assert '<span class="status added">added</span>' in html
    assert "from evil.txt" in html and "../" not in html
    assert not list(tmp_path.rglob("evil.txt")) and not (library_path.parent.parent / "evil.txt").exists()
    with Library(library_path) as library:
        assert library.count() == 1
        record = library.work(library.search().hits[0].work_id)
    # the story declares no title: the file's name gives it, as for `ficlens add evil.txt`
    assert record.title == "evil" and "upload-000" not in html
    # the work's file is kept, where its source path says
    assert Path(record.source_path).read_text() == STORY and Path(record.source_path).name == "evil.txt"
    assert kept_files(library_path) == [Path(record.source_path)]
    again = imported(uploads, files, token["token"]).text
    assert '<span class="status unchanged">unchanged</span>' in again
    assert kept_files(library_path) == [Path(record.source_path)], "the same file twice is kept once"


def test_a_binary_file_gets_a_clear_message_and_is_not_kept(uploads, token, library_path):
    before = kept_files(library_path)
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    response = imported(uploads, [("files", ("holiday.png", png, "image/png"))], token["token"])
    assert response.status_code == 422
    assert "<b>holiday.png</b>:" in response.text and "a PNG image, not a story" in response.text
    assert "/tmp" not in response.text and "-imports" not in response.text
    assert "Traceback" not in response.text
    assert kept_files(library_path) == before


def test_good_and_bad_files_together(uploads, token):
    files = [("files", ("empty.txt", b"  \n", "text/plain")),
             ("files", ("notes.docx", b"PK\x03\x04 not really a zip", "application/octet-stream")),
             ("files", ("story.txt", STORY.encode() + b"\nThe end.", "text/plain"))]
    response = imported(uploads, files, token["token"])
    assert response.status_code == 200
    html = response.text
    assert "<b>empty.txt</b>: the file is empty" in html
    assert "<b>notes.docx</b>:" in html
    assert "from story.txt" in html


def test_only_empty_files_are_answered_at_once(uploads, token):
    response = imported(uploads, [("files", ("empty.txt", b"  \n", "text/plain"))], token["token"])
    assert response.status_code == 422 and "<b>empty.txt</b>: the file is empty" in response.text


def test_too_large_is_refused_with_413_and_a_message(uploads, token):
    big = b"word " * 20_000  # 100 kB against a 64 kB limit
    response = uploads.post("/import", files=[("files", ("big.txt", big, "text/plain"))], data=token)
    assert response.status_code == 413
    assert "The upload is too large: the limit is 0.0625 MB for all files together." in response.text


def test_too_large_without_a_declared_length(uploads):
    def chunks():
        boundary = b"--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n\r\n"
        yield boundary
        for _ in range(20):
            yield b"word " * 1000
        yield b"\r\n--x--\r\n"

    response = uploads.post("/import", content=chunks(),
                            headers={"content-type": "multipart/form-data; boundary=x"})
    assert response.status_code == 413 and "too large" in response.text


def test_nothing_chosen(uploads, token):
    response = uploads.post("/import", data={"nothing": "here", **token})
    assert response.status_code == 400 and "Choose one or more story files to import." in response.text


def test_a_post_from_another_site_is_refused(uploads, token):
    files = [("files", ("story.txt", STORY.encode(), "text/plain"))]
    response = uploads.post("/import", files=files, data=token, headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    same = uploads.post("/import", files=files, data=token, headers={"origin": "http://127.0.0.1"},
                        follow_redirects=False)
    assert same.status_code == 303 and same.headers["location"].startswith("/import/jobs/")


def test_the_browser_says_where_a_post_came_from(uploads, token):
    assert uploads.post("/import", data=token, headers={"sec-fetch-site": "cross-site"}).status_code == 403
    assert uploads.post("/import", data=token, headers={"sec-fetch-site": "same-site"}).status_code == 403
    same_origin = {"sec-fetch-site": "same-origin", "origin": "null"}
    assert uploads.post("/import", data=token, headers=same_origin).status_code == 400
