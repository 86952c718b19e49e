"""A work added again is found by where it lives first (its AO3 or FanFiction.Net id, or its address),
then by title and authors, then by its text (near-duplicates reported, not replaced)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from library_data import analysis, quick, story_text

from ficlens.library import Library, store
from ficlens.library.keys import source_key
from ficlens.library.rows import insert_work

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from story_files import STORY, ao3_html  # noqa: E402
from test_saved_pages import ao3_page  # noqa: E402


def _add(library: Library, text: str, title: str, authors: list[str], path: str, **work):
    data = analysis(text, title, authors)
    data["work"].update(work)
    return library.add_analysis(data, text, path, prepared=quick(data, text, path))


def test_source_keys() -> None:
    assert source_key({"site": "ffn", "site_id": "14215234"}) == "ffn:14215234"
    assert source_key({"url": "https://archiveofourown.org/works/4242/chapters/9"}) == "ao3:4242"
    assert source_key({"url": None, "stats": {"source": "https://m.fanfiction.net/s/77/1/"}}) == "ffn:77"
    assert source_key({"url": "https://www.example.org/fics/owls/?utm=x"}) == "url:example.org/fics/owls"
    assert source_key({"url": "http://example.org/fics/owls"}) == "url:example.org/fics/owls"
    assert source_key({"url": None}) is None


def test_a_fanfiction_net_story_is_replaced_by_its_id_whatever_its_title(tmp_path: Path) -> None:
    with Library(tmp_path / "l.db") as library:
        first = _add(library, story_text(1), "Owls (WIP)", ["Quill"], "a.html", site="ffn", site_id="77")
        again = _add(library, story_text(1) + "\nA new chapter.\n", "Owls", ["Moonlit_Quill"], "b.html",
                     site="ffn", site_id="77")
        assert (again.status, again.work_id) == ("replaced", first.work_id)
        assert library.count() == 1 and library.work(first.work_id).title == "Owls"


def test_a_work_is_replaced_by_its_address_on_any_other_site(tmp_path: Path) -> None:
    with Library(tmp_path / "l.db") as library:
        first = _add(library, story_text(2), "Draft", ["A"], "a.html", url="https://www.example.org/fics/owls/")
        again = _add(library, story_text(3), "Final", ["B"], "b.html", url="http://example.org/fics/owls")
        other = _add(library, story_text(4), "Final", ["B"], "c.html", url="http://example.org/fics/larks")
        assert (again.status, again.work_id) == ("replaced", first.work_id)
        assert other.status == "added"  # same title and author, but another page of the same site


def test_two_works_of_one_archive_with_the_same_title_and_author_are_both_kept(tmp_path: Path) -> None:
    with Library(tmp_path / "l.db") as library:
        one = _add(library, story_text(5), "Untitled", ["Quill"], "1.html", site="ao3", site_id="1001")
        two = _add(library, story_text(6), "Untitled", ["Quill"], "2.html", site="ao3", site_id="1002")
        assert (one.status, two.status) == ("added", "added")
        assert library.count() == 2


def test_title_and_authors_still_match_a_copy_that_names_no_place(tmp_path: Path) -> None:
    with Library(tmp_path / "l.db") as library:
        first = _add(library, story_text(7), "Owls", ["Quill"], "owls.txt")
        again = _add(library, story_text(7) + "\nMore.\n", "Owls", ["Quill"], "owls.html", site="ao3", site_id="9")
        cross = _add(library, story_text(7) + "\nMore!\n", "Owls", ["Quill"], "owls-ffn.html", site="ffn",
                     site_id="9")
        assert (again.status, again.work_id) == ("replaced", first.work_id)
        assert (cross.status, cross.work_id) == ("replaced", first.work_id)  # the same story cross-posted


def test_the_ao3_download_and_the_saved_page_of_one_work_are_one_work(tmp_path: Path) -> None:
    download, page = tmp_path / "download.html", tmp_path / "saved page.html"
    download.write_text(ao3_html(STORY), encoding="utf-8")
    page.write_text(ao3_page(STORY), encoding="utf-8")
    with Library(tmp_path / "l.db") as library:
        [first] = library.add([download], jobs=1).outcomes
        [second] = library.add([page], jobs=1).outcomes
        assert (first.status, second.status, second.work_id) == ("added", "replaced", first.work_id)
        key = library.db.execute("SELECT source_key FROM works WHERE id = ?", (first.work_id,)).fetchone()[0]
        assert key == f"ao3:{STORY.work_id}" and library.count() == 1


def test_a_library_made_before_source_keys_gets_them_when_opened(tmp_path: Path, monkeypatch) -> None:
    from ficlens.library import rows

    path = tmp_path / "l.db"
    db = sqlite3.connect(path, isolation_level=None)  # schema 5, and a work stored as an older ficlens stored it
    store.migrate(db, target=5)
    monkeypatch.setattr(rows, "insert_stats", lambda *args: None)  # work_stats came with schema 8
    with store.transaction(db):
        text = story_text(8)
        insert_work(db, analysis(text, "Draft Title", ["C"], url="https://archiveofourown.org/works/4242"), text, "a.html")
    monkeypatch.undo()
    db.close()
    with Library(path) as library:
        assert store.version(library.db) == store.VERSION
        assert library.db.execute("SELECT source_key FROM works").fetchall() == [("ao3:4242",)]
        again = _add(library, story_text(9), "Final Title", ["D"], "b.html", site="ao3", site_id="4242")
        assert again.status == "replaced" and library.count() == 1


def test_addresses_no_database_can_hold_or_no_parser_can_read_are_no_crash(tmp_path: Path) -> None:
    huge = "https://archiveofourown.org/works/99999999999999999999999"  # past SQLite's integers
    with Library(tmp_path / "l.db") as library:
        first = _add(library, story_text(10), "Huge", ["A"], "a.html", url=huge)
        again = _add(library, story_text(11), "Huger", ["B"], "b.html", url=huge)
        broken = _add(library, story_text(12), "Broken", ["C"], "c.html", url="http://[::1/fic")
        assert (first.status, again.status, again.work_id) == ("added", "replaced", first.work_id)
        assert broken.status == "added"
