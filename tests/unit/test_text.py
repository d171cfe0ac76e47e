"""Typed text is shown as text, never as markup."""

from __future__ import annotations

import pytest

from vigreview.ui.text import escape_markdown


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        "**bold** _it_ [link](http://x)",
        "# heading",
        ":red[x] :material/home:",
    ],
)
def test_every_markup_character_is_escaped(typed: str) -> None:
    escaped = escape_markdown(typed)
    for char in "<>*_[]()#:":
        assert escaped.count(char) == escaped.count("\\" + char), (char, escaped)


def test_plain_words_and_other_scripts_pass_through() -> None:
    assert escape_markdown("Noor smiled 👶 مرحبا") == "Noor smiled 👶 مرحبا"


def test_line_breaks_are_kept() -> None:
    assert escape_markdown("one\ntwo") == "one  \ntwo"
