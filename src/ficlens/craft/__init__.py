"""The craft stage: the writer's diagnostics, each pointing at the passages it is about.

Repeated phrases and echoes, dialogue tags, filter and crutch words and -ly
adverbs, sentence and paragraph rhythm, readability, tense and person slips and
spelling; sticky sentences, alike sentence openings, passive voice, clichés,
pacing, inconsistent spellings and dialogue punctuation; each rate placed among
published works (see `norms`), and the findings to start with (`standouts`). Every span is a character range of the work's text. The stage reads
the spaCy parse the language stage made (tokens, lemmas, parts of speech,
sentences, dependencies) and never parses again; `dataclasses.asdict` of its
result is the "diagnostics" object of the JSON contract.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..language import ParsedParagraph
from ..model import Character, Narration, Quote, Structure
from .cliches import Cliches, cliches
from .consistency import Inconsistency, inconsistencies
from .echoes import Echo, echoes
from .norms import Norm, compare
from .english import name_words
from .openings import RepeatedOpening, repeated_openings
from .pacing import Pacing, pacing
from .passive import PassiveVoice, passive_voice
from .punctuation import PunctuationSlip, dialogue_punctuation
from .readability import Readability, readability
from .repeats import RepeatedPhrase, repeated_phrases
from .rhythm import Paragraphs, Sentences, paragraphs, sentences
from .slips import SlipNote, slips
from .spelling import Misspelling, misspellings
from .standouts import Standout, start_here
from .sticky import StickySentences, sticky_sentences
from .tags import DialogueTags, dialogue_tags
from .tokens import read_tokens
from .words import WordUse, crutch_words, filter_words, ly_adverbs

__all__ = ["Diagnostics", "diagnose"]


@dataclass(slots=True)
class Diagnostics:
    """What a writer might want to revise, with where."""

    repeated_phrases: list[RepeatedPhrase]
    echoes: list[Echo]
    dialogue_tags: DialogueTags
    filter_words: WordUse
    crutch_words: WordUse
    adverbs: WordUse
    sentences: Sentences
    paragraphs: Paragraphs
    readability: Readability
    slips: list[SlipNote]
    spelling: list[Misspelling]
    sticky_sentences: StickySentences
    openings: list[RepeatedOpening]
    passive_voice: PassiveVoice
    cliches: Cliches
    pacing: Pacing
    consistency: list[Inconsistency]
    dialogue_punctuation: list[PunctuationSlip]
    norms: list[Norm]  # the rates above placed among published works
    start_here: list[Standout]  # the findings to look at first


def diagnose(
    text: str,
    structure: Structure,
    parsed: Sequence[ParsedParagraph],
    characters: Sequence[Character],
    quotes: Sequence[Quote],
    narration: Narration,
    proper_names: Sequence[str] = (),
    title: str | None = None,
) -> Diagnostics:
    """The craft diagnostics of a story from the earlier stages' results.

    `parsed` holds the spaCy parse of `structure.story_paragraphs()`, in order;
    `proper_names` are every name the story writes, of people or not ("Hogwarts",
    "Aguamenti"), which spelling leaves alone; `title` is the work's own, which no repeated
    phrase is named by.
    """
    quotes = sorted(quotes, key=lambda q: q.start)
    tokens = read_tokens(parsed, quotes)
    names = name_words(characters)
    tags = dialogue_tags(text, tokens, parsed, quotes)
    found = Diagnostics(
        repeated_phrases=repeated_phrases(text, tokens, names, title),
        echoes=echoes(tokens, names),
        dialogue_tags=tags,
        filter_words=filter_words(tokens),
        crutch_words=crutch_words(tokens),
        adverbs=ly_adverbs(tokens, skip=[(a.start, a.end) for a in tags.adverbs]),
        sentences=sentences(tokens),
        paragraphs=paragraphs(tokens),
        readability=readability(tokens),
        slips=slips(text, narration),
        spelling=misspellings(tokens, names | {w.lower() for name in proper_names for w in name.split()}),
        sticky_sentences=sticky_sentences(tokens),
        openings=repeated_openings(tokens),
        passive_voice=passive_voice(text, tokens, parsed),
        cliches=cliches(text, tokens),
        pacing=pacing(tokens),
        consistency=inconsistencies(tokens),
        dialogue_punctuation=dialogue_punctuation(text, tokens, quotes),
        norms=[],
        start_here=[],
    )
    found.norms = compare(found, structure.words)
    found.start_here = start_here(text, found)
    return found
