"""Small works for the library tests: analysis-shaped dicts without running the pipeline, and texts."""

from __future__ import annotations

import hashlib
import random
from typing import Any

NAMES = ["Mara", "Tobias", "Ines", "Caspian", "Wren", "Odile", "Felix", "Sunniva", "Bram", "Lotte", "Ezra", "Noor"]
PLACES = ["the harbour", "the library", "the orchard", "the station", "the old mill", "the lighthouse", "the market"]
VERBS = ["watched", "followed", "remembered", "avoided", "greeted", "doubted", "forgave", "teased"]
THINGS = ["a lantern", "the letter", "a green scarf", "the map", "a broken clock", "the kettle", "a paper boat"]


# A small story as a file holds it, with tag lines: what `ficlens add` and the page import.
HARBOUR = """Title: The Harbour
Author: Wren
Fandom: Original Work

Mara watched Tobias near the harbour while the light went out of the sky.

“Did you bring the map?” Tobias asked, and Mara shook her head.

“We should go,” said Mara. “It is late.”

Tobias laughed. “You always say that, Mara.”
"""


def story_text(seed: int, words: int = 300) -> str:
    """A deterministic little story, different for each seed, of about `words` words."""
    rng = random.Random(seed)
    a, b = rng.sample(NAMES, 2)
    paragraphs, count = [], 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            sentence = rng.choice([
                f"{a} {rng.choice(VERBS)} {b} near {rng.choice(PLACES)} while the light went out of the sky.",
                f"“Did you bring {rng.choice(THINGS)}?” {b} asked, and {a} shook her head.",
                f"At {rng.choice(PLACES)} {b} found {rng.choice(THINGS)} and kept it for {rng.randint(2, 90)} days.",
                f"“We should go,” said {a}. “It is {rng.choice(['late', 'raining', 'cold', 'nearly dawn'])}.”",
                f"Nobody in {rng.choice(PLACES)} had seen {rng.choice(THINGS)} since the winter of {1800 + seed}.",
            ])
            sentences.append(sentence)
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(paragraphs) + "\n"


def analysis(text: str, title: str | None = "A Work", authors: list[str] | None = None, *, fandoms=(),
             rating: str | None = None, categories=(), relationships=(), characters=(), tags=(), warnings=(),
             language: str | None = "English", summary: str | None = None, url: str | None = None,
             pov: str | None = "third", tense: str | None = "past", cast=(), inferred_relationships=(),
             bonds=(), sha256: str | None = None) -> dict[str, Any]:
    """A dict shaped like the analysis contract (the parts the library reads), for `add_analysis`.

    `cast` is a list of (name, aliases, mentions, lines); `bonds` of (name, name, kind, relation), the
    first romantic one the main pairing.
    """
    ids = {name: name.lower().replace(" ", "-") for name, *_ in cast}
    found = [
        {"characters": sorted((ids[a], ids[b])), "lines": {"a_to_b": 1, "b_to_a": 1}, "shared_scenes": 1,
         "co_mentions": 1, "warmth": 0.1, "strength": 1.0, "kind": kind, "relation": relation,
         "confidence": {kind: 0.9}, "guard": None, "evidence": []}
        for a, b, kind, relation in bonds
    ]
    romance = next(((a, b) for a, b, kind, _ in bonds if kind == "romantic"), None)
    pairing = {"characters": sorted((ids[romance[0]], ids[romance[1]])), "tag": "/".join(sorted(romance)),
               "category": None} if romance else None
    sha = sha256 or hashlib.sha256(f"{title}|{authors}|{text}".encode()).hexdigest()
    return {
        "schema": "ficlens.analysis/1",
        "source": {"path": f"{title}.txt", "format": "text", "sha256": sha, "encoding": "utf-8"},
        "work": {"title": title, "authors": list(authors or []), "fandoms": list(fandoms), "rating": rating,
                 "warnings": list(warnings), "categories": list(categories),
                 "relationships": list(relationships),
                 "characters": list(characters), "tags": list(tags), "language": language, "summary": summary,
                 "series": [], "collections": [], "stats": {}, "url": url, "words": len(text.split()),
                 "chapters": [{"title": None, "start": 0, "end": len(text), "summary": None}]},
        "scenes": [{"start": 0, "end": len(text), "chapter": 0, "heading": None, "pov": pov, "tense": tense,
                    "pov_character": None, "characters": []}],
        "structure": {"paragraphs": [], "breaks": [], "headings": [], "letters": [], "notes": []},
        "skipped": [],
        "characters": [{"id": name.lower().replace(" ", "-"), "name": name, "aliases": list(aliases),
                        "gender": None, "mentions": mentions, "quotes": lines, "first": 0, "last": 0}
                       for name, aliases, mentions, lines in cast],
        "quotes": [],
        "narration": {"pov": pov, "tense": tense, "narrator": None, "slips": []},
        "relationships": found,
        "pairing": pairing,
        "inferred": {"characters": [], "relationships": list(inferred_relationships), "categories": []},
        "diagnostics": {"readability": {"flesch_reading_ease": 80.0}},
    }


def quick(data: dict[str, Any], text: str, path: str):
    """The work prepared for `add_analysis` with a zero embedding: for tests where similarity is not the point."""
    from ficlens.library import dedupe
    from ficlens.library.importer import Prepared

    scenes = len(data.get("scenes") or [])
    return Prepared(data, text, path, dedupe.to_blob(dedupe.signature(text)), bytes(384 * 4), [None] * scenes)
