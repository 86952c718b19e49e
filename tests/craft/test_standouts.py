"""The start-here list: which findings come first, on diagnostics made for the purpose and on seed 004."""

from __future__ import annotations

from types import SimpleNamespace

from ficlens.craft.norms import Norm
from ficlens.craft.pacing import PaceRun, Pacing
from ficlens.craft.punctuation import PunctuationSlip
from ficlens.craft.repeats import RepeatedPhrase
from ficlens.craft.standouts import LIMIT, start_here
from ficlens.model import Span


def _norm(rate: str, percentile: float) -> Norm:
    return Norm(rate, rate.replace("_", " "), "per 1,000 words", 1.0, percentile, "words")


def _diagnostics(norms=(), slips=(), phrases=()) -> SimpleNamespace:
    return SimpleNamespace(
        norms=list(norms), dialogue_punctuation=list(slips), consistency=[], pacing=Pacing([], []),
        repeated_phrases=list(phrases), passive_voice=SimpleNamespace(uses=[]), openings=[],
        sticky_sentences=SimpleNamespace(flagged=[]), cliches=SimpleNamespace(found=[]),
        dialogue_tags=SimpleNamespace(adverbs=[]), sentences=SimpleNamespace(longest=None),
        filter_words=SimpleNamespace(words={}, spans=[]), crutch_words=SimpleNamespace(words={}, spans=[]),
        adverbs=SimpleNamespace(words={}, spans=[]),
    )


def test_rates_furthest_from_published_works_come_first_and_average_ones_not_at_all():
    d = _diagnostics([_norm("filter_words", 0.80), _norm("passive_voice", 0.99), _norm("cliches", 0.5)])
    assert [s.check for s in start_here("", d)] == ["passive_voice", "filter_words"]
    assert start_here("", d)[0].score == 0.98  # twice its distance from the middle


def test_a_low_rate_of_what_reads_worse_when_high_is_no_finding_but_short_sentences_are():
    d = _diagnostics([_norm("passive_voice", 0.01), _norm("sentence_length", 0.02)])
    assert [s.check for s in start_here("", d)] == ["sentence_length"]


def test_of_the_readability_scores_only_the_furthest_counts():
    d = _diagnostics([_norm("grade", 0.05), _norm("fog", 0.02), _norm("reading_ease", 0.9)])
    assert [s.check for s in start_here("", d)] == ["fog"]


def test_punctuation_mistakes_outrank_style_and_the_list_stops_at_five():
    text = '"Hello." she said.'
    slip = PunctuationSlip(6, 17, "full stop before tag", text[6:17])
    norms = [_norm(rate, 0.99) for rate in ("filter_words", "crutch_words", "adverbs", "passive_voice",
                                            "cliches", "sticky_sentences")]
    found = start_here(text, _diagnostics(norms, [slip]))
    assert len(found) == LIMIT == 5
    assert found[0].check == "dialogue_punctuation"
    assert found[0].headline == "Dialogue punctuation: 1 slip"
    assert [(e.text, e.spans) for e in found[0].examples] == [('." she said', [Span(6, 17)])]


def test_phrases_chance_would_not_repeat_are_a_finding_even_when_the_rate_is_average():
    common = RepeatedPhrase("his eyes", 12, 0.5, [], [Span(i * 10, i * 10 + 8) for i in range(12)])
    tic = RepeatedPhrase("her heart clenches", 6, 0.001, [], [Span(200 + i * 30, 218 + i * 30) for i in range(6)])
    [found] = start_here("", _diagnostics([_norm("repeated_phrases", 0.6)], phrases=[common, tic]))
    assert found.check == "repeated_phrases"
    assert found.headline == "Repeated phrases: 2 phrases used 5 times or more"
    # "clenches" and "heart" are far rarer in English than "eyes": the tic is noticed first
    assert [e.text for e in found.examples] == ["“her heart clenches” ×6", "“his eyes” ×12"]


def test_phrases_used_fewer_than_five_times_are_no_finding_of_their_own():
    few = RepeatedPhrase("her heart clenches", 4, 0.001, [], [Span(i * 30, i * 30 + 18) for i in range(4)])
    assert start_here("", _diagnostics([_norm("repeated_phrases", 0.6)], phrases=[few])) == []


def test_seed_004_starts_with_its_repeated_phrases(craft_004):
    found = craft_004.diagnostics.start_here
    assert 1 <= len(found) <= LIMIT
    [phrases] = [f for f in found if f.check == "repeated_phrases"]
    shown = " | ".join(e.text.lower().replace("’", "'") for e in phrases.examples)
    for phrase in ("candy's heart clenches", "after what feels like an eternity", "a hint of"):
        assert phrase in shown
    for example in phrases.examples:
        assert example.spans
    # Read by hand, seed 004 has no dialogue punctuation slip: every tag after a line follows a comma
    # or a question mark in lower case ("What are you doing here?” he asks), names keep their capital.
    assert craft_004.diagnostics.dialogue_punctuation == []
    assert "dialogue_punctuation" not in {f.check for f in found}


def test_long_runs_are_a_finding_below_the_rates_far_out():
    d = _diagnostics([_norm("passive_voice", 0.99)])
    d.pacing = Pacing([PaceRun(0, 5000, 1200, 6)], [PaceRun(6000, 6400, 60, 9)])
    found = start_here("", d)
    assert [f.check for f in found] == ["passive_voice", "pacing"]
    assert found[1].detail == "1 stretch of narration without dialogue (longest 1,200 words); 1 run of bare dialogue without beats"
    assert [(e.text, e.spans) for e in found[1].examples] == [("1,200 words of narration", [Span(0, 5000)]),
                                                               ("9 bare lines", [Span(6000, 6400)])]
