"""Repeated phrases: word sequences the story keeps coming back to.

A phrase is a run of 2 to 6 words inside one sentence, not crossing punctuation
or the edge of a quotation; narration and dialogue both count. Words are matched
by lemma, so "her heart clenches" and "her heart clenched" are one phrase.
Phrases made only of stop words and character names ("of the", "Draco's") are
left out.

Expectation model: if words were strung together independently, a phrase
w1..wn would occur about (N - n + 1) * p(w1) * ... * p(wn) times, where p(w) is
the word's share of the story's N words. A phrase is reported when it occurs at
least MIN_COUNT times and at least RATIO times that expectation. Long phrases
are almost never expected, so any repeat of them is reported; for two-word
phrases of common words the expectation grows with the story's length and so
does the bar.

Families: a family is named by its phrase with the most words repeated (length
times count), and holds the phrases with the same content words (stop words and
names aside) that contain the name's core (the name less the stop words and
names at its edges) or lie inside the name: "her heart clenches", "Candy's heart
clenched" and "heart clenches at the" are one family around "heart clenches",
while "her heart" and "her heart races" are not in it. A family's occurrences
are its phrases' occurrences merged where they overlap. A family most of whose
occurrences sit inside longer occurrences of another family ("after what feels
like an" inside "after what feels like an eternity") is dropped as a fragment, and
so is a family named by the work's own title or a part of it ("the sign of the four").

Ranking: by the words a family takes up beyond chance: how many more times it
occurs than its name's expectation, times the name's length in words. "his eyes"
×41 (2 expected) gives 78 words, "a hint of" ×24 gives 72, "after what feels like
an eternity" ×4 gives 24; ties go to the longer phrase. Phrases are shown as written (case and
apostrophes kept: "I don't know", "Candy's heart"), the most common wording of
the name away from a sentence's start; `variants` are the family's other
wordings, the name's own left out.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain
from dataclasses import dataclass

import numpy as np

from ..model import Span
from .english import STOP
from .tokens import Tokens, is_word

MIN_N, MAX_N = 2, 6
MIN_COUNT = 3
RATIO = 4.0
MAX_FAMILIES = 50

Gram = tuple[str, ...]
_Candidate = tuple[Gram, list[tuple[int, int]], float]  # name, occurrences as token ranges, score


@dataclass(slots=True)
class Variant:
    """One wording of a phrase family, as written, and how often it occurs (wordings that differ
    only in case, spacing or the apostrophe's shape are one)."""

    phrase: str
    count: int


@dataclass(slots=True)
class RepeatedPhrase:
    """A family of phrases that recurs far more often than chance predicts.

    `expected` is how often its name would occur if the story's words were strung
    together at random, each as often as the story uses it.
    """

    phrase: str
    count: int
    expected: float
    variants: list[Variant]
    spans: list[Span]


def repeated_phrases(text: str, tokens: Tokens, names: set[str], title: str | None = None) -> list[RepeatedPhrase]:
    """The story's repeated phrase families, those most above their expectation first (at most
    MAX_FAMILIES); none named by `title`, the work's own title."""
    runs = _runs(tokens)
    keys = [_key(tokens, i) for i in range(len(tokens))]
    frequency = Counter(keys[i] for run in runs for i in run)
    total = sum(frequency.values())

    def expected(gram: Gram) -> float:
        return (total - len(gram) + 1) * math.prod(frequency[w] / total for w in gram)

    grams = _repeated_grams(runs, keys, tokens.word)
    is_content = {w: w not in STOP and w not in names for w in frequency}
    families: dict[Gram, list[Gram]] = defaultdict(list)
    for gram in grams:
        content = tuple(w for w in gram if is_content[w])
        if content:
            families[content].append(gram)

    is_seed = {g: len(starts) >= MIN_COUNT and len(starts) >= RATIO * expected(g) for g, starts in grams.items()
               if len(starts) >= MIN_COUNT}
    words = {k: is_word(k) for k in frequency}
    joined = {g: _joined(g) for g in grams}
    candidates: list[_Candidate] = []
    for content, members in families.items():
        while seeds := [g for g in members if is_seed.get(g)]:
            name = max(seeds, key=lambda g: (len(g) * len(grams[g]), len(g)))
            core, whole = _joined(_core(name, content)), joined[name]
            family = {g for g in members if core in joined[g] or joined[g] in whole}
            members = [g for g in members if g not in family]
            spans = _merge((start, start + len(g)) for g in family for start in grams[g])
            length = sum(words[k] for k in name)  # clitics ("'s", "n't") are not words
            candidates.append((name, spans, (len(spans) - expected(name)) * length))

    kept = _drop_fragments(candidates)
    kept.sort(key=lambda c: (-c[2], -len(c[0])))
    in_title = f" {_bare(title)} " if title else ""

    found: list[RepeatedPhrase] = []
    for name, spans, _ in kept:
        phrase = _headline(text, tokens, [(s, s + len(name)) for s in grams[name]])
        if in_title and (f" {_bare(phrase)} " in in_title or in_title in f" {_bare(phrase)} "):
            continue
        wordings: dict[str, Counter[str]] = defaultdict(Counter)
        for a, b in spans:
            wordings[normalise(_written(text, tokens, a, b))][_written(text, tokens, a, b)] += 1
        variants = [Variant(forms.most_common(1)[0][0], forms.total()) for key, forms in wordings.items()
                    if key != normalise(phrase)]
        variants.sort(key=lambda v: -v.count)
        found.append(
            RepeatedPhrase(
                phrase=phrase,
                count=len(spans),
                expected=_significant(expected(name)),
                variants=variants,
                spans=[Span(tokens.start[a], tokens.end[b - 1]) for a, b in spans],
            )
        )
        if len(found) == MAX_FAMILIES:
            break
    return found


def normalise(phrase: str) -> str:
    """A phrase as families compare wordings: lower case, single spaces, straight apostrophes."""
    return " ".join(phrase.lower().replace("’", "'").split())


def _runs(tokens: Tokens) -> list[list[int]]:
    """Runs of consecutive word tokens that a phrase may span (one sentence, no punctuation,
    all inside or all outside a quotation)."""
    if not len(tokens):
        return []
    alnum = {token: any(c.isalnum() for c in token) for token in set(tokens.text)}
    wordlike = np.array([alnum[token] for token in tokens.text], dtype=bool)
    sentence, quoted = np.array(tokens.sentence), np.array(tokens.quoted, dtype=bool)
    opens = wordlike.copy()  # a run opens at a word whose token before is none, or of another sentence or side
    opens[1:] &= ~wordlike[:-1] | (sentence[1:] != sentence[:-1]) | (quoted[1:] != quoted[:-1])
    inside = np.flatnonzero(wordlike)
    runs = np.split(inside, np.flatnonzero(opens[inside])[1:])
    return [run.tolist() for run in runs if len(run) >= MIN_N]


def _key(tokens: Tokens, i: int) -> str:
    """What a token is matched by: its lemma, or for a clitic ("’s", "n't") its form."""
    if tokens.word[i]:
        return tokens.lemma[i]
    return tokens.lower[i].replace("’", "'")


def _repeated_grams(runs: list[list[int]], keys: list[str], word: list[bool]) -> dict[Gram, list[int]]:
    """Every phrase of MIN_N..MAX_N tokens occurring twice or more, with the token index of
    each occurrence (in text order); phrases start on a word, not a clitic ("'s okay").

    Each length is found at once for every place a phrase of it fits in its run: a phrase's
    number is its first n-1 tokens' number paired with its last token's. Phrases come in the
    order they are first met, those of one length after the shorter ones' and, beyond two
    tokens, grouped by the shorter phrase they grow from (the order in which the families and
    their ties are then read)."""
    if not runs:
        return {}
    lengths = np.fromiter(map(len, runs), dtype=np.int64, count=len(runs))
    places = np.fromiter(chain.from_iterable(runs), dtype=np.int64, count=int(lengths.sum()))  # run tokens in order
    left = np.repeat(lengths, lengths) - (np.arange(len(places)) - np.repeat(np.cumsum(lengths) - lengths, lengths))
    numbers = {key: number for number, key in enumerate(set(keys))}
    place_keys = [keys[i] for i in places.tolist()]
    token = np.array([numbers[key] for key in place_keys], dtype=np.int64)
    on_word = np.array(word, dtype=bool)[places]
    found: dict[Gram, list[int]] = {}
    code = token
    rank = np.zeros(len(places), dtype=np.int64)  # the order of the phrase one token shorter at each place
    for n in range(MIN_N, MAX_N + 1):
        last = np.full(len(places), -1, dtype=np.int64)
        last[: len(places) - n + 1] = token[n - 1 :]
        # the phrase of n tokens at each place, numbered 0, 1, ... (numbers kept small for the next length)
        code = np.unique(code * (len(numbers) + 1) + last + 1, return_inverse=True)[1].reshape(-1)
        fits = np.flatnonzero(on_word & (left >= n))
        fits = fits[np.argsort(code[fits], kind="stable")]  # each phrase's places together, in text order
        groups = code[fits]
        new = np.r_[True, groups[1:] != groups[:-1]]
        sizes = np.diff(np.r_[np.flatnonzero(new), len(fits)])
        twice = np.repeat(sizes >= 2, sizes)  # the places of phrases met twice or more
        fits, groups = fits[twice], groups[twice]
        if not len(fits):
            break
        new = np.r_[True, groups[1:] != groups[:-1]]
        firsts = np.flatnonzero(new)
        heads = fits[firsts]
        met = np.lexsort((heads, rank[heads])) if n > MIN_N else np.argsort(heads)  # the phrases in the order above
        position = np.empty(len(met), dtype=np.int64)
        position[met] = np.arange(len(met))
        rank = np.full(len(places), -1, dtype=np.int64)
        rank[fits] = position[np.cumsum(new) - 1]
        starts, bounds, firsts_at = places[fits].tolist(), np.r_[firsts, len(fits)].tolist(), heads.tolist()
        for g in met.tolist():
            head = firsts_at[g]
            found[tuple(place_keys[head : head + n])] = starts[bounds[g] : bounds[g + 1]]
        on_word = on_word & (rank >= 0)  # a longer phrase repeats only where this one does
    return found


def _core(name: Gram, content: Gram) -> Gram:
    """The name without the stop words and names at its edges ("candy 's heart clench" ->
    "heart clench"), or the whole name when that would leave a single word."""
    first = name.index(content[0])
    last = len(name) - 1 - name[::-1].index(content[-1])
    return name[first : last + 1] if last > first else name


def _joined(gram: Gram) -> str:
    """A phrase's tokens between zero characters (no story holds one: the readers refuse it),
    so that one phrase occurs as consecutive words of another exactly when its joined form is
    inside the other's."""
    return "\0" + "\0".join(gram) + "\0"


def _drop_fragments(candidates: list[_Candidate]) -> list[_Candidate]:
    """The candidates that are more than fragments of others: a family goes when fewer
    than MIN_COUNT, or fewer than half, of its occurrences lie outside a longer
    occurrence of another family."""
    if not candidates:
        return []
    family = np.repeat(np.arange(len(candidates)), [len(spans) for _, spans, _ in candidates])
    ranges = np.array([span for _, spans, _ in candidates for span in spans], dtype=np.int64).reshape(-1, 2)
    key = ranges[:, 0] * (int(ranges[:, 1].max()) + 1) + ranges[:, 1]
    distinct, which = np.unique(key, return_index=True, return_inverse=True)[1:]
    starts, ends = ranges[distinct, 0], ranges[distinct, 1]
    order = np.lexsort((-ends, starts))  # by start, the longer first
    reach = np.maximum.accumulate(ends[order])  # the furthest end of the spans up to each one
    inside = np.zeros(len(distinct), dtype=bool)
    inside[order[1:]] = reach[:-1] >= ends[order[1:]]
    outside = np.bincount(family, weights=~inside[which.reshape(-1)], minlength=len(candidates))
    return [candidate for candidate, out in zip(candidates, outside.tolist())
            if out >= MIN_COUNT and 2 * out >= len(candidate[1])]


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges `[a, b)` merged where they overlap, in text order."""
    merged: list[tuple[int, int]] = []
    for a, b in sorted(ranges):
        if merged and a < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _written(text: str, tokens: Tokens, a: int, b: int) -> str:
    """Tokens `[a, b)` as the story writes them, spacing aside."""
    return " ".join(text[tokens.start[a] : tokens.end[b - 1]].split())


def _headline(text: str, tokens: Tokens, occurrences: list[tuple[int, int]]) -> str:
    """The most common wording of a phrase (case and apostrophes aside), as written away from a
    sentence's start when it is ever written there (at the start a capital says nothing)."""
    written = [_written(text, tokens, a, b) for a, b in occurrences]
    key = Counter(normalise(w) for w in written).most_common(1)[0][0]
    forms = [w for w in written if normalise(w) == key]
    inside = [w for w, (a, _) in zip(written, occurrences)
              if normalise(w) == key and a and tokens.sentence[a - 1] == tokens.sentence[a] and tokens.word[a - 1]]
    return Counter(inside or forms).most_common(1)[0][0]


def _bare(phrase: str) -> str:
    """A phrase as titles are compared with it: normalised, punctuation left out."""
    return " ".join("".join(c if c.isalnum() or c == "'" else " " for c in normalise(phrase)).split())


def _significant(value: float) -> float:
    """`value` to three significant figures (expectations span many orders of magnitude)."""
    return float(f"{value:.3g}")
