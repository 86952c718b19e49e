"""Sentence openings: the same first word, or the same build, sentence after sentence.

"He turned. He looked at her. He sighed." reads as a list; writing advice
(ProWritingAid's and AutoCrit's sentence-start reports) asks for variety. A run
is WORD_RUN or more sentences in a row that open with the same word, or
STRUCTURE_RUN or more that open with the same parts of speech in their first
two words ("pronoun + verb": "She smiled. He nodded. She left. They waited.").
Only narration sentences are compared: a sentence that opens inside a quotation
is passed over without breaking the run, since lines of dialogue between them
do not hide the repetition. A word run is not reported again as a structure run.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Span
from .tokens import Tokens

WORD_RUN = 3
STRUCTURE_RUN = 4
POS_NAMES = {
    "PRON": "pronoun", "PROPN": "name", "NOUN": "noun", "VERB": "verb", "AUX": "verb", "DET": "article",
    "ADP": "preposition", "ADV": "adverb", "ADJ": "adjective", "CCONJ": "conjunction",
    "SCONJ": "conjunction", "NUM": "number", "INTJ": "interjection", "PART": "particle",
}  # fmt: skip


@dataclass(slots=True)
class RepeatedOpening:
    """A run of sentences opening alike: the word ("He") or build ("pronoun + verb") they
    share, which of the two (`kind` "word" or "structure"), and each sentence's opening words."""

    opening: str
    kind: str
    sentences: int
    spans: list[Span]


def repeated_openings(tokens: Tokens) -> list[RepeatedOpening]:
    """Every run of alike openings, in text order."""
    openers = _openers(tokens)
    found = []
    for kind, key, least in (("word", 0, WORD_RUN), ("structure", 1, STRUCTURE_RUN)):
        run: list[tuple[str, str, int, int]] = []
        for opener in openers + [None]:
            if opener is not None and run and opener[key] == run[0][key]:
                run.append(opener)
                continue
            if len(run) >= least:
                found.append(_run(tokens, kind, run, key))
            run = [opener] if opener is not None and opener[key] else []
    words = [(r.spans[0].start, r.spans[-1].end) for r in found if r.kind == "word"]
    found = [r for r in found if r.kind == "word"
             or not any(r.spans[0].start < end and start < r.spans[-1].end for start, end in words)]
    found.sort(key=lambda r: r.spans[0].start)
    return found


def _openers(tokens: Tokens) -> list[tuple[str, str, int, int]]:
    """(first word lower-cased, build of the first two words, first and second word's token)
    of each narration sentence."""
    openers = []
    for first, last in tokens.sentences:
        words = [i for i in range(first, last) if tokens.word[i]][:2]
        if not words or tokens.quoted[words[0]] or any(tokens.quoted[i] for i in range(first, words[0])):
            continue
        names = [POS_NAMES.get(tokens.pos[i]) for i in words]
        build = " + ".join(names) if len(names) == 2 and all(names) else ""
        openers.append((tokens.lower[words[0]], build, words[0], words[-1]))
    return openers


def _run(tokens: Tokens, kind: str, run: list[tuple[str, str, int, int]], key: int) -> RepeatedOpening:
    if kind == "word":
        label = tokens.text[run[0][2]]
        spans = [Span(tokens.start[a], tokens.end[a]) for _, _, a, _ in run]
    else:
        label = run[0][key]
        spans = [Span(tokens.start[a], tokens.end[b]) for _, _, a, b in run]
    return RepeatedOpening(label, kind, len(run), spans)
