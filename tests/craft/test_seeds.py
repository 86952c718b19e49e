"""The craft stage on the two seed stories."""

from __future__ import annotations

import re
from dataclasses import asdict

from ficlens.craft.repeats import normalise
from ficlens.craft.tokens import read_tokens

CONTRACT_KEYS = {
    "repeated_phrases", "echoes", "dialogue_tags", "filter_words", "crutch_words", "adverbs",
    "sentences", "paragraphs", "readability", "slips", "spelling", "norms", "sticky_sentences", "openings",
    "passive_voice", "cliches", "pacing", "consistency", "dialogue_punctuation", "start_here",
}  # fmt: skip


def _family(diagnostics, *words: str):
    """The repeated-phrase family whose name holds all `words`."""
    return next(f for f in diagnostics.repeated_phrases if all(w in f.phrase for w in words))


def test_the_json_is_the_contracts(craft_004):
    data = asdict(craft_004.diagnostics)
    assert set(data) == CONTRACT_KEYS
    phrase = data["repeated_phrases"][0]
    assert set(phrase) == {"phrase", "count", "expected", "variants", "spans"}
    assert set(phrase["spans"][0]) == {"start", "end"}
    assert set(data["dialogue_tags"]) == {"tags", "said", "verbs", "adverbs", "untagged_runs"}
    assert set(data["filter_words"]) == {"count", "per_1000", "words", "spans"}
    assert set(data["sentences"]) == {"count", "mean", "stdev", "histogram", "longest"}
    assert set(data["sentences"]["longest"]) == {"start", "end", "words"}
    assert set(data["readability"]) == {"flesch_reading_ease", "flesch_kincaid_grade", "gunning_fog", "dale_chall"}
    assert set(data["slips"][0]) == {"start", "end", "kind", "expected", "found", "text"}


def test_seed_004_repeats_heart_clenches_and_more(craft_004):
    diagnostics, text = craft_004.diagnostics, craft_004.text
    clench = _family(diagnostics, "heart", "clench")
    assert clench.count >= 5
    for span in clench.spans:
        assert re.search(r"heart clench", text[span.start : span.end], re.I)
    eternity = _family(diagnostics, "feels like an eternity")
    assert eternity.count >= 3
    others = [f for f in diagnostics.repeated_phrases if f is not clench and f.count >= 3 and f.spans]
    assert len(others) >= 5
    for family in diagnostics.repeated_phrases:
        assert family.expected < family.count


def test_seed_000_todecide_is_misspelt_and_names_are_not(craft_000):
    flagged = {m.word: m for m in craft_000.diagnostics.spelling}
    assert flagged["todecide"].suggestion == "to decide"
    names = {"malfoy", "draco", "narcissa", "lucius", "hermione", "harry", "potter", "weasley", "hogwarts", "drarry"}
    assert not names & set(flagged)


def test_seed_004_spelling_skips_names(craft_004):
    flagged = {m.word for m in craft_004.diagnostics.spelling}
    assert not {"malfoy", "draco", "candy", "hogwarts", "margarita"} & flagged


def test_every_span_slices_what_it_claims(craft_000, craft_004):
    for craft in (craft_000, craft_004):
        d, text = craft.diagnostics, craft.text
        tokens = read_tokens(craft.parsed, sorted(craft.analysis.quotes, key=lambda q: q.start))
        token_at = {(s, e): i for i, (s, e) in enumerate(zip(tokens.start, tokens.end))}

        for family in d.repeated_phrases:
            headline = normalise(family.phrase)
            variants = {normalise(v.phrase): v.count for v in family.variants}
            assert headline not in variants  # the headline is not its own variant
            wordings = [normalise(text[span.start : span.end]) for span in family.spans]
            assert wordings.count(headline) + sum(variants.values()) == family.count == len(family.spans)
            assert set(wordings) <= {headline, *variants}
        for echo in d.echoes:
            lemmas = {tokens.lemma[token_at[span.start, span.end]] for span in echo.spans}
            assert len(echo.spans) >= 2 and len(lemmas) == 1
            assert all(text[span.start : span.end].isalpha() for span in echo.spans)
        for adverb in d.dialogue_tags.adverbs:
            assert text[adverb.start : adverb.end] == adverb.text
            assert re.search(r"\w+ly\b", adverb.text)
        quote_starts = {q.start for q in craft.analysis.quotes}
        quote_ends = {q.end for q in craft.analysis.quotes}
        for run in d.dialogue_tags.untagged_runs:
            assert run.start in quote_starts and run.end in quote_ends
        for use, key in ((d.filter_words, tokens.lemma), (d.crutch_words, tokens.lower), (d.adverbs, tokens.lower)):
            assert use.count == len(use.spans) == sum(use.words.values())
            for span in use.spans:
                assert key[token_at[span.start, span.end]] in use.words
        longest = d.sentences.longest
        words = re.findall(r"\w+(?:['’]\w+)*", text[longest.start : longest.end])
        assert abs(len(words) - longest.words) <= 2
        for slip in d.slips:
            assert text[slip.start : slip.end] == slip.text
        for misspelling in d.spelling:
            for span in misspelling.spans:
                assert text[span.start : span.end].lower() == misspelling.word


def test_seed_004_dialogue_tags(craft_004):
    tags = craft_004.diagnostics.dialogue_tags
    assert tags.said == tags.verbs["say"] > 10
    assert tags.tags == sum(tags.verbs.values())
    assert {"ask", "reply"} <= set(tags.verbs)
    assert any(a.text.lower() in ("says quietly", "said quietly") for a in tags.adverbs)


def test_seed_000_narration_counts(craft_000):
    d = craft_000.diagnostics
    assert d.filter_words.count > 0 and d.filter_words.per_1000 > 0
    assert "just" in d.crutch_words.words
    assert d.sentences.count > 100 and sum(d.sentences.histogram.values()) == d.sentences.count
    assert 0 < d.readability.flesch_kincaid_grade < 12
    assert len(d.slips) == len(craft_000.analysis.narration.slips)
