"""Turn a file's bytes into text, saying which encoding was used.

Byte-order marks are trusted; then strict UTF-8, which almost never decodes
anything else by accident; then UTF-16 without a BOM, recognised by its zero
bytes; then Windows-1252 when the result reads as a Western language; then
charset-normalizer's best guess. Text that none of them reads is refused
rather than guessed, and the encoding used is always reported.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Control characters that never occur in a story; tab, newlines and form feed may.
_CONTROL = set(range(0, 32)) - {9, 10, 12, 13}


def decode(data: bytes, path: str) -> tuple[str, str]:
    """Decode `data`, returning the text and the name of the encoding used."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, path), encoding
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        _refuse_binary(text, path)
        return text, "utf-8"
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16, path), utf16
    if b"\x00" in data:
        raise InputError(path, "binary data, not text")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _reads_as_western(text):
        _refuse_binary(text, path)
        return text, "cp1252"
    best = from_bytes(data[:200_000]).best()
    if best is not None:
        try:
            text = data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            _refuse_binary(text, path)
            return text, codecs.lookup(best.encoding).name
    raise InputError(path, "cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1252)")


def _reads_as_western(text: str) -> bool:
    """Windows-1252 decodes any bytes; accept it only when few letters are accented,
    as in English or another Western language, not mojibake of another code page."""
    sample = text[:200_000]
    letters = sum(1 for ch in sample if ch.isalpha())
    accented = sum(1 for ch in sample if ch.isalpha() and ord(ch) > 127)
    return letters > 0 and accented / letters < 0.2


def _strict(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(path, f"invalid {encoding} at byte {error.start}") from None
    _refuse_binary(text, path)
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text in a Latin script has a zero byte in every other position."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_zeros = sample[0::2].count(0) / (len(sample) / 2)
    odd_zeros = sample[1::2].count(0) / (len(sample) / 2)
    if odd_zeros > 0.6 and even_zeros < 0.05:
        return "utf-16-le"
    if even_zeros > 0.6 and odd_zeros < 0.05:
        return "utf-16-be"
    return None


def _refuse_binary(text: str, path: str) -> None:
    sample = text[:65536]
    if not sample:
        return
    controls = sum(1 for ch in sample if ord(ch) in _CONTROL)
    if "\x00" in sample or controls / len(sample) > 0.01:
        raise InputError(path, "binary data, not text")
