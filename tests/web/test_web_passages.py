"""A hit's snippet: the download's labels left out, and a link to the words it matched in the story."""

from __future__ import annotations

from ficlens.web.passages import passage_link, without_furniture


def test_a_work_text_dump_snippet_starts_with_the_story():
    snippet = "Work Text:\n\nThe <mark>owl</mark> arrived at dawn, and Draco…"
    assert without_furniture(snippet) == "The <mark>owl</mark> arrived at dawn, and Draco…"


def test_chapter_headings_and_notes_labels_are_left_out_but_story_lines_kept():
    snippet = "…Chapter 1\nNotes:\n(See the end of the chapter for more notes.)\nChapter one was the day she <mark>left</mark>."
    assert without_furniture(snippet) == "…Chapter one was the day she <mark>left</mark>."
    story = "Summary of the war, as Harry told it: they <mark>won</mark>."
    assert without_furniture(story) == story


def test_the_link_opens_the_report_at_the_matched_words_on_their_line():
    snippet = "…he said.\nThe <mark>owl</mark> arrived at dawn, well-known &amp; grey, and Draco read it twice over…"
    # from the first match to the end of its line or eight words, "-" "," and "&" encoded
    assert passage_link(7, snippet) == ("/works/7/report#:~:text="
                                        "owl%20arrived%20at%20dawn%2C%20well%2Dknown%20%26%20grey%2C%20and")


def test_no_match_no_link():
    assert passage_link(7, "The opening of the story, shown when nothing was searched for.") is None
