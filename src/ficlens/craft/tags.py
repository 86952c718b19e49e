"""Dialogue tags: the "she said" attached to a line of dialogue.

A tag is a verb of speech (by lemma, from the characters lexicon) outside the
quotation marks, in a sentence that holds quoted words, with a speaker as its
subject ("Candy replies", "said Harry", "he whispers"). Writers are told to
let "said" do most of the work and to be sparing with adverbs on tags ("said
softly"); both are counted here. A line of dialogue (the quotes of one
utterance) counts as tagged when a tag sits in its sentences or when speaker
attribution found an explicit tag for it; UNTAGGED_RUN lines in a row without
one are reported, since readers lose track of who speaks.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from ..characters.lexicon import SPEECH_VERBS
from ..language import ParsedParagraph
from ..model import Quote
from .tokens import Tokens

UNTAGGED_RUN = 6  # lines
_ADVERB_REACH = 2  # an adverb at most two tokens from its tag verb ("said too quickly")
_SPEAKERS = {"i", "he", "she", "they", "we", "you"}


@dataclass(slots=True)
class TagAdverb:
    """A tag and its -ly adverb, as written ("says quietly")."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class UntaggedRun:
    """Consecutive lines of dialogue none of which has a tag; `lines` counts them."""

    start: int
    end: int
    lines: int


@dataclass(slots=True)
class DialogueTags:
    """How the story tags its dialogue."""

    tags: int
    said: int
    verbs: dict[str, int]
    adverbs: list[TagAdverb]
    untagged_runs: list[UntaggedRun]


def dialogue_tags(
    text: str, tokens: Tokens, parsed: Sequence[ParsedParagraph], quotes: Sequence[Quote]
) -> DialogueTags:
    """Count the tags on the story's dialogue, their adverbs and the long untagged runs.

    `tokens` are `parsed` read by `read_tokens` with the same `quotes`, in text order.
    """
    starts = [q.start for q in quotes]
    ends = [q.end for q in quotes]

    def quoted(offset: int) -> bool:
        i = bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    spoken = {tokens.sentence[i] for i, q in enumerate(tokens.quoted) if q}  # sentences holding quoted words
    verbs: Counter[str] = Counter()
    adverbs: list[TagAdverb] = []
    tagged_quotes: set[int] = set()
    for i, lemma in enumerate(tokens.lemma):
        if lemma not in SPEECH_VERBS or tokens.pos[i] != "VERB" or tokens.quoted[i] or tokens.sentence[i] not in spoken:
            continue
        paragraph = parsed[tokens.paragraph[i]]
        token = paragraph.doc[tokens.index[i]]
        if not _has_speaker(token):
            continue
        verbs[lemma] += 1
        first, last = tokens.sentences[tokens.sentence[i]]
        begin, end = tokens.start[first], tokens.end[last - 1]
        tagged_quotes.update(range(bisect_right(ends, begin), bisect_left(starts, end)))  # quotes in the sentence
        adverbs.extend(_adverbs(text, token, paragraph.offset, quoted))
    tagged_quotes.update(i for i, quote in enumerate(quotes) if quote.method == "tag")
    return DialogueTags(
        tags=sum(verbs.values()),
        said=verbs["say"],
        verbs=dict(verbs.most_common()),
        adverbs=adverbs,
        untagged_runs=_untagged_runs(parsed, quotes, tagged_quotes),
    )


def _has_speaker(token: Token) -> bool:
    """Whether a speech verb has a speaker: a subject, or a name or pronoun right after it ("said Harry")."""
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children):
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.head == token and (
        following.pos_ == "PROPN" or following.lower_ in _SPEAKERS
    )


def _adverbs(text: str, verb: Token, offset: int, quoted: Callable[[int], bool]) -> list[TagAdverb]:
    """The -ly adverbs next to a tag verb and modifying it, each with the verb ("said softly",
    "softly said", "said too quickly")."""
    found = []
    for child in verb.children:
        near = abs(child.i - verb.i) <= _ADVERB_REACH
        if near and child.dep_ == "advmod" and child.pos_ == "ADV" and child.lower_.endswith("ly"):
            if quoted(offset + child.idx):
                continue
            start = offset + min(verb.idx, child.idx)
            end = offset + max(verb.idx + len(verb.text), child.idx + len(child.text))
            found.append(TagAdverb(start, end, text[start:end]))
    return found


def _untagged_runs(parsed: Sequence[ParsedParagraph], quotes: Sequence[Quote], tagged: set[int]) -> list[UntaggedRun]:
    """Runs of UNTAGGED_RUN or more untagged lines, a line being the quotes of one utterance.
    A run ends at a tagged line or where two paragraphs of narration part the lines."""
    paragraph_starts = [p.offset for p in parsed]
    lines: list[tuple[int, list[int]]] = []  # (group, quote indices), in text order
    for i, quote in enumerate(quotes):
        if lines and lines[-1][0] == quote.group:
            lines[-1][1].append(i)
        else:
            lines.append((quote.group, [i]))
    runs: list[UntaggedRun] = []
    run: list[list[int]] = []

    def close() -> None:
        if len(run) >= UNTAGGED_RUN:
            runs.append(UntaggedRun(quotes[run[0][0]].start, quotes[run[-1][-1]].end, len(run)))
        run.clear()

    previous_paragraph = None
    for _, members in lines:
        paragraph = bisect_right(paragraph_starts, quotes[members[0]].start) - 1
        if previous_paragraph is not None and paragraph - previous_paragraph > 2:
            close()
        if any(i in tagged for i in members):
            close()
        else:
            run.append(members)
        previous_paragraph = bisect_right(paragraph_starts, quotes[members[-1]].start) - 1
    close()
    return runs
