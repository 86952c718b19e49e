"""Train the speaker ranker on LitBank's quotations and write `speaker_ranker.json`.

    .venv/bin/python scripts/train_speaker_ranker.py [../shared/data/litbank] [--cache DIR]

Every LitBank excerpt is analysed as a user's story would be (ficlens's own
paragraphs, characters and narration). For each quote paragraph the
attribution stage records its candidates and their features; the gold
speaker, mapped to ficlens's characters by `map_characters`, marks the right
ones. History features (who spoke last, two back...) come from the
attribution's own predictions, as at run time: the first round records them
with the sieves deciding, each later round with the ranker just trained, and
every round's examples are kept (DAgger). LitBank's paragraphs are rebuilt
one per speaker's turn (see `turns_as_paragraphs`). Training is full-batch
gradient descent from a prior that follows the sieves: the same data gives
the same weights. PDNC is never read.

Not shipped: trained this way the ranker scores below the sieves on PDNC
(see the commit message), so `attribute_speakers` does not use it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
import dataclasses
import re
import hashlib
import json
import sys
from datetime import date
from pathlib import Path

import numpy as np

from ficlens.characters import find_characters
from ficlens.dialogue import find_quotes_in
from ficlens.characters import Cast
from ficlens.characters.lexicon import FEMALE_PRONOUNS, MALE_PRONOUNS, SPEECH_VERBS
from ficlens.dialogue.attribution import (
    _CONVERSATION_GAP,
    CONFIDENCE,
    _Context,
    _Reader,
    _speakers_of,
    _turn,
    _vocatives,
)
from ficlens.dialogue.quotes import QuoteIndex, QuoteSpan
from ficlens.dialogue.ranker import (
    ARTIFACT,
    FEATURES,
    SCHEMA,
    SIEVES,
    Ranker,
    Situation,
    log_likelihood,
    rule_prior,
    train,
)
from ficlens.evaluate import litbank
from ficlens.evaluate.gold import GoldWork
from ficlens.evaluate.matching import SpanIndex, map_characters, overlap
from ficlens.language import ParsedParagraph, load, parse_spans
from ficlens.model import Narration, Paragraph, Quote
from ficlens.narration import narrate
from ficlens.read import read_bytes
from ficlens.structure import build_structure

# Chosen on LitBank alone (--holdout: train on half the excerpts, score the other half).
ROUNDS = 2
L2 = 1.0
STEPS = 600
PRIOR = 2.0  # start from, and pull towards, the sieves' own choice


def prepare(root: Path, name: str, cache: Path | None):
    """One excerpt through the stages before attribution, and its gold."""
    gold = turns_as_paragraphs(litbank.load_work(root, name))
    work = read_bytes(gold.text.encode("utf-8"), f"{name}.txt")
    structure = build_structure(work)
    paragraphs = structure.story_paragraphs()
    bounds = [(p.start, p.end) for p in paragraphs]
    parsed = _parse(work.text, bounds, cache / f"{name}.spacy" if cache else None)
    spans = find_quotes_in(work.text, paragraphs)
    known = work.meta.characters + [x.sender for x in structure.letters if x.sender]
    cast = find_characters(work.text, paragraphs, parsed, [(q.start, q.end) for q in spans], known)
    narration = narrate(work.text, structure, paragraphs, parsed, spans, cast)
    mapping = map_characters(cast.characters, gold, narration.narrator)
    return gold, paragraphs, parsed, spans, cast, narration, mapping


def turns_as_paragraphs(gold: GoldWork) -> GoldWork:
    """The excerpt with one paragraph per speaker's turn, as novels are printed.

    LitBank keeps sentences, not paragraphs, and its layout starts a paragraph
    at every sentence opening with a quotation mark or following one, so
    "“Yes.” He paused. “No.”" becomes three paragraphs where a novel has one,
    and the speaker seems to answer themselves. Quote paragraphs of one gold
    speaker with only narration between them are joined back; the blank lines
    become two spaces, so every offset stays put.
    """
    text = gold.text
    breaks = [m.start() for m in re.finditer("\n\n", text)]
    bounds = list(zip([0] + [b + 2 for b in breaks], breaks + [len(text)]))
    starts = sorted((span[0], q.speaker) for q in gold.quotes for span in q.spans)
    joined = list(text)
    last: tuple[int, str | None] | None = None  # (paragraph, sole speaker) of the last quote paragraph
    cursor = 0
    for number, (start, end) in enumerate(bounds):
        speakers = set()
        while cursor < len(starts) and starts[cursor][0] < end:
            speakers.add(starts[cursor][1])
            cursor += 1
        if not speakers:
            continue
        speaker = next(iter(speakers)) if len(speakers) == 1 else None
        if last is not None and speaker is not None and last[1] == speaker:
            for between in range(last[0], number):
                cut = bounds[between][1]
                joined[cut : cut + 2] = "  "
        last = (number, speaker)
    return dataclasses.replace(gold, text="".join(joined))


def _parse(text: str, bounds: list[tuple[int, int]], path: Path | None) -> list[ParsedParagraph]:
    from spacy.tokens import DocBin

    if path is not None and path.exists():
        docs = DocBin().from_disk(path).get_docs(load().vocab)
        return [ParsedParagraph(start, doc) for (start, _), doc in zip(bounds, docs)]
    parsed = parse_spans(text, bounds)
    if path is not None:
        attrs = ["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "MORPH", "POS", "SENT_START"]
        bin_ = DocBin(attrs=attrs)
        for p in parsed:
            bin_.add(p.doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        bin_.to_disk(path)
    return parsed


class _TagReader(_Reader):
    """The attribution's reader, whose tags also say the gender of a he/she subject."""

    def tagged(self, paragraph: ParsedParagraph, first_quote: int) -> tuple[str | None, str | None]:
        best: tuple[int, str, str | None] | None = None
        for token in paragraph.doc:
            offset = paragraph.offset + token.idx
            if token.pos_ not in ("VERB", "AUX") or self.quoted(offset) or token.lemma_.lower() not in SPEECH_VERBS:
                continue
            for child in _speakers_of(token):
                if self.quoted(paragraph.offset + child.idx):
                    continue
                character = self.cast.character_at(paragraph.offset + child.idx) or self.refer(child)
                if character and (best is None or abs(offset - first_quote) < best[0]):
                    lower = child.lower_
                    gender = "male" if lower in MALE_PRONOUNS else "female" if lower in FEMALE_PRONOUNS else None
                    best = (abs(offset - first_quote), character, gender)
        return (best[1], best[2]) if best else (None, None)

    def named(self, paragraph: ParsedParagraph) -> set[str]:
        """Characters named in the paragraph's narration (outside its quotes)."""
        found: set[str] = set()
        for occ in self.cast.occurrences_within(paragraph.offset, paragraph.offset + len(paragraph.doc.text)):
            character = self.cast.occurrence_character(occ) if not self.quoted(occ.start) else None
            if character:
                found.add(character)
        return found


