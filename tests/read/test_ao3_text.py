"""AO3 dataset dumps: "Work Text:" dumps and header dumps."""

from __future__ import annotations

from story_files import HEADER_DUMP

from ficlens.read import read_bytes


def test_header_dump_fills_declared_metadata():
    work = read_bytes(HEADER_DUMP.encode(), "dump.txt")
    meta = work.meta
    assert work.source.format == "ao3-text"
    assert meta.title == "A Quiet Morning"
    assert meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert meta.categories == ["M/M"]
    assert meta.rating == "Teen And Up Audiences"
    assert meta.relationships == ["Draco Malfoy/Harry Potter"]
    assert meta.summary == "Harry wakes up early. Draco does not."
    assert work.text[work.chapters[0].start :].startswith("“Morning,” Harry said.")


def test_work_text_dump_starts_after_its_first_line():
    work = read_bytes("Work Text:\nIt began with rain.\n".encode(), "dump.txt")
    assert work.text[work.chapters[0].start :] == "It began with rain.\n"
    assert work.meta.title is None


def test_a_story_mentioning_summary_is_plain_text():
    text = "Summary\nNothing here looks like a header.\nJust a story.\n"
    assert read_bytes(text.encode(), "plain.txt").source.format == "text"
