"""Measure ficlens against quotation and speaker annotations written by others.

One job per module:

    gold.py      the gold data every loader produces (works, quotes, characters)
    pdnc.py      the Project Dialogism Novel Corpus format
    litbank.py   LitBank's quotation layer (tokenised sentences)
    matching.py  which prediction answers which gold item (spans, characters)
    metrics.py   the figures for one work, and their sums over a corpus
    runner.py    analyses the works, one process each, and scores them
    report.py    tables for people and JSON for programs
"""

from .gold import EvalError, GoldCharacter, GoldQuote, GoldWork
from .metrics import CorpusScore, WorkScore, score_work

__all__ = [
    "CorpusScore",
    "EvalError",
    "GoldCharacter",
    "GoldQuote",
    "GoldWork",
    "WorkScore",
    "score_work",
]
