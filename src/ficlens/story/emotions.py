"""NRC emotions per scene: how much anger, fear, joy ... each scene's words carry.

The NRC Emotion Lexicon (Mohammad & Turney 2013) comes with the `nrclex`
package; only its data file is read (importing nrclex would pull in TextBlob).
Words are looked up by their spaCy lemma, so "feared" and "fears" count as "fear";
proper nouns are not (a character called Harry is not "to harry").
"""

from __future__ import annotations

import importlib.util
import json
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..language import ParsedParagraph
from ..model import Scene

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")


@cache
def nrc_lexicon() -> dict[str, list[str]]:
    """The whole NRC lexicon: word -> its emotions and polarities, as nrclex packages it."""
    spec = importlib.util.find_spec("nrclex")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the nrclex package (NRC emotion lexicon) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "data" / "nrc_en.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def lexicon() -> dict[str, tuple[str, ...]]:
    """Word -> the NRC emotions it evokes (positive/negative polarity left out)."""
    emotions = set(EMOTIONS)
    return {word: kept for word, tags in nrc_lexicon().items() if (kept := tuple(t for t in tags if t in emotions))}


def scene_emotions(parsed: Sequence[ParsedParagraph], scenes: Sequence[Scene]) -> list[dict[str, float]]:
    """For each scene, NRC emotion words per 1,000 words of the scene."""
    counts = [dict.fromkeys(EMOTIONS, 0) for _ in scenes]
    words = [0] * len(scenes)
    starts = [scene.start for scene in scenes]
    words_of = lexicon()
    for paragraph in parsed:
        index = bisect_right(starts, paragraph.offset) - 1
        if index < 0:
            continue
        scene_counts = counts[index]
        for token in paragraph.doc:
            if token.is_punct or token.is_space:
                continue
            words[index] += 1
            if token.pos_ == "PROPN":
                continue
            for emotion in words_of.get(token.lemma_.lower()) or words_of.get(token.lower_, ()):
                scene_counts[emotion] += 1
    return [
        {emotion: round(1000 * n / total, 2) if total else 0.0 for emotion, n in scene_counts.items()}
        for scene_counts, total in zip(counts, words)
    ]
