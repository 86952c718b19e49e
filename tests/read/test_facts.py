"""The facts fans sort by, typed the same way whatever file declares them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ficlens.model import Metadata, Series
from ficlens.read import read_work
from ficlens.read.facts import count, iso_date, note_stat, note_url, series_in, site_of
from ficlens.read.tags import apply_label, apply_values

from story_files import STORY, ao3_html


def test_an_ao3_download_gives_its_id_dates_chapters_and_status_typed(tmp_path: Path) -> None:
    path = tmp_path / "work.html"
    path.write_text(ao3_html(STORY), encoding="utf-8")
    meta = read_work(path).meta
    # The preface says: posted at https://archiveofourown.org/works/48151623, Published: 2023-03-14,
    # Completed: 2023-04-02, Chapters: 3/3.
    assert (meta.site, meta.site_id, meta.url) == ("ao3", "48151623", "https://archiveofourown.org/works/48151623")
    assert (meta.published, meta.updated) == ("2023-03-14", "2023-04-02")
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (3, 3, True)
    assert meta.stats["chapters"] == "3/3"  # as declared, beside the typed fields


@pytest.mark.parametrize("chapters, posted, planned, complete", [
    ("3/?", 3, None, False), ("2/5", 2, 5, False), ("1/1", 1, 1, True), ("1,204/1,204", 1204, 1204, True),
])
def test_chapters_posted_and_planned(chapters: str, posted: int, planned: int | None, complete: bool) -> None:
    meta = Metadata()
    note_stat(meta, "Chapters", chapters)
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (posted, planned, complete)


def test_an_updated_date_is_kept_and_a_completed_one_also_says_the_work_is_finished() -> None:
    wip, done = Metadata(), Metadata()
    apply_label(wip, "Stats", "Published: 2020-01-02 Updated: 2021-03-04 Words: 9,000 Chapters: 4/?")
    apply_label(done, "Stats", "Published: 2020-01-02 Completed: 2021-03-04 Words: 9,000 Chapters: 4/4")
    assert (wip.published, wip.updated, wip.complete) == ("2020-01-02", "2021-03-04", False)
    assert (done.published, done.updated, done.complete) == ("2020-01-02", "2021-03-04", True)


def test_counts_as_archives_write_them() -> None:
    meta = Metadata()
    for label, value in (("Kudos", "1,234"), ("Hits", "56789"), ("Comments", "12"), ("Bookmarks", "301")):
        apply_label(meta, label, value)
    assert (meta.kudos, meta.hits, meta.comments, meta.bookmarks) == (1234, 56789, 12, 301)
    assert count("12k+") is None  # FanFiction.Net's mobile word count is a range, not a number


def test_a_status_line_says_whether_the_work_is_finished() -> None:
    done, wip = Metadata(), Metadata()
    apply_label(done, "Status", "Completed")
    apply_label(wip, "Status", "In-Progress")
    assert (done.complete, wip.complete) == (True, False)


def test_series_with_their_part_as_ao3_and_fanficfare_write_them() -> None:
    assert series_in("Part 2 of Owl Post") == [Series("Owl Post", 2)]
    assert series_in("Part 1 of Owl Post, Part 3 of Winter Letters") == [Series("Owl Post", 1),
                                                                          Series("Winter Letters", 3)]
    assert series_in("Owl Post [2]") == [Series("Owl Post", 2)]
    assert series_in("Owl Post") == [Series("Owl Post")]


def test_a_work_address_names_its_archive_and_id() -> None:
    assert site_of("https://archiveofourown.org/works/48151623/chapters/121") == (
        "ao3", "48151623", "https://archiveofourown.org/works/48151623")
    assert site_of("http://archiveofourown.org/collections/winter_owls/works/77") == (
        "ao3", "77", "https://archiveofourown.org/works/77")
    assert site_of("https://m.fanfiction.net/s/1234567/3/Forty-One-Letters") == (
        "ffn", "1234567", "https://www.fanfiction.net/s/1234567")
    meta = Metadata()
    note_url(meta, "https://example.org/stories/owls.html")
    assert (meta.site, meta.site_id, meta.url) == (None, None, "https://example.org/stories/owls.html")


@pytest.mark.parametrize("written, iso", [("2019-06-09", "2019-06-09"), ("2019/06/09", "2019-06-09"),
                                          ("6/9/2019", "2019-06-09"), ("2019-02-30", None), ("8m ago", None)])
def test_dates(written: str, iso: str | None) -> None:
    assert iso_date(written) == iso


def test_an_ao3_download_names_its_series_part_and_address(tmp_path: Path) -> None:
    series = ('<dt>Series:</dt>\n        <dd>Part 2 of\n<a href="https://archiveofourown.org/series/2417">Owl Post</a>'
              '</dd>\n      <dt>Stats:</dt>')
    path = tmp_path / "work.html"
    path.write_text(ao3_html(STORY).replace("<dt>Stats:</dt>", series, 1), encoding="utf-8")
    assert read_work(path).meta.series == [Series("Owl Post", 2, "https://archiveofourown.org/series/2417")]


def test_a_fanficfare_title_page_gives_the_same_typed_facts() -> None:
    meta = Metadata()
    for label, value in (("Status", "Completed"), ("Chapters", "3"), ("Published", "2019-06-09"),
                         ("Updated", "2019/07/01"), ("Story URL", "https://www.fanfiction.net/s/1234567/1/"),
                         ("Reviews", "12"), ("Series", "Owl Post [2]")):
        apply_label(meta, label, value)
    assert (meta.site, meta.site_id, meta.url) == ("ffn", "1234567", "https://www.fanfiction.net/s/1234567")
    assert (meta.published, meta.updated) == ("2019-06-09", "2019-07-01")
    assert (meta.chapters_posted, meta.chapters_planned, meta.complete) == (3, 3, True)
    assert (meta.comments, meta.series) == (12, [Series("Owl Post", 2)])


def test_series_given_as_a_list_are_one_series_each() -> None:
    meta = Metadata()
    apply_values(meta, "Series", ["Owl Post [2]", "Winter Letters"])
    assert meta.series == [Series("Owl Post", 2), Series("Winter Letters")]
