"""The story's tokens as flat columns, read once from spaCy for every craft check.

Each check needs the same few facts about each token (its text, lemma, part of
speech, where it sits and whether it is inside a quotation); reading them once
into plain lists keeps the craft stage cheap next to spaCy itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.attrs import IDX, IS_SPACE, IS_STOP, LEMMA, LOWER, ORTH, POS, SENT_START

from ..language import ParsedParagraph
from ..model import Quote

_CLITIC_STARTS = ("'", "’")
_ATTRIBUTES = [ORTH, LOWER, LEMMA, POS, IDX, IS_SPACE, IS_STOP, SENT_START]


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

    Attributes are read with `Doc.to_array`, a few times faster than visiting each
    spaCy `Token`; `quotes` must be in text order.
    """
    quote_edges = [edge for q in quotes for edge in (q.start, q.end)]
    tokens = Tokens()
    strings: dict[int, str] = {}  # string hash -> string, shared by every paragraph
    lemmas: dict[int, str] = {}  # lemma hash -> lower-cased lemma
    words: dict[str, bool] = {}
    edge = 0  # quote_edges[edge] is the next quote start or end at or after the current token

    for number, paragraph in enumerate(parsed):
        store = paragraph.doc.vocab.strings
        rows = paragraph.doc.to_array(_ATTRIBUTES).tolist()
        for index, (orth, lower, lemma, pos, idx, space, stop, sentence_start) in enumerate(rows):
            if space:
                continue
            for key in (orth, lower, pos):
                if key not in strings:
                    strings[key] = store[key]
            if lemma not in lemmas:
                lemmas[lemma] = store[lemma].lower()
            text = strings[orth]
            if text not in words:
                words[text] = is_word(text)
            start = paragraph.offset + idx
            while edge < len(quote_edges) and quote_edges[edge] <= start:
                edge += 1
            if sentence_start == 1 or not tokens.sentences or tokens.paragraph[-1] != number:
                if tokens.sentences:
                    tokens.sentences[-1] = (tokens.sentences[-1][0], len(tokens.text))
                tokens.sentences.append((len(tokens.text), len(tokens.text)))
            tokens.text.append(text)
            tokens.lower.append(strings[lower])
            tokens.lemma.append(lemmas[lemma])
            tokens.pos.append(strings[pos])
            tokens.start.append(start)
            tokens.end.append(start + len(text))
            tokens.word.append(words[text])
            tokens.stop.append(bool(stop))
            tokens.quoted.append(edge % 2 == 1)  # past an odd number of edges: inside a quote
            tokens.sentence.append(len(tokens.sentences) - 1)
            tokens.paragraph.append(number)
            tokens.index.append(index)
    if tokens.sentences:
        tokens.sentences[-1] = (tokens.sentences[-1][0], len(tokens.text))
    return tokens
