"""Author's notes written in a story's text: every labelled form, and the body after a label alone."""

from ficlens.read import read_bytes
from ficlens.structure import build_structure
from ficlens.structure.notes import is_author_note


def _structure(text: str):
    work = read_bytes(text.encode("utf-8"), "story.txt")
    structure = build_structure(work)
    story = [work.text[p.start : p.end] for p in structure.paragraphs if p.role == "text"]
    return structure, story


def test_inline_author_notes():
    assert is_author_note("A/N: Thanks for reading!", at_chapter_edge=False)
    assert is_author_note("AN: this one is short", at_chapter_edge=False)
    assert is_author_note("Author's Note: I own nothing.", at_chapter_edge=False)
    assert is_author_note("Author’s Note: I own nothing.", at_chapter_edge=False)  # curly apostrophe
    assert is_author_note("Disclaimer: not mine.", at_chapter_edge=False)
    assert is_author_note("Chapter Summary: In which a letter finally leaves.", at_chapter_edge=False)


def test_bare_note_counts_only_at_chapter_edges():
    assert is_author_note("Note: updates weekly.", at_chapter_edge=True)
    assert is_author_note("Summary: Draco writes a letter.", at_chapter_edge=True)
    assert not is_author_note("Note: buy milk.", at_chapter_edge=False)
    assert not is_author_note("Annie ran.", at_chapter_edge=True)
    assert not is_author_note("Summer came early.", at_chapter_edge=True)


def test_a_label_alone_takes_the_body_up_to_the_break():
    structure, story = _structure(
        "Author’s Note:\n\nThanks to my beta, who read every draft.\n\nUpdates every Sunday.\n\n* * *\n\n"
        "The owl arrived at dawn.\n\n“You’re up early,” Pansy said.\n"
    )
    assert [(n.kind, n.text) for n in structure.notes] == [
        ("author-note", "Thanks to my beta, who read every draft.\n\nUpdates every Sunday.")]
    assert story == ["The owl arrived at dawn.", "“You’re up early,” Pansy said."]
    assert structure.words == 10


def test_a_label_alone_without_a_break_takes_one_paragraph():
    structure, story = _structure(
        "Summary for the Chapter:\n\nIn which a letter finally leaves.\n\n"
        + "".join(f"Paragraph {i} of the story goes on.\n\n" for i in range(10))
    )
    assert [(n.kind, n.text) for n in structure.notes] == [("chapter-summary", "In which a letter finally leaves.")]
    assert len(story) == 10


def test_end_notes_run_to_the_chapter_end():
    structure, story = _structure(
        "The owl flew off.\n\nHe watched it go.\n\nChapter End Notes\n\nOne more chapter to go.\n\nThank you all!\n"
    )
    assert [(n.kind, n.text) for n in structure.notes] == [("chapter-end-notes", "One more chapter to go.\n\nThank you all!")]
    assert story == ["The owl flew off.", "He watched it go."]


def test_head_and_end_labels_in_one_chapter():
    structure, story = _structure(
        "A/N:\n\nWritten on a train.\n\n~~~\n\nThe story itself.\n\nIt ends here.\n\nA/N:\n\nMore soon!\n"
    )
    assert [(n.kind, n.text) for n in structure.notes] == [("author-note", "Written on a train."),
                                                           ("author-note", "More soon!")]
    assert story == ["The story itself.", "It ends here."]


def test_a_label_word_inside_the_story_is_story():
    text = "".join(f"Line {i} of the tale.\n\n" for i in range(8)) + "Notes\n\n" + "".join(
        f"Later line {i}.\n\n" for i in range(8))
    structure, story = _structure(text)
    assert structure.notes == []
    assert "Notes" in story
