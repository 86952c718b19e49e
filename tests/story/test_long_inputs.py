"""Long inputs cost time in proportion to their length: a speech of pages is scored in pieces."""

from __future__ import annotations

from ficlens.story import sentiment


class _Recorder:
    """Stands in for VADER: records the length of each text scored, and calls every text 0.5."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def polarity_scores(self, text: str) -> dict[str, float]:
        self.lengths.append(len(text))
        return {"compound": 0.5}


def test_a_long_speech_is_scored_in_pieces_that_cover_it(monkeypatch):
    # VADER's time grows with the square of a text's words: a speech of 200 sentences
    # (5,000 characters) must reach it in pieces of at most COMPOUND_CHARS that together are the speech.
    recorder = _Recorder()
    monkeypatch.setattr(sentiment, "analyzer", lambda: recorder)
    sentiment.compound.cache_clear()
    speech = "I am glad you came. " * 250
    assert sentiment.compound(speech) == 0.5  # every piece scores 0.5, so the length-weighted mean does too
    assert len(recorder.lengths) >= len(speech) // sentiment.COMPOUND_CHARS
    assert max(recorder.lengths) <= sentiment.COMPOUND_CHARS
    assert sum(recorder.lengths) == len(speech)
    sentiment.compound.cache_clear()


def test_a_short_line_is_scored_whole_and_once(monkeypatch):
    recorder = _Recorder()
    monkeypatch.setattr(sentiment, "analyzer", lambda: recorder)
    sentiment.compound.cache_clear()
    line = "You came back for me."
    sentiment.compound(line)
    sentiment.compound(line)  # the same line said to two people is scored once
    assert recorder.lengths == [len(line)]
    sentiment.compound.cache_clear()
