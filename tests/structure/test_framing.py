"""Lines that frame chapters (a title over each, a sign-off under each) are neither scenes nor story."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from ficlens.read import read_bytes
from ficlens.structure import build_structure
from ficlens.structure.framing import framing_roles

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "read"))
from story_files import STORY, StoryChapter, ao3_html  # noqa: E402

# A FanFiction.Net story kept as text: the title over every chapter, the author's name under it.
HUNTED = """Chapter 1

HUNTED

* * *

The forest was dark when Harry reached it.

He did not stop running.

Bex-chan

Chapter 2

HUNTED

Morning came grey and cold.

Bex-chan
"""


def _story(text: str, name: str = "hunted.txt") -> list[list[str]]:
    """Per scene, its story paragraphs."""
    structure = build_structure(read_bytes(text.encode(), name))
    return [[text[p.start : p.end] for p in structure.story_paragraphs() if s.start <= p.start < s.end]
            for s in structure.scenes]


def test_a_title_over_every_chapter_and_a_sign_off_under_it_are_not_story():
    assert _story(HUNTED) == [
        ["The forest was dark when Harry reached it.", "He did not stop running."],
        ["Morning came grey and cold."],
    ]
    structure = build_structure(read_bytes(HUNTED.encode(), "hunted.txt"))
    roles = {HUNTED[p.start : p.end]: p.role for p in structure.paragraphs}
    assert roles["HUNTED"] == "chapter-title"
    assert roles["Bex-chan"] == "signoff"
    assert structure.words == 18  # the story's words: no title, no sign-off, no break marker


def test_the_work_title_at_the_top_of_a_one_chapter_work_is_a_header():
    text = "---\ntitle: Hunted\nauthor: Bex\n---\n\nHUNTED\n\nThe forest was dark.\n\nHe ran.\n\n- Bex\n"
    structure = build_structure(read_bytes(text.encode(), "hunted.md"))
    roles = [(text[p.start : p.end], p.role) for p in structure.paragraphs]
    assert roles == [("HUNTED", "chapter-title"), ("The forest was dark.", "text"), ("He ran.", "text"),
                     ("- Bex", "signoff")]


def test_a_short_last_line_is_story_when_nothing_says_it_is_a_sign_off():
    text = "The forest was dark.\n\nHe ran.\n\nThe end.\n"
    roles = [p.role for p in build_structure(read_bytes(text.encode(), "story.txt")).paragraphs]
    assert roles == ["text", "text", "text"]


def test_the_chapter_title_written_again_in_the_text_is_not_a_heading():
    """The reader's title says "Chapter 1: Festival" and so does the text's first line: the line is the
    chapter's title, not a section heading nor the heading of the chapter's first scene."""
    chapters = (StoryChapter("Festival", ("Chapter 1: Festival", "The lanterns were lit.", "Draco waited.")),
                StoryChapter("After", ("Chapter 2: After", "The lanterns went out.")))
    story = dataclasses.replace(STORY, chapters=chapters)
    work = read_bytes(ao3_html(story).encode(), "festival.html")
    structure = build_structure(work)
    first = [(work.text[p.start : p.end], p.role) for p in structure.paragraphs if p.chapter == 0]
    assert first[0] == ("Chapter 1: Festival", "chapter-title")
    assert structure.headings == [] and structure.scenes[0].heading is None


def test_ao3s_doubled_chapter_label_is_said_once():
    """AO3 heads a chapter "Chapter 1: " + its title; a title that says "Chapter 1: Festival" already
    became "Chapter 1: Chapter 1: Festival"."""
    chapters = (StoryChapter("Chapter 1: Festival", ("The lanterns were lit.",)),
                StoryChapter("Chapter 2: After", ("Draco waited.",)))
    work = read_bytes(ao3_html(dataclasses.replace(STORY, chapters=chapters)).encode(), "festival.html")
    assert [c.title for c in work.chapters] == ["Chapter 1: Festival", "Chapter 2: After"]


def test_framing_roles_by_example():
    chapters = [
        [("HUNTED", "text"), ("Harry ran.", "text"), ("~~~", "break"), ("Bex", "text")],
        [("HUNTED", "text"), ("Harry hid.", "text"), ("Bex", "text")],
        [("Harry slept.", "text"), ("Bex", "text")],
    ]
    assert framing_roles(chapters, None, [None] * 3, []) == [
        {0: "chapter-title", 3: "signoff"}, {0: "chapter-title", 2: "signoff"}, {1: "signoff"},
    ]
    # "HUNTED" over one chapter of three is no pattern, "Bex" under two is; the author's name is a
    # sign-off wherever it is
    other = [("Harry woke.", "text"), ("Bex-chan", "text")]
    assert framing_roles([chapters[0], chapters[2], other], None, [None] * 3, []) == [
        {3: "signoff"}, {1: "signoff"}, {},
    ]
    assert framing_roles([chapters[0], chapters[2], other], None, [None] * 3, ["Bex"]) == [
        {3: "signoff"}, {1: "signoff"}, {1: "signoff"},
    ]


def test_a_last_line_is_a_sign_off_only_when_it_names_the_author():
    def roles(last: str) -> dict[int, str]:
        return framing_roles([[("Harry ran.", "text"), (last, "text")]], None, [None], ["Bex-chan", "Joanna"])[0]

    assert roles("- Bex") == roles("Bex-chan") == roles("Love, Joanna") == {1: "signoff"}
    assert roles("Ann.") == {}  # in "Joanna", but no name of hers
    assert roles("“Bex!”") == {}  # said in the story


def test_a_pov_heading_over_many_chapters_still_heads_its_scene():
    chapters = [[("Harry's POV", "heading"), ("Harry ran.", "text")],
                [("Harry's POV", "heading"), ("Harry hid.", "text")]]
    assert framing_roles(chapters, None, [None, None], []) == [{}, {}]
