"""The Caseload overview page: every family in one sortable, filterable table."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload_overview import build_overview, filter_overview, read_overview
from vigreview.ui.feedback import show_recoveries, storage_problems_explained
from vigreview.ui.navigation import open_family
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import current_viewer

_STATUSES = {"All": None, "Open": "Open", "Closed": "Closed"}
# Few columns, so that "Next action" (what the page is for) fits on a tablet either way up.
# "Next action" comes straight after the name, so it is in view without scrolling sideways.
_COLUMN_CONFIG = {
    "family": st.column_config.TextColumn("Family"),
    "next_action": st.column_config.TextColumn("Next action", width="large"),
    "due_by": st.column_config.DateColumn("Due by", format="D MMM YYYY"),
    "last_review": st.column_config.DateColumn("Last review", format="D MMM YYYY"),
    "status": st.column_config.TextColumn("Case", width="small"),
    "footage_due": st.column_config.CheckboxColumn("Footage due", width="small"),
}


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
    search_col, status_col = st.columns(2, vertical_alignment="bottom")
    search = search_col.text_input("Search by name", key="overview_search", placeholder="Name")
    status = status_col.segmented_control(
        "Show", list(_STATUSES), default="All", key="overview_status"
    )
    only_due = st.toggle("Only footage due for deletion", key="overview_only_due")
    shown = filter_overview(frame, search, _STATUSES.get(status or "All"), only_due)
    if shown.empty:
        st.info("No families match. Try another name, or show all.")
        return
    # A dataframe shows every cell as plain text, so nothing typed can become markup. The
    # flag is a ticked column, not a coloured row: pandas styling works cell by cell and took
    # about a second a rerun for a centre's 500 families.
    event = st.dataframe(
        shown,
        column_order=list(_COLUMN_CONFIG),
        column_config=_COLUMN_CONFIG,
        hide_index=True,
        on_select="rerun",
        selection_mode="single-row",
        key="overview_table",
    )
    st.caption(
        "Tap a family's row to open it; tap a column's heading to sort by it. Families whose "
        "footage is due for deletion within a week under the retention rule come first, "
        "ticked under “Footage due”."
    )
    rows = event.selection.rows if event is not None else []
    if rows:
        open_family(str(shown.iloc[rows[0]]["id"]))
