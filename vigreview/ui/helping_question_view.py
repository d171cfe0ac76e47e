"""The Helping question page: guider and parent write it together, with a reframing helper."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.concurrent_edits import EditConflict
from vigreview.dates import format_day
from vigreview.helping_question import (
    MAX_QUESTION_LENGTH,
    QUESTION_FIELD,
    check_helping_question,
    record_helping_question,
)
from vigreview.reframing import suggest_rewordings
from vigreview.storage import StorageError
from vigreview.ui.autosave import save_text_areas_while_typing
from vigreview.ui.edit_conflicts import (
    GuardedForm,
    field_form,
    hold_conflict,
    loaded_values,
    remember_loaded,
    show_conflicts,
    show_stored,
)
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

_ERRORS = "helping_question_errors"
_FLASH = "helping_question_flash"


def draft_key(family_id: str) -> str:
    """Return the session key of the question being written for this family."""
    return f"helping_question_draft_{family_id}"


def _use_suggestion(key: str, suggestion: str) -> None:
    # A callback, so the box can take the new words before it is drawn again.
    st.session_state[key] = suggestion
    st.session_state.pop(_ERRORS, None)


def _question_form(key: str) -> GuardedForm:
    return field_form(key, QUESTION_FIELD, "The helping question")


def _save(family_id: str, key: str) -> None:
    text = st.session_state.get(key) or ""
    problem = check_helping_question(text)
    if problem:
        st.session_state[_ERRORS] = {"question": problem}
        return
    base = (loaded_values(key) or {}).get(QUESTION_FIELD)
    try:
        family = record_helping_question(get_store(), family_id, text, date.today(), base)
    except EditConflict as conflict:
        hold_conflict(key, conflict)
        st.session_state.pop(_ERRORS, None)
        return
    except StorageError as error:
        st.session_state[_ERRORS] = {"question": str(error)}
        return
    st.session_state.pop(_ERRORS, None)
    current = family.current_helping_question()
    remember_loaded(key, {QUESTION_FIELD: current.text if current else ""})
    keep_message(_FLASH, "The helping question is saved. It now shows on every page.")


def _render_suggestions(draft: str, baby: str, key: str) -> None:
    reframing = suggest_rewordings(draft, baby=baby)
    if not reframing.needs_reframing:
        return
    with st.container(border=True, key="helping_question_reframing"):
        st.markdown("**Another way to say it?** Questions work best as something to grow together.")
        for note in reframing.noticed:
            st.caption(note)
        for number, suggestion in enumerate(reframing.suggestions):
            st.button(
                escape_markdown(suggestion),
                key=f"helping_question_suggestion_{number}",
                on_click=_use_suggestion,
                args=(key, suggestion),
                icon=":material/edit_note:",
                width="stretch",
            )
        st.caption("Choose one to put it in the box, then change any words you like.")


def render_helping_question_page() -> None:
    """Draw the current question, the box to write it together, suggestions and past versions."""
    family = load_open_family("Helping question")
    if family is None:
        return
    st.title(
        f"Helping question: {escape_markdown(family.pseudonym)} and "
        f"{escape_markdown(family.baby_name)}",
        anchor=False,
    )
    show_kept_message(_FLASH)
    st.markdown(
        "Write it together, in the parent's own words: the change they would like, "
        "for them and their baby."
    )
    key = draft_key(family.id)
    current = family.current_helping_question()
    # A question saved on another tablet shows here unless this one was changed meanwhile.
    show_stored(_question_form(key), {QUESTION_FIELD: current.text if current else ""})
    show_conflicts(_question_form(key), lambda: _save(family.id, key))
    draft = st.text_area(
        "What would you like to be different?",
        key=key,
        max_chars=MAX_QUESTION_LENGTH,
        height=100,
        placeholder="I want to ...",
    )
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    show_field_error(errors, "question")
    _render_suggestions(draft or "", family.baby_name, key)
    st.button("Save this question", type="primary", on_click=_save, args=(family.id, key))
    save_text_areas_while_typing()
    if len(family.helping_questions) > 1:
        with st.expander(f"Earlier versions ({len(family.helping_questions) - 1})"):
            for question in reversed(family.helping_questions[:-1]):
                st.markdown(f"{format_day(question.written_on)}: {escape_markdown(question.text)}")