def attribute_with(
    paragraphs: Sequence[Paragraph],
    parsed: Sequence[ParsedParagraph],
    spans: Sequence[QuoteSpan],
    cast: Cast,
    narration: Narration,
    ranker: Ranker | None,
    record: list[tuple[int, Situation]] | None = None,
) -> list[Quote]:
    """`attribute_speakers`'s loop with the sieves as proposals and `ranker` choosing
    (None: the sieves in order, exactly as `attribute_speakers`); `record`
    collects (first span index, situation) per quote paragraph."""
    quoted = QuoteIndex([(q.start, q.end) for q in spans])
    by_paragraph: dict[int, list[int]] = {}
    for i, span in enumerate(spans):
        by_paragraph.setdefault(span.paragraph, []).append(i)
    narrator = narration.narrator
    context = _Context(recent=[], last_speakers=[])
    reader = _TagReader(quoted, cast, context, narrator, narration.pov == "first")
    genders = {c.id: c.gender for c in cast.characters}
    quotes = [Quote(s.start, s.end, group=i) for i, s in enumerate(spans)]
    lead_in: str | None = None
    named_before: set[str] = set()
    last_spoke: dict[str, int] = {}
    lines: dict[str, int] = {}
    last_addressees: list[str] = []
    turn = 0
    for index, paragraph in enumerate(parsed):
        members = by_paragraph.get(index, [])
        subjects = reader.subjects(paragraph)
        named_here = reader.named(paragraph)
        if not members:
            lead_in = reader.lead_in(paragraph) if subjects else None
            context.gap += 1
            if context.gap > _CONVERSATION_GAP:
                context.last_speakers.clear()
                context.called = []
            named_before = named_here
            continue
        proposals: dict[str, str] = {}
        tag, tag_gender = reader.tagged(paragraph, spans[members[0]].start)
        if tag is not None:
            proposals["pronoun-tag" if tag_gender else "tag"] = tag
        if lead_in is not None:
            proposals["lead-in"] = lead_in
        continued = spans[members[0]].continues
        if continued is not None and quotes[continued].speaker:
            proposals["continued"] = quotes[continued].speaker
        called = _vocatives(spans, members, cast, None)
        if subjects:
            others = [c for c in subjects if c != narrator and c not in called]
            proposals["beat"] = (others or subjects)[0]
        turn_speaker, turn_method = _turn(context, quotes, members, spans, cast)
        if turn_speaker in called:
            turn_speaker = next((s for s in reversed(context.last_speakers) if s and s not in called), turn_speaker)
        if turn_speaker is not None and turn_method is not None:
            proposals[turn_method] = turn_speaker
        speaker, method = _rule(proposals)
        confidence = CONFIDENCE.get(method, 0.0) if speaker else 0.0
        situation = Situation(
            proposals=proposals,
            rule_choice=speaker,
            subjects=subjects,
            tag_gender=tag_gender,
            history=list(context.last_speakers),
            recent=list(context.recent),
            vocatives_here=called,
            vocatives_before=list(context.called),
            mentioned_in_quote=_mentioned(spans, members, cast),
            named_here=named_here,
            named_before=named_before,
            last_spoke=last_spoke,
            lines=lines,
            turn=turn,
            gap=context.gap,
            narrator=narrator,
            first_person=narration.pov == "first",
            genders=genders,
            last_addressees=last_addressees,
        )
        if record is not None:
            record.append((members[0], situation))
        if ranker is not None:
            speaker, confidence = ranker.choose(situation)
            method = "ranker"
        vocatives = [c for c in called if c != speaker]
        addressees = vocatives
        if not addressees and speaker and len(context.last_speakers) >= 1:
            other = next((s for s in reversed(context.last_speakers) if s and s != speaker), None)
            addressees = [other] if other else []
        context.called = vocatives
        group = members[0] if continued is None else quotes[continued].group
        for i in members:
            quote = quotes[i]
            quote.speaker = speaker
            quote.method = method if speaker else None
            quote.confidence = confidence if speaker else 0.0
            quote.addressees = addressees
            quote.group = group
        if speaker:
            context.act(speaker)
            last_spoke[speaker] = turn
            lines[speaker] = lines.get(speaker, 0) + 1
        context.last_speakers.append(speaker)
        context.gap = 0
        last_addressees = addressees
        lead_in = None
        named_before = named_here
        turn += 1
    return quotes


