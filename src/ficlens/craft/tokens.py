"""The story's tokens as flat columns, read once from spaCy for every craft check.

Each check needs the same few facts about each token (its text, lemma, part of
speech, where it sits and whether it is inside a quotation); reading them once
into plain lists keeps the craft stage cheap next to spaCy itself.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..language import ParsedParagraph
from ..model import Quote

_CLITIC_STARTS = ("'", "’")


@dataclass(slots=True)
class Tokens:
    """Column `i` of each list describes the story's `i`-th token (spaces left out).

    `word` is True for tokens a reader counts as words (letters or digits, not a
    clitic such as "'s" or "n't", which belong to the word before them);
    `lemma` is lower-cased; `sentence` and `paragraph` index `sentences` and the
    parsed paragraphs; `quoted` is True inside a quotation's words.
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
    """Flatten the parsed paragraphs into `Tokens`, marking the quoted ones."""
    quote_starts = [q.start for q in quotes]
    quote_ends = [q.end for q in quotes]
    tokens = Tokens()
    for index, paragraph in enumerate(parsed):
        for sentence in paragraph.doc.sents:
            first = len(tokens.text)
            for token in sentence:
                if token.is_space:
                    continue
                text = token.text
                start = paragraph.offset + token.idx
                q = bisect_right(quote_starts, start) - 1
                tokens.text.append(text)
                tokens.lower.append(token.lower_)
                tokens.lemma.append(token.lemma_.lower())
                tokens.pos.append(token.pos_)
                tokens.start.append(start)
                tokens.end.append(start + len(text))
                tokens.word.append(is_word(text))
                tokens.stop.append(token.is_stop)
                tokens.quoted.append(q >= 0 and start < quote_ends[q])
                tokens.sentence.append(len(tokens.sentences))
                tokens.paragraph.append(index)
            if len(tokens.text) > first:
                tokens.sentences.append((first, len(tokens.text)))
    return tokens
