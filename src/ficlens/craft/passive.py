"""Passive voice, read from the parse: a verb with a passive auxiliary ("was taken", "got hurt").

spaCy's English parser labels the auxiliary of a passive verb `auxpass` and its
subject `nsubjpass`, so "the letter was written" is passive while "she was
tired" (an adjective after "was") and "he was writing" are not: no word list or
regular expression could tell those apart. The verb must be a past participle
other than "been" ("it's been a while" is sometimes misparsed as passive). Each use is reported from its
passive auxiliary to its verb ("was quickly taken"); narration and dialogue
both count, per 1,000 words of the story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy
from spacy.attrs import DEP

from ..language import ParsedParagraph
from .tokens import Tokens


@dataclass(slots=True)
class PassiveUse:
    """One passive verb, from its auxiliary to the verb, as written."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class PassiveVoice:
    """How often the story uses the passive voice, and where."""

    count: int
    per_1000: float
    uses: list[PassiveUse]


def passive_voice(text: str, tokens: Tokens, parsed: Sequence[ParsedParagraph]) -> PassiveVoice:
    """Every passive verb of the story, in text order."""
    uses = []
    for paragraph in parsed:
        doc = paragraph.doc
        auxpass = doc.vocab.strings["auxpass"]
        verbs: dict[int, int] = {}  # passive verb -> its first passive auxiliary
        for i in numpy.flatnonzero(doc.to_array(DEP) == auxpass).tolist():
            verb = doc[i].head
            if verb.tag_ == "VBN" and verb.lemma_ != "be":  # not "it's been" misread
                verbs.setdefault(verb.i, i)
        for verb, aux in sorted(verbs.items()):
            first, last = doc[min(aux, verb)], doc[max(aux, verb)]
            start, end = paragraph.offset + first.idx, paragraph.offset + last.idx + len(last.text)
            uses.append(PassiveUse(start, end, text[start:end]))
    uses.sort(key=lambda use: use.start)
    words = tokens.words
    return PassiveVoice(len(uses), round(1000 * len(uses) / words, 2) if words else 0.0, uses)
