"""Learn the conversation speaker model from gold quotations.

Each gold work is read up to the sieves' conversations (`pipeline.read_dialogue`);
a turn's gold speaker is the gold character most of its quotes belong to, and
the candidates mapped to that character are the ones the perceptron must
prefer. Besides the model trained on every work, one model is trained without
each work, keyed by a hash of its text: `ficlens eval` scores a work with the
model that never saw it, so the figures it prints are held out.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..dialogue.conversation import Lattice, lattice, text_key, train
from .gold import GoldWork
from .matching import SpanIndex, map_characters, name_usage, overlap
from .runner import Task, load_gold, read_gold_work

Example = tuple[Lattice, list[set[int] | None]]
EPOCHS = 5
RUNS = 6  # perceptrons averaged, each seeing the conversations in its own order


@dataclass(slots=True)
class WorkExamples:
    name: str
    key: str
    examples: list[Example]


def work_examples(task: Task) -> WorkExamples:
    """The conversations of one gold work, each turn with the candidates that are its gold speaker."""
    from ..characters.people import held_out_person_model
    from ..pipeline import read_dialogue

    gold = load_gold(task)
    work = read_gold_work(gold)
    dialogue = read_dialogue(work, held_out_person_model(text_key(work.text)))
    narrator = dialogue.narration.narrator
    usage = name_usage(dialogue.work.text, dialogue.cast.mentions)
    mapping = map_characters(dialogue.cast.characters, gold, narrator, usage)
    speakers = _gold_speakers(gold, dialogue.quotes)
    first_person = dialogue.narration.pov == "first"
    examples = []
    for turns in dialogue.conversations:
        found = lattice(turns, dialogue.cast, narrator, first_person)
        allowed: list[set[int] | None] = []
        for turn, candidates in zip(turns, found.candidates):
            votes = Counter(s for i in turn.members for s in speakers.get(i, ()))
            wanted = votes.most_common(1)[0][0] if votes else None
            right = {j for j, c in enumerate(candidates) if c is not None and mapping.get(c) == wanted}
            allowed.append(right if wanted is not None and right else None)
        examples.append((found, allowed))
    return WorkExamples(f"{task.corpus}:{task.name}", text_key(dialogue.work.text), examples)


def _gold_speakers(gold: GoldWork, quotes: Sequence) -> dict[int, list[str]]:
    """Gold speakers of each predicted quote, by the gold quotes it overlaps most."""
    index = SpanIndex([(q.start, q.end) for q in quotes])
    found: dict[int, list[str]] = defaultdict(list)
    for quote in gold.quotes:
        if not quote.speaker or quote.speaker in gold.nobody:
            continue
        shared: dict[int, int] = defaultdict(int)
        for span in quote.spans:
            for i in index.overlapping(*span):
                shared[i] += overlap(span, (quotes[i].start, quotes[i].end))
        if shared:
            found[max(shared, key=lambda i: (shared[i], -i))].append(quote.speaker)
    return found


def train_speakers(
    tasks: Sequence[Task], jobs: int | None = None, epochs: int = EPOCHS, runs: int = RUNS
) -> dict:
    """The shipped model's JSON: weights trained on every task's work, and one set without each."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        works = list(pool.map(work_examples, sorted(tasks, key=lambda t: -t.size)))
    everything = [e for w in works for e in w.examples]
    held_out = {}
    for work in works:
        rest = [e for w in works if w is not work for e in w.examples]
        held_out[work.key] = {"work": work.name, **train(rest, epochs, runs).to_json()}
    return {
        "about": "conversation speaker model; see ficlens.dialogue.conversation and ficlens.evaluate.train",
        "trained_on": sorted(f"{t.corpus}:{t.name}" for t in tasks),
        "epochs": epochs,
        "runs": runs,
        **train(everything, epochs, runs).to_json(),
        "held_out": held_out,
    }
