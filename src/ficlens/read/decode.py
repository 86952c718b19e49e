"""Turn a file's bytes into text, saying which encoding was used.

Byte-order marks are trusted; then UTF-16 without a BOM, recognised by its
zero bytes; then strict UTF-8, which almost never decodes anything else by
accident. A file that is UTF-8 apart from a few bad bytes is damaged (or mixes
encodings) and is refused, naming the first bad byte, rather than read as
mojibake. Then Windows-1252 when the result reads as a Western language; then
charset-normalizer's guess, but only when the text gives it something to go
on: a non-Latin script, or a Latin one with enough accented letters to tell
a Central European code page from stray bytes. Whatever is read, the encoding
used is reported; whatever is not, is refused with the reason.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# C0 controls other than tab, newlines and form feed never occur in a story.
# C1 controls do, in UTF-8 made from Windows-1252 as if it were Latin-1 (U+0092
# for every apostrophe), but never in a correct reading of a code page.
_C0 = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
_C0_OR_C1 = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]+")
_SAMPLE = 1 << 20
_WINDOW = 1 << 16

# Code pages for Latin-script languages that Windows-1252 does not cover; for a
# text in Latin letters, a guess outside these is a guess about stray bytes.
_LATIN_CODE_PAGES = {
    "cp1250", "cp1254", "cp1257", "cp1258", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
    "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
}  # fmt: skip
_MIN_ACCENTED = 0.03  # Czech, Polish, Hungarian: 5-15% of letters; English: well under 1%


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode `data`, returning the text and the name of the encoding used.

    The name is Python's codec name, so `data.decode(name)` gives the text back.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, path), encoding
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, path), utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        bad = error.start
    else:
        _refuse_binary(text, path)
        return text, "utf-8"
    if _looks_binary(data):
        raise InputError(path, "binary data, not text")
    if _damaged_utf8(data):
        raise InputError(path, f"file is partly UTF-8 but invalid at {_where(data, bad)} (damaged, or mixing encodings)")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as error:
        western = f"nor Windows-1252 (undefined byte 0x{data[error.start]:02X} at {_where(data, error.start)})"
    else:
        if _reads_as_western(text):
            _refuse_binary(text, path)
            return text, "cp1252"
        western = "and read as Windows-1252 it is not a Western language"
    guessed = _guess(data)
    if guessed is not None:
        _refuse_binary(guessed[0], path)
        return guessed
    raise InputError(path, f"cannot tell the text encoding: not UTF-8 (invalid at {_where(data, bad)}), {western}")


def _where(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    return f"byte {offset:,}, line {line:,}"


def _damaged_utf8(data: bytes) -> bool:
    """UTF-8 with bad bytes: many runs of non-ASCII bytes are valid UTF-8 sequences.

    Text in a single-byte code page almost never forms one (it takes an
    accented capital followed by a symbol from 0x80-0xBF), so a file with
    several is damaged UTF-8, or UTF-8 with pasted parts in another encoding.
    """
    runs = _HIGH_BYTES.findall(data[:_SAMPLE])
    valid = sum(1 for run in runs if _UTF8_SEQUENCE.fullmatch(run) or _all_sequences(run))
    return valid >= 3 and valid >= len(runs) / 10 or valid > len(runs) / 2


def _all_sequences(run: bytes) -> bool:
    return len(run) > 4 and _UTF8_SEQUENCE.sub(b"", run) == b""


# What Central European letters become in Windows-1252 ("Rozdzia³", "mo¿e",
# "¾udia"): symbols no Western word has inside it.
_SYMBOL_IN_WORD = re.compile(r"(?<=[^\W\d_])[¹²³¼½¾¿¥£¯¤¦¬±](?=[^\W\d_])")


def _reads_as_western(text: str) -> bool:
    """Windows-1252 decodes almost any bytes; accept it only when few letters are
    accented, as in English or another Western language, and no symbols sit
    inside words: not mojibake of another code page (Cyrillic in Windows-1252 is
    all accented letters, Polish has "³" and "¿" in its words)."""
    sample = text[:200_000]
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in sample if ch > "\x7f" and ch.isalpha())
    symbols = len(_SYMBOL_IN_WORD.findall(sample))
    return letters > 0 and accented / letters < 0.2 and not (symbols >= 2 and symbols * 200 > letters)


def _guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's best reading that passes `_plausible`, or None."""
    for match in list(from_bytes(data[:200_000]))[:6]:
        try:
            encoding = codecs.lookup(match.encoding).name
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if _plausible(text, encoding):
            return text, encoding
    return None


def _plausible(text: str, encoding: str) -> bool:
    """A guessed reading is believable when the text is in one script: mostly
    non-Latin letters (Cyrillic, Greek, CJK ...), or Latin letters with enough
    accented Latin ones, from a Latin code page."""
    sample = text[:200_000]
    if _C0_OR_C1.search(sample):
        return False
    plain = sum(1 for ch in sample if ch < "\x80" and ch.isalpha())
    other = [ch for ch in sample if ch > "\x7f" and ch.isalpha()]
    if not other:
        return False
    if len(other) >= plain:
        return True
    if encoding.replace("-", "_") not in _LATIN_CODE_PAGES:
        return False
    latin = all("LATIN" in unicodedata.name(ch, "") for ch in set(other))
    return latin and len(other) / (plain + len(other)) >= _MIN_ACCENTED


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(path, f"invalid {encoding.upper()} at {_where(data, error.start)}") from None
    _refuse_binary(text, path)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text in a Latin script has a zero byte in every other position."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zeros > 0.6 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.6 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, path: str) -> None:
    """Refuse text with a zero byte anywhere, or control characters in more than 1% of any stretch
    of 64 Ki characters: no story has those, wherever in the file they are."""
    if "\x00" in text:
        raise InputError(path, "binary data, not text")
    for start in range(0, len(text), _WINDOW):
        # the last stretch is the last 64 Ki characters, not a short tail a few stray bytes would fill
        window = text[start : start + _WINDOW] if start + _WINDOW <= len(text) else text[-_WINDOW:]
        if len(_C0.findall(window)) / len(window) > 0.01:
            raise InputError(path, "binary data, not text")


_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 32), 127])


def _looks_binary(data: bytes) -> bool:
    """Zero bytes or many control bytes: no 8-bit text encoding has those."""
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    return b"\x00" in sample or controls / max(len(sample), 1) > 0.01
