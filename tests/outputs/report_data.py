"""Stand-ins for the story and craft stages, for testing the report renderers.

`with_story_and_craft(data, text)` takes a real analysis dict and adds the keys
of docs/report-contract.md (arc, relationships, pairing, inferred, diagnostics),
computed crudely but with real offsets into `text`, so the renderers meet the
shapes and the overlaps (phrases inside quotes, slips containing quotes) of the
real stages. The lead replaces this with the real stages once they land.
"""

from __future__ import annotations

import copy
import re
import statistics
from collections import Counter, defaultdict
from typing import Any

EMOTIONS = ("anger", "anticipation", "disgust", "fear", "joy", "sadness", "surprise", "trust")
SHAPES = ("rags to riches", "tragedy", "man in a hole", "Icarus", "Cinderella", "Oedipus")

_POSITIVE = set("love loved smile smiles smiled warm warmth soft softly gentle hope laugh laughs laughed "
                "happy safe kind comfort relief relieved peace glad together home".split())
_NEGATIVE = set("cold fear afraid hurt pain broken cry cries tears sad anger angry hate dark alone lost "
                "guilt shame wound grief sneer disgust bitter regret die dead".split())
_EMOTION_WORDS = {
    "anger": {"anger", "angry", "hate", "sneer", "bitter", "rage"},
    "anticipation": {"wait", "waits", "hope", "soon", "expect", "expecting"},
    "disgust": {"disgust", "sneer", "shame"},
    "fear": {"fear", "afraid", "scared", "nervous", "dark"},
    "joy": {"smile", "smiles", "smiled", "laugh", "laughs", "happy", "love", "glad"},
    "sadness": {"sad", "tears", "cry", "lost", "alone", "grief", "broken", "regret"},
    "surprise": {"surprise", "sudden", "suddenly", "shock"},
    "trust": {"trust", "safe", "together", "home", "comfort"},
}
_FILTER = {"feel", "feels", "felt", "see", "sees", "saw", "notice", "notices", "noticed", "realize", "realizes",
           "realized", "seem", "seems", "seemed", "hear", "heard", "watch", "watches", "watched"}
_CRUTCH = {"just", "really", "very", "little", "still", "even", "almost"}
_TAG_VERBS = {"said": "say", "says": "say", "whispers": "whisper", "whispered": "whisper", "asks": "ask",
              "asked": "ask", "murmurs": "murmur", "murmured": "murmur", "replies": "reply", "replied": "reply"}
_WORD = re.compile(r"[A-Za-z’']+")


def with_story_and_craft(data: dict[str, Any], text: str) -> dict[str, Any]:
    """A copy of `data` with every story and craft key of the contract filled in."""
    data = copy.deepcopy(data)
    paragraphs = [(s, e) for s, e, role in data["structure"]["paragraphs"] if role in ("text", "letter")]
    words = [(m.start(), m.end(), m.group().lower()) for s, e in paragraphs for m in _WORD.finditer(text, s, e)]
    data["arc"] = _arc(data, words)
    data["relationships"] = _relationships(data, text, paragraphs)
    data["pairing"] = _pairing(data)
    data["inferred"] = _inferred(data)
    data["diagnostics"] = _diagnostics(data, text, paragraphs, words)
    return data


def _score(tokens: list[str]) -> float:
    pos = sum(t in _POSITIVE for t in tokens)
    neg = sum(t in _NEGATIVE for t in tokens)
    return round(max(-1.0, min(1.0, (pos - neg) / (pos + neg + 2))), 4)