_METHOD = {"pronoun-tag": "tag", "lead-in": "tag"}


def _rule(proposals: dict[str, str]) -> tuple[str | None, str | None]:
    """The sieves' own decision: the most reliable proposal."""
    for sieve in SIEVES:
        if sieve in proposals:
            return proposals[sieve], _METHOD.get(sieve, sieve)
    return None, None


def _mentioned(spans: Sequence[QuoteSpan], members: list[int], cast: Cast) -> set[str]:
    """Characters named inside the quotes other than by vocative (speakers rarely name themselves)."""
    found: set[str] = set()
    for i in members:
        for occ in cast.occurrences_within(spans[i].start, spans[i].end):
            character = cast.occurrence_character(occ)
            if character and not occ.vocative:
                found.add(character)
    return found


def examples_of(work, ranker: Ranker | None) -> tuple[list[tuple[np.ndarray, np.ndarray]], int, int]:
    """(rows, right) per quote paragraph whose gold speaker is a candidate; and how
    many paragraphs the given ranker (or the sieves) got right, out of how many."""
    gold, paragraphs, parsed, spans, cast, narration, mapping = work
    gold_spans = [s for q in gold.quotes for s in q.spans]
    index = SpanIndex(gold_spans)
    speakers = [q.speaker for q in gold.quotes for _ in q.spans]

    def true_speaker(first: int) -> str | None:
        span = (spans[first].start, spans[first].end)
        hits = index.overlapping(*span)
        if not hits:
            return None
        speaker = speakers[max(hits, key=lambda i: overlap(span, gold_spans[i]))]
        return None if speaker in gold.nobody else speaker

    record: list = []
    quotes = attribute_with(paragraphs, parsed, spans, cast, narration, ranker, record)
    found, right_count, total = [], 0, 0
    for first, situation in record:
        speaker = true_speaker(first)
        if speaker is None:
            continue
        total += 1
        right_count += mapping.get(quotes[first].speaker) == speaker
        candidates = situation.candidates()
        right = np.array([mapping.get(c) == speaker for c in candidates], dtype=bool)
        if right.any():
            found.append((np.array([situation.features(c) for c in candidates]), right))
    return found, right_count, total


