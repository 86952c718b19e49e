"""Which names name people: how a story uses a name, weighed by a learnt model.

A capitalised run of words may be a person ("Draco"), a place ("Malfoy Manor",
"Kew"), a thing ("the Archer Madeira"), a spell ("Episkey") or a word that
only starts a sentence ("Wot", "Feels"). No word list can tell them apart in
fiction it has never seen; how the text uses the name can. Each name string
gets the features below, summed over every place it is written, and a
small gradient-boosted tree model learnt from gold data (LitBank's entity
layer, PDNC's casts; `scripts/train_people.py`) turns them into the
probability that it names a person: trees, because evidence combines ("after
'at'" says little of a name seen twice, much of one seen a hundred times). spaCy's NER label is one feature among many: the small model calls
"Draco" an organisation.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.tokens import Doc

from ..language import ParsedParagraph, english_words
from .first_names import census_rank
from .lexicon import PERSON_VERBS, PLACE_PREPOSITIONS, SPEECH_VERBS
from .names import NameOccurrence, pronoun_follows

__all__ = ["FEATURES", "PersonModel", "name_features", "person_model", "held_out_person_model"]

MODEL_FILE = "people.json"
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_OTHER_LABELS = {"NORP", "DATE", "TIME", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT", "MONEY",
                 "QUANTITY", "CARDINAL", "ORDINAL", "PERCENT"}
_COMPANY_PREPOSITIONS = {"with", "by", "for", "about", "beside", "behind", "than", "like", "upon"}
_NO_VOWEL = re.compile(r"[^aeiouy]+", re.I)
_REPEATED = re.compile(r"(.)\1\1", re.I)

# What each occurrence shows; a name's feature is the share of its occurrences that show it.
OCCURRENCE_FEATURES = (
    "honorific", "vocative", "introduced", "speech_subject", "person_subject", "other_subject", "any_subject",
    "object", "after_preposition", "after_place_preposition", "after_to", "after_of", "after_company_preposition",
    "after_the", "after_possessive",
    "compound", "possessive", "owned", "pronoun_follows", "sentence_start", "in_quote", "exclaimed", "alone",
    "ner_person", "ner_place", "ner_org", "ner_other", "plural_tag",
)
# What the name string itself shows.
NAME_FEATURES = (
    "log_count", "log_tokens", "words", "one_word", "first_english", "last_english", "first_lowercase_share",
    "last_lowercase_share", "first_census_first", "last_census_last", "known_person", "pronoun_votes",
    "no_vowel", "repeated_letter", "hyphen_or_apostrophe", "ends_in_s",
)
FEATURES = OCCURRENCE_FEATURES + NAME_FEATURES


def name_features(
    occurrences: Sequence[NameOccurrence],
    parsed: Sequence[ParsedParagraph],
    known_words: set[str] = frozenset(),
    pronoun_votes: Mapping[str, Counter] | None = None,
) -> dict[str, dict[str, float]]:
    """Name string -> its features (see `FEATURES`), from every place the story writes it."""
    pronoun_votes = pronoun_votes or {}
    shown: dict[str, Counter] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    words: dict[str, tuple[str, ...]] = {}  # the name's words, honorific left out
    for occ in occurrences:
        paragraph = parsed[occ.paragraph]
        counts[occ.text] += 1
        words[occ.text] = occ.parts
        shown[occ.text].update(_shown(paragraph.doc, occ, paragraph.offset))
    lower = _lowercase_shares(parsed)
    log_tokens = math.log1p(sum(len(p.doc) for p in parsed))
    features = {}
    for name, count in counts.items():
        parts = words[name]
        first, last = parts[0], parts[-1]
        f = {key: shown[name][key] / count for key in OCCURRENCE_FEATURES}
        f.update(
            log_count=math.log1p(count),
            log_tokens=log_tokens,
            words=min(len(parts), 4) / 4,
            one_word=float(len(parts) == 1),
            first_english=float(_plain(first) in english_words()),
            last_english=float(_plain(last) in english_words()),
            first_lowercase_share=lower.get(_plain(first), 0.0),
            last_lowercase_share=lower.get(_plain(last), 0.0),
            first_census_first=_rank_score(census_rank(first, "first")),
            last_census_last=_rank_score(census_rank(last, "last")),
            known_person=float(all(p.lower() in known_words for p in parts)),
            pronoun_votes=sum(pronoun_votes.get(name, Counter()).values()) / count,
            no_vowel=float(any(_NO_VOWEL.fullmatch(p.rstrip(".")) for p in parts if len(p.rstrip(".")) > 1)),
            repeated_letter=float(any(_REPEATED.search(p) for p in parts)),
            hyphen_or_apostrophe=float(any(c in name for c in "-'’")),
            ends_in_s=float(last.endswith("s") and not last.endswith("ss")),
        )
        features[name] = f
    return features


def _shown(doc: Doc, occ: NameOccurrence, offset: int) -> Counter:
    span = doc.char_span(occ.start - offset, occ.end - offset, alignment_mode="expand")
    if span is None:
        return Counter()
    first, last = span.start, span.end
    before = doc[first - 1] if first > 0 else None
    after = doc[last] if last < len(doc) else None
    head = doc[last - 1]
    labels = {t.ent_type_ for t in span} - {""}
    sentence = [t for t in head.sent if not (t.is_punct or t.is_space)]
    shown = Counter()
    shown["honorific"] = occ.honorific is not None
    shown["vocative"] = occ.vocative
    shown["introduced"] = occ.introduced
    shown["speech_subject"] = occ.subject_of in SPEECH_VERBS
    shown["person_subject"] = occ.subject_of in PERSON_VERBS and occ.subject_of not in SPEECH_VERBS
    shown["other_subject"] = occ.subject_of is not None and occ.subject_of not in PERSON_VERBS
    shown["any_subject"] = any(t.dep_ in ("nsubj", "nsubjpass") for t in span)
    shown["object"] = head.dep_ in ("dobj", "iobj", "dative")
    shown["after_preposition"] = before is not None and before.dep_ == "prep"
    shown["after_place_preposition"] = before is not None and before.lower_ in PLACE_PREPOSITIONS | {"from", "since"}
    shown["after_to"] = before is not None and before.lower_ == "to"
    shown["after_of"] = before is not None and before.lower_ == "of"
    shown["after_company_preposition"] = before is not None and before.lower_ in _COMPANY_PREPOSITIONS
    shown["after_the"] = before is not None and before.lower_ in ("the", "a", "an")
    shown["after_possessive"] = before is not None and before.tag_ == "PRP$"
    shown["compound"] = head.dep_ == "compound" and head.head.pos_ == "NOUN"
    shown["possessive"] = after is not None and after.text in ("'s", "’s", "'", "’")
    shown["owned"] = shown["possessive"] and shown["after_possessive"]  # "his Adam's apple"
    shown["pronoun_follows"] = pronoun_follows(doc, last)
    shown["sentence_start"] = occ.sentence_start
    shown["in_quote"] = occ.in_quote
    shown["exclaimed"] = after is not None and after.text == "!"
    shown["alone"] = bool(sentence) and all(first <= t.i < last for t in sentence)
    shown["ner_person"] = "PERSON" in labels
    shown["ner_place"] = bool(labels & _PLACE_LABELS)
    shown["ner_org"] = "ORG" in labels
    shown["ner_other"] = bool(labels & _OTHER_LABELS)
    shown["plural_tag"] = head.tag_ == "NNPS"
    return shown


def _lowercase_shares(parsed: Sequence[ParsedParagraph]) -> dict[str, float]:
    """Per lower-cased word, the share of its uses written in lower case ("feels" against "Feels")."""
    lower: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for paragraph in parsed:
        for token in paragraph.doc:
            if token.is_alpha:
                total[token.lower_] += 1
                lower[token.lower_] += token.text.islower()
    return {word: lower[word] / n for word, n in total.items()}


def _plain(word: str) -> str:
    return word.lower().rstrip(".").replace("’", "'")


def _rank_score(rank: int | None) -> float:
    """1 for the commonest census name, falling towards 0 for rare ones; 0 when unlisted."""
    return 0.0 if rank is None else 1.0 - math.log1p(rank) / math.log1p(100_000)


Node = tuple[int, float, int, int, bool, float]  # feature, threshold, left, right, missing goes left, value


@dataclass(frozen=True, slots=True)
class PersonModel:
    """Gradient-boosted trees over `FEATURES`: P(a name names a person).

    Each tree is a list of nodes; a node with feature -1 is a leaf holding its
    value. The log-odds are `baseline` plus one leaf value per tree.
    """

    features: tuple[str, ...]
    trees: tuple[tuple[Node, ...], ...]
    baseline: float
    threshold: float = 0.5

    def probability(self, features: Mapping[str, float]) -> float:
        x = [features.get(name, 0.0) for name in self.features]
        z = self.baseline
        for nodes in self.trees:
            node = nodes[0]
            while node[0] >= 0:
                value = x[node[0]]
                left = node[4] if math.isnan(value) else value <= node[1]
                node = nodes[node[2] if left else node[3]]
            z += node[5]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def is_person(self, features: Mapping[str, float]) -> bool:
        return self.probability(features) >= self.threshold

    @classmethod
    def from_json(cls, data: Mapping) -> PersonModel:
        trees = tuple(tuple((int(f), float(t), int(l), int(r), bool(m), float(v)) for f, t, l, r, m, v in tree)
                      for tree in data["trees"])
        return cls(tuple(data["features"]), trees, float(data["baseline"]), float(data.get("threshold", 0.5)))

    def to_json(self) -> dict:
        return {"features": list(self.features), "baseline": self.baseline, "threshold": self.threshold,
                "trees": [[list(node) for node in tree] for tree in self.trees]}


@cache
def _shipped() -> dict:
    return json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text(encoding="utf-8"))


def person_model() -> PersonModel:
    """The model trained on every gold work."""
    return PersonModel.from_json(_shipped())


def held_out_person_model(key: str) -> PersonModel:
    """The model trained without the work whose text key (`dialogue.conversation.text_key`) this
    is, when it was a training work: what an honest evaluation of that work must use."""
    data = _shipped()
    return PersonModel.from_json(data.get("held_out", {}).get(key, data))
