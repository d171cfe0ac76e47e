"""The Supervision page: the only page a supervisor sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from vigreview.caseload import load_family
from vigreview.dates import format_day
from vigreview.models import Family
from vigreview.storage import StorageError
from vigreview.supervision.chosen_moments import PackMoment, SupervisionPack, list_supervision_packs
from vigreview.supervision.pack import (
    MAX_COMMENT_LENGTH,
    MomentChoice,
    add_supervisor_comment,
    comments_on,
    make_supervision_pack,
)
from vigreview.trust.audit import AuditAction, record_event
from vigreview.ui.feedback import keep_message, show_kept_message, storage_problems_explained
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import current_identity, who_for_audit
from vigreview.ui.text import escape_markdown, show_typed_text

_SEEN_KEY = "supervision_packs_seen"
_FLASH = "supervision_flash"


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


def _supervisor_name() -> str:
    identity = current_identity()
    return identity.display_name if identity else ""


def _save_comment(choice: MomentChoice, key: str) -> None:
    try:
        add_supervisor_comment(
            get_store(),
            choice,
            st.session_state.get(key) or "",
            _supervisor_name(),
            date.today(),
        )
    except (ValueError, StorageError) as problem:
        keep_message(_FLASH, str(problem), "error")
        return
    keep_message(_FLASH, "Your comments were saved with the moment.")
    st.session_state.pop(key, None)


def _pack_pdf_maker(pack: SupervisionPack) -> Callable[[], bytes]:
    choices = [MomentChoice(pack.family_id, m.cycle_number, m.moment_id) for m in pack.moments]

    # Made only when the button is pressed, so the export is noted in the history only then.
    def make() -> bytes:
        made = make_supervision_pack(
            get_store(), choices, pack.lead_guider, who_for_audit(), date.today()
        )
        return made.pdf

    return make


def _render_moment(pack: SupervisionPack, family: Family, moment: PackMoment) -> None:
    kind = "Working point" if moment.working_point else "Moment that worked"
    choice = MomentChoice(pack.family_id, moment.cycle_number, moment.moment_id)
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(moment.title)}**")
        st.caption(f"Cycle {moment.cycle_number} · {kind} · {moment.length_s:.0f} seconds")
        if moment.principles:
            st.markdown(" · ".join(escape_markdown(p) for p in moment.principles))
        for comment in comments_on(family, moment.cycle_number, moment.moment_id):
            show_typed_text(comment.text)
            st.caption(f"{escape_markdown(comment.supervisor)}, {format_day(comment.written_on)}")
        key = f"supervisor_comment_{moment.cycle_number}_{moment.moment_id}"
        st.text_area("Your comments on this moment", key=key, max_chars=MAX_COMMENT_LENGTH)
        st.button(
            "Save comments",
            key=f"save_{key}",
            on_click=_save_comment,
            args=(choice, key),
        )


def _render_pack(pack: SupervisionPack) -> None:
    st.subheader(escape_markdown(pack.pseudonym), anchor=False)
    st.caption(f"Guider {escape_markdown(pack.lead_guider)} · {pack.cycles} cycle(s)")
    if not pack.moments:
        st.info("No moments have been chosen yet.")
        return
    st.download_button(
        "Download the supervision pack (PDF)",
        data=_pack_pdf_maker(pack),
        file_name=f"supervision-pack-{date.today():%Y%m%d}.pdf",
        mime="application/pdf",
        icon=":material/download:",
    )
    family = load_family(get_store(), pack.family_id)
    for moment in pack.moments:
        _render_moment(pack, family, moment)


def render_supervision_page() -> None:
    """List the supervision packs of families who consented to supervision."""
    st.title("Supervision", anchor=False)
    show_kept_message(_FLASH)
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
