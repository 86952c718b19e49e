"""A hit's snippet: the download's labels left out, and a link to the words it matched in the story, which
the web app answers with the report at the paragraph holding them, by its id."""

from __future__ import annotations

from fastapi.testclient import TestClient
from library_data import analysis, quick
from web_server import LOCAL

from ficlens.library import Library
from ficlens.web import create_app
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


def test_the_passage_page_sends_the_browser_to_the_paragraph_by_its_id(tmp_path):
    paragraphs = ["The owl came at dawn.", "Mara read the letter twice.", "At noon the lighthouse went dark."]
    text = "\n\n".join(paragraphs)
    starts = [text.index(p) for p in paragraphs]
    data = analysis(text, "Three Paragraphs", ["Wren"])
    data["structure"]["paragraphs"] = [[s, s + len(p), "text"] for s, p in zip(starts, paragraphs)]
    with Library(tmp_path / "library.db") as library:
        work = library.add_analysis(data, text, "three.txt", prepared=quick(data, text, "three.txt")).work_id
    with TestClient(create_app(tmp_path / "library.db"), base_url=LOCAL) as client:
        report = client.get(f"/works/{work}/report").text
        assert all(f'<p id="para-{start}">' in report for start in starts)  # an id for every paragraph
        answer = client.get(f"/works/{work}/passage", params={"words": "LIGHTHOUSE went"}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"] == f"/works/{work}/report#para-{starts[2]}"
        # words the text does not hold: the story from its top
        nowhere = client.get(f"/works/{work}/passage", params={"words": "harbour"}, follow_redirects=False)
        assert nowhere.headers["location"] == f"/works/{work}/report"
        assert client.get("/works/999/passage", params={"words": "owl"}).status_code == 404
