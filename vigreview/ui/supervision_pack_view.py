"""The Supervision pack page: a trainee guider chooses moments, makes the pack, keeps a record.

Only moments of families whose supervision consent stands today are offered. The supervisor's
comments are typed back in here after supervision, and sessions are logged towards the
training record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from vigreview.caseload import list_lead_guider_names, load_family
from vigreview.dates import format_day
from vigreview.storage import StorageError, Store
from vigreview.supervision.pack import (
    MAX_COMMENT_LENGTH,
    CandidateMoment,
    MomentChoice,
    add_supervisor_comment,
    comments_on,
    list_candidate_moments,
    make_supervision_pack,
)
from vigreview.supervision.training_record import (
    MAX_SESSION_NOTE_LENGTH,
    build_training_record,
    check_session,
    log_session,
    read_training_record,
)
from vigreview.ui.feedback import (
    keep_message,
    show_field_error,
    show_kept_message,
    show_recoveries,
    storage_problems_explained,
)
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import current_identity, who_for_audit
from vigreview.ui.text import escape_markdown, show_typed_text
from vigreview.validation import MAX_NAME_LENGTH

_CHOSEN = "pack_chosen"
_FLASH = "pack_flash"
_ERRORS = "pack_session_errors"
_F = "pack_"


def _choose_trainee(store: Store) -> str | None:
    """Return the signed-in guider, or (in the demo) the guider chosen from the caseload."""
    identity = current_identity()
    # A signed-in guider is the trainee; the demo chooses one (vigreview.trust.ownership
    # then decides whose families count, see viewer_for_trainee).
    owner = identity.display_name if identity is not None and not identity.demo else None
    if owner is not None:
        st.caption(f"Trainee guider: {escape_markdown(owner)}")
        return owner
    guiders = list_lead_guider_names(store)
    if not guiders:
        return None
    return st.selectbox("Trainee guider", guiders, key=_F + "trainee")


def _by_key(candidates: list[CandidateMoment]) -> dict[str, CandidateMoment]:
    # Plain string keys, so a choice survives reruns in widget state.
    return {
        f"{c.choice.family_id}/{c.choice.cycle_number}/{c.choice.moment_id}": c for c in candidates
    }


def _pack_maker(
    store: Store, choices: list[MomentChoice], trainee: str, who: str
) -> Callable[[], bytes]:
    # Runs when the download button is pressed (outside the script run): the pack is made,
    # and its export noted in each family's history, only then.
    def make() -> bytes:
        return make_supervision_pack(store, choices, trainee, who, date.today()).pdf

    return make


def _render_choice(store: Store, trainee: str, candidates: list[CandidateMoment]) -> None:
    st.subheader("Choose moments", anchor=False)
    by_key = _by_key(candidates)
    chosen_keys = st.multiselect(
        "Moments to take to supervision",
        list(by_key),
        format_func=lambda k: by_key[k].label,
        key=_F + "moments",
        placeholder="Choose one or more moments",
    )
    st.session_state[_CHOSEN] = list(chosen_keys)
    choices = [by_key[k].choice for k in chosen_keys]
    st.download_button(
        "Download the supervision pack (PDF)",
        data=_pack_maker(store, choices, trainee, who_for_audit()),
        file_name=f"supervision-pack-{date.today():%Y%m%d}.pdf",
        mime="application/pdf",
        type="primary",
        icon=":material/download:",
        disabled=not choices,
        on_click="ignore",
    )
    st.caption(
        "The pack holds pseudonyms only, never a date of birth. Consent is checked again when "
        "it is made, and the export is noted in each family's history."
    )


def _save_comment(choice: MomentChoice) -> None:
    state = st.session_state
    try:
        add_supervisor_comment(
            get_store(),
            choice,
            state.get(_F + "comment") or "",
            state.get(_F + "supervisor") or "",
            date.today(),
        )
    except (ValueError, StorageError) as problem:
        keep_message(_FLASH, str(problem), "error")
        return
    keep_message(_FLASH, "The supervisor's comments were saved with the moment.")
    state.pop(_F + "comment", None)


def _render_comments(store: Store, candidates: list[CandidateMoment]) -> None:
    st.subheader("Supervisor's comments", anchor=False)
    by_key = _by_key(candidates)
    chosen = [k for k in st.session_state.get(_CHOSEN, []) if k in by_key] or list(by_key)
    key = st.selectbox(
        "Moment", chosen, format_func=lambda k: by_key[k].label, key=_F + "comment_moment"
    )
    if key is None:
        return
    candidate = by_key[key]
    family = load_family(store, candidate.choice.family_id)
    for comment in comments_on(family, candidate.choice.cycle_number, candidate.choice.moment_id):
        with st.container(border=True):
            show_typed_text(comment.text)
            st.caption(f"{escape_markdown(comment.supervisor)}, {format_day(comment.written_on)}")
    st.text_area("What the supervisor said", key=_F + "comment", max_chars=MAX_COMMENT_LENGTH)
    st.text_input("Supervisor's name", key=_F + "supervisor", max_chars=MAX_NAME_LENGTH)
    st.button("Save comments", on_click=_save_comment, args=(candidate.choice,))


def _log_session(trainee: str) -> None:
    state = st.session_state
    held_on = state.get(_F + "held_on") or date.today()
    supervisor = state.get(_F + "session_supervisor") or ""
    errors = check_session(held_on, trainee, supervisor, date.today())
    state[_ERRORS] = errors
    if errors:
        return
    moments = len(state.get(_CHOSEN, []))
    log_session(get_store(), held_on, trainee, supervisor, moments, state.get(_F + "note") or "")
    keep_message(_FLASH, f"Supervision on {format_day(held_on)} was logged.")
    state.pop(_F + "note", None)


def _render_training_record(store: Store, trainee: str) -> None:
    st.subheader("Training record", anchor=False)
    record = build_training_record(store, trainee)
    cycles, clients, sessions = st.columns(3)
    cycles.metric("Cycles completed", record.cycles_completed)
    clients.metric("Clients", record.clients)
    sessions.metric("Supervision sessions", len(record.sessions))
    for stage in record.stages:
        done = "target met" if stage.reached else f"{stage.done} of {stage.target} cycles"
        st.progress(
            stage.share, text=f"Stage {stage.stage} (AVIGuk, {stage.target} cycles): {done}"
        )
    st.markdown(escape_markdown(read_training_record(record)))
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    with st.expander("Log a supervision session", icon=":material/event:", expanded=bool(errors)):
        st.date_input(
            "Held on",
            value=date.today(),
            max_value=date.today(),
            key=_F + "held_on",
            format="DD/MM/YYYY",
        )
        show_field_error(errors, "held_on")
        st.text_input("Supervisor", key=_F + "session_supervisor", max_chars=MAX_NAME_LENGTH)
        show_field_error(errors, "supervisor")
        show_field_error(errors, "trainee")
        st.text_area("Note (optional)", key=_F + "note", max_chars=MAX_SESSION_NOTE_LENGTH)
        st.button("Log the session", on_click=_log_session, args=(trainee,))
    if record.sessions:
        rows = [
            {
                "Held on": format_day(s.held_on),
                "Supervisor": s.supervisor,
                "Moments": s.moments_discussed,
            }
            for s in reversed(record.sessions)
        ]
        st.dataframe(rows, hide_index=True)


def render_supervision_pack_page() -> None:
    """Draw moment choice and the pack download, supervisor comments and the training record."""
    store = get_store()
    st.title("Supervision pack", anchor=False)
    show_recoveries(store)
    show_kept_message(_FLASH)
    with storage_problems_explained():
        trainee = _choose_trainee(store)
        if trainee is None:
            st.info("Families appear here once they are added on the Families page.")
            return
        candidates = list_candidate_moments(store, date.today(), trainee)
        if candidates:
            _render_choice(store, trainee, candidates)
            _render_comments(store, candidates)
        else:
            st.info(
                "No moments to offer: none of this guider's families has agreed to supervision "
                "(or it was withdrawn), or no moments have been chosen yet."
            )
        _render_training_record(store, trainee)
