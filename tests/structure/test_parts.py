"""Parts: "PART ONE" groups the chapters after it; it is never a chapter of its own."""

from __future__ import annotations

import json

import jsonschema
import pytest

from ficlens.model import Chapter, Note, Work
from ficlens.outputs.json import dumps, read_dict, schema
from ficlens.read import read_bytes
from ficlens.structure import all_notes, build_structure
from ficlens.structure.parts import is_part_heading

HARBOUR = """PART ONE

Chapter 1: The Letter

Anna walked to the harbour in the rain. She waited for the boat all morning.

Chapter 2: The Boat

The boat came at noon. Anna climbed aboard and did not look back.

PART TWO

Chapter 3: The Island

The island was green and quiet. Anna found the house at the end of the lane.
"""


def _structure(text: str):
    work = read_bytes(text.encode(), "story.txt")
    return work, build_structure(work)


def test_a_part_heading_groups_the_chapters_after_it_and_is_no_chapter():
    work, structure = _structure(HARBOUR)
    assert [c.title for c in structure.chapters] == ["Chapter 1: The Letter", "Chapter 2: The Boat",
                                                     "Chapter 3: The Island"]
    assert [(p.title, p.chapters) for p in structure.parts] == [("PART ONE", [0, 1]), ("PART TWO", [2])]
    assert [HARBOUR[p.start : p.end] for p in structure.parts] == ["PART ONE", "PART TWO"]
    assert [HARBOUR[p.start : p.end] for p in structure.paragraphs if p.role == "part"] == ["PART ONE", "PART TWO"]
    assert structure.headings == []  # neither part is a section heading inside its chapter
    # three scenes of story, one a chapter; the parts' words are not the story's (15 + 13 + 16)
    assert [s.chapter for s in structure.scenes] == [0, 1, 2]
    assert structure.words == 44


def test_the_json_lists_the_parts_and_only_the_chapters():
    work, structure = _structure(HARBOUR)
    document = json.loads(dumps(read_dict(work, structure)))
    jsonschema.validate(document, schema())
    assert [c["title"] for c in document["work"]["chapters"]] == ["Chapter 1: The Letter", "Chapter 2: The Boat",
                                                                 "Chapter 3: The Island"]
    assert [(p["title"], p["chapters"]) for p in document["work"]["parts"]] == [("PART ONE", [0, 1]),
                                                                                 ("PART TWO", [2])]
    assert "part" in {role for _, _, role in document["structure"]["paragraphs"]}


def test_the_stored_chapters_read_again_give_the_same_parts():
    """A library re-analyses a work from its stored text and chapters, where the part's heading
    now opens the first chapter of its part."""
    work, structure = _structure(HARBOUR)
    again = Work(HARBOUR, work.source, work.meta,
                 [Chapter(c.title, c.start, c.end) for c in structure.chapters])
    assert [(p.title, p.start, p.chapters) for p in build_structure(again).parts] == [
        (p.title, p.start, p.chapters) for p in structure.parts]


@pytest.mark.parametrize("line", ["PART ONE", "Part II", "Part II: The Return", "BOOK THE FIRST", "Book 3",
                                  "Volume 1", "Part Two — Winter"])
def test_part_headings(line):
    assert is_part_heading(line)


@pytest.mark.parametrize("line", ["Part of me wanted to stay.", "Chapter 1", "Epilogue", "Part of it",
                                  "Book the first train home, she said.", "Volume of the sea"])
def test_lines_that_are_no_part_heading(line):
    assert not is_part_heading(line)


def test_a_sentence_beginning_with_part_is_story_not_a_part():
    text = ("Part of me wanted to stay.\n\nChapter 1: The Letter\n\nAnna walked to the harbour.\n\n"
            "Chapter 2: The Boat\n\nThe boat came at noon. Part of it was the rain.\n")
    work, structure = _structure(text)
    assert structure.parts == []
    assert [c.title for c in structure.chapters] == [None, "Chapter 1: The Letter", "Chapter 2: The Boat"]
    assert "Part of me wanted to stay." in [text[p.start : p.end] for p in structure.story_paragraphs()]


def test_a_part_heading_amid_a_chapters_story_is_a_section_heading():
    text = ("Chapter 1\n\nAnna woke early.\n\nPart Two\n\nAnna slept.\n\n"
            "Chapter 2\n\nThe boat came at noon.\n")
    work, structure = _structure(text)
    assert structure.parts == []
    assert [h.text for h in structure.headings] == ["Part Two"]


def test_a_one_chapter_story_has_no_parts():
    text = "Part One\n\nAnna woke early.\n\nPart Two\n\nAnna slept.\n"
    work, structure = _structure(text)
    assert structure.parts == [] and len(structure.chapters) == 1
    assert [h.text for h in structure.headings] == ["Part One", "Part Two"]


def test_a_note_of_the_reader_follows_its_chapter_past_a_joined_part():
    work, structure = _structure(HARBOUR)
    # as a reader of chapter notes would give them: chapter 0 is the part's, 2 is "Chapter 2: The Boat"
    work.notes = [Note("chapter-end-notes", "Thanks for reading!", chapter=2), Note("notes", "A harbour story.")]
    notes = all_notes(work, structure)
    assert [(n.text, n.chapter) for n in notes] == [("Thanks for reading!", 1), ("A harbour story.", None)]
    assert structure.chapters[1].title == "Chapter 2: The Boat"
