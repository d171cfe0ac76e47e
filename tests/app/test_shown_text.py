"""The privacy collector reads text that markdown, titles and captions alone would miss."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.shown_text import everything_shown


def _page() -> None:
    import streamlit as st

    st.selectbox("Family", ["Option Name"])
    st.text_input("Name", value="Typed Value", placeholder="Placeholder Words")
    st.error("Alert Words")
    st.button("Button Words", help="Help Words")


def test_everything_shown_reads_widgets_and_alerts() -> None:
    at = AppTest.from_function(_page).run()
    shown = everything_shown(at)
    for words in (
        "Option Name",
        "Typed Value",
        "Placeholder Words",
        "Alert Words",
        "Button Words",
        "Help Words",
    ):
        assert words in shown, words
