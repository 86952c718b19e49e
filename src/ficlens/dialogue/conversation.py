"""Decide the speakers of a whole conversation at once.

The sieves in `attribution` read forward one quote at a time, so one wrong
guess carries down an untagged run, and a "he said" takes whoever was the last
man named. Here every turn of a conversation gets candidates (the sieves'
choice, the names in its tag, beat and vocatives, the characters mentioned
lately) and a linear score from what the text shows about each; the best
sequence of speakers is then found exactly (second-order Viterbi), so
alternation, repeats and third speakers are weighed against the evidence of
every turn, before and after. The weights are learnt with an averaged
structured perceptron (Collins 2002) by `ficlens.evaluate.train` from gold
annotations, and ship as `speakers.json`.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from ..characters import Cast

MODEL_FILE = "speakers.json"
MAX_CANDIDATES = 12
RECENT_CANDIDATES = 8
# Methods that name the speaker outright: a speech tag, or the speaker introducing themselves.
TAGGED = ("tag", "introduced")
METHODS = ("tag", "named", "pronoun", "beat", "continued", "turn", "vocative-turn", "nearest")
LOCAL_FEATURES = (
    *(f"rule:{m}" for m in METHODS),
    "tag-named", "pronoun-match", "pronoun-clash", "pronoun-unknown", "first-person-narrator", "narrator",
    "lead-in", "beat-first", "beat-other", "called-here", "called-before", "mentioned", "named-inside",
    *(f"recent:{r}" for r in range(5)), "not-recent", "salience", "previous-tag-named", "later-tag-named",
    "gender-unknown", "pronoun-nearest-match", "pronoun-second-match", "called-before-untagged",
    "tag-described", "participant", "preceding-subject", "preceding-last-subject",
    "called-after", "addressed-after-match", "addressed-after-clash", "addressed-before-match",
    "addressed-before-clash", "kin-family",
    "tagged-two-before", "tagged-one-before", "tagged-one-after", "tagged-two-after",
)
TRANSITION_FEATURES = (
    "repeat", "repeat-after-narration", "repeat-tagged", "alternate", "third", "third-tagged",
    "alternate-after-narration", "alternate-tagged", "repeat-after-beat",
)


@dataclass(slots=True)
class Turn:
    """One quote paragraph of a conversation: what the text shows about its speaker."""

    members: list[int]  # indices of the quotes of its paragraph (paragraphs, when one speech goes on)
    speaker: str | None  # the sieves' choice
    method: str | None
    named: str | None = None  # character named as subject of the speech tag
    pronoun: str | None = None  # "male", "female" or "first" when the tag's subject is he, she or I
    gender: str | None = None  # the gender the tag's subject word shows (he, she, "her mother")
    lead_in: str | None = None
    described: str | None = None  # the speaker a noun phrase in the tag stands for ("said her mother")
    kin: bool = False  # the tag's subject is a family word ("said his son")
    preceding: list[str] = field(default_factory=list)  # subjects of the narration paragraph before it
    subjects: list[str] = field(default_factory=list)  # subjects of the paragraph's narration
    called: list[str] = field(default_factory=list)  # named by vocative in its quotes
    mentioned: list[str] = field(default_factory=list)  # named in its narration
    named_inside: list[str] = field(default_factory=list)  # named inside its quotes, not as vocative
    recent: list[str] = field(default_factory=list)  # mentioned before it, most recent first
    addressed: str | None = None  # the gender its forms of address give the addressee ("sir", "my dear girl")
    gap: int = 0  # narration paragraphs since the previous turn
    opens_with_narration: bool = False  # its paragraph has narration before the first quote


@dataclass(slots=True)
class Lattice:
    """A conversation ready to decode: candidates and their local features per turn."""

    candidates: list[list[str | None]]
    features: list[np.ndarray]  # per turn, (candidates, LOCAL_FEATURES)
    flags: list[tuple[bool, bool, bool]]  # per turn: after narration, tagged, opens with narration


@dataclass(slots=True)
class SpeakerModel:
    """Weights of the local and transition features."""

    local: np.ndarray
    transition: np.ndarray

    @classmethod
    def zero(cls) -> SpeakerModel:
        return cls(np.zeros(len(LOCAL_FEATURES)), np.zeros(len(TRANSITION_FEATURES)))

    def to_json(self) -> dict:
        return {
            "local": dict(zip(LOCAL_FEATURES, map(float, self.local))),
            "transition": dict(zip(TRANSITION_FEATURES, map(float, self.transition))),
        }

    @classmethod
    def from_json(cls, data: dict) -> SpeakerModel:
        return cls(
            np.array([data["local"].get(name, 0.0) for name in LOCAL_FEATURES]),
            np.array([data["transition"].get(name, 0.0) for name in TRANSITION_FEATURES]),
        )

    def decode(self, lattice: Lattice, allowed: Sequence[set[int] | None] | None = None) -> list[int]:
        """The best candidate index of every turn; `allowed` restricts turns to some candidates."""
        return viterbi(lattice, self, allowed)


@cache
def _shipped() -> dict:
    return json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))


def shipped_model() -> SpeakerModel:
    """The weights trained on every gold work (see `ficlens.evaluate.train`)."""
    return SpeakerModel.from_json(_shipped())


def held_out_model(text: str) -> SpeakerModel:
    """The weights trained without the work whose text this is, when it was a training work:
    what an honest evaluation on that work must use."""
    data = _shipped()
    return SpeakerModel.from_json(data.get("held_out", {}).get(text_key(text), data))


def seen_in_training(text: str) -> bool:
    """Whether the shipped model was trained on the gold speakers of this text."""
    return text_key(text) in _shipped().get("held_out", {})


def text_key(text: str) -> str:
    """The key a training work's held-out weights are filed under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(slots=True)
