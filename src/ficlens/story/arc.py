"""The emotional arc: sentiment along narrative time, and which of the six
basic shapes of Reagan et al. (2016) it follows.

Sentences are scored once (see `sentiment`: NRC valence per word, negation
read from the parse); windows of about 250 words slide over them by half a
window; a window's sentiment is the mean valence of its words; the window means
are smoothed with a Gaussian kernel; the smoothed arc, normalised, is correlated with a template of each
shape.

Smoothed noise has shapes too, so the arc is held against the story's own
sentences in shuffled order (`SHUFFLES` times, the same every run): its
`signal` is how far its range exceeds the typical shuffled range, and a shape
is named only when the arc's range and its best correlation both clear what
95 in 100 shuffles reach and that correlation beats the next shape's by
`SHAPE_MARGIN`; otherwise the arc has no clear shape.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy

from ..model import Scene
from .sentiment import METHOD, Sentence

WINDOW = 250  # words per window for a story of 2,500 words or more
MIN_WINDOW = 20
MAX_POINTS = 400
MIN_WORDS_FOR_SHAPE = 1000
MIN_POINTS_FOR_SHAPE = 8
MIN_SHAPE_SCORE = 0.3  # below this correlation no shape is claimed
SMOOTHING = 0.1  # the Gaussian kernel's width, as a share of the arc's windows
SHUFFLES = 100  # shuffled orders of the sentences the arc is held against
CLEAR = 0.95  # share of the shuffled arcs whose range and best correlation the arc must beat
SHAPE_MARGIN = 0.1  # correlation by which the best shape must beat the next


# Each template runs over narrative time t in [0, 1].
SHAPES = {
    "rags to riches": lambda t: t,  # rise
    "tragedy": lambda t: -t,  # fall
    "man in a hole": lambda t: numpy.cos(2 * numpy.pi * t),  # fall, then rise
    "Icarus": lambda t: -numpy.cos(2 * numpy.pi * t),  # rise, then fall
    "Cinderella": lambda t: -numpy.cos(3 * numpy.pi * t),  # rise, fall, rise
    "Oedipus": lambda t: numpy.cos(3 * numpy.pi * t),  # fall, rise, fall
}


@dataclass(slots=True)
class ArcPoint:
    """One window of the arc: its text span, midpoint (0..1 by words) and sentiment."""

    start: int
    end: int
    position: float
    sentiment: float
    smoothed: float


@dataclass(slots=True)
class SceneMood:
    """A scene's mean valence per word (None without sentences) and NRC emotions per 1,000 words."""

    start: int
    end: int
    sentiment: float | None
    emotions: dict[str, float]


@dataclass(slots=True)
class Arc:
    """The story's emotional arc and its closest basic shape (None when too short or unclear)."""

    method: str = METHOD
    window: int = WINDOW
    points: list[ArcPoint] = field(default_factory=list)
    scenes: list[SceneMood] = field(default_factory=list)
    shape: str | None = None
    shape_scores: dict[str, float] = field(default_factory=dict)
    step: int = WINDOW // 2  # words between the starts of two windows
    smoothing: float = SMOOTHING  # the smoothing kernel's width, as a share of the story
    signal: float | None = None  # the arc's range over the median range of its sentences shuffled
    clear: bool = False  # whether the range clears what 95 in 100 shuffles reach


def build_arc(sentences: Sequence[Sentence], scenes: Sequence[Scene], emotions: Sequence[dict[str, float]]) -> Arc:
    """The arc of scored sentences, with one mood per scene (`emotions` in scene order)."""
    words = sum(s.words for s in sentences)
    window = window_size(words)
    points = sliding_windows(sentences, window)
    smoothed = smooth([p.sentiment for p in points])
    for point, value in zip(points, smoothed):
        point.smoothed = round(value, 4)
    shape, scores = None, {}
    signal, clear = None, False
    if words >= MIN_WORDS_FOR_SHAPE and len(points) >= MIN_POINTS_FOR_SHAPE:
        shape, scores = classify_shape(smoothed)
        ranges, best_scores = _shuffled(sentences, points, window)
        spread, typical = numpy.ptp(smoothed), numpy.median(ranges)
        signal = round(float(spread / typical), 2) if typical > 0 else None
        clear = bool(spread > numpy.quantile(ranges, CLEAR))
        ranked = sorted(scores.values(), reverse=True)
        if not clear or not ranked or ranked[0] <= numpy.quantile(best_scores, CLEAR) \
                or len(ranked) > 1 and ranked[0] - ranked[1] < SHAPE_MARGIN:
            shape = None
    starts = [s.start for s in sentences]
    moods = [
        SceneMood(scene.start, scene.end, _mean_in(sentences, starts, scene.start, scene.end), dict(feelings))
        for scene, feelings in zip(scenes, emotions)
    ]
    return Arc(window=window, points=points, scenes=moods, shape=shape, shape_scores=scores, step=window // 2,
               signal=signal, clear=clear)


