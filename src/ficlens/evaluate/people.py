"""Learn the person classifier (`characters.people`) from gold data.

Examples are name strings as ficlens finds them in a gold work, with the
features `characters.people.name_features` gives them and a label from the
gold: in LitBank's entity layer, the label of the innermost entity covering
the name's first word (PER against FAC, GPE, LOC, VEH, ORG; names inside no
entity are left out); in PDNC, whether the name can mean a character of the
novel's cast (`matching.match_cast`: equal names, or words of one gold
name). PDNC casts list the people who speak or are spoken to, so a person
who never is counts against; LitBank's labels carry no such bias, which is
why both are used. PDNC novels are also cut into stretches of fic length,
each a work of its own, so that the model sees names as a short story shows
them (seen once or twice). The model is scikit-learn's histogram gradient
boosting, exported as plain tree nodes that ficlens walks without it.
Besides the model trained on every work, one model is trained without each
PDNC novel, keyed by its text, for `ficlens eval`.
"""

from __future__ import annotations

import math
import os
from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace

import numpy

from ..characters import pronoun_votes
from ..characters.people import FEATURES, PersonModel, name_features
from ..dialogue.conversation import text_key
from ..model import Character
from .litbank import load_entity_work
from .matching import match_cast
from .runner import Task, load_gold, read_gold_work

TREES, LEARNING_RATE, LEAVES = 100, 0.1, 7
LITBANK_WEIGHT = 3.0  # a LitBank example's weight against a PDNC one: its labels are cleaner
THRESHOLD = 0.5
CHUNK_SIZES = (600, 5000)  # tokens: a drabble, a one-shot
CHUNK_WEIGHT = 0.3  # a 5,000-token stretch's example against a whole novel's (shorter ones weigh less)
# Evidence whose direction a reader knows: more of it never makes a name less (1) or more (-1)
# likely a person's. The trees learn how much, and how the rest combines.
MONOTONIC = {
    **dict.fromkeys(("honorific", "vocative", "introduced", "speech_subject", "person_subject", "pronoun_follows",
                     "pronoun_votes", "ner_person", "first_census_first", "known_person"), 1),
    **dict.fromkeys(("after_place_preposition", "after_the", "compound", "owned", "ner_place",
                     "first_lowercase_share", "last_lowercase_share"), -1),
}
_EVERY_NAME = PersonModel(FEATURES, (), 0.0, threshold=0.0)  # examples never depend on a model already shipped


@dataclass(slots=True)
class Example:
    """One name string of one work (or stretch of a work), its features, and whether it names a person."""

    work: str  # "pdnc:Emma", "litbank:1023_bleak_house"
    name: str
    features: dict[str, float]
    person: bool


def litbank_examples(root: str, name: str) -> list[Example]:
    """Name strings of one LitBank excerpt, labelled by the entity layer."""
    from ..pipeline import read_dialogue
    from ..read import read_bytes

    excerpt = load_entity_work(root, name)
    dialogue = read_dialogue(read_bytes(excerpt.text.encode("utf-8"), f"{name}.txt"), _EVERY_NAME)
    votes: dict[str, Counter] = {}
    for occurrence in dialogue.cast.candidates:
        label = _innermost(excerpt.entities, occurrence.start)
        if label is not None:
            votes.setdefault(occurrence.text, Counter())[label == "PER"] += 1
    return [Example(f"litbank:{name}", n, dialogue.cast.features[n], v.most_common(1)[0][0])
            for n, v in votes.items() if n in dialogue.cast.features]


def pdnc_examples(task: Task) -> tuple[str, list[Example]]:
    """The novel's text key, and its name strings labelled by whether they can mean a gold
    character: once over the whole novel, and once per stretch of each of `CHUNK_SIZES`, so
    that the model also learns what a name looks like in a story of fan-fiction length."""
    from ..pipeline import read_dialogue

    gold = load_gold(task)
    dialogue = read_dialogue(read_gold_work(gold), _EVERY_NAME)
    found = [("", dialogue.cast.features)]
    quotes = [(q.start, q.end) for q in dialogue.quotes]
    for first, last in (chunk for size in CHUNK_SIZES for chunk in _chunks(dialogue.parsed, size)):
        occurrences = [replace(o, paragraph=o.paragraph - first) for o in dialogue.cast.candidates
                       if first <= o.paragraph < last]
        parsed = dialogue.parsed[first:last]
        votes = pronoun_votes(occurrences, parsed, quotes)
        found.append((f"@{first}-{last}", name_features(occurrences, parsed, set(), votes)))
    names = sorted({n for _, features in found for n in features})
    probes = [Character(id=str(i), name=n, aliases=[]) for i, n in enumerate(names)]
    matches = match_cast(probes, gold, {})
    person = {n: bool(matches[str(i)].matches) for i, n in enumerate(names)}
    examples = [Example(f"pdnc:{task.name}{where}", n, f, person[n]) for where, features in found for n, f in features.items()]
    return text_key(dialogue.work.text), examples