def _arc(data: dict[str, Any], words: list[tuple[int, int, str]]) -> dict[str, Any]:
    window = 250 if len(words) > 2500 else max(20, len(words) // 10)
    points = []
    for first in range(0, max(1, len(words) - window + 1), window // 2):
        chunk = words[first : first + window]
        points.append({"start": chunk[0][0], "end": chunk[-1][1],
                       "position": round((first + len(chunk) / 2) / len(words), 4),
                       "sentiment": _score([w for _, _, w in chunk]), "smoothed": 0.0})
    for i, point in enumerate(points):
        near = points[max(0, i - 2) : i + 3]
        point["smoothed"] = round(sum(p["sentiment"] for p in near) / len(near), 4)
    scenes = []
    for scene in data["scenes"]:
        tokens = [w for s, _, w in words if scene["start"] <= s < scene["end"]]
        per = 1000 / max(1, len(tokens))
        scenes.append({"start": scene["start"], "end": scene["end"], "sentiment": _score(tokens),
                       "emotions": {e: round(sum(t in _EMOTION_WORDS[e] for t in tokens) * per, 2)
                                    for e in EMOTIONS}})
    scores = {shape: round(0.9 - i * 0.25, 3) for i, shape in enumerate(SHAPES)}
    return {"method": "vader", "window": window, "points": points, "scenes": scenes,
            "shape": "man in a hole", "shape_scores": scores}


def _relationships(data: dict[str, Any], text: str, paragraphs: list[tuple[int, int]]) -> list[dict[str, Any]]:
    lines: Counter[tuple[str, str]] = Counter()
    tone: defaultdict[tuple[str, str], list[float]] = defaultdict(list)
    for quote in data["quotes"]:
        for addressee in quote["addressees"]:
            if quote["speaker"] and addressee != quote["speaker"]:
                lines[quote["speaker"], addressee] += 1
                pair = tuple(sorted((quote["speaker"], addressee)))
                tone[pair].append(_score(_WORD.findall(quote["text"].lower())))
    aliases = {c["id"]: c["aliases"] for c in data["characters"]}
    pairs = set(tone)
    for scene in data["scenes"]:
        present = sorted(scene.get("characters", []))[:4]
        pairs.update((a, b) for i, a in enumerate(present) for b in present[i + 1 :])
    result = []
    for a, b in pairs:
        shared = sum(a in s.get("characters", []) and b in s.get("characters", []) for s in data["scenes"])
        co = sum(any(n in text[s:e] for n in aliases[a]) and any(n in text[s:e] for n in aliases[b])
                 for s, e in paragraphs)
        warmth = round(statistics.fmean(tone[a, b]) * 8, 3) if tone.get((a, b)) else None
        if warmth is not None:
            warmth = max(-1.0, min(1.0, warmth))
        result.append({"characters": [a, b], "lines": {"a_to_b": lines[a, b], "b_to_a": lines[b, a]},
                       "shared_scenes": shared, "co_mentions": co, "warmth": warmth,
                       "strength": float(lines[a, b] + lines[b, a] + co + shared)})
    top = max((r["strength"] for r in result), default=1.0) or 1.0
    for r in result:
        r["strength"] = round(r["strength"] / top, 3)
    return sorted(result, key=lambda r: (-r["strength"], r["characters"]))


def _pairing(data: dict[str, Any]) -> dict[str, Any] | None:
    if not data["relationships"]:
        return None
    a, b = data["relationships"][0]["characters"]
    people = {c["id"]: c for c in data["characters"]}
    letter = {"male": "M", "female": "F"}
    genders = sorted(letter.get(people[x]["gender"], "M") for x in (a, b))
    names = sorted(people[x]["name"] for x in (a, b))
    return {"characters": [a, b], "tag": "/".join(names), "category": "/".join(genders)}


def _agreement(declared: list[str], inferred: list[str]) -> dict[str, list[str]]:
    return {"declared": declared, "agree": [x for x in inferred if x in declared],
            "only_declared": [x for x in declared if x not in inferred],
            "only_inferred": [x for x in inferred if x not in declared]}


def _inferred(data: dict[str, Any]) -> dict[str, Any]:
    ranked = sorted(data["characters"], key=lambda c: -(c["mentions"] + c["quotes"]))
    characters = [c["name"] for c in ranked if c["mentions"] + c["quotes"] >= 3]
    relationships = [data["pairing"]["tag"]] if data["pairing"] else []
    categories = [data["pairing"]["category"]] if data["pairing"] else ["Gen"]
    work = data["work"]
    return {"characters": characters, "relationships": relationships, "categories": categories,
            "agreement": {"characters": _agreement(work["characters"], characters),
                          "relationships": _agreement(work["relationships"], relationships),
                          "categories": _agreement(work["categories"], categories)}}


def _word_family(words: list[tuple[int, int, str]], vocabulary: set[str], total: int) -> dict[str, Any]:
    hits = [(s, e, w) for s, e, w in words if w in vocabulary]
    return {"count": len(hits), "per_1000": round(len(hits) * 1000 / max(1, total), 2),
            "words": dict(Counter(w for _, _, w in hits).most_common()),
            "spans": [{"start": s, "end": e} for s, e, _ in hits]}


def _repeated_phrases(words: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    grams: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for n in (4, 3):
        for i in range(len(words) - n + 1):
            grams[" ".join(w for _, _, w in words[i : i + n])].append((words[i][0], words[i + n - 1][1]))
    found: list[dict[str, Any]] = []
    for phrase, spans in sorted(grams.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        if len(spans) < 3 or any(phrase in f["phrase"] for f in found):
            continue
        found.append({"phrase": phrase, "count": len(spans), "expected": 0.02, "variants": [],
                      "spans": [{"start": s, "end": e} for s, e in spans]})
        if len(found) == 12:
            break
    return found


def _echoes(words: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    last: dict[str, int] = {}
    echoes = []
    for i, (s, e, w) in enumerate(words):
        if len(w) >= 7 and w in last and i - last[w] <= 40 and len(echoes) < 10:
            j = last[w]
            echoes.append({"word": w, "spans": [{"start": words[j][0], "end": words[j][1]}, {"start": s, "end": e}]})
        last[w] = i
    return echoes


def _dialogue_tags(data: dict[str, Any], text: str) -> dict[str, Any]:
    verbs: Counter[str] = Counter()
    adverbs = []
    tag = re.compile(r"[”\"]\s*,?\s*(?:\w+\s+){0,2}?(" + "|".join(_TAG_VERBS) + r")\b(?:\s+(\w+ly)\b)?")
    for match in tag.finditer(text):
        verbs[_TAG_VERBS[match.group(1)]] += 1
        if match.group(2):
            adverbs.append({"start": match.start(1), "end": match.end(2), "text": text[match.start(1) : match.end(2)]})
    runs, run = [], []
    for quote in data["quotes"]:
        if quote["method"] != "tag":
            run.append(quote)
            continue
        if len(run) >= 4:
            runs.append({"start": run[0]["start"], "end": run[-1]["end"], "lines": len(run)})
        run = []
    return {"tags": sum(verbs.values()), "said": verbs["say"], "verbs": dict(verbs.most_common()),
            "adverbs": adverbs, "untagged_runs": runs}


def _diagnostics(data: dict[str, Any], text: str, paragraphs: list[tuple[int, int]],
                 words: list[tuple[int, int, str]]) -> dict[str, Any]:
    sentences = [(s + m.start(), s + m.end(), len(_WORD.findall(m.group())))
                 for s, e in paragraphs for m in re.finditer(r"[^.!?…]+[.!?…]*", text[s:e])]
    sentences = [x for x in sentences if x[2]] or [(0, 0, 0)]
    lengths = [n for _, _, n in sentences]
    longest = max(sentences, key=lambda x: x[2])
    histogram = Counter(f"{(n - 1) // 5 * 5 + 1}-{(n - 1) // 5 * 5 + 5}" if n <= 40 else "41+" for n in lengths)
    paragraph_words = [len(_WORD.findall(text[s:e])) for s, e in paragraphs]
    seen = Counter(w for _, _, w in words)
    odd = [w for w, n in seen.items() if n == 1 and len(w) >= 11][:3]
    return {
        "repeated_phrases": _repeated_phrases(words),
        "echoes": _echoes(words),
        "dialogue_tags": _dialogue_tags(data, text),
        "filter_words": _word_family(words, _FILTER, len(words)),
        "crutch_words": _word_family(words, _CRUTCH, len(words)),
        "adverbs": _word_family(words, {w for _, _, w in words if w.endswith("ly") and len(w) > 4}, len(words)),
        "sentences": {"count": len(lengths), "mean": round(statistics.fmean(lengths), 2),
                      "stdev": round(statistics.pstdev(lengths), 2),
                      "histogram": dict(sorted(histogram.items(), key=lambda kv: int(kv[0].split("-")[0].rstrip("+") or 0))),
                      "longest": {"start": longest[0], "end": longest[1], "words": longest[2]}},
        "paragraphs": {"count": len(paragraph_words), "mean": round(statistics.fmean(paragraph_words), 2),
                       "stdev": round(statistics.pstdev(paragraph_words), 2)},
        "readability": {"flesch_reading_ease": 78.4, "flesch_kincaid_grade": 6.1, "gunning_fog": 8.3,
                        "dale_chall": 6.9},
        "slips": [dict(s) for s in data["narration"]["slips"]],
        "spelling": [{"word": w, "suggestion": None,
                      "spans": [{"start": s, "end": e} for s, e, x in words if x == w]} for w in odd],
    }
