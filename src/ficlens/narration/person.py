"""Grammatical person and tense of narration, counted outside quoted speech."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import lru_cache

import lemminflect
from spacy.tokens import Doc, Span, Token

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
_PRESENT_FORMS = {"VBP", "VBZ"}
_THIRD_SINGULAR = {"he", "she", "it"}


def token_tense(token: Token) -> str | None:
    """"past" or "present" for a finite verb, else None.

    The tagger says whether a verb is finite; the written form says its tense
    where it can only be one ("froze" is past whatever the tag, "sag" present).
    A form that can be either ("read", "put") is past after he, she, it or a
    name (the present would be "reads"), else it tells nothing.
    """
    if token.tag_ not in PAST_TAGS and token.tag_ not in PRESENT_TAGS:
        return None
    forms = verb_forms(token.lower_)
    past, present = "VBD" in forms, bool(forms & _PRESENT_FORMS)
    if past and present:
        third = any(s.lower_ in _THIRD_SINGULAR or s.tag_ in ("NNP", "NN") for s in _subjects(token)[:1])
        return "past" if third else None
    if past or present:
        return "past" if past else "present"
    if token.tag_ in PAST_TAGS:
        return "past"
    lower = token.lower_
    if token.tag_ == "VBP" and lower != token.lemma_.lower() and lower not in _BASE_FORM_EXCEPTIONS:
        return "past"  # a past form the tagger misread, which the verb tables do not know
    return "present"


@lru_cache(maxsize=65536)
def verb_forms(word: str) -> frozenset[str]:
    """The Penn tags `word` can have as a form of an English verb (lemminflect's tables):
    "froze" {"VBD"}, "put" {"VB", "VBD", "VBN", "VBP"}; empty for a word they do not know."""
    forms: set[str] = set()
    for lemma in lemminflect.getAllLemmas(word, upos="VERB").get("VERB", ()):
        for tag, written in lemminflect.getAllInflections(lemma, upos="VERB").items():
            if word in written:
                forms.add(tag)
    return frozenset(forms)


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


def slip_tense(sentence: Span, offset: int, quoted: Callable[[int], bool], expected: str) -> str | None:
    """The tense a sentence of narration slips into from `expected`, or None.

    A sentence slips when every finite verb of its narration is in the other
    tense: a present "doesn't" beside a participle the tagger took for a past
    verb ("Draco doesn't look at her, his gaze fixed on the table") is no slip.
    In past narration a present sentence slips only when a person is the subject
    of one of its verbs: "love isn't armor" is the gnomic present, a narrator's
    generalisation, not a slip.
    """
    tenses: dict[str, list[Token]] = {"past": [], "present": []}
    for token in sentence:
        if quoted(offset + token.idx):
            continue
        tense = token_tense(token)
        if tense:
            tenses[tense].append(token)
    other = "present" if expected == "past" else "past"
    if tenses[expected] or not tenses[other]:
        return None
    if other == "present" and not any(_has_person_subject(verb) for verb in tenses[other]):
        return None
    return other


_PERSONAL = FIRST_PERSON | {"he", "she", "we", "they"}
_NOT_PEOPLE = {"GPE", "LOC", "FAC", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART"}


def _has_person_subject(verb: Token) -> bool:
    """Whether the subject of `verb` (or of the verb it is an auxiliary of) is a person:
    a personal pronoun or a name that is not a place or a thing."""
    head = verb.head if verb.dep_ in ("aux", "auxpass") else verb
    for subject in _subjects(head):
        if subject.lower_ in _PERSONAL:
            return True
        if subject.pos_ == "PROPN" and subject.ent_type_ not in _NOT_PEOPLE:
            return True
    return False


def _subjects(verb: Token) -> list[Token]:
    """The subjects of `verb`, in order."""
    return [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
