"""What may reach a terminal from a story: no escape sequence, no control character."""

from __future__ import annotations

import pytest

from ficlens.outputs.terminal import plain, safe_tree, terminal_safe


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\b", "aclickb"),  # a hyperlink, text kept
        ("\x1b]0;PWNED\x07Title", "Title"),  # the window title, BEL-terminated
        ("x\x1b[2J\x1b[Hy", "xy"),  # clear screen, cursor home
        ("red \x1b[1;31mtext\x1b[0m", "red text"),
        ("8-bit \x9b31mCSI \x9d0;t\x9cend", "8-bit CSI end"),
        ("\x1b(Bcharset", "charset"),
        ("nul\x00 bel\x07 bs\x08 del\x7f nel\x85 cr\r", "nul bel bs del nel cr"),
        ("\x1b]0;never ended", "0;never ended"),  # an unended sequence loses its ESC: nothing to act on
        ("lines\nand\ttabs", "lines\nand\ttabs"),
        ("Harry [/b] [link=x]y[/link] “quoted” — ünï", "Harry [/b] [link=x]y[/link] “quoted” — ünï"),
    ],
)
def test_terminal_safe_drops_sequences_and_controls_and_keeps_the_text(raw: str, shown: str) -> None:
    assert terminal_safe(raw) == shown


def test_safe_tree_cleans_every_string_keys_too() -> None:
    data = {"title": "a\x1b[2Jb", "words": {"sa\x07id": 2}, "list": ["\x9bx", 3, None], "pair": ("\x1bc", 1.5)}
    assert safe_tree(data) == {"title": "ab", "words": {"said": 2}, "list": ["", 3, None], "pair": ("", 1.5)}


def test_plain_is_never_read_as_markup() -> None:
    assert plain("Harry [/b] [bold]x[/bold]\x1b[2J").plain == "Harry [/b] [bold]x[/bold]"
