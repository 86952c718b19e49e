"""Which common nouns may name a person: "said the turnkey" has a speaker, "said the letter" none.

The nouns that name things are learnt from LitBank's entity layer by
`scripts/train_person_nouns.py` ("letter", "voice", "word"); nouns made from
verbs and adjectives by the suffixes of abstract nouns ("kindness", "question",
"silence") name no one either.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources

THING_NOUNS_FILE = "thing_nouns.json"
_ABSTRACT = re.compile(r"[a-z]+(?:ness|tion|sion|ment|ity|ance|ence|ism|ship|hood|ing)")


@cache
def _things() -> frozenset[str]:
    data = json.loads(resources.files(__package__).joinpath(THING_NOUNS_FILE).read_text(encoding="utf-8"))
    return frozenset(data["things"])


def may_name_a_person(noun: str) -> bool:
    """Whether a lower-case singular noun can stand for someone ("doctor", "turnkey", "child")."""
    return noun not in _things() and not _ABSTRACT.fullmatch(noun)
