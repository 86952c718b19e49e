"""Downloads from the page: the original file as added (or where it was, when it has moved), the report in
each format made from the stored analysis, and a search's results as CSV and JSON Lines."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from fastapi.testclient import TestClient
from web_server import LOCAL

from ficlens.library import Library
from ficlens.outputs.json import analysis_dict
from ficlens.web import create_app
from ficlens.web.manage import RESULT_COLUMNS, attachment_name

HP = "Harry Potter - J. K. Rowling"
TITLE_004 = "Broken Pieces, Mended Hearts (One-Shot)"


@pytest.fixture(scope="module")
def shelf(tmp_path_factory, analysis_000, analysis_004, seed_000, seed_004):
    """Both seeds in a library of this module's own, seed 004 added from a copy of its file that the tests
    may move: (library path, ids, the copy)."""
    folder = tmp_path_factory.mktemp("downloads")
    copy = folder / "broken-pieces.txt"
    shutil.copy(seed_004, copy)
    with Library(folder / "library.db") as library:
        ids = {"000": library.add_analysis(analysis_dict(analysis_000), analysis_000.work.text, str(seed_000)).work_id,
               "004": library.add_analysis(analysis_dict(analysis_004), analysis_004.work.text, str(copy)).work_id}
    return folder / "library.db", ids, copy


@pytest.fixture(scope="module")
def client(shelf):
    with TestClient(create_app(shelf[0]), base_url=LOCAL) as test_client:
        yield test_client


def test_the_original_file_comes_back_as_added_named_after_the_title(client, shelf, seed_004):
    _, ids, copy = shelf
    answer = client.get(f"/originals/{ids['004']}")
    assert answer.status_code == 200 and answer.content == seed_004.read_bytes()
    assert answer.headers["content-disposition"] == (
        'attachment; filename="Broken_Pieces_Mended_Hearts_One-Shot.txt"; '
        "filename*=UTF-8''Broken%20Pieces%2C%20Mended%20Hearts%20%28One-Shot%29.txt")
    page = client.get(f"/works/{ids['004']}").text
    assert f'href="/originals/{ids["004"]}"' in page


def test_a_moved_or_changed_original_is_said_so_with_where_it_was(client, shelf):
    _, ids, copy = shelf
    work = ids["004"]
    moved = copy.with_name("elsewhere.txt")
    copy.rename(moved)
    try:
        answer = client.get(f"/originals/{work}")
        assert answer.status_code == 410
        assert f"no longer where it was added from ({copy})" in answer.text
        assert "Back to the library" in answer.text  # a page, the one the work page's link leads to
    finally:
        moved.rename(copy)
    original = copy.read_bytes()
    copy.write_bytes(original.replace(b"Draco", b"Drake", 1))
    try:
        answer = client.get(f"/originals/{work}")
        assert answer.status_code == 409 and "has changed since it was added" in answer.text
    finally:
        copy.write_bytes(original)
    assert client.get(f"/originals/{work}").status_code == 200
    assert client.get("/originals/999").status_code == 404


def test_each_report_format_is_made_from_the_stored_analysis(client, shelf):
    path, ids, _ = shelf
    work = ids["004"]
    with Library(path) as library:
        stored = library.work(work).analysis
    answer = client.get(f"/works/{work}/download/json")
    assert answer.headers["content-type"] == "application/json"
    assert answer.headers["content-disposition"].startswith('attachment; filename="Broken_Pieces_Mended_Hearts_One-Shot.json"')
    assert json.loads(answer.text) == stored
    answer = client.get(f"/works/{work}/download/md")
    assert answer.headers["content-type"].startswith("text/markdown")
    assert answer.text.startswith("# Broken Pieces, Mended Hearts (One-Shot)")
    answer = client.get(f"/works/{work}/download/html")
    assert answer.headers["content-type"].startswith("text/html") and f"<title>{TITLE_004}" in answer.text.replace("&#39;", "'")
    assert "script-src 'sha256-" in answer.headers["content-security-policy"]
    answer = client.get(f"/works/{work}/download/txt")
    assert answer.headers["content-type"].startswith("text/plain") and TITLE_004 in answer.text
    assert answer.headers["content-disposition"].startswith('attachment; filename="Broken_Pieces_Mended_Hearts_One-Shot.txt"')
    assert client.get(f"/works/{work}/download/pdf").status_code == 404
    assert client.get("/works/999/download/md").status_code == 404
    page = client.get(f"/works/{work}").text
    for fmt in ("html", "json", "md", "txt"):
        assert f'href="/works/{work}/download/{fmt}"' in page


def test_search_results_come_as_csv_and_jsonl_with_the_pages_filters(client, shelf):
    _, ids, _ = shelf
    answer = client.get("/download/results.csv", params={"q": "Draco"})
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.headers["content-disposition"] == (
        "attachment; filename=\"ficlens_search_Draco.csv\"; filename*=UTF-8''ficlens%20search%20Draco.csv")
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert tuple(rows[0]) == RESULT_COLUMNS and len(rows) == 3  # both seeds name Draco
    assert {int(r[0]) for r in rows[1:]} == set(ids.values())
    answer = client.get("/download/results.jsonl", params={"q": "Draco", "fandom": HP})
    works = [json.loads(line) for line in answer.text.splitlines()]
    assert [(w["id"], w["title"], w["fandoms"], w["url"]) for w in works] == [
        (ids["004"], TITLE_004, [HP], f"/works/{ids['004']}")]
    assert client.get("/download/results.xml").status_code == 404


def test_attachment_names_are_the_title_made_safe():
    assert attachment_name("../../etc/passwd", ".txt") == \
        "attachment; filename=\"etc_passwd.txt\"; filename*=UTF-8''etc%20passwd.txt"
    assert attachment_name('Say "yes"\r\nSet-Cookie: x', ".md") == \
        "attachment; filename=\"Say_yes_Set-Cookie_x.md\"; filename*=UTF-8''Say%20yes%20Set-Cookie%20x.md"
    assert attachment_name("Ça va — déjà", ".md") == \
        "attachment; filename=\"Ca_va_deja.md\"; filename*=UTF-8''%C3%87a%20va%20%E2%80%94%20d%C3%A9j%C3%A0.md"
    assert attachment_name("...", ".json") == "attachment; filename=\"work.json\"; filename*=UTF-8''work.json"
    assert attachment_name("龍と桜", ".txt") == "attachment; filename=\"work.txt\"; filename*=UTF-8''%E9%BE%8D%E3%81%A8%E6%A1%9C.txt"


def test_the_results_download_follows_the_pages_exclusions_and_order(client, shelf):
    _, ids, _ = shelf
    answer = client.get("/download/results.jsonl", params={"q": "Draco", "not_fandom": HP})
    assert [json.loads(line)["id"] for line in answer.text.splitlines()] == [ids["000"]]
    for order, expected in (("asc", [ids["000"], ids["004"]]), ("desc", [ids["004"], ids["000"]])):
        answer = client.get("/download/results.csv", params={"sort": "title", "order": order})
        assert [int(row[0]) for row in list(csv.reader(io.StringIO(answer.text)))[1:]] == expected, order
    page = client.get("/", params={"q": "Draco"}).text
    assert 'href="/download/results.csv?q=Draco"' in page and 'href="/download/results.jsonl?q=Draco"' in page
