"""The guider PIN section of Data & settings: the PIN that takes the tablet back from a parent."""

from __future__ import annotations

import streamlit as st

from vigreview.storage import StorageError
from vigreview.trust.handover import (
    MAX_PIN_LENGTH,
    MIN_PIN_LENGTH,
    check_new_pin,
    has_guider_pin,
    set_guider_pin,
    verify_guider_secret,
)
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.resources import get_store

_F = "guider_pin_"
_ERRORS = "guider_pin_errors"
_FLASH = "guider_pin_flash"


def _save_pin() -> None:
    # A callback, so the messages are known before the fields are drawn again.
    state = st.session_state
    store = get_store()
    current, pin, repeated = (state.get(_F + name) or "" for name in ("current", "new", "again"))
    errors: dict[str, str] = {}
    if has_guider_pin(store) and not verify_guider_secret(store, current):
        errors["current"] = "That is not the PIN in use now. Please try again."
    else:
        errors = check_new_pin(pin, repeated)
    if not errors:
        try:
            set_guider_pin(store, pin)
        except StorageError as error:
            errors["form"] = str(error)
    state[_ERRORS] = errors
    for name in ("current", "new", "again"):
        state[_F + name] = ""
    if not errors:
        keep_message(_FLASH, "The guider PIN is saved. You need it to leave the parent view.")


def render_guider_pin_settings() -> None:
    """Draw the form that sets (or changes) the guider PIN."""
    st.subheader("Guider PIN for the parent view")
    st.markdown(
        "When you hand the tablet to a parent, only this PIN takes it back. "
        "It is kept only as a scrambled (hashed) copy, never as the PIN itself."
    )
    show_kept_message(_FLASH)
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    is_set = has_guider_pin(get_store())
    if not is_set:
        st.info("No PIN is set yet. Set one before handing the tablet to a parent.")
    with st.form("guider_pin", border=False):
        if is_set:
            st.text_input(
                "Current PIN", type="password", key=_F + "current", max_chars=MAX_PIN_LENGTH
            )
            show_field_error(errors, "current")
        st.text_input(
            f"New PIN ({MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits)",
            type="password",
            key=_F + "new",
            max_chars=MAX_PIN_LENGTH,
        )
        show_field_error(errors, "pin")
        st.text_input("New PIN again", type="password", key=_F + "again", max_chars=MAX_PIN_LENGTH)
        show_field_error(errors, "repeated")
        show_field_error(errors, "form")
        st.form_submit_button(
            "Change the PIN" if is_set else "Set the PIN", type="primary", on_click=_save_pin
        )
