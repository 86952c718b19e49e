"""Plain text: the decoded file is the text; chapters come from marker lines."""

from __future__ import annotations

from ficlens.model import Source
from ficlens.read import read_bytes
from ficlens.read.plain import find_chapters, read_plain

SOURCE = Source(path="story.txt", format="text", sha256="0" * 64)


def test_chapter_markers_split_the_text():
    text = "Chapter 1: Rain\nIt rained.\n\nCHAPTER II.\nIt stopped.\nChapter Three - Sun\nIt shone.\n"
    work = read_plain(text, SOURCE)
    assert [c.title for c in work.chapters] == ["Chapter 1: Rain", "CHAPTER II.", "Chapter Three - Sun"]
    assert [text[c.start : c.end].strip() for c in work.chapters] == ["It rained.", "It stopped.", "It shone."]
    assert all(text[c.title_span.start : c.title_span.end] == c.title for c in work.chapters)


def test_sentences_starting_with_chapter_are_not_markers():
    text = "Chapter and verse, he knew it all.\nThe chapter closed.\n"
    assert len(find_chapters(text, 0, len(text))) == 1


def test_text_before_the_first_marker_is_kept_as_its_own_chapter():
    text = "A foreword.\nChapter 1\nThe story.\n"
    chapters = find_chapters(text, 0, len(text))
    assert [c.title for c in chapters] == [None, "Chapter 1"]


def test_crlf_text_is_kept_unchanged():
    data = "Chapter 1\r\nShe said “hi.”\r\n\r\nHe left.\r\n".encode()
    work = read_bytes(data, "crlf.txt")
    assert work.text == data.decode()
    assert work.chapters[0].title == "Chapter 1"


def test_a_title_wrapped_over_lines_is_all_title_and_the_body_starts_after_it():
    text = ("Chapter VI: The Reverend Arthur Beebe, the Reverend Cuthbert Eager,\n"
            "Miss Eleanor Lavish, and Miss Lucy Honeychurch Drive Out in Carriages to See a\n"
            "View; Italians Drive Them.\n\nIt was Phaethon who drove them.\n"
            "CHAPTER I.\nDown the Rabbit-Hole\n\nAlice was tired.\n")
    chapters = find_chapters(text, 0, len(text))
    assert [c.title.split("\n")[-1] for c in chapters] == ["View; Italians Drive Them.", "Down the Rabbit-Hole"]
    assert [text[c.start : c.end].strip() for c in chapters] == ["It was Phaethon who drove them.", "Alice was tired."]


def test_prose_right_under_a_marker_is_not_title():
    text = "Chapter 1\nHarry walked into the kitchen and sat down.\n\nChapter two was found, and she read it.\n"
    chapters = find_chapters(text, 0, len(text))
    assert [c.title for c in chapters] == ["Chapter 1"]


def test_tag_lines_at_the_top_of_a_text_draft_are_metadata():
    """A hand-kept draft: a title line, then "Label: value" lines, then the story."""
    text = ("Festival Lights\nFandom: Harry Potter - J. K. Rowling\nRelationship: Draco Malfoy/Harry Potter\n"
            "Rating: T\nWords: 9\n\nThe lanterns were lit.\n\nDraco waited by the fountain.\n")
    work = read_bytes(text.encode(), "draft.txt")
    assert work.text == text
    assert work.meta.title == "Festival Lights"
    assert work.meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert work.meta.relationships == ["Draco Malfoy/Harry Potter"]
    assert work.meta.rating == "Teen And Up Audiences"
    assert text[work.chapters[0].start : work.chapters[0].end].strip() == (
        "The lanterns were lit.\n\nDraco waited by the fountain."
    )


def test_yaml_front_matter_in_a_text_file_is_metadata():
    text = "---\ntitle: Festival Lights\nfandom: [Harry Potter - J. K. Rowling]\n---\nChapter 1\nThe lanterns were lit.\n"
    work = read_bytes(text.encode(), "draft.txt")
    assert work.meta.title == "Festival Lights"
    assert work.meta.fandoms == ["Harry Potter - J. K. Rowling"]
    assert [c.title for c in work.chapters] == ["Chapter 1"]


def test_one_label_line_is_story_not_a_header():
    """"Note: ..." or "Harry: Run." alone could be the story's first line; a header has two labels or more."""
    text = "Rating: the worst night of my life.\nHarry ran.\n"
    work = read_bytes(text.encode(), "story.txt")
    assert work.meta.rating is None
    assert work.chapters[0].start == 0
