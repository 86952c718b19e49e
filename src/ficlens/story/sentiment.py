"""Sentiment of the story stage: NRC word valence for the arc, VADER for lines.

The arc follows Reagan et al. (2016): a word lexicon averaged over windows of
words, so every word of the story weighs the same whatever sentence it is in.
The lexicon is the NRC Emotion Lexicon's polarity (Mohammad & Turney 2013), the
same crowd-sourced general-English lexicon as the scene emotions: a word is +1
if it is positive only, -1 if negative only, 0 otherwise (no entry, or both).
Proper nouns are not looked up (a character called Harry is not "to harry").

Negation follows spaCy's parse: a `neg` dependent ("not", "never", "n't")
negates its head and the head's complements and modifiers (objects, predicates,
prepositional phrases), but not its subject or the clauses joined to it; "no"
as a determiner negates its noun. A negated word's valence is multiplied by
NEGATION (VADER's own scalar, Hutto & Gilbert 2014: "not happy" is negative,
"not angry" mildly positive).

VADER's sentence compound is kept for what characters say to each other
(relationships' warmth), where its punctuation and intensifier rules matter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from spacy.tokens import Span, Token
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from ..language import ParsedParagraph, split_for_parser
from .emotions import nrc_lexicon

METHOD = "nrc-valence"
COMPOUND_CHARS = 2_000  # longest text VADER scores at once (a long speech runs to a page or two)
NEGATION = -0.74  # VADER's N_SCALAR
# Dependents that leave the scope of a negation: the subject, and clauses of their own.
OUT_OF_SCOPE = frozenset(
    {
        "nsubj", "nsubjpass", "csubj", "csubjpass", "expl", "aux", "auxpass", "neg", "cc", "conj",
        "advcl", "ccomp", "relcl", "parataxis", "mark", "punct", "intj", "discourse", "vocative", "appos",
    }
)  # fmt: skip


@cache
def analyzer() -> SentimentIntensityAnalyzer:
    """VADER, built once per process (it reads its lexicon from disk)."""
    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=64)  # one quote is scored once for each of its addressees
def compound(text: str) -> float:
    """VADER's compound score of `text`, -1 (negative) .. 1 (positive).

    VADER's time grows with the square of a text's words (each sentiment word
    lowercases the whole text again), so a text over COMPOUND_CHARS (a speech of
    pages, a novel written as one quote) is scored in pieces cut at sentence
    ends, and their scores averaged by length.
    """
    if len(text) <= COMPOUND_CHARS:
        return analyzer().polarity_scores(text)["compound"]
    pieces = split_for_parser(text, COMPOUND_CHARS)
    return sum(analyzer().polarity_scores(p)["compound"] * len(p) for p in pieces) / len(text)


@cache
def valences() -> dict[str, int]:
    """Word -> +1 (NRC positive only) or -1 (NRC negative only)."""
    return {
        word: 1 if positive else -1
        for word, tags in nrc_lexicon().items()
        if (positive := "positive" in tags) != ("negative" in tags)
    }


@dataclass(slots=True)
class Sentence:
    """A sentence of the story: where it is, how many words, and its sentiment (valence per word)."""

    start: int
    end: int
    words: int
    sentiment: float


def negated(sent: Span) -> set[int]:
    """Indices of the tokens of `sent` in the scope of a negation."""
    scope: set[int] = set()
    for token in sent:
        if token.dep_ == "neg":
            stack = [token.head]
            while stack:
                head = stack.pop()
                if head.i in scope:
                    continue
                scope.add(head.i)
                stack.extend(child for child in head.children if child.dep_ not in OUT_OF_SCOPE)
        elif token.dep_ == "det" and token.lower_ == "no":
            scope.add(token.head.i)
    return scope


def valence(token: Token, lexicon: dict[str, int]) -> int:
    """The NRC valence of a word by its lemma (or its form), 0 for proper nouns and unknown words."""
    if token.pos_ == "PROPN":
        return 0
    return lexicon.get(token.lemma_.lower()) or lexicon.get(token.lower_, 0)


def sentence_valence(sent: Span) -> tuple[int, float]:
    """The words of `sent` (punctuation and spaces aside) and their summed valence, negation applied."""
    lexicon = valences()
    words, total, scope = 0, 0.0, None
    for token in sent:
        if token.is_punct or token.is_space:
            continue
        words += 1
        value = valence(token, lexicon)
        if value:
            if scope is None:
                scope = negated(sent)
            total += value * NEGATION if token.i in scope else value
    return words, total


def score_sentences(parsed: Sequence[ParsedParagraph]) -> list[Sentence]:
    """Every sentence of the parsed paragraphs, in order, with its valence per word.

    Quotations are scored with the narration around them: what characters say
    is part of the story's mood.
    """
    sentences = []
    for paragraph in parsed:
        for sent in paragraph.doc.sents:
            words, total = sentence_valence(sent)
            if words == 0:
                continue
            start = paragraph.offset + sent.start_char
            sentences.append(Sentence(start, paragraph.offset + sent.end_char, words, total / words))
    return sentences
