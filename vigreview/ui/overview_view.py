"""The Caseload overview page: every family in one sortable, filterable table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from vigreview.caseload_overview import build_overview, filter_overview, read_overview
from vigreview.ui.feedback import show_recoveries, storage_problems_explained
from vigreview.ui.navigation import open_family
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import current_viewer

_STATUSES = {"All": None, "Open": "Open", "Closed": "Closed"}
_FLAG_COLOUR = "background-color: #fbe3d3"
_COLUMN_CONFIG = {
    "family": st.column_config.TextColumn("Family"),
    "baby": st.column_config.TextColumn("Baby"),
    "guider": st.column_config.TextColumn("Guider"),
    "status": st.column_config.TextColumn("Case"),
    "cycles": st.column_config.NumberColumn("Cycles", format="%d"),
    "last_review": st.column_config.DateColumn("Last review", format="D MMM YYYY"),
    "consent": st.column_config.TextColumn("Consent", width="medium"),
    "next_action": st.column_config.TextColumn("Next action", width="medium"),
    "due_by": st.column_config.DateColumn("Due by", format="D MMM YYYY"),
    "footage_due": st.column_config.CheckboxColumn("Footage due for deletion"),
}


def _flag_rows(row: pd.Series) -> list[str]:
    return [_FLAG_COLOUR if row["footage_due"] else "" for _ in row]


def render_overview_page() -> None:
    """Draw the caseload table with its filters, and a way to open a family from it."""
    store = get_store()
    st.title("Caseload overview", anchor=False)
    show_recoveries(store)
    with storage_problems_explained():
        frame = build_overview(store, date.today(), current_viewer())
    st.markdown(read_overview(frame))
    if frame.empty:
        st.info("Families appear here once they are added on the Families page.")
        return
    search_col, status_col, due_col = st.columns([3, 2, 2], vertical_alignment="bottom")
    search = search_col.text_input("Search by name", key="overview_search", placeholder="Name")
    status = status_col.segmented_control(
        "Show", list(_STATUSES), default="All", key="overview_status"
    )
    only_due = due_col.toggle("Only footage due for deletion", key="overview_only_due")
    shown = filter_overview(frame, search, _STATUSES.get(status or "All"), only_due)
    if shown.empty:
        st.info("No families match. Try another name, or show all.")
        return
    # A dataframe shows every cell as plain text, so nothing typed can become markup.
    st.dataframe(
        shown.style.apply(_flag_rows, axis=1),
        column_order=[c for c in shown.columns if c != "id"],
        column_config=_COLUMN_CONFIG,
        hide_index=True,
    )
    st.caption(
        "Click a column's heading to sort by it. Flagged rows have footage due for deletion "
        "within a week under the retention rule."
    )
    choice_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
    names = dict(zip(shown["id"], shown["family"] + " with " + shown["baby"], strict=True))
    chosen = choice_col.selectbox(
        "Open a family", list(names), format_func=lambda i: names[i], key="overview_open"
    )
    if button_col.button("Open", key="overview_open_button", width="stretch"):
        open_family(str(chosen))
