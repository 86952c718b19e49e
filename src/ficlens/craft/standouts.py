"""Start here: the few findings a writer should look at first, each with its passages.

A report of thirty numbers does not say where to begin. The findings ranked here are
the rates furthest from published works (`norms`: a percentile far from the middle,
on the side that reads worse where one does) and the mistakes the new checks find
(dialogue punctuation, words written two ways), which outrank any matter of style.
Phrases repeated NOTICED times or more where chance gives less than once are a
finding even when the story's count of repeated phrases is average (they rank just
below the rates furthest out), and long pacing runs are worth a look but often
the story's own choice. Correlated
rates count once: of the four readability scores only the furthest out is kept.
Each finding carries its examples (a phrase, a word, a sentence) and their passages;
repeated phrases are shown in the order a reader notices them (`noticeable`).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ..model import Span
from .english import STOP, frequency, spellchecker
from .norms import AVERAGE, Norm

if TYPE_CHECKING:
    from . import Diagnostics

LIMIT = 5  # findings
EXAMPLES = 5  # examples a finding shows (repeated phrases: PHRASE_EXAMPLES)
PHRASE_EXAMPLES = 8
PASSAGES = 40  # passages an example links to
MISTAKE, CONSISTENCY, PHRASES, PACING = 1.2, 1.1, 0.9, 0.5  # scores of findings that are not rates (a rate's is 0-1)
NOTICED = 5  # uses after which a phrase chance gives less than once is noticed by any reader
HIGHER_IS_WORSE = frozenset({
    "filter_words", "crutch_words", "adverbs", "tag_verbs", "tag_adverbs", "repeated_phrases",
    "passive_voice", "sticky_sentences", "cliches", "repeated_openings",
})  # fmt: skip
READABILITY = frozenset({"reading_ease", "grade", "fog", "dale_chall"})
_CONTENT_WORD = re.compile(r"(?<![\w'’])[a-z]+(?:['’][a-z]+)?(?![\w'’])")  # lower-case words and contractions


@dataclass(slots=True)
class Example:
    """One instance of a finding, as a reader would name it ("a hint of ×16"), and its passages."""

    text: str
    spans: list[Span]


@dataclass(slots=True)
class Standout:
    """A finding worth starting with: which check, what it is, why it stands out, how far
    (`score`: a rate's distance from the middle of published works, 0-1; mistakes above 1)."""

    check: str
    headline: str
    detail: str
    score: float
    examples: list[Example]


def start_here(text: str, diagnostics: Diagnostics, limit: int = LIMIT) -> list[Standout]:
    """The `limit` findings that stand out most, the furthest first."""
    d = diagnostics
    found = [_from_norm(text, d, norm) for norm in _far_norms(d.norms)]
    if not any(f.check == "repeated_phrases" for f in found):
        found.append(_phrases(text, d))
    found += [_punctuation(d), _consistency(d), _pacing(d)]
    found = sorted((f for f in found if f is not None), key=lambda f: -f.score)
    for standout in found:
        shown = PHRASE_EXAMPLES if standout.check == "repeated_phrases" else EXAMPLES
        standout.examples = [Example(e.text, e.spans[:PASSAGES]) for e in standout.examples[:shown]]
    return found[:limit]


def _punctuation(d: Diagnostics) -> Standout | None:
    slips = d.dialogue_punctuation
    if not slips:
        return None
    kinds = Counter(slip.kind for slip in slips)
    return Standout("dialogue_punctuation", f"Dialogue punctuation: {_count(len(slips), 'slip')}",
                    "; ".join(f"{kind} {n}" for kind, n in kinds.items()) + ": mistakes, not matters of style",
                    MISTAKE, [Example(slip.text, [Span(slip.start, slip.end)]) for slip in slips])


def _consistency(d: Diagnostics) -> Standout | None:
    if not d.consistency:
        return None
    return Standout("consistency", "Consistency: " + "; ".join(_consistency_kinds(d)),
                    "a reader notices a word written two ways", CONSISTENCY,
                    [Example(i.summary, i.spans) for i in d.consistency])


def _phrases(text: str, d: Diagnostics) -> Standout | None:
    noticed = [p for p in d.repeated_phrases if p.count >= NOTICED and p.expected < 1]
    if not noticed:
        return None
    return Standout("repeated_phrases", f"Repeated phrases: {_count(len(noticed), 'phrase')} used {NOTICED} times or more",
                    "where chance would give each less than once", PHRASES, _examples(text, d, "repeated_phrases"))


def _pacing(d: Diagnostics) -> Standout | None:
    narration, dialogue = d.pacing.narration_runs, d.pacing.dialogue_runs
    if not narration and not dialogue:
        return None
    told = []
    if narration:
        told.append(f"{_count(len(narration), 'stretch')} of narration without dialogue "
                    f"(longest {max(r.words for r in narration):,} words)")
    if dialogue:
        told.append(f"{_count(len(dialogue), 'run')} of bare dialogue without beats")
    examples = [Example(f"{r.words:,} words of narration", [Span(r.start, r.end)]) for r in narration]
    examples += [Example(f"{r.paragraphs} bare lines", [Span(r.start, r.end)]) for r in dialogue]
    return Standout("pacing", "Pacing: long unbroken runs", "; ".join(told), PACING, examples)


def _far_norms(norms: Iterable[Norm]) -> list[Norm]:
    """The rates outside the average band, on the side that reads worse where one does;
    of the readability scores only the furthest out."""
    far = []
    for norm in norms:
        high, low = norm.percentile > AVERAGE[1], norm.percentile < AVERAGE[0]
        if high or (low and norm.rate not in HIGHER_IS_WORSE):
            far.append(norm)
    readability = [n for n in far if n.rate in READABILITY]
    if readability:
        furthest = max(readability, key=lambda n: abs(n.percentile - 0.5))
        far = [n for n in far if n.rate not in READABILITY or n is furthest]
    return far


def _from_norm(text: str, d: Diagnostics, norm: Norm) -> Standout:
    score = round(2 * abs(norm.percentile - 0.5), 3)
    headline = f"{norm.label[0].upper()}{norm.label[1:]}: {norm.value:,.1f} {norm.unit}"
    return Standout(norm.rate, headline, norm.words, score, _examples(text, d, norm.rate))


def _examples(text: str, d: Diagnostics, rate: str) -> list[Example]:
    """The passages behind a rate: its phrases, words or sentences."""
    if rate == "repeated_phrases":
        ranked = sorted(d.repeated_phrases, key=lambda p: -noticeable(p.phrase, p.count))
        return [Example(f"“{p.phrase}” ×{p.count}", p.spans) for p in ranked]
    if rate in ("filter_words", "crutch_words", "adverbs"):
        use = getattr(d, rate)
        return [Example(", ".join(f"{w} ×{n}" for w, n in list(use.words.items())[:6]), use.spans)] if use.spans else []
    if rate == "tag_adverbs":
        return [Example(a.text, [Span(a.start, a.end)]) for a in d.dialogue_tags.adverbs]
    if rate == "passive_voice":
        return [Example(use.text, [Span(use.start, use.end)]) for use in d.passive_voice.uses]
    if rate == "sticky_sentences":
        ranked = sorted(d.sticky_sentences.flagged, key=lambda s: -s.glue)
        return [Example(f"“{_excerpt(text, s.start, s.end)}” ({s.glue:.0f}% glue)", [Span(s.start, s.end)]) for s in ranked]
    if rate == "cliches":
        return [Example(f"“{c.phrase}” ×{len(c.spans)}", c.spans) for c in d.cliches.found]
    if rate == "repeated_openings":
        return [Example(f"{r.opening} ×{r.sentences}", r.spans) for r in d.openings]
    return []  # sentence length and readability: the whole story, no passage in particular


def noticeable(phrase: str, count: int) -> float:
    """How much a reader notices a phrase's repeats: the log of its count times the information
    (-ln of its share of English) of its content words, so "her heart clenches" ×6 stands out
    before "his eyes" ×41. Stop words and contractions carry none; names (written capitalised)
    are left out."""
    words = [w for w in _CONTENT_WORD.findall(phrase) if w not in STOP and "'" not in w and "’" not in w]
    return math.log(count) * sum(_information(w) for w in words)


def _information(word: str) -> float:
    return math.log(_english_total() / max(1, frequency(word.replace("’", "'"))))


@cache
def _english_total() -> int:
    return sum(spellchecker().word_frequency.dictionary.values())


def _consistency_kinds(d: Diagnostics) -> list[str]:
    kinds = [i.kind for i in d.consistency]
    told = []
    if "name" in kinds:
        told.append(f"{_count(kinds.count('name'), 'name')} spelt two ways")
    if "british-american" in kinds:
        told.append("British and American spellings mixed")
    if "hyphenation" in kinds:
        told.append(f"{_count(kinds.count('hyphenation'), 'compound')} hyphenated and not")
    return told


def _excerpt(text: str, start: int, end: int, limit: int = 60) -> str:
    passage = " ".join(text[start:end].split())
    return passage if len(passage) <= limit else passage[: limit - 1].rstrip() + "…"


def _count(n: int, noun: str) -> str:
    plural = noun + ("es" if noun.endswith("ch") else "s")
    return f"{n} {noun if n == 1 else plural}"
