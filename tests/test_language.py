"""The language layer: one spaCy pipeline, with a tokenizer that knows how fiction punctuates."""

import os
from concurrent.futures import ProcessPoolExecutor

import pytest
from spacy.tokens import Doc

from ficlens.language import SHARE_CHARS, load, load_stock, parse_processes, parse_spans


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


def test_split_for_parser_cuts_after_a_sentence_else_at_a_space_and_joins_back() -> None:
    from ficlens.language import split_for_parser

    # limit 16: the first cut may fall in characters 8..16, where ". " ends at 11;
    # the second in 19..27, which holds no sentence end and no comma: the last space, at 27.
    text = "Aaaa bbbb. Cccc, dddd eeee ffff."
    assert split_for_parser(text, 16) == ["Aaaa bbbb. ", "Cccc, dddd eeee ", "ffff."]
    # limit 20, cut in 10..20: no sentence end there, but the comma and space at 11-12
    # (a clause) win over the later bare space at 18.
    assert split_for_parser("Aaaa bbbbbb, cc dd eeee.", 20) == ["Aaaa bbbbbb, ", "cc dd eeee."]
    # No boundary at all: cut anywhere, at the limit.
    assert split_for_parser("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]
    assert split_for_parser("short", 10) == ["short"]


def test_a_paragraph_longer_than_spacy_allows_parses_as_one_doc_at_the_same_offsets(monkeypatch) -> None:
    # spaCy refuses a text over nlp.max_length (E088); lowered here so the test stays small.
    monkeypatch.setattr(load(), "max_length", 300)
    sentence = "Harry looked at\nthe door, and Hermione said nothing at all. "
    paragraph = sentence * 40  # 2,400 characters, hard-wrapped lines, no paragraph break
    text = "Title\n\n" + paragraph + "\n\nThe end."
    start = len("Title\n\n")
    spans = [(0, 5), (start, start + len(paragraph)), (len(text) - 8, len(text))]
    parsed = parse_spans(text, spans)
    assert [p.offset for p in parsed] == [0, start, len(text) - 8]
    long = parsed[1]
    assert long.text == long.doc.text == paragraph.replace("\n", " ")
    for token in long.doc:
        assert text[long.offset + token.idx : long.offset + token.idx + len(token)].replace("\n", " ") == token.text
    # 40 sentences of 12 tokens each (the 11 words and comma, and the period): all still there and parsed.
    assert len(long.doc) == 40 * 13
    assert sum(1 for t in long.doc if t.text == "Hermione") == 40
    assert long.doc.has_annotation("DEP") and len(list(long.doc.sents)) >= 40


def test_tokens_between_finds_the_tokens_starting_in_a_window_of_the_work_text() -> None:
    text = "Intro.\n\nOne two three four."
    (paragraph,) = parse_spans(text, [(8, len(text))])
    # "two" starts at 12 and "three" at 16; "four" at 22.
    assert [t.text for t in paragraph.tokens_between(12, 22)] == ["two", "three"]
    assert [t.text for t in paragraph.tokens_between(13, 16)] == []
    assert [t.text for t in paragraph.tokens_between(0, 100)] == ["One", "two", "three", "four", "."]


def test_a_work_of_more_paragraphs_than_the_memory_budget_is_refused_before_parsing(tmp_path, monkeypatch) -> None:
    """Issue 21, item 10: a paragraph keeps a Doc of about 5 KB for the whole analysis, so 2,000
    different one-word paragraphs need about 12 MB (2,000 x (4.6 + 0.5 + 1) KB); under a 5 MB budget
    the work is refused in one line naming the file, before anything is parsed."""
    from ficlens import language
    from ficlens.errors import InputError
    from ficlens.pipeline import analyze

    path = tmp_path / "tiny.html"
    path.write_text("<html><body>" + "".join(f"<p>w{i}</p>" for i in range(2_000)) + "</body></html>",
                    encoding="utf-8")
    monkeypatch.setenv("FICLENS_MEMORY_GB", str(5 / 1024))

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed before the budget was checked")

    monkeypatch.setattr(language, "parse_spans", must_not_parse)
    with pytest.raises(InputError) as refused:
        analyze(path)
    assert refused.value.path == str(path)
    assert refused.value.reason.startswith("too many paragraphs to analyse within 0.00488281 GB: 2,000 paragraphs "
                                           "(2,000 different) of 2,000 words would need about 12 MB")
    assert "\n" not in str(refused.value)


def test_short_paragraphs_of_one_text_share_one_doc_at_their_own_offsets() -> None:
    """Issue 21, item 10: a million "<p>x</p>" need one Doc, not a million of 5 KB each."""
    text = "Yes.\n\nNo.\n\nYes.\n\nYes."
    parsed = parse_spans(text, [(0, 4), (6, 9), (11, 15), (17, 21)])
    assert parsed[0].doc is parsed[2].doc is parsed[3].doc
    assert parsed[1].doc is not parsed[0].doc
    assert [p.char(0) for p in parsed] == [0, 6, 11, 17]
    assert [p.char(1) for p in parsed] == [3, 8, 14, 20]  # each paragraph's full stop
    assert [t.text for t in parsed[3].tokens_between(17, 21)] == ["Yes", "."]
    assert parsed[2].text == "Yes."


def test_the_budget_counts_a_shared_doc_once_and_names_words_when_words_cost_more(monkeypatch) -> None:
    from ficlens.errors import InputError
    from ficlens.language import check_budget

    monkeypatch.delenv("FICLENS_MEMORY_GB", raising=False)
    same = "x\n" * 20_000
    spans = [(2 * i, 2 * i + 1) for i in range(20_000)]
    check_budget("same.txt", same, spans, 20_000, budget_gb=15 / 1024)  # 1 Doc: about 10 MB
    different = "".join(f"{i:05d}\n" for i in range(20_000))
    with pytest.raises(InputError, match=r"^different\.txt: too many paragraphs .* \(20,000 different\)"):
        check_budget("different.txt", different, [(6 * i, 6 * i + 5) for i in range(20_000)], 20_000,
                     budget_gb=15 / 1024)  # 20,000 Docs: about 122 MB
    novel = "word " * 10
    check_budget("novel.txt", novel, [(0, len(novel))], 1_000_000)  # about 1 GB, within the default 4 GB
    with pytest.raises(InputError, match=r"^huge\.txt: too many words to analyse within 1 GB: 1 paragraphs "
                                         r"\(1 different\) of 2,000,000 words"):
        check_budget("huge.txt", novel, [(0, len(novel))], 2_000_000, budget_gb=1)  # a word about 1 KB: 2 GB
    monkeypatch.setenv("FICLENS_MEMORY_GB", "8")
    check_budget("huge.txt", novel, [(0, len(novel))], 2_000_000)  # allowed by the environment


def _reading(parsed) -> list[list[tuple]]:
    return [[(t.text, t.tag_, t.pos_, str(t.morph), t.dep_, t.head.i, t.lemma_, t.ent_iob_, t.ent_type_,
              t.is_sent_start) for t in p.doc] for p in parsed]


def test_paragraphs_parsed_in_two_processes_are_the_paragraphs_parsed_in_one() -> None:
    names = ("Jane", "Elizabeth", "Mary", "Kitty", "Lydia")
    lines = [f'"Where is the letter, {names[i % 5]}?" asked Mr. Bennet on the {i}th day. {names[i % 5]} said '
             f"nothing and went to Longbourn." if i % 3 else f"She said nothing for {i} minutes, and then she "
             f"laughed at the letter as if it were a joke she had heard before." for i in range(300)]
    assert all(len(line) > SHARE_CHARS for line in lines)  # no two share a Doc: all 300 are parsed
    text = "\n\n".join(lines)
    spans, position = [], 0
    for line in lines:
        spans.append((position, position + len(line)))
        position += len(line) + 2
    one, two = parse_spans(text, spans, processes=1), parse_spans(text, spans, processes=2)
    assert [p.offset for p in two] == [p.offset for p in one]
    assert _reading(two) == _reading(one)
    assert {p.doc.has_annotation("ENT_IOB") for p in two} == {True, False}  # names, and none to look for
    assert all(p.doc.tensor.size == 0 for p in one + two)  # not sent back by the workers, nor kept


def test_a_long_work_alone_is_parsed_on_every_core_but_one_in_a_pool_of_workers_on_one() -> None:
    if len(os.sched_getaffinity(0)) < 2:
        pytest.skip("one core: nothing to share")
    assert parse_processes(1_000_000) > 1  # a novel analysed on its own
    assert parse_processes(2_000) == 1  # a drabble: starting workers would cost more
    with ProcessPoolExecutor(1) as pool:  # `ficlens add`, `corpus run`: the pool keeps the cores busy
        assert pool.submit(parse_processes, 1_000_000).result() == 1


# --- only what ficlens reads, faster than spaCy's own pipeline ---------------------------------------

_RULED = ("I've been saying we're gon na win, but y'all got ta listen. Let's go! There is no way he "
          "ain't coming,  c'mon.\n\"Nothing,\" she said; everyone agreed that it was hers and not theirs.")


def _annotations(doc) -> list[tuple]:
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.is_sent_start) for t in doc]


