"""Grammatical person and tense of narration, counted outside quoted speech."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc, Span

from ..characters.lexicon import FIRST_PERSON, SECOND_PERSON, SPEECH_VERBS, THIRD_PERSON

PAST_TAGS = {"VBD"}
PRESENT_TAGS = {"VBP", "VBZ"}
_FIRST_RATE = 0.012  # "I" and kin per narrative word above which a narration is first person
_NARRATOR_SPEAKS_RATE = 0.001  # "I said" per narrative word: a narrator who talks is in the story
_NARRATOR_SPEAKS_MIN = 3
_SECOND_RATE = 0.02
_TENSE_MAJORITY = 0.65


def count_narration(doc: Doc, offset: int, quoted: Callable[[int], bool], counts: Counter) -> None:
    """Add a paragraph's narrative words, pronouns by person and finite verbs by tense to `counts`."""
    for token in doc:
        if quoted(offset + token.idx) or token.is_punct or token.is_space:
            continue
        counts["words"] += 1
        lower = token.lower_
        if lower in FIRST_PERSON:
            counts["first"] += 1
            if token.dep_ == "nsubj" and token.head.lemma_.lower() in SPEECH_VERBS:
                counts["narrator speaks"] += 1
        elif lower in SECOND_PERSON:
            counts["second"] += 1
        elif lower in THIRD_PERSON:
            counts["third"] += 1
        tense = token_tense(token)
        if tense:
            counts[tense] += 1


_BASE_FORM_EXCEPTIONS = {"am", "are", "'re", "’re", "'m", "’m", "ai", "do", "have"}


def token_tense(token) -> str | None:
    """"past" or "present" for a finite verb, else None.

    A "present" verb (VBP) whose form is not its lemma is a past form the
    tagger misread ("I froze" tagged VBP).
    """
    if token.tag_ in PAST_TAGS:
        return "past"
    if token.tag_ in PRESENT_TAGS:
        lower = token.lower_
        if token.tag_ == "VBP" and lower != token.lemma_.lower() and lower not in _BASE_FORM_EXCEPTIONS:
            return "past"
        return "present"
    return None


def person_of(counts: Counter) -> str | None:
    words = counts["words"]
    if words == 0:
        return None
    if counts["first"] / words >= _FIRST_RATE or narrator_speaks(counts):
        return "first"
    if counts["second"] / words >= _SECOND_RATE and counts["second"] > counts["third"]:
        return "second"
    return "third"


def narrator_speaks(counts: Counter) -> bool:
    """Whether the narrator takes part in the dialogue ("'What about a story?' I
    said"): a frame narrator who mostly tells of others is still first person."""
    speaks = counts["narrator speaks"]
    return speaks >= _NARRATOR_SPEAKS_MIN and speaks / max(1, counts["words"]) >= _NARRATOR_SPEAKS_RATE


def tense_of(counts: Counter) -> str | None:
    total = counts["past"] + counts["present"]
    if total == 0:
        return None
    share = counts["past"] / total
    if share >= _TENSE_MAJORITY:
        return "past"
    if share <= 1 - _TENSE_MAJORITY:
        return "present"
    return "mixed"


def sentence_tense(sentence: Span, offset: int, quoted: Callable[[int], bool]) -> str | None:
    """The tense of a sentence's narration: its root verb's, or its first finite verb's."""
    root = sentence.root
    if not quoted(offset + root.idx):
        tense = token_tense(root)
        if tense:
            return tense
        for child in root.children:
            if child.dep_ in ("aux", "auxpass") and not quoted(offset + child.idx):
                tense = token_tense(child)
                if tense:
                    return tense
    return None
