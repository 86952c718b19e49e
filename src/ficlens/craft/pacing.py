"""Pacing: long stretches of narration with no dialogue, and long exchanges with no beats.

AutoCrit's pacing report and ProWritingAid's pacing check show where a story
slows into unbroken narration or speeds into talking heads. Paragraph by
paragraph: a narration paragraph has no quoted words; a bare line of dialogue
has quoted words and at most BEAT_WORDS words outside them (room for a tag,
"he said quietly", but not for a beat of action). A narration run is
consecutive narration paragraphs of NARRATION_RUN words or more in all
(about three printed pages); a dialogue run is DIALOGUE_RUN or more bare lines
in a row. Each run is reported with its length.
"""

from __future__ import annotations

from dataclasses import dataclass

from .tokens import Tokens

NARRATION_RUN = 750  # words
DIALOGUE_RUN = 8  # lines
BEAT_WORDS = 4


@dataclass(slots=True)
class PaceRun:
    """Consecutive paragraphs of one kind: their words (all of them) and how many paragraphs."""

    start: int
    end: int
    words: int
    paragraphs: int


@dataclass(slots=True)
class Pacing:
    """The story's long narration runs and long runs of bare dialogue, in text order."""

    narration_runs: list[PaceRun]
    dialogue_runs: list[PaceRun]


def pacing(tokens: Tokens) -> Pacing:
    """The long runs of narration and of bare dialogue."""
    paragraphs: dict[int, list[int]] = {}  # paragraph -> [start, end, quoted words, other words]
    for i, number in enumerate(tokens.paragraph):
        row = paragraphs.setdefault(number, [tokens.start[i], tokens.end[i], 0, 0])
        row[1] = tokens.end[i]
        if tokens.word[i]:
            row[2 if tokens.quoted[i] else 3] += 1
    narration: list[PaceRun] = []
    dialogue: list[PaceRun] = []
    runs = {"narration": narration, "dialogue": dialogue}
    run: list[list[int]] = []
    run_kind = None
    for row in list(paragraphs.values()) + [None]:
        kind = None if row is None else "narration" if row[2] == 0 else "dialogue" if row[3] <= BEAT_WORDS else None
        if run and kind == run_kind:
            run.append(row)
            continue
        if run:
            words = sum(r[2] + r[3] for r in run)
            if (run_kind == "narration" and words >= NARRATION_RUN) or (run_kind == "dialogue" and len(run) >= DIALOGUE_RUN):
                runs[run_kind].append(PaceRun(run[0][0], run[-1][1], words, len(run)))
        run, run_kind = ([row], kind) if kind else ([], None)
    return Pacing(narration, dialogue)
