"""Decoding a story file's bytes: the right text, the encoding named, or a clear refusal."""

from __future__ import annotations

import pytest

from ficlens.errors import InputError
from ficlens.read.decode import decode

ENGLISH = (
    "Chapter 1\n\n"
    "“You’re late,” she said. He hung his coat by the door — the same hook as always — "
    "and didn’t answer. Outside, the rain had not stopped all day, and the café across "
    "the street had already turned its chairs upside down on the tables.\n\n"
) * 10
RUSSIAN = "Глава 1\n\n«Ты опоздал», — сказала она. Он повесил пальто у двери и ничего не ответил.\n\n" * 10
CZECH = "Kapitola 1\n\n„Ať přijde,“ řekl tiše. Byla tma a pršelo. Nikdo mu neodpověděl, a tak čekal dál.\n\n" * 10
POLISH = "Rozdział 1\n\n— Cześć — powiedziała. Było ciemno i padał deszcz przez cały dzień. Tęskniła za nim.\n\n" * 10
JAPANESE = "第一章\n\n「遅かったね」と彼女は言った。外は暗くて、雨が一日中降っていた。\n\n" * 10


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(ENGLISH, "utf-8", id="utf-8"),
        pytest.param(ENGLISH, "utf-8-sig", id="utf-8 with a BOM"),
        pytest.param(ENGLISH, "utf-16", id="utf-16 with a BOM"),
        pytest.param(ENGLISH, "utf-16-le", id="utf-16-le without a BOM"),
        pytest.param(ENGLISH, "utf-16-be", id="utf-16-be without a BOM"),
        pytest.param(ENGLISH, "utf-32", id="utf-32 with a BOM"),
        pytest.param(ENGLISH, "cp1252", id="windows-1252 curly quotes"),
        pytest.param(RUSSIAN.replace("—", "-"), "cp1251", id="russian in windows-1251"),
        pytest.param(RUSSIAN.replace("—", "-").replace("«", '"').replace("»", '"'), "koi8-r", id="russian in koi8-r"),
        pytest.param(CZECH, "cp1250", id="czech in windows-1250"),
        pytest.param(POLISH, "cp1250", id="polish in windows-1250"),
        pytest.param(JAPANESE, "cp932", id="japanese in shift-jis"),
    ],
)
def test_text_is_decoded_and_the_encoding_named(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    decoded, name = decode(data, "story.txt")
    assert decoded.lstrip("\ufeff") == text
    assert data.decode(name) == decoded  # the name reported reads the file again


def test_plain_ascii_in_utf16_without_a_bom_is_not_taken_for_binary() -> None:
    text = "Chapter 1\n\nIt rained all day.\n"
    assert decode(text.encode("utf-16-le"), "story.txt") == (text, "utf-16-le")


def test_windows_1252_is_not_taken_for_polish_mojibake() -> None:
    """Polish in Windows-1250 decodes as Windows-1252 too, as "Rozdzia³" and "Têskni³a"."""
    assert decode(POLISH.encode("cp1250"), "story.txt")[1] == "cp1250"


def test_damaged_utf8_is_refused_at_the_first_bad_byte() -> None:
    data = ENGLISH.encode()
    bad = data.index(b"rain") + 2
    damaged = data[:bad] + b"\x81" + data[bad:]
    with pytest.raises(InputError) as caught:
        decode(damaged, "story.txt")
    assert caught.value.reason == f"file is partly UTF-8 but invalid at byte {bad}, line 3 (damaged, or mixing encodings)"


def test_utf8_mixed_with_pasted_windows_1252_is_refused() -> None:
    data = ENGLISH.encode() + ENGLISH.encode("cp1252")
    with pytest.raises(InputError, match="partly UTF-8"):
        decode(data, "story.txt")


def test_windows_1252_with_bytes_it_does_not_use_is_refused() -> None:
    """English with stray bytes: no code page can be told from a handful of them."""
    data = ENGLISH.encode("cp1252").replace(b"hook", b"ho\x9dok", 1)
    stray = data.index(b"\x9d")
    with pytest.raises(InputError) as caught:
        decode(data, "story.txt")
    assert caught.value.reason == (
        "cannot tell the text encoding: not UTF-8 (invalid at byte 11, line 3), "
        f"nor Windows-1252 (undefined byte 0x9D at byte {stray}, line 3)"
    )


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(bytes(range(256)) * 16, id="every byte"),
        pytest.param(b"Chapter 1\n\x00\x00\x00\x01\x02\x03binary\xff\xfe" * 100, id="zeros and controls"),
        pytest.param("Chapter 1\n\nIt rained.\x01\x02\x03\x04\x05\x06\x07\x08\n".encode() * 50, id="utf-8 controls"),
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="binary data, not text"):
        decode(data, "story.txt")


def test_a_bom_that_lies_is_refused_with_the_position() -> None:
    data = "\ufeffChapter 1\n\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate at the end
    with pytest.raises(InputError, match=r"invalid UTF-16 at byte 24, line 3"):
        decode(data, "story.txt")


def test_utf8_with_c1_apostrophes_is_read_as_written() -> None:
    """Windows-1252 once converted as if it were Latin-1: U+0092 for every apostrophe."""
    text = ENGLISH.replace("’", "\u0092")
    assert decode(text.encode(), "story.txt") == (text, "utf-8")


def test_a_zero_byte_past_the_first_64_kib_is_refused_as_at_the_start() -> None:
    text = ENGLISH * 200  # about 60,000 characters a copy; this is far past 64 KiB
    assert len(text) > 3 * 2**16
    with pytest.raises(InputError, match="binary data, not text"):
        decode((text + "\x00" + ENGLISH).encode("utf-8"), "story.txt")


def test_control_bytes_dense_only_late_in_the_file_are_refused() -> None:
    clean = ENGLISH * 200
    noise = "\x01\x02\x03\x04\x05\x06\x07\x08" * 2000  # 16,000 controls: a quarter of a 64 KiB stretch
    with pytest.raises(InputError, match="binary data, not text"):
        decode((clean + noise + ENGLISH).encode("utf-8"), "story.txt")


def test_a_rare_stray_control_character_late_in_the_file_is_kept() -> None:
    text = ENGLISH * 200 + "A form\x0cfeed and a bell\x07 in passing." + ENGLISH
    assert decode(text.encode("utf-8"), "story.txt") == (text, "utf-8")