@pytest.fixture(scope="module")
def stock():
    return load_stock()


def test_the_pipeline_reads_exceptions_as_spacys_attribute_ruler_does(stock) -> None:
    doc = load()(_RULED)
    words = {t.text: t for t in doc}
    assert (words["gon"].lemma_, words["na"].lemma_) == ("go", "to")  # two-token rules
    assert words["ta"].lemma_ == "to" and words["Let"].nbor().lemma_ == "us"
    assert words["I"].lemma_ == "I" and words["I"].pos_ == "PRON"  # one-token rules, by tag and word
    assert words["been"].lemma_ == "be" and words["been"].pos_ == "AUX"
    assert words["hers"].morph.get("Poss") == ["Yes"]
    assert all(t.pos_ == "SPACE" for t in doc if t.is_space)
    assert _annotations(doc) == _annotations(stock(_RULED))


def test_entities_are_found_where_someone_may_be_named_and_not_looked_for_elsewhere(stock) -> None:
    named, unnamed = "Elizabeth walked to Meryton with Jane on Monday.", "she walked home for three days."
    doc = load()(named)
    types = {t.text: t.ent_type_ for t in doc if t.ent_type_}
    assert types == {t.text: t.ent_type_ for t in stock(named) if t.ent_type_}
    assert doc[0].ent_type_ == "PERSON"
    assert not load()(unnamed).has_annotation("ENT_IOB")  # no proper noun: nothing ficlens would read
    assert [e.text for e in stock(unnamed).ents] == ["three days"]  # what spaCy would have spent time on


