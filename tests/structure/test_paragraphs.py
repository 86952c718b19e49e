from ficlens.structure.paragraphs import blank_line_separated, paragraph_spans


def test_one_paragraph_per_line_when_no_blank_lines():
    text = "First line.\nSecond line.\r\n  Third.  \n"
    spans = list(paragraph_spans(text, 0, len(text), by_blank_lines=blank_line_separated(text)))
    assert [text[s:e] for s, e in spans] == ["First line.", "Second line.", "Third."]


def test_hard_wrapped_paragraphs_join_their_lines():
    text = "It was a dark and\nstormy night.\n\nThe end\ncame soon.\n"
    assert blank_line_separated(text)
    spans = list(paragraph_spans(text, 0, len(text), by_blank_lines=True))
    assert [text[s:e] for s, e in spans] == ["It was a dark and\nstormy night.", "The end\ncame soon."]


def test_spans_respect_the_region():
    text = "Header\n\nBody one.\n\nBody two.\n"
    start = text.index("Body")
    spans = list(paragraph_spans(text, start, len(text), by_blank_lines=True))
    assert [text[s:e] for s, e in spans] == ["Body one.", "Body two."]
