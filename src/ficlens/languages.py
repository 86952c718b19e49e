"""Which language a work is written in.

A language the file declares (AO3's "Language: Español", FanFicFare's "Language:
Spanish", an EPUB's `dc:language` "es-ES") is taken as written; otherwise
py3langid (its model ships inside the package, nothing is downloaded) reads a
sample of the story text. ficlens's later stages know English only: the
pipeline asks `Language.is_english` whether to run them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

from py3langid.langid import MODEL_FILE, LanguageIdentifier

ENGLISH = "en"
MIN_CONFIDENCE = 0.8
"""A guess below this probability is no guess: the work is read as English, as ficlens always did."""
SAMPLE_CHARS = 30_000
"""The story text read for a guess, taken from along the whole work (a mixed-language note at the start
must not decide it); py3langid is as sure at 30,000 characters as at three million."""

# Languages by ISO 639-1 code: English name, then the names AO3 (its own language names) and
# FanFicFare or FanFiction.Net (English names) declare them by.
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "en": ("English",),
    "es": ("Spanish", "Español", "Castellano"),
    "fr": ("French", "Français", "Francais"),
    "de": ("German", "Deutsch"),
    "it": ("Italian", "Italiano"),
    "pt": ("Portuguese", "Português", "Português brasileiro", "Português europeu", "Portuguese (Brazil)"),
    "nl": ("Dutch", "Nederlands"),
    "pl": ("Polish", "Polski"),
    "ru": ("Russian", "Русский"),
    "uk": ("Ukrainian", "Українська"),
    "cs": ("Czech", "Čeština"),
    "sk": ("Slovak", "Slovenčina"),
    "sl": ("Slovenian", "Slovenščina"),
    "hr": ("Croatian", "Hrvatski"),
    "sr": ("Serbian", "Српски", "Srpski"),
    "bg": ("Bulgarian", "Български"),
    "ro": ("Romanian", "Română"),
    "hu": ("Hungarian", "Magyar"),
    "fi": ("Finnish", "Suomi"),
    "sv": ("Swedish", "Svenska"),
    "da": ("Danish", "Dansk"),
    "no": ("Norwegian", "Norsk", "Norsk bokmål", "Norsk nynorsk"),
    "is": ("Icelandic", "Íslenska"),
    "et": ("Estonian", "Eesti", "Eesti keel"),
    "lv": ("Latvian", "Latviešu valoda", "Latviešu"),
    "lt": ("Lithuanian", "Lietuvių kalba", "Lietuvių"),
    "el": ("Greek", "Ελληνικά"),
    "tr": ("Turkish", "Türkçe"),
    "ca": ("Catalan", "Català"),
    "gl": ("Galician", "Galego"),
    "eu": ("Basque", "Euskara"),
    "cy": ("Welsh", "Cymraeg"),
    "ga": ("Irish", "Gaeilge"),
    "gd": ("Scottish Gaelic", "Gàidhlig"),
    "la": ("Latin", "Lingua latina"),
    "eo": ("Esperanto",),
    "sq": ("Albanian", "Shqip"),
    "he": ("Hebrew", "עברית"),
    "ar": ("Arabic", "العربية"),
    "fa": ("Persian", "فارسی"),
    "hi": ("Hindi", "हिन्दी"),
    "th": ("Thai", "ไทย"),
    "vi": ("Vietnamese", "Tiếng Việt"),
    "id": ("Indonesian", "Bahasa Indonesia"),
    "ms": ("Malay", "Bahasa Malaysia", "Bahasa Melayu"),
    "tl": ("Tagalog", "Filipino"),
    "sw": ("Swahili", "Kiswahili"),
    "ja": ("Japanese", "日本語"),
    "ko": ("Korean", "한국어"),
    "zh": ("Chinese", "中文", "中文-普通话 國語", "Mandarin"),
    "yue": ("Cantonese", "中文-广东话 粵語", "粵語"),
}
_BY_NAME = {name.casefold(): code for code, names in _LANGUAGES.items() for name in names}
_CODE = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{2,8})*", re.I)  # "es", "en-US", "pt_BR", "zh-Hant-TW"
_UNDETERMINED = {"und", "mul", "zxx", "mis"}


@dataclass(frozen=True, slots=True)
class Language:
    """The language a work is written in: an ISO 639 code and its English name (None when unknown),
    whether the file declared it or ficlens detected it, and the detector's probability."""

    code: str | None
    name: str | None
    source: Literal["declared", "detected"] | None
    confidence: float | None = None

    @property
    def is_english(self) -> bool:
        """English, or no language known: the English stages run (as they did before any was told)."""
        return self.code in (None, ENGLISH)


def identify(texts: Sequence[str], declared: str | None = None) -> Language:
    """The language of a work whose story paragraphs are `texts`; `declared` is what its file says
    (Metadata.language), used whenever ficlens knows the name or code."""
    code = language_code(declared) if declared else None
    if code:
        return Language(code, language_name(code), "declared")
    sample = _sample(texts)
    if not sample.strip():
        return Language(None, None, None)
    code, confidence = _identifier().classify(sample)
    confidence = round(float(confidence), 3)
    if code in _UNDETERMINED or confidence < MIN_CONFIDENCE:
        return Language(None, None, "detected", confidence)
    return Language(code, language_name(code), "detected", confidence)


def language_code(value: str) -> str | None:
    """The ISO 639 code of a declared language ("Español", "Spanish", "es-ES" -> "es"), or None."""
    value = " ".join(value.split())
    code = _BY_NAME.get(value.casefold())
    if code:
        return code
    match = _CODE.fullmatch(value)
    if match and match.group(1).lower() not in _UNDETERMINED:
        return match.group(1).lower()
    first = value.split(" ")[0].split("-")[0].casefold()  # "Português (Brasil)", "中文-普通话"
    return _BY_NAME.get(first)


def language_name(code: str) -> str:
    """The English name of a language code ("es" -> "Spanish"); the code itself when ficlens has no name."""
    names = _LANGUAGES.get(code)
    return names[0] if names else code


def _sample(texts: Sequence[str]) -> str:
    """Every so many paragraphs from along the whole work, about `SAMPLE_CHARS` of text."""
    step = max(1, math.ceil(sum(len(t) for t in texts) / SAMPLE_CHARS))
    return "\n".join(text[: SAMPLE_CHARS // 10] for text in texts[::step])


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
