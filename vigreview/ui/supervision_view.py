"""The Supervision page: the only page a supervisor sees."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.audit import AuditAction, record_event
from vigreview.storage import StorageError
from vigreview.supervision import SupervisionPack, list_supervision_packs
from vigreview.ui.feedback import storage_problems_explained
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import who_for_audit
from vigreview.ui.text import escape_markdown

_SEEN_KEY = "supervision_packs_seen"


def _note_seen(pack: SupervisionPack) -> None:
    # Once per family per tab, like any other view, so the history is not flooded.
    seen: set[str] = st.session_state.setdefault(_SEEN_KEY, set())
    if pack.family_id in seen:
        return
    try:
        record_event(
            get_store(), pack.family_id, who_for_audit(), AuditAction.VIEWED, "Supervision pack"
        )
    except StorageError:
        return
    seen.add(pack.family_id)


def _render_pack(pack: SupervisionPack) -> None:
    st.subheader(escape_markdown(pack.pseudonym), anchor=False)
    st.caption(f"Guider {escape_markdown(pack.lead_guider)} · {pack.cycles} cycle(s)")
    if not pack.moments:
        st.info("No moments have been chosen yet.")
        return
    for moment in pack.moments:
        kind = "Working point" if moment.working_point else "Moment that worked"
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(moment.title)}**")
            st.caption(f"Cycle {moment.cycle_number} · {kind} · {moment.length_s:.0f} seconds")
            if moment.principles:
                st.markdown(" · ".join(escape_markdown(p) for p in moment.principles))


def render_supervision_page() -> None:
    """List the supervision packs of families who consented to supervision."""
    st.title("Supervision", anchor=False)
    st.markdown(
        "Only families who agreed to supervision are listed, and only the moments their "
        "guider chose. Family records stay with their guider."
    )
    with storage_problems_explained():
        packs = list_supervision_packs(get_store(), date.today())
    if not packs:
        st.info("No family has agreed to supervision yet.")
        return
    chosen = st.selectbox(
        "Family",
        packs,
        format_func=lambda p: p.pseudonym,
        index=None,
        placeholder="Choose a family",
        key="supervision_family",
    )
    if chosen is not None:
        _note_seen(chosen)
        _render_pack(chosen)
