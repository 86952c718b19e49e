"""The story's tokens as flat columns, read once from spaCy for every craft check.

Each check needs the same few facts about each token (its text, lemma, part of
speech, where it sits and whether it is inside a quotation); reading them once
into plain lists keeps the craft stage cheap next to spaCy itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from spacy.attrs import IDX, IS_SPACE, IS_STOP, LEMMA, LOWER, ORTH, POS, SENT_START

from ..language import ParsedParagraph
from ..model import Quote

_CLITIC_STARTS = ("'", "’")
_ATTRIBUTES = [ORTH, LOWER, LEMMA, POS, IDX, IS_SPACE, IS_STOP, SENT_START]
_ORTH, _LOWER, _LEMMA, _POS, _IDX, _SPACE, _STOP, _SENT_START = range(len(_ATTRIBUTES))


@dataclass(slots=True)
class Tokens:
    """Column `i` of each list describes the story's `i`-th token (spaces left out).

    `word` is True for tokens a reader counts as words (letters or digits, not a
    clitic such as "'s" or "n't", which belong to the word before them);
    `lemma` is lower-cased; `sentence` and `paragraph` index `sentences` and the
    parsed paragraphs, `index` is the token's own index in its paragraph's Doc
    (for what only the parse knows: dependencies); `quoted` is True inside a
    quotation's words.
    """

    text: list[str] = field(default_factory=list)
    lower: list[str] = field(default_factory=list)
    lemma: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    start: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)
    word: list[bool] = field(default_factory=list)
    stop: list[bool] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)
    paragraph: list[int] = field(default_factory=list)
    index: list[int] = field(default_factory=list)  # the token's index in its paragraph's Doc
    sentences: list[tuple[int, int]] = field(default_factory=list)  # [first, last + 1) token of each sentence

    def __len__(self) -> int:
        return len(self.text)

    @property
    def words(self) -> int:
        """How many words the story has."""
        return sum(self.word)


def is_word(token_text: str) -> bool:
    """A token a reader counts as a word: it has a letter or digit and is not a clitic."""
    return not token_text.startswith(_CLITIC_STARTS) and token_text.lower() not in ("n't", "n’t") and any(
        c.isalnum() for c in token_text
    )


def read_tokens(parsed: Sequence[ParsedParagraph], quotes: Sequence[Quote]) -> Tokens:
    """Flatten the parsed paragraphs into `Tokens`, marking the quoted ones.

    Attributes are read with `Doc.to_array` and handled a column at a time: each string is
    looked up once (by its hash), not once a token; `quotes` must be in text order.
    """
    tokens = Tokens()
    if not parsed:
        return tokens
    arrays = [paragraph.doc.to_array(_ATTRIBUTES) for paragraph in parsed]
    sizes = np.array([len(array) for array in arrays])
    if not sizes.sum():
        return tokens
    rows = np.concatenate(arrays)
    number = np.repeat(np.arange(len(parsed)), sizes)
    index = np.arange(len(rows)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    offset = np.repeat(np.array([paragraph.offset for paragraph in parsed], dtype=np.int64), sizes)
    kept = rows[:, _SPACE] == 0
    rows, number, index, offset = rows[kept], number[kept], index[kept], offset[kept]
    if not len(rows):
        return tokens
    stores = list({id(p.doc.vocab.strings): p.doc.vocab.strings for p in parsed}.values())
    strings = {key: _string(stores, key) for key in np.unique(rows[:, [_ORTH, _LOWER, _POS]]).tolist()}
    lemmas = {key: _string(stores, key).lower() for key in np.unique(rows[:, _LEMMA]).tolist()}
    tokens.text = [strings[key] for key in rows[:, _ORTH].tolist()]
    tokens.lower = [strings[key] for key in rows[:, _LOWER].tolist()]
    tokens.lemma = [lemmas[key] for key in rows[:, _LEMMA].tolist()]
    tokens.pos = [strings[key] for key in rows[:, _POS].tolist()]
    starts = offset + rows[:, _IDX].astype(np.int64)
    tokens.start = starts.tolist()
    tokens.end = [start + len(text) for start, text in zip(tokens.start, tokens.text)]
    words = {text: is_word(text) for text in set(tokens.text)}
    tokens.word = [words[text] for text in tokens.text]
    tokens.stop = (rows[:, _STOP] != 0).tolist()
    tokens.quoted = _quoted(tokens.start, [edge for q in quotes for edge in (q.start, q.end)])
    # a sentence starts where spaCy says, and at each paragraph's first token
    new = rows[:, _SENT_START] == 1
    new[0] = True
    new[1:] |= number[1:] != number[:-1]
    sentence = np.cumsum(new) - 1
    tokens.sentence = sentence.tolist()
    tokens.paragraph = number.tolist()
    tokens.index = index.tolist()
    firsts = np.flatnonzero(new).tolist()
    tokens.sentences = list(zip(firsts, firsts[1:] + [len(rows)]))
    return tokens


def _quoted(starts: list[int], edges: list[int]) -> list[bool]:
    """For each token start (in text order), whether it is inside a quotation: past an odd number
    of the quotations' edges (in text order)."""
    if all(a <= b for a, b in zip(edges, edges[1:])):
        return (np.searchsorted(np.array(edges, dtype=np.int64), starts, side="right") % 2 == 1).tolist()
    quoted = []
    edge = 0
    for start in starts:
        while edge < len(edges) and edges[edge] <= start:
            edge += 1
        quoted.append(edge % 2 == 1)
    return quoted


def _string(stores: list, key: int) -> str:
    """The string a hash stands for, in the first of the paragraphs' string stores that has it
    (paragraphs parsed in other processes may bring their own)."""
    for store in stores[:-1]:
        if key in store:
            return store[key]
    return stores[-1][key]