def data_hash(root: Path) -> str:
    """sha256 over the quotation files trained on, in name order."""
    digest = hashlib.sha256()
    folder = litbank.annotation_folder(root)
    for path in sorted(folder.iterdir()):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("litbank", nargs="?", default="../shared/data/litbank", type=Path)
    parser.add_argument("--cache", type=Path, help="keep parsed excerpts here between runs")
    parser.add_argument("--out", type=Path, default=ARTIFACT)
    parser.add_argument("--rounds", type=int, default=ROUNDS, help="rounds on the model's own history")
    parser.add_argument("--holdout", action="store_true", help="train on half the excerpts, score on the rest; write nothing")
    args = parser.parse_args(argv)
    works = [prepare(args.litbank, name, args.cache) for name in litbank.list_works(args.litbank)]
    if args.holdout:
        train_works, test_works = works[::2], works[1::2]
        ranker = fit(train_works, args.rounds)
        for label, model in (("sieves", None), ("ranker", ranker)):
            scores = [examples_of(work, model)[1:] for work in test_works]
            right, total = sum(r for r, _ in scores), sum(t for _, t in scores)
            print(f"held-out {label}: {right}/{total} = {right / total:.4f}")
        return 0
    ranker = fit(works, args.rounds)
    right = total = 0
    for work in works:
        _, r, t = examples_of(work, ranker)
        right, total = right + r, total + t
    print(f"final ranker right on {right}/{total} training paragraphs", file=sys.stderr)
    ranker.meta = {
        "trained": date.today().isoformat(),
        "data": "LitBank quotations",
        "data_sha256": data_hash(args.litbank),
        "examples": ranker.meta["examples"],
        "rounds": args.rounds,
        "l2": L2,
        "steps": STEPS,
        "log_likelihood": ranker.meta["log_likelihood"],
        "training_accuracy": round(right / total, 4) if total else None,
    }
    data = ranker.to_json()
    data["weights"] = {k: round(v, 6) for k, v in data["weights"].items()}
    assert data["schema"] == SCHEMA and list(data["weights"]) == list(FEATURES)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


def fit(works: list, rounds: int) -> Ranker:
    """Train on the gold history, then on the model's own for `rounds` rounds, keeping every example."""
    pool: list[tuple[np.ndarray, np.ndarray]] = []
    ranker = None
    for round_ in range(rounds):
        right = total = 0
        for work in works:
            found, r, t = examples_of(work, ranker)
            pool.extend(found)
            right, total = right + r, total + t
        print(f"round {round_ + 1}: right on {right}/{total} training paragraphs; {len(pool)} examples", file=sys.stderr)
        ranker = Ranker(train(pool, l2=L2, steps=STEPS, prior=rule_prior(PRIOR)))
    ranker.meta = {"examples": len(pool), "log_likelihood": round(log_likelihood(ranker.weights, pool), 4)}
    return ranker


if __name__ == "__main__":
    raise SystemExit(main())
