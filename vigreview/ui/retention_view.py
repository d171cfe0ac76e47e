"""The retention rule in the app: the daily sweep, and warning the guider a week ahead."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload import list_case_summaries
from vigreview.config import Settings
from vigreview.dates import format_day
from vigreview.models import Family
from vigreview.retention.sweep import (
    DailySweep,
    RetentionStage,
    decide_retention,
    list_retention,
    sweep_retention,
)
from vigreview.trust.ownership import Viewer
from vigreview.ui.resources import get_settings, get_store
from vigreview.ui.text import escape_markdown


@st.cache_resource(show_spinner=False)
def _sweep_for(settings: Settings) -> DailySweep:
    # Once per process per data folder: it sweeps now, then again each new day while running.
    store = get_store()
    sweep = DailySweep(lambda today: sweep_retention(store, today))
    sweep.start()
    return sweep


def start_retention_sweep() -> None:
    """Make sure footage that is due is deleted today, and on each later day while running."""
    _sweep_for(get_settings())


def _in_days(days: int | None) -> str:
    if not days:
        return "today"
    return "tomorrow" if days == 1 else f"in {days} days"


def show_deletions_ahead(viewer: Viewer) -> None:
    """On the caseload: list closed families of `viewer`'s whose footage goes within a week."""
    store = get_store()
    soon = [
        e
        for e in list_retention(store, date.today())
        if e.decision.stage in (RetentionStage.WARN, RetentionStage.DUE)
    ]
    if not soon:
        return
    visible = {summary.id for summary in list_case_summaries(store, viewer)}
    entries = [e for e in soon if e.family_id in visible]
    if not entries:
        return
    lines = [
        f"- **{escape_markdown(e.pseudonym)}**: {format_day(e.decision.due_on)} "
        f"({_in_days(e.decision.days_left)})"
        for e in entries
    ]
    st.warning(
        "Footage of closed cases will be deleted soon. Make any keepsake the parent wants "
        "before then.\n\n" + "\n".join(lines),
        icon=":material/schedule:",
    )


def show_family_retention(family: Family, today: date) -> None:
    """On a family's page: when footage will go (warning a week ahead), or when it went and why."""
    decision = decide_retention(family, today)
    if decision.stage == RetentionStage.KEEP:
        st.markdown(f"The footage will be deleted on {format_day(decision.due_on)}.")
    elif decision.stage in (RetentionStage.WARN, RetentionStage.DUE):
        st.warning(
            f"This family's footage will be deleted on {format_day(decision.due_on)} "
            f"({_in_days(decision.days_left)}), under the retention rule.",
            icon=":material/schedule:",
        )
    if family.footage_deleted_on is not None:
        st.markdown(
            f"**Footage deleted on {format_day(family.footage_deleted_on)}.** "
            f"{escape_markdown(family.footage_deleted_because)}"
        )
