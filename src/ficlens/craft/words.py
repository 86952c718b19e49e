"""Words that writing advice asks writers to watch, counted in narration.

- Filter words put a perceiving character between the reader and the event
  ("she saw the door open" for "the door opened"). The list follows Janice
  Hardy's "filter words" (Fiction University) and the filter-word checks of
  AutoCrit and ProWritingAid: verbs of perceiving, thinking and deciding.
- Crutch words are fillers that weaken a sentence (ProWritingAid's "overused
  words" and AutoCrit's "unnecessary filler words"): intensifiers and hedges,
  and "that" where it only introduces a clause ("she knew that he...").
- -ly adverbs (Hemingway, ProWritingAid's adverb report): a stronger verb often
  does their job. Crutch words and the adverbs of dialogue tags (reported with
  the tags) are not counted again.

Only narration counts: characters may speak however they speak. Rates are per
1,000 words of narration.
"""

from __future__ import annotations

from collections import Counter
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Span
from .tokens import Tokens

FILTER_WORDS = frozenset({
    "see", "hear", "feel", "smell", "taste", "notice", "realise", "realize", "watch", "seem",
    "wonder", "know", "think", "decide", "sense", "note",
})  # fmt: skip
CRUTCH_WORDS = frozenset({
    "just", "really", "very", "suddenly", "somehow", "quite", "rather", "actually", "basically",
    "literally", "simply", "totally", "definitely", "certainly",
})  # fmt: skip
NOT_MANNER = frozenset({"only", "early", "likely"})  # -ly adverbs that say nothing of manner


@dataclass(slots=True)
class WordUse:
    """How often words of one kind occur, which ones, and where."""

    count: int
    per_1000: float
    words: dict[str, int]
    spans: list[Span]


def filter_words(tokens: Tokens) -> WordUse:
    """Verbs of perception and thought in narration, by lemma ("feel": 12)."""
    return _count(tokens, lambda i: tokens.pos[i] == "VERB" and tokens.lemma[i] in FILTER_WORDS, tokens.lemma)


def crutch_words(tokens: Tokens) -> WordUse:
    """Intensifiers, hedges and clause-introducing "that" in narration, as written."""

    def crutch(i: int) -> bool:
        lower = tokens.lower[i]
        return (tokens.pos[i] == "ADV" and lower in CRUTCH_WORDS) or (lower == "that" and tokens.pos[i] == "SCONJ")

    return _count(tokens, crutch, tokens.lower)


def ly_adverbs(tokens: Tokens, skip: Sequence[tuple[int, int]] = ()) -> WordUse:
    """-ly adverbs in narration, as written, except crutch words and those inside the
    sorted character ranges `skip` (dialogue tags with their adverbs, counted there)."""
    skip_starts = [start for start, _ in skip]

    def in_skip(offset: int) -> bool:
        k = bisect_right(skip_starts, offset) - 1
        return k >= 0 and offset < skip[k][1]

    def adverb(i: int) -> bool:
        lower = tokens.lower[i]
        return (
            tokens.pos[i] == "ADV"
            and lower.endswith("ly")
            and len(lower) > 3
            and lower not in CRUTCH_WORDS
            and lower not in NOT_MANNER
            and not in_skip(tokens.start[i])
        )

    return _count(tokens, adverb, tokens.lower)


def narration_words(tokens: Tokens) -> int:
    """Words outside quotations."""
    return sum(1 for word, quoted in zip(tokens.word, tokens.quoted) if word and not quoted)


def _count(tokens: Tokens, matches: Callable[[int], bool], key: list[str]) -> WordUse:
    found = [i for i in range(len(tokens)) if not tokens.quoted[i] and tokens.word[i] and matches(i)]
    words = Counter(key[i] for i in found)
    narration = narration_words(tokens)
    return WordUse(
        count=len(found),
        per_1000=round(1000 * len(found) / narration, 2) if narration else 0.0,
        words=dict(words.most_common()),
        spans=[Span(tokens.start[i], tokens.end[i]) for i in found],
    )