class _Around:
    """What the rest of the conversation says about one turn's candidates."""

    before: Turn | None
    after: Turn | None
    narrator: str | None  # of a first-person work
    previous_named: set[str | None]  # named by a tag one or two turns before
    later_named: set[str | None]  # ... one or two turns after
    participants: set[str | None]  # named by a tag anywhere else in the conversation
    kin: set[str]  # family of who just spoke, when the tag says "his son"
    tagged: dict[int, str | None]  # the speaker a tag gives the turn this many turns away (-2, -1, 1, 2)


def lattice(turns: Sequence[Turn], cast: Cast, narrator: str | None, first_person: bool) -> Lattice:
    """Candidates and local features of each turn of one conversation."""
    candidates: list[list[str | None]] = []
    features: list[np.ndarray] = []
    flags: list[tuple[bool, bool, bool]] = []
    named_at = [k for k, t in enumerate(turns) if t.named]
    participants = {t.named for t in turns if t.named}
    for k, turn in enumerate(turns):
        kin: set[str] = set()
        if turn.kin:
            people = {s for j in (k - 1, k - 2) if j >= 0 for s in (turns[j].speaker, turns[j].named) if s}
            kin = {c for c in _families(cast, people) if _gender(cast, c) == turn.gender}
        around = _Around(
            before=turns[k - 1] if k else None,
            after=turns[k + 1] if k + 1 < len(turns) else None,
            narrator=narrator if first_person else None,
            previous_named={turns[j].named for j in named_at if j < k and k - j <= 2},
            later_named={turns[j].named for j in named_at if j > k and j - k <= 2},
            participants=participants - {turn.named},
            kin=kin,
            tagged={d: turns[k + d].speaker for d in (-2, -1, 1, 2)
                    if 0 <= k + d < len(turns) and turns[k + d].method in TAGGED},
        )
        names = _candidates(turns, k)
        candidates.append(names or [None])
        rows = [_local(turn, around, c, cast) for c in names]
        features.append(np.array(rows) if rows else np.zeros((1, len(LOCAL_FEATURES))))
        flags.append((turn.gap > 0, turn.named is not None or turn.pronoun is not None,
                      turn.opens_with_narration))
    return Lattice(candidates, features, flags)


def _candidates(turns: Sequence[Turn], k: int) -> list[str]:
    turn = turns[k]
    found: list[str] = []
    pool = [turn.speaker, turn.named, turn.lead_in, *turn.subjects, *turn.preceding, *turn.recent[:RECENT_CANDIDATES]]
    for j in (k - 1, k - 2):
        if j >= 0:
            pool += [turns[j].speaker, turns[j].named, *turns[j].called]
    pool += turn.mentioned
    for character in pool:
        if character and character not in found:
            found.append(character)
    return found[:MAX_CANDIDATES]


