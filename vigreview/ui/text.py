"""Showing what people typed as text, never as markup."""

from __future__ import annotations

import re

import streamlit as st

# Every character Streamlit's Markdown treats specially, plus "<" and ">" so that typed HTML
# cannot become markup either.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>$:=])")


def escape_markdown(text: str) -> str:
    """Return `text` with Markdown and HTML characters escaped, so it shows as typed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", "  \n")


def show_typed_text(text: str, *, empty: str = "Nothing written yet.") -> None:
    """Show text a person typed, exactly as typed."""
    if text.strip():
        st.markdown(escape_markdown(text))
    else:
        st.caption(empty)