def test_in_a_long_paragraph_only_the_sentences_naming_someone_are_read_for_entities(stock) -> None:
    named = "Elizabeth walked to Meryton with Jane on Monday."
    rest = " ".join(["She said nothing for a long while, and then she laughed at the letter as if it were a joke."]
                    * 4)
    text = f"{named} {rest}"
    doc, expected = load()(text), stock(text)
    first = next(iter(doc.sents))
    assert [(t.ent_iob_, t.ent_type_) for t in first] == [(t.ent_iob_, t.ent_type_) for t in expected[: len(first)]]
    assert {t.ent_type_ for t in first} >= {"PERSON", "DATE"}
    assert all(t.ent_iob_ == "" for t in doc[len(first) + 10 :])  # sentences with no name: not looked at


def test_a_capitalised_word_english_does_not_know_may_be_a_name_the_tagger_missed() -> None:
    entities = load().get_pipe("ner")

    def doc(words: str, tags: str, pos: str) -> Doc:
        return Doc(load().vocab, words=words.split(), tags=tags.split(), pos=pos.split())

    assert entities.may_name(doc("it was the Zorblaxian", "PRP VBD DT NN", "PRON AUX DET NOUN"))
    assert not entities.may_name(doc("It was the House", "PRP VBD DT NN", "PRON AUX DET NOUN"))  # a word
    assert entities.may_name(doc("It was the House", "PRP VBD DT NNP", "PRON AUX DET PROPN"))  # a proper noun


def test_a_seed_analysed_with_entities_looked_for_in_every_paragraph_is_the_same(seed_000) -> None:
    from ficlens.outputs.json import analysis_dict
    from ficlens.pipeline import analyze

    entities = load().get_pipe("ner")
    trimmed = analysis_dict(analyze(seed_000))
    entities.everywhere = True
    try:
        everywhere = analysis_dict(analyze(seed_000))
    finally:
        entities.everywhere = False
    assert trimmed == everywhere
