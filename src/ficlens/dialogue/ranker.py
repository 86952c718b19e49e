"""A learned speaker ranker: a log-linear model over the candidates of one quote paragraph.

The sieves of `attribution` each propose a speaker; the ranker weighs those
proposals together with what the conversation so far says (who spoke last,
two and three quotes back, who was named and when, who was called by name)
and picks the candidate with the highest score. Its probability (a softmax
over the candidates) is the quote's confidence. Weights are trained on
LitBank by `scripts/train_speaker_ranker.py` and shipped as `speaker_ranker.json`.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

ARTIFACT = Path(__file__).with_name("speaker_ranker.json")
SCHEMA = "ficlens.speaker-ranker/1"

# Sieve proposals, most reliable first: the order breaks ties in `method`.
SIEVES = ("tag", "pronoun-tag", "lead-in", "continued", "beat", "vocative-turn", "turn", "nearest")
_RECENCY_BUCKETS = 6
_SINCE_BUCKETS = (1, 2, 3, 5, 10)

FEATURES: tuple[str, ...] = (
    *(f"sieve:{s}" for s in SIEVES),
    "rule-choice",
    "subject-here",
    "tag-gender-agrees",
    "tag-gender-differs",
    "tag-present-other",
    "last-speaker",
    "two-back",
    "three-back",
    "two-back-and-not-last",
    "vocative-here",
    "vocative-before",
    "mentioned-in-quote",
    "named-here",
    "named-before",
    *(f"recency:{i}" for i in range(_RECENCY_BUCKETS)),
    "recency:none",
    *(f"since-spoke<={n}" for n in _SINCE_BUCKETS),
    "never-spoke",
    "line-share",
    "narrator",
    "narrator-first-person",
    "gender-unknown",
    "conversation-gap",
    "last-addressee",
)


@dataclass(slots=True)
class Situation:
    """What is known about one quote paragraph when its speaker is chosen.

    `proposals` maps a sieve name to the character it proposes; `history` holds
    the speakers of earlier quote paragraphs of the conversation (most recent last);
    `recent` the characters in order of last mention (most recent last).
    """

    proposals: dict[str, str]
    rule_choice: str | None
    subjects: list[str]
    tag_gender: str | None  # gender of a he/she speech tag, if the paragraph has one
    history: list[str | None]
    recent: list[str]
    vocatives_here: list[str]
    vocatives_before: list[str]
    mentioned_in_quote: set[str]
    named_here: set[str]
    named_before: set[str]
    last_spoke: dict[str, int]  # character -> index of the quote paragraph they last spoke
    lines: dict[str, int]  # character -> quote paragraphs given to them so far
    turn: int  # index of this quote paragraph
    gap: int  # narration paragraphs since the last quote paragraph
    narrator: str | None
    first_person: bool
    genders: dict[str, str | None]
    last_addressees: list[str] = field(default_factory=list)

    def candidates(self, window: int = 6) -> list[str]:
        """Everyone worth weighing: every proposal, the recent speakers and the recently named."""
        found: list[str] = []
        pools = (
            [self.proposals[s] for s in SIEVES if s in self.proposals],
            self.subjects,
            self.vocatives_before,
            [s for s in reversed(self.history[-4:]) if s],
            list(reversed(self.recent[-window:])),
        )
        for pool in pools:
            for character in pool:
                if character not in found:
                    found.append(character)
        if self.tag_gender is not None:
            for character in reversed(self.recent):
                if self.genders.get(character) == self.tag_gender and character not in found:
                    found.append(character)
                    break
        return found

    def features(self, character: str) -> list[float]:
        """The feature vector of `character` as this paragraph's speaker, in `FEATURES` order."""
        history = self.history
        gender = self.genders.get(character)
        row = [float(self.proposals.get(s) == character) for s in SIEVES]
        row.append(float(character == self.rule_choice))
        row.append(float(character in self.subjects))
        has_tag = self.tag_gender is not None
        row.append(float(has_tag and gender == self.tag_gender))
        row.append(float(has_tag and gender is not None and gender != self.tag_gender))
        explicit = self.proposals.get("tag") or self.proposals.get("lead-in")
        row.append(float(explicit is not None and explicit != character))
        last = history[-1] if history else None
        two = history[-2] if len(history) >= 2 else None
        row.append(float(last == character))
        row.append(float(two == character))
        row.append(float(len(history) >= 3 and history[-3] == character))
        row.append(float(two == character and last != character))
        row.append(float(character in self.vocatives_here))
        row.append(float(character in self.vocatives_before))
        row.append(float(character in self.mentioned_in_quote))
        row.append(float(character in self.named_here))
        row.append(float(character in self.named_before))
        rank = _rank(self.recent, character)
        row.extend(float(rank == i) for i in range(_RECENCY_BUCKETS))
        row.append(float(rank is None))
        since = self.turn - self.last_spoke[character] if character in self.last_spoke else None
        row.extend(float(since is not None and since <= n) for n in _SINCE_BUCKETS)
        row.append(float(since is None))
        total = sum(self.lines.values())
        row.append(self.lines.get(character, 0) / total if total else 0.0)
        is_narrator = character == self.narrator
        row.append(float(is_narrator))
        row.append(float(is_narrator and self.first_person))
        row.append(float(gender is None))
        row.append(float(self.gap > 0 and last == character))
        row.append(float(character in self.last_addressees))
        return row