def _shuffled(sentences: Sequence[Sentence], points: Sequence[ArcPoint], window: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """The range of the smoothed arc and its best shape correlation for `SHUFFLES` shuffled orders of
    the sentences' scores (each sentence keeping its place and length, so the windows are the same)."""
    starts = [s.start for s in sentences]
    bounds = numpy.array([(bisect_left(starts, p.start), bisect_left(starts, p.end)) for p in points])
    words = numpy.array([s.words for s in sentences], dtype=float)
    scores = numpy.array([s.sentiment for s in sentences], dtype=float)
    rng = numpy.random.default_rng(0)
    shuffled = numpy.stack([rng.permutation(scores) for _ in range(SHUFFLES)], axis=1) * words[:, None]
    prefix = numpy.vstack([numpy.zeros(SHUFFLES), numpy.cumsum(shuffled, axis=0)])
    counts = numpy.concatenate(([0.0], numpy.cumsum(words)))
    first, last = bounds[:, 0], numpy.maximum(bounds[:, 1], bounds[:, 0] + 1)
    means = (prefix[last] - prefix[first]) / numpy.maximum(counts[last] - counts[first], 1)[:, None]
    arcs = _kernel(len(points)) @ means
    ranges = numpy.ptp(arcs, axis=0)
    return ranges, _best_correlations(arcs, ranges)


def _best_correlations(arcs: numpy.ndarray, ranges: numpy.ndarray) -> numpy.ndarray:
    """What `classify_shape` gives as the best score of each column of `arcs` (0 for a flat one),
    for all the columns at once."""
    n = len(arcs)
    t = numpy.linspace(0.0, 1.0, n)
    shapes = [template(t) for template in SHAPES.values()]
    templates = numpy.array([(shape - shape.mean()) / shape.std() for shape in shapes])
    flat = ranges == 0
    normalised = (arcs - arcs.mean(axis=0)) / numpy.where(flat, 1.0, arcs.std(axis=0))
    scores = (templates @ normalised) / n  # each shape's Pearson correlation with each arc
    best = numpy.array([max(round(float(v), 4) for v in column) for column in scores.T])
    return numpy.where(flat, 0.0, best)


def window_size(words: int) -> int:
    """250 words, or a tenth of a shorter story (at least 20 words)."""
    return max(MIN_WINDOW, min(WINDOW, words // 10))


def sliding_windows(sentences: Sequence[Sentence], window: int) -> list[ArcPoint]:
    """Windows of `window` words stepping by half a window (at most MAX_POINTS of them).

    A sentence belongs to the windows its middle word falls in; a window's
    sentiment is the mean of its sentences' scores weighted by their words
    (the mean valence of its words). Windows that would hold
    the same sentences as one before them are left out.
    """
    if not sentences:
        return []
    middles, before = [], 0
    for sentence in sentences:
        middles.append(before + sentence.words / 2)
        before += sentence.words
    total = before
    count = 1 if total <= window else min(MAX_POINTS, len(sentences), round((total - window) / (window / 2)) + 1)
    step = (total - window) / (count - 1) if count > 1 else 0.0
    totals = numpy.array([s.sentiment * s.words for s in sentences])
    prefix = numpy.concatenate(([0.0], numpy.cumsum(totals)))
    counts = numpy.concatenate(([0], numpy.cumsum([s.words for s in sentences])))
    points: list[ArcPoint] = []
    seen: set[tuple[int, int]] = set()
    for k in range(count):
        low = k * step
        high = low + window
        first = bisect_left(middles, low)
        last = bisect_left(middles, high) if k < count - 1 else len(sentences)
        if last <= first:  # one long sentence spans the whole window
            first = min(bisect_left(middles, low + window / 2), len(sentences) - 1)
            last = first + 1
        if (first, last) in seen:  # long sentences: this window would repeat the previous one
            continue
        seen.add((first, last))
        mean = (prefix[last] - prefix[first]) / (counts[last] - counts[first])
        position = min(1.0, (low + min(window, total) / 2) / total)
        points.append(
            ArcPoint(sentences[first].start, sentences[last - 1].end, round(position, 4), round(float(mean), 4), 0.0)
        )
    return points


def smooth(values: Sequence[float]) -> list[float]:
    """Gaussian smoothing with a width of a tenth of the arc; at the edges the
    kernel is renormalised over the points that exist (no padding)."""
    if len(values) < 3:
        return [float(v) for v in values]
    return [float(v) for v in _kernel(len(values)) @ numpy.asarray(values, dtype=float)]


def _kernel(n: int) -> numpy.ndarray:
    """The (n, n) Gaussian smoothing matrix, each row summing to one."""
    if n < 3:
        return numpy.eye(n)
    sigma = max(1.0, n * SMOOTHING)
    x = numpy.arange(n)
    kernel = numpy.exp(-0.5 * ((x[:, None] - x[None, :]) / sigma) ** 2)
    return kernel / kernel.sum(axis=1, keepdims=True)


def classify_shape(arc: Sequence[float]) -> tuple[str | None, dict[str, float]]:
    """The best-matching shape (or None if no correlation reaches MIN_SHAPE_SCORE)
    and each shape's Pearson correlation with the arc, -1..1."""
    values = numpy.asarray(arc, dtype=float)
    if len(values) < 2 or numpy.ptp(values) == 0:
        return None, {}
    normalised = (values - values.mean()) / values.std()
    t = numpy.linspace(0.0, 1.0, len(values))
    scores = {}
    for name, template in SHAPES.items():
        shape = template(t)
        shape = (shape - shape.mean()) / shape.std()
        scores[name] = round(float(numpy.mean(normalised * shape)), 4)
    best = max(scores, key=scores.__getitem__)
    return (best if scores[best] >= MIN_SHAPE_SCORE else None), scores


def _mean_in(sentences: Sequence[Sentence], starts: list[int], start: int, end: int) -> float | None:
    inside = sentences[bisect_left(starts, start) : bisect_left(starts, end)]
    words = sum(s.words for s in inside)
    return round(sum(s.sentiment * s.words for s in inside) / words, 4) if words else None
