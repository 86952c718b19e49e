"""Finding quotations in every style authors use."""

from __future__ import annotations

from ficlens.dialogue.quotes import find_quotes, quote_style


def _quotes(text: str, paragraphs=None, style=None) -> list[str]:
    paragraphs = paragraphs or [(0, len(text))]
    return [text[q.start : q.end] for q in find_quotes(text, paragraphs, style)]


def test_curly_and_straight_quotes_mixed():
    text = "“Hello,” she said. He laughed. \"Goodbye.\""
    assert _quotes(text) == ["Hello,", "Goodbye."]


def test_quote_interrupted_by_a_tag():
    text = "“I don’t know,” he said, “maybe.”"
    assert _quotes(text) == ["I don’t know,", "maybe."]


def test_apostrophes_are_not_quotes_in_single_quote_style():
    text = "‘Don’t go,’ said Harry. ‘It’s the boys’ room.’ She didn't."
    assert quote_style(" ".join([text] * 3)) == "single"
    assert _quotes(text, style="single") == ["Don’t go,", "It’s the boys’ room."]


def test_a_speech_over_two_paragraphs_without_a_closing_mark():
    text = "“First part of the speech.\n“Second part,” he finished."
    quotes = find_quotes(text, [(0, 26), (27, len(text))])
    assert [text[q.start : q.end] for q in quotes] == ["First part of the speech.", "Second part,"]
    assert (quotes[0].closed, quotes[1].continues) == (False, 0)


def test_seed_004_every_quote_in_both_halves(analysis_004):
    text = analysis_004.work.text
    middle = analysis_004.structure.breaks[0].start
    found = [(q.start, q.end) for q in analysis_004.quotes]
    for marks, half in ((("“", "”"), text[:middle]), (('"', '"'), text[middle:])):
        assert half.count(marks[0]) > 20
    # Every opening mark in the story text starts a quote found.
    story = [(p.start, p.end) for p in analysis_004.structure.story_paragraphs()]
    opens = [i for s, e in story for i in range(s, e) if text[i] == "“" or text[i] == '"' and (i == s or text[i - 1] == " ")]
    starts = {s for s, _ in found}
    missing = [text[i : i + 30] for i in opens if not any(i < q <= i + 2 for q in starts)]
    assert missing == []