def _rank(recent: list[str], character: str) -> int | None:
    """0 for the character mentioned last, 1 for the one before, ...; capped; None if never."""
    for i, other in enumerate(reversed(recent)):
        if other == character:
            return min(i, _RECENCY_BUCKETS - 1)
    return None


@dataclass(slots=True)
class Ranker:
    """Weights of the log-linear model, by feature name."""

    weights: np.ndarray
    meta: dict = field(default_factory=dict)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """Softmax over candidates (one row of `FEATURES` each)."""
        scores = rows @ self.weights
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def choose(self, situation: Situation) -> tuple[str | None, float]:
        """The likeliest speaker among the candidates, and its probability."""
        candidates = situation.candidates()
        if not candidates:
            return None, 0.0
        rows = np.array([situation.features(c) for c in candidates])
        probabilities = self.probabilities(rows)
        best = int(np.argmax(probabilities))
        return candidates[best], float(probabilities[best])

    def to_json(self) -> dict:
        return {"schema": SCHEMA, **self.meta, "weights": dict(zip(FEATURES, map(float, self.weights)))}

    @classmethod
    def from_json(cls, data: dict) -> Ranker:
        """A ranker from its artifact; features the artifact lacks weigh nothing."""
        if data.get("schema") != SCHEMA:
            raise ValueError(f"not a speaker ranker: schema {data.get('schema')!r}")
        weights = data["weights"]
        meta = {k: v for k, v in data.items() if k not in ("schema", "weights")}
        return cls(np.array([float(weights.get(name, 0.0)) for name in FEATURES]), meta)


@cache
def default_ranker() -> Ranker | None:
    """The shipped ranker, or None when the artifact is missing (the sieves decide alone)."""
    try:
        return Ranker.from_json(json.loads(ARTIFACT.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None


def train(
    examples: list[tuple[np.ndarray, np.ndarray]],
    l2: float = 1.0,
    steps: int = 400,
    rate: float = 0.5,
    prior: np.ndarray | None = None,
) -> np.ndarray:
    """Weights maximising the log-probability of the right candidates, with an L2 penalty.

    Each example is (rows, right): a candidates × features matrix and a boolean
    mask of the candidates that are the gold speaker (several, when the
    character finder split one person in two). The penalty pulls towards
    `prior` (default zero): trusting the sieves' choice until the data says
    otherwise. Full-batch gradient descent from the prior, so training is
    deterministic.
    """
    prior = np.zeros(len(FEATURES)) if prior is None else prior
    weights = prior.copy()
    stacked = np.concatenate([rows for rows, _ in examples])
    right = np.concatenate([mask for _, mask in examples]).astype(float)
    bounds = np.cumsum([0] + [len(rows) for rows, _ in examples])
    owner = np.repeat(np.arange(len(examples)), np.diff(bounds))
    n = len(examples)
    for _ in range(steps):
        scores = stacked @ weights
        shifted = np.exp(scores - np.maximum.reduceat(scores, bounds[:-1])[owner])
        totals = np.add.reduceat(shifted, bounds[:-1])
        p = shifted / totals[owner]
        right_totals = np.add.reduceat(p * right, bounds[:-1])
        q = p * right / right_totals[owner]  # posterior over the right candidates
        gradient = stacked.T @ (q - p) / n - l2 * (weights - prior) / n
        weights += rate * gradient
    return weights


def rule_prior(strength: float) -> np.ndarray:
    """Weights that follow the sieves' choice, with softmax margin `strength`."""
    prior = np.zeros(len(FEATURES))
    prior[FEATURES.index("rule-choice")] = strength
    return prior


def log_likelihood(weights: np.ndarray, examples: list[tuple[np.ndarray, np.ndarray]]) -> float:
    """Mean log-probability of the right candidates (for reporting training progress)."""
    total = 0.0
    for rows, right in examples:
        scores = rows @ weights
        top = scores.max()
        log_z = top + math.log(np.exp(scores - top).sum())
        total += top + math.log(np.exp(scores[right] - top).sum()) - log_z
    return total / len(examples)
