"""Which common nouns say what someone is: "said the magistrate" names a speaker, "said the letter" none.

A noun learnt from LitBank's entity layer to head mentions of people ("magistrate",
"stranger", "waiter"; `scripts/train_person_nouns.py`), or one made by the suffixes
that make nouns of doers ("porter", "pianist", "barman"), says what someone is or
does. Nouns LitBank shows to name things ("letter", "voice", "word") and abstract
nouns ("kindness", "question") do not; nor, by default, does a noun neither shows:
fan fiction calls its named characters "the blonde" and "the redhead".
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

PERSON_NOUNS_FILE = "person_nouns.json"
_DOER = re.compile(r"[a-z]{2,}(?:er|or|ist|ian|ant|ent|eer|ee|man)")
_ABSTRACT = re.compile(r"[a-z]+(?:ness|tion|sion|ment|ity|ance|ence|ism|ship|hood|ing)")


@cache
def _learnt() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(resources.files(__package__).joinpath(PERSON_NOUNS_FILE).read_text(encoding="utf-8"))
    return frozenset(data["people"]), frozenset(data["things"])


def is_role_noun(noun: str) -> bool:
    """Whether a lower-case singular noun says what someone is or does ("magistrate", "porter")."""
    people, things = _learnt()
    if noun in things or _ABSTRACT.fullmatch(noun):
        return False
    return noun in people or _DOER.fullmatch(noun) is not None
