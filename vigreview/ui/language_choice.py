"""The control a guider uses to choose the parent's language (Family page, start of a review)."""

from __future__ import annotations

import streamlit as st

from vigreview.family_language import set_family_language
from vigreview.i18n import LANGUAGES, find_language
from vigreview.models import Family
from vigreview.storage import StorageError
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.resources import get_store

_MESSAGE = "language_choice_message"


def _save_language(family_id: str, key: str) -> None:
    code = st.session_state.get(key)
    if not code:  # tapping the chosen language again clears a segmented control: keep it
        return
    try:
        family = set_family_language(get_store(), family_id, code)
    except (StorageError, ValueError) as error:
        keep_message(_MESSAGE, str(error), "error")
        return
    name = find_language(family.language).label
    keep_message(_MESSAGE, f"The parent's language is now {name}.")


def render_language_choice(family: Family, key: str) -> None:
    """Draw the parent's language as buttons named in their own language, saved on a tap."""
    # The saved language leads: a change made on another page or device shows here too.
    st.session_state[key] = find_language(family.language).code
    st.segmented_control(
        "The parent's language",
        [language.code for language in LANGUAGES],
        format_func=lambda code: find_language(code).label,
        key=key,
        on_change=_save_language,
        args=(family.id, key),
        help="The parent view, the prompts and the keepsake are shown in this language. "
        "Guider pages stay in English.",
    )
    show_kept_message(_MESSAGE)