def _chunks(parsed: Sequence, size: int) -> list[tuple[int, int]]:
    """Paragraph ranges of about `size` tokens each."""
    ranges, first, words = [], 0, 0
    for i, paragraph in enumerate(parsed):
        words += len(paragraph.doc)
        if words >= size:
            ranges.append((first, i + 1))
            first, words = i + 1, 0
    return ranges


def fit(examples: Sequence[Example]) -> PersonModel:
    """Gradient-boosted trees (scikit-learn's histogram GBM), exported as plain nodes;
    LitBank examples weigh `LITBANK_WEIGHT`."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    x = numpy.array([[e.features[k] for k in FEATURES] for e in examples], dtype=float)
    y = numpy.array([e.person for e in examples], dtype=int)
    weight = numpy.array([_weight(e) for e in examples])
    model = HistGradientBoostingClassifier(
        max_iter=TREES, learning_rate=LEARNING_RATE, max_leaf_nodes=LEAVES, l2_regularization=1.0,
        early_stopping=False, random_state=0, monotonic_cst=[MONOTONIC.get(k, 0) for k in FEATURES],
    ).fit(x, y, sample_weight=weight)
    trees = tuple(
        tuple((-1 if node["is_leaf"] else int(node["feature_idx"]), float(node["num_threshold"]),
               int(node["left"]), int(node["right"]), bool(node["missing_go_to_left"]),
               float(node["value"])) for node in predictor.nodes)
        for (predictor,) in model._predictors
    )
    return PersonModel(FEATURES, trees, float(model._baseline_prediction.ravel()[0]), THRESHOLD)


def _weight(example: Example) -> float:
    if example.work.startswith("litbank:"):
        return LITBANK_WEIGHT
    if "@" not in example.work:
        return 1.0
    return CHUNK_WEIGHT * min(1.0, math.exp(example.features["log_tokens"]) / max(CHUNK_SIZES))


def gather(pdnc: Sequence[Task], litbank_root: str | None, litbank_names: Sequence[str],
           jobs: int | None = None) -> tuple[list[tuple[str, list[Example]]], list[Example]]:
    """The text key and examples of each PDNC novel (in `pdnc` order), and the examples of
    all LitBank excerpts."""
    jobs = max(1, jobs or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        novels = list(pool.map(pdnc_examples, pdnc))
        excerpts = list(pool.map(litbank_examples, [litbank_root] * len(litbank_names), litbank_names))
    return novels, [e for found in excerpts for e in found]


def train_people(pdnc: Sequence[Task], litbank_root: str | None, litbank_names: Sequence[str],
                 jobs: int | None = None) -> dict:
    """The shipped model's JSON: trained on every example, and once without each PDNC novel."""
    novels, excerpts = gather(pdnc, litbank_root, litbank_names, jobs)
    everything = [e for _, found in novels for e in found] + excerpts
    held_out = {}
    for task, (key, found) in zip(pdnc, novels):
        rest = [e for _, other in novels if other is not found for e in other] + excerpts
        held_out[key] = {"work": task.name, **fit(rest).to_json()}
    return {
        "about": "person classifier for name strings; see ficlens.characters.people and ficlens.evaluate.people",
        "features": list(FEATURES),
        "trained_on": sorted({e.work.split("@")[0] for e in everything}),
        "examples": len(everything),
        **fit(everything).to_json(),
        "held_out": held_out,
    }


def _innermost(entities: Sequence[tuple[int, int, str]], offset: int) -> str | None:
    """The label of the shortest entity span covering `offset`, or None."""
    covering = [(end - start, label) for start, end, label in entities[: bisect_right(entities, (offset, 1 << 62, ""))]
                if start <= offset < end]
    return min(covering)[1] if covering else None
