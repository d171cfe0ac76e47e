"""Forms that start clean after a save, in the browser as well as under AppTest.

Removing or blanking a widget's key in Python does not always reach the browser: the widget
keeps the value it shows and sends it back with the next run, so a second save could carry
the first one's words. So each form's widget keys carry a number that moves on after a save;
the next run draws new, empty widgets.
"""

from __future__ import annotations

import streamlit as st

_NONCE = "form_nonce_"


def form_prefix(form: str) -> str:
    """Return the start of every widget key in `form`, as the form is drawn now."""
    nonce = st.session_state.get(_NONCE + form, 0)
    # Until the first save the prefix is plain, so keys read the same in tests and in code.
    return f"{form}_" if nonce == 0 else f"{form}_{nonce}_"


def field_key(form: str, field: str) -> str:
    """Return the widget key of `field` in `form`, as the form is drawn now."""
    return form_prefix(form) + field


def start_form_afresh(form: str, fields: tuple[str, ...]) -> None:
    """Draw `form` empty on the next run: forget its fields and give them new keys."""
    for field in fields:
        st.session_state.pop(field_key(form, field), None)
    st.session_state[_NONCE + form] = st.session_state.get(_NONCE + form, 0) + 1
