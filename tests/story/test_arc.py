"""The emotional arc: NRC word valence with negation, windows over scored sentences, smoothing and shapes."""

from __future__ import annotations

import numpy
import pytest

from ficlens.language import parse, parse_spans
from ficlens.model import Scene
from ficlens.story.arc import SHAPES, build_arc, classify_shape, sliding_windows, smooth, window_size
from ficlens.story.sentiment import METHOD, Sentence, compound, score_sentences, sentence_valence


def valence_of(text: str) -> tuple[int, float]:
    """Words and summed valence of the first sentence of `text`."""
    return sentence_valence(next(next(parse([text])).sents))


def sentences_following(curve, words_each: int = 10) -> list[Sentence]:
    """Sentences of `words_each` words whose scores trace `curve` (values over 0..1)."""
    return [Sentence(i * 60, i * 60 + 50, words_each, float(v)) for i, v in enumerate(curve)]


@pytest.mark.parametrize("name", list(SHAPES))
def test_each_template_is_recognised_through_noise(name):
    t = numpy.linspace(0, 1, 120)
    noisy = SHAPES[name](t) + numpy.random.default_rng(4).normal(0, 0.3, len(t))
    shape, scores = classify_shape(smooth(list(noisy)))
    assert shape == name
    assert scores[name] == max(scores.values())


def test_a_fall_is_a_tragedy_and_a_fall_then_rise_a_man_in_a_hole():
    assert classify_shape([5, 4, 3, 2, 1, 0])[0] == "tragedy"
    assert classify_shape([3, 2, 1, 0, 1, 2, 3])[0] == "man in a hole"


def test_a_flat_arc_has_no_shape():
    assert classify_shape([0.1] * 20) == (None, {})


def test_window_is_250_words_or_a_tenth_of_a_short_story():
    assert window_size(100_000) == 250
    assert window_size(1_000) == 100
    assert window_size(50) == 20


def test_windows_cover_the_story_by_half_windows():
    points = sliding_windows(sentences_following([0.5] * 100), window=100)  # 1,000 words
    assert len(points) == 19
    assert points[0].start == 0 and points[-1].end == 99 * 60 + 50
    assert points[0].position == pytest.approx(0.05) and points[-1].position == pytest.approx(0.95)
    assert all(p.sentiment == 0.5 for p in points)


def test_a_story_shorter_than_a_window_has_one_point():
    points = sliding_windows(sentences_following([0.2, 0.4]), window=250)
    assert len(points) == 1 and points[0].sentiment == pytest.approx(0.3)


def test_smoothing_keeps_the_level_at_the_edges():
    assert smooth([1.0] * 30) == pytest.approx([1.0] * 30)
    assert smooth([0.0, 1.0]) == [0.0, 1.0]


def test_build_arc_rising_story_with_scene_moods():
    curve = numpy.linspace(-0.8, 0.8, 300)  # 3,000 words
    sentences = sentences_following(curve)
    scenes = [Scene(0, 9000, 0), Scene(9000, 18000, 0)]
    arc = build_arc(sentences, scenes, [{"joy": 1.0}, {"joy": 2.0}])
    assert arc.window == 250 and arc.shape == "rags to riches"
    assert arc.scenes[0].sentiment < 0 < arc.scenes[1].sentiment
    assert arc.scenes[1].emotions == {"joy": 2.0}


def test_a_short_story_has_points_but_no_shape():
    arc = build_arc(sentences_following([0.5, -0.5] * 20), [], [])
    assert arc.points and arc.shape is None and arc.shape_scores == {}


def test_windows_weigh_sentences_by_their_words():
    sentences = [Sentence(0, 10, 30, 0.1), Sentence(11, 20, 10, -0.3)]
    (point,) = sliding_windows(sentences, window=250)
    assert point.sentiment == pytest.approx((30 * 0.1 - 10 * 0.3) / 40)


def test_scene_sentiment_is_the_mean_valence_of_its_words():
    sentences = [Sentence(0, 10, 30, 0.1), Sentence(11, 20, 10, -0.3), Sentence(30, 40, 5, 0.5)]
    arc = build_arc(sentences, [Scene(0, 25, 0), Scene(25, 45, 0), Scene(45, 50, 0)], [{}, {}, {}])
    assert arc.method == METHOD == "nrc-valence"
    assert [m.sentiment for m in arc.scenes] == [0.0, 0.5, None]


def test_nrc_valence_per_word():
    assert valence_of("I am happy.") == (3, 1.0)
    assert valence_of("They laughed, then they cried.") == (5, 0.0)  # laugh +1, cry -1
    assert valence_of("The table stood by the door.") == (6, 0.0)


def test_negation_flips_in_its_scope_only():
    """A negated word counts -0.74 of itself (VADER's scalar, Hutto & Gilbert 2014)."""
    assert valence_of("I am not happy.") == (4, pytest.approx(-0.74))
    assert valence_of("I was not angry.") == (4, pytest.approx(0.74))
    assert valence_of("There was no hope.") == (4, pytest.approx(-0.74))
    assert valence_of("The liar did not come.")[1] == -1.0  # the subject is outside the scope
    assert valence_of("I did not love him, and he cried.")[1] == pytest.approx(-0.74 - 1)  # love negated, cry not


def test_proper_nouns_are_not_looked_up():
    assert valence_of("Harry smiled.") == (2, 1.0)  # "harry" is negative in NRC, the name is not


def test_score_sentences_gives_valence_per_word():
    text = "She smiled at him.\nHe was not happy at all, and the storm was coming."
    parsed = parse_spans(text, [(0, 18), (19, len(text))])
    first, second = score_sentences(parsed)
    assert (first.start, first.end, first.words, first.sentiment) == (0, 18, 4, 0.25)
    assert second.start == 19 and second.words == 11 and second.sentiment < 0


def test_vader_reads_negation():
    """VADER stays for relationships' warmth."""
    assert compound("I am happy.") > 0 > compound("I am not happy.")


def test_an_arc_of_noise_has_no_clear_shape_and_says_how_weak_it_is():
    # 3,000 words whose sentences are warm or dark at random: smoothing draws some curve through
    # them, but no more of one than the same sentences in any other order
    curve = numpy.random.default_rng(7).choice([-0.5, 0.5], 300)
    arc = build_arc(sentences_following(curve), [], [])
    assert arc.shape is None and not arc.clear
    assert arc.signal is not None and arc.signal < 2
    assert arc.shape_scores  # the correlations are still given, for whoever wants them


def test_a_clear_rise_through_noise_is_named_and_stands_out_from_its_shuffles():
    rng = numpy.random.default_rng(7)
    curve = numpy.linspace(-0.5, 0.5, 300) + rng.normal(0, 0.5, 300)
    arc = build_arc(sentences_following(curve), [], [])
    assert arc.clear and arc.signal > 2
    assert arc.shape == "rags to riches"
    assert arc.step == arc.window // 2 == 125 and arc.smoothing == 0.1
