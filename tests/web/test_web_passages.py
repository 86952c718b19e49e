"""A hit's snippet: the download's labels left out, and a link to the words it matched in the story."""

from __future__ import annotations

from ficlens.web.passages import paragraph_at, passage_link, without_furniture


def test_a_work_text_dump_snippet_starts_with_the_story():
    snippet = "Work Text:\n\nThe <mark>owl</mark> arrived at dawn, and Draco…"
    assert without_furniture(snippet) == "The <mark>owl</mark> arrived at dawn, and Draco…"


def test_chapter_headings_and_notes_labels_are_left_out_but_story_lines_kept():
    snippet = "…Chapter 1\nNotes:\n(See the end of the chapter for more notes.)\nChapter one was the day she <mark>left</mark>."
    assert without_furniture(snippet) == "…Chapter one was the day she <mark>left</mark>."
    story = "Summary of the war, as Harry told it: they <mark>won</mark>."
    assert without_furniture(story) == story


def test_the_link_names_the_matched_words_on_their_line():
    snippet = "…he said.\nThe <mark>owl</mark> arrived at dawn, well-known &amp; grey, and Draco read it twice over…"
    # from the first match to the end of its line or eight words, everything but letters and digits encoded
    assert passage_link(7, snippet) == ("/works/7/passage?words="
                                        "owl%20arrived%20at%20dawn%2C%20well-known%20%26%20grey%2C%20and")


def test_the_paragraph_holding_the_words_whatever_their_case_and_spacing():
    text = "The owl came.\n\nIt was late. The Lighthouse\nstood dark, and Mara waited.\n\nThe lighthouse again."
    starts = [0, 15, 73]
    assert text[15:].startswith("It was late") and text[73:].startswith("The lighthouse again")
    # the first place the words are: the second paragraph, though "lighthouse" is in the third too
    assert paragraph_at(text, starts, "lighthouse stood dark,") == 15
    assert paragraph_at(text, starts, "lighthouse again.") == 73
    # a snippet cut inside its last word: the words before it still say where
    assert paragraph_at(text, starts, "lighthouse again. Nowhere") == 73
    assert paragraph_at(text, starts, "harbour") is None
    # words before the first paragraph with an id (a heading, say): the first one
    assert paragraph_at(text, [15, 73], "The owl") == 15


def test_no_match_no_link():
    assert passage_link(7, "The opening of the story, shown when nothing was searched for.") is None
