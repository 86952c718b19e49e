"""The point-of-view character of a third-person scene.

In close third person the story thinks and feels through one character: that
character is the subject of verbs of thought and perception ("Candy can sense
the tension", "she wonders") and owns the inner body ("her heart clenches").
Names count directly; he/she count for the character of that gender most
recently named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from ..characters import Cast
from ..characters.names import NameOccurrence
from ..language import ParsedParagraph

COGNITION_VERBS = {
    "feel", "sense", "think", "wonder", "know", "realize", "realise", "notice", "remember", "hope",
    "wish", "want", "fear", "believe", "understand", "suspect", "doubt", "imagine", "decide",
    "recognize", "recognise", "worry", "regret", "long", "see", "hear", "watch", "smell", "taste",
    "consider", "recall", "forget", "expect", "love", "hate", "need", "try", "find", "can", "could",
}  # fmt: skip
INNER_NOUNS = {"heart", "mind", "chest", "stomach", "throat", "thoughts", "breath", "pulse", "gut", "eyes"}


def focal_character(
    paragraphs: Sequence[ParsedParagraph],
    cast: Cast,
    quoted: Callable[[int], bool],
    occurrences: dict[int, NameOccurrence],
) -> str | None:
    """The character whose mind a run of third-person paragraphs follows, if any.

    `occurrences` maps the start of each name in narration to its occurrence.
    """
    scores: Counter = Counter()
    genders = {c.id: c.gender for c in cast.characters}
    last_by_gender: dict[str, str] = {}
    for paragraph in paragraphs:
        for token in paragraph.doc:
            offset = paragraph.offset + token.idx
            if quoted(offset):
                continue
            occ = occurrences.get(offset)
            if occ is not None:
                character = cast.occurrence_character(occ)
                if character:
                    scores[character] += 0.25
                    if genders.get(character):
                        last_by_gender[genders[character]] = character
                    if _thinks(token):
                        scores[character] += 1
                continue
            lower = token.lower_
            gender = "male" if lower in ("he", "his", "him") else "female" if lower in ("she", "her") else None
            if gender is None or gender not in last_by_gender:
                continue
            if token.dep_ == "nsubj" and _thinks(token):
                scores[last_by_gender[gender]] += 1
            elif token.dep_ == "poss" and token.head.lemma_.lower() in INNER_NOUNS:
                scores[last_by_gender[gender]] += 1
    if not scores:
        return None
    best, score = scores.most_common(1)[0]
    return best if score >= 1 else None


def _thinks(token) -> bool:
    head = token.head
    return token.dep_ in ("nsubj", "nsubjpass") and (
        head.lemma_.lower() in COGNITION_VERBS or any(c.lemma_.lower() in ("can", "could") for c in head.children if c.dep_ == "aux")
    )
