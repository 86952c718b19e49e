"""The language layer: one spaCy pipeline, with a tokenizer that knows how fiction punctuates."""

import pytest

from ficlens.language import load, parse_spans


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ('"No"--said Darcy, "I have', ['"', "No", '"', "--", "said", "Darcy", ",", '"', "I", "have"]),
        ('replied Wickham;--"his estate', ["replied", "Wickham", ";", "--", '"', "his", "estate"]),
        ("indeed!\u201d\u2014cried Ron.", ["indeed", "!", "\u201d", "\u2014", "cried", "Ron", "."]),
    ],
)
def test_dialogue_glued_to_its_tag_is_split_into_words(text: str, tokens: list[str]) -> None:
    assert [t.text for t in load()(text)][: len(tokens)] == tokens


def test_ordinary_words_keep_their_hyphens_and_apostrophes() -> None:
    assert [t.text for t in load()("a well-known man, don't you think?")] == [
        "a", "well", "-", "known", "man", ",", "do", "n't", "you", "think", "?",
    ]


def test_parsed_spans_keep_their_offsets_into_the_text() -> None:
    text = "First paragraph.\n\nSecond one here."
    parsed = parse_spans(text, [(0, 16), (18, 34)])
    assert [p.char(0) for p in parsed] == [0, 18]
    assert text[parsed[1].char(1):].startswith("one")


def test_hard_wrapped_lines_parse_as_one_line_at_the_same_offsets() -> None:
    text = '"She is emancipated,"\n continued Miss\nBartlett slowly.'
    (paragraph,) = parse_spans(text, [(0, len(text))])
    assert "\n" not in paragraph.doc.text
    bartlett = next(t for t in paragraph.doc if t.text == "Bartlett")
    assert text[paragraph.char(bartlett.i):].startswith("Bartlett")
    assert bartlett.head.text == "continued"