def _local(turn: Turn, around: _Around, c: str, cast: Cast) -> list[float]:
    before, after, narrator = around.before, around.after, around.narrator
    known = cast.get(c)
    gender = known.gender if known else None
    rule = turn.speaker == c
    method = turn.method
    tag_kind = None
    if method in TAGGED:
        tag_kind = "named" if turn.named == c else "pronoun" if turn.pronoun else "tag"
    pronoun = turn.gender
    rank = turn.recent.index(c) if c in turn.recent[:5] else None
    matching = [r for r in turn.recent if pronoun and _gender(cast, r) == pronoun]
    match_rank = matching.index(c) if c in matching else None
    values = {
        **{f"rule:{m}": float(rule and (method == m or tag_kind == m)) for m in METHODS},
        "tag-named": float(turn.named == c),
        "pronoun-match": float(pronoun is not None and gender == pronoun),
        "pronoun-clash": float(pronoun is not None and gender is not None and gender != pronoun),
        "pronoun-unknown": float(pronoun is not None and gender is None),
        "first-person-narrator": float(turn.pronoun == "first" and c == narrator),
        "narrator": float(c == narrator),
        "lead-in": float(turn.lead_in == c),
        "beat-first": float(bool(turn.subjects) and turn.subjects[0] == c),
        "beat-other": float(c in turn.subjects[1:]),
        "called-here": float(c in turn.called),
        "called-before": float(before is not None and c in before.called),
        "mentioned": float(c in turn.mentioned and c not in turn.subjects),
        "named-inside": float(c in turn.named_inside),
        **{f"recent:{r}": float(rank == r) for r in range(5)},
        "not-recent": float(rank is None),
        "salience": math.log1p(known.mentions) / 5 if known else 0.0,
        "previous-tag-named": float(c in around.previous_named),
        "later-tag-named": float(c in around.later_named),
        "gender-unknown": float(gender is None),
        "pronoun-nearest-match": float(match_rank == 0),
        "pronoun-second-match": float(match_rank == 1),
        "tag-described": float(turn.described == c),
        "participant": float(c in around.participants),
        "preceding-subject": float(c in turn.preceding),
        "preceding-last-subject": float(bool(turn.preceding) and turn.preceding[-1] == c),
        "called-after": float(after is not None and c in after.called),
        "addressed-after-match": float(after is not None and gender is not None and after.addressed == gender),
        "addressed-after-clash": float(after is not None and gender is not None and after.addressed is not None
                                       and after.addressed != gender),
        "addressed-before-match": float(before is not None and gender is not None and before.addressed == gender),
        "addressed-before-clash": float(before is not None and gender is not None and before.addressed is not None
                                        and before.addressed != gender),
        "kin-family": float(c in around.kin),
        "tagged-two-before": float(around.tagged.get(-2) == c),
        "tagged-one-before": float(around.tagged.get(-1) == c),
        "tagged-one-after": float(around.tagged.get(1) == c),
        "tagged-two-after": float(around.tagged.get(2) == c),
        "called-before-untagged": float(before is not None and c in before.called and turn.named is None
                                        and turn.pronoun is None),
    }
    return [values[name] for name in LOCAL_FEATURES]


def _families(cast: Cast, people: set[str]) -> set[str]:
    """Characters other than `people` who share a surname with one of them."""
    surnames = {alias.split()[-1] for p in people if (c := cast.get(p)) for alias in c.aliases if " " in alias}
    return {
        c.id for c in cast.characters
        if c.id not in people and any(" " in a and a.split()[-1] in surnames for a in c.aliases)
    }


def _gender(cast: Cast, character: str) -> str | None:
    known = cast.get(character)
    return known.gender if known else None


def _equal(a: list[str | None], b: list[str | None]) -> np.ndarray:
    """(len a, len b) mask of the same character; no speaker equals nothing."""
    return np.array([[x is not None and x == y for y in b] for x in a], dtype=bool).reshape(len(a), len(b))


