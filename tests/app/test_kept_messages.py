"""A message kept by a callback shows once, as its kind, on the drawing after the click."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from vigreview.ui.feedback import keep_message, show_kept_message

    show_kept_message("test_message", icon=":material/lock:")
    st.button("Save", on_click=keep_message, args=("test_message", "Saved."))
    st.button("Fail", on_click=keep_message, args=("test_message", "Not saved.", "error"))
    st.button("Note", on_click=keep_message, args=("test_message", "Note this.", "info"))


def test_a_kept_message_shows_once_as_its_kind() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.success and not at.error and not at.info
    at.button[0].click().run()
    assert [m.value for m in at.success] == ["Saved."]
    assert at.success[0].icon == ":material/lock:"
    at.run()
    assert not at.success, "shown once, then forgotten"
    at.button[1].click().run()
    assert [m.value for m in at.error] == ["Not saved."] and not at.success
    at.button[2].click().run()
    assert [m.value for m in at.info] == ["Note this."] and not at.error
