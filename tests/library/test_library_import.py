"""Import: re-adding is a no-op, a new version replaces the old, near-duplicates are found,
untrusted HTML is sanitised before it is stored, bad files are named and the rest imported."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from library_data import analysis, quick, story_text

from ficlens.library import Library

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from story_files import STORY, ao3_html  # noqa: E402

HOSTILE = ('Nice <script>alert(1)</script><img src=x onerror="alert(2)">'
           '<a href="javascript:alert(3)">click</a> <b onclick="alert(4)">bold</b>')


def test_readding_the_same_work_is_a_no_op(tmp_path):
    text = story_text(7)
    data = analysis(text, "Same", ["A"])
    with Library(tmp_path / "l.db") as library:
        first = library.add_analysis(data, text, "same.txt")
        again = library.add_analysis(data, text, "elsewhere/same.txt")
        assert (first.status, again.status, again.work_id) == ("added", "unchanged", first.work_id)
        assert library.count() == 1


def test_a_new_version_replaces_the_old(tmp_path):
    with Library(tmp_path / "l.db") as library:
        v1, v2 = story_text(8), story_text(8) + "\nAn epilogue, added later.\n"
        old = library.add_analysis(analysis(v1, "Versions", ["Ann", "Bo"]), v1, "v1.txt",
            prepared=quick(analysis(v1, "Versions", ["Ann", "Bo"]), v1, "v1.txt"))
        new = library.add_analysis(analysis(v2, "versions", ["bo", "ANN"]), v2, "v2.txt",
            prepared=quick(analysis(v2, "versions", ["bo", "ANN"]), v2, "v2.txt"))  # same title and authors, folded
        assert new.status == "replaced" and new.work_id == old.work_id
        assert library.count() == 1 and "epilogue" in library.work(old.work_id).text
        assert library.search("epilogue").total == 1
        # by AO3 work id even when the title changed
        url = "https://archiveofourown.org/works/4242"
        a = library.add_analysis(analysis(v1, "Draft Title", ["C"], url=url), v1, "a.html",
            prepared=quick(analysis(v1, "Draft Title", ["C"], url=url), v1, "a.html"))
        b = library.add_analysis(analysis(v2, "Final Title", ["C"], url=url), v2, "b.html",
            prepared=quick(analysis(v2, "Final Title", ["C"], url=url), v2, "b.html"))
        assert b.status == "replaced" and b.work_id == a.work_id
        assert library.work(a.work_id).title == "Final Title"
        assert library.search("draft").total == 0
        # same title, no author known: not taken for the same work
        c = library.add_analysis(analysis(story_text(9), "Versions", []), story_text(9), "c.txt",
            prepared=quick(analysis(story_text(9), "Versions", []), story_text(9), "c.txt"))
        assert c.status == "added"
        integrity = library.db.execute("SELECT count(*) FROM characters WHERE work_id NOT IN (SELECT id FROM works)")
        assert integrity.fetchone()[0] == 0


def test_near_duplicates_are_reported_and_kept(tmp_path):
    original = story_text(11, 1500)
    repost = "Reposted from my old account!\n\n" + original.replace("winter", "summer", 2)
    with Library(tmp_path / "l.db") as library:
        first = library.add_analysis(analysis(original, "Original", ["A"]), original, "o.txt",
            prepared=quick(analysis(original, "Original", ["A"]), original, "o.txt"))
        other = library.add_analysis(analysis(story_text(12, 1500), "Other", ["B"]), story_text(12, 1500), "x.txt",
            prepared=quick(analysis(story_text(12, 1500), "Other", ["B"]), story_text(12, 1500), "x.txt"))
        assert other.near_duplicates == []
        second = library.add_analysis(analysis(repost, "Repost", ["A2"]), repost, "r.txt",
            prepared=quick(analysis(repost, "Repost", ["A2"]), repost, "r.txt"))
        assert [(d.work_id, d.title) for d in second.near_duplicates] == [(first.work_id, "Original")]
        assert second.near_duplicates[0].similarity > 0.8
        assert library.near_duplicates() == [(first.work_id, second.work_id, second.near_duplicates[0].similarity)]
        assert library.near_duplicates(first.work_id)[0][1] == second.work_id


def test_stored_html_is_sanitised(tmp_path):
    text = story_text(13)
    data = analysis(text, "Hostile", ["A"], summary=HOSTILE)
    data["work"]["chapters"][0]["summary"] = HOSTILE
    data["structure"]["notes"] = [{"kind": "notes", "text": HOSTILE, "start": None, "end": None, "chapter": None}]
    with Library(tmp_path / "l.db") as library:
        work_id = library.add_analysis(data, text, "hostile.html").work_id
        stored = [library.db.execute("SELECT summary FROM works").fetchone()[0],
                  library.db.execute("SELECT summary FROM chapters").fetchone()[0],
                  library.db.execute("SELECT analysis FROM works").fetchone()[0]]
        record = library.work(work_id).analysis
        stored += [record["work"]["summary"], record["structure"]["notes"][0]["text"]]
        for field in stored:
            lowered = field.lower()
            assert "<script" not in lowered and "onerror" not in lowered and "onclick" not in lowered
            assert "javascript:" not in lowered and "alert(1)" not in lowered
        assert "bold" in stored[0] and "<b>" not in stored[0]  # text, the markup dropped
        assert library.search("alert").total == 0  # the script's text is not indexed either


def test_hostile_ao3_html_through_add(tmp_path):
    """An AO3 download with <script>, event handlers and javascript: links in its summary, notes and text."""
    page = ao3_html(STORY)
    page = page.replace("<p>Draco Malfoy has written", f"<p>{HOSTILE} Draco Malfoy has written", 1)
    page = page.replace("Written for the Winter Owl Exchange.", f"Written for the Winter Owl Exchange. {HOSTILE}", 1)
    page = page.replace("The owl arrived at dawn", '<script>alert("text")</script><img src=x onerror="alert(5)">The owl arrived at dawn', 1)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.html").write_text(page, "utf-8")
    (tmp_path / "in" / "broken.epub").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "in" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with Library(tmp_path / "l.db") as library:
        report = library.add([tmp_path / "in", tmp_path / "missing.txt"], jobs=1)
        assert [o.status for o in report.outcomes] == ["added"]
        failed = dict(report.failures)
        assert set(failed) == {str(tmp_path / "in" / "broken.epub"), str(tmp_path / "in" / "picture.txt"),
                               str(tmp_path / "missing.txt")}
        assert "PNG" in failed[str(tmp_path / "in" / "picture.txt")]
        row = library.db.execute("SELECT summary, analysis, title FROM works").fetchone()
        text = library.work(report.outcomes[0].work_id).text
        for field in (row[0], row[1], text):
            lowered = field.lower()
            assert "<script" not in lowered and "onerror" not in lowered and "javascript:" not in lowered
        assert row[2] == STORY.title
        assert "Draco Malfoy has written" in row[0]
        data = json.loads(row[1])
        assert data["work"]["fandoms"] == list(STORY.fandoms)
        assert library.search(facets={"relationship": ["Candy/Draco Malfoy"]}).total == 1
        again = library.add([tmp_path / "in" / "hostile.html"], jobs=1)
        assert [o.status for o in again.outcomes] == ["unchanged"]


def test_a_partly_unreadable_file_is_not_added(tmp_path):
    """`ficlens read` refuses a zip with a part it cannot read; `add` must not keep half a work either."""
    import zipfile

    path = tmp_path / "story.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ch1.txt", story_text(3))
        archive.writestr("ch2.txt", b"\x89PNG\r\n\x1a\n" + bytes(100))
    with Library(tmp_path / "l.db") as library:
        report = library.add([path], jobs=1)
        assert report.outcomes == [] and library.count() == 0
        ((failed, reason),) = report.failures
        assert failed == str(path)
        assert reason == f"partly unreadable, not added: {path}/ch2.txt: a PNG image, not a story"
