"""What caches outside the library key on: a work's stamp and the library's data version."""

from __future__ import annotations

from library_data import analysis, quick, story_text

from ficlens.library import Library


def _add(library: Library, text: str, path: str, **work) -> int:
    data = analysis(text, "Versions", ["Ann"], **work)
    return library.add_analysis(data, text, path, prepared=quick(data, text, path)).work_id


def test_stamp_changes_when_a_work_is_stored_again_and_is_none_when_absent(tmp_path):
    with Library(tmp_path / "library.db") as library:
        v1 = story_text(3)
        work_id = _add(library, v1, "v1.txt")
        stamp = library.stamp(work_id)
        assert stamp is not None and stamp[1] == library.work(work_id).added_at
        assert library.stamp(work_id) == stamp and library.stamp(work_id + 1) is None
        assert _add(library, v1 + "\nAn epilogue.\n", "v2.txt") == work_id  # a new version of the same work
        assert library.stamp(work_id) not in (None, stamp)


def test_data_version_moves_when_another_connection_writes(tmp_path):
    path = tmp_path / "library.db"
    with Library(path) as reader, Library(path) as writer:
        before = reader.data_version()
        assert reader.data_version() == before  # asking changes nothing
        _add(writer, story_text(4), "w.txt")
        assert reader.data_version() != before


def test_a_new_version_replaces_its_snippet_passages(tmp_path):
    from ficlens.library.rows import passage_range, passages

    with Library(tmp_path / "library.db") as library:
        v1 = story_text(3)
        work_id = _add(library, v1, "v1.txt")
        v2 = v1 + "\nAn epilogue with a zeppelin.\n"
        assert _add(library, v2, "v2.txt") == work_id
        stored = [t for (t,) in library.db.execute(
            "SELECT text FROM passages_fts WHERE rowid BETWEEN ? AND ? ORDER BY rowid", passage_range(work_id))]
        assert stored == passages(v2) and "".join(stored) == v2
        assert "<mark>zeppelin</mark>" in library.search("zeppelin").hits[0].snippet_html