def transition_features(
    previous2: list[str | None], previous: list[str | None], current: list[str | None],
    flags: tuple[bool, bool, bool],
) -> np.ndarray:
    """(len previous2, len previous, len current, TRANSITION_FEATURES) indicators; previous2 may be [None]."""
    after_narration, tagged, after_beat = flags
    repeat = _equal(previous, current)[None, :, :]
    alternate = _equal(previous2, current)[:, None, :] & ~repeat
    known2 = np.array([c is not None for c in previous2])[:, None, None]
    third = ~repeat & ~alternate & known2
    shape = (len(previous2), len(previous), len(current))
    repeat = np.broadcast_to(repeat, shape)
    return np.stack([
        repeat, repeat & after_narration, repeat & tagged,
        alternate, third, third & tagged, alternate & after_narration, alternate & tagged, repeat & after_beat,
    ], axis=-1).astype(float)


def viterbi(lattice: Lattice, model: SpeakerModel, allowed: Sequence[set[int] | None] | None = None) -> list[int]:
    """Exact best path under the local and second-order transition scores."""
    n = len(lattice.candidates)
    if n == 0:
        return []
    start: list[str | None] = [None]
    local = [f @ model.local for f in lattice.features]
    if allowed is not None:
        for k, keep in enumerate(allowed):
            if keep:
                mask = np.full(len(local[k]), -np.inf)
                mask[list(keep)] = 0.0
                local[k] = local[k] + mask
    # best[b, a]: best score of a path ending with candidates b (turn k-1) and a (turn k)
    best = local[0][None, :]
    back: list[np.ndarray] = []
    for k in range(1, n):
        previous2 = lattice.candidates[k - 2] if k >= 2 else start
        transition = transition_features(previous2, lattice.candidates[k - 1], lattice.candidates[k], lattice.flags[k])
        total = best[:, :, None] + transition @ model.transition + local[k][None, None, :]
        back.append(total.argmax(axis=0))
        best = total.max(axis=0)
    a, c = np.unravel_index(int(best.argmax()), best.shape)
    path = [int(c), int(a)] if n > 1 else [int(c)]
    for k in range(n - 1, 1, -1):
        path.append(int(back[k - 1][path[-1], path[-2]]))
    return path[::-1]


def path_features(lattice: Lattice, path: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The summed local and transition features of one path through the lattice."""
    local = sum(lattice.features[k][c] for k, c in enumerate(path))
    transition = np.zeros(len(TRANSITION_FEATURES))
    start: list[str | None] = [None]
    for k in range(1, len(path)):
        b = path[k - 2] if k >= 2 else 0
        previous2 = [lattice.candidates[k - 2][b]] if k >= 2 else start
        transition += transition_features(
            previous2, [lattice.candidates[k - 1][path[k - 1]]], [lattice.candidates[k][path[k]]], lattice.flags[k]
        )[0, 0, 0]
    return np.asarray(local, dtype=float), transition


def train(
    examples: Sequence[tuple[Lattice, list[set[int] | None]]], epochs: int = 8, runs: int = 1
) -> SpeakerModel:
    """An averaged structured perceptron over conversations whose gold speakers are `allowed`
    candidates; with `runs` > 1, the mean of that many perceptrons that saw the conversations
    in different orders (the order sways a perceptron's weights)."""
    models = [_perceptron(examples, epochs, seed) for seed in range(runs)]
    return SpeakerModel(sum(m.local for m in models) / runs, sum(m.transition for m in models) / runs)


def _perceptron(examples: Sequence[tuple[Lattice, list[set[int] | None]]], epochs: int, seed: int) -> SpeakerModel:
    rng = np.random.default_rng(seed)
    model, total = SpeakerModel.zero(), SpeakerModel.zero()
    steps = 0
    order = np.arange(len(examples))
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            lat, gold = examples[i]
            if not any(gold):
                continue
            predicted = viterbi(lat, model)
            wanted = viterbi(lat, model, gold)
            if predicted != wanted:
                gl, gt = path_features(lat, wanted)
                pl, pt = path_features(lat, predicted)
                model.local += gl - pl
                model.transition += gt - pt
            total.local += model.local
            total.transition += model.transition
            steps += 1
    return SpeakerModel(total.local / max(steps, 1), total.transition / max(steps, 1))
