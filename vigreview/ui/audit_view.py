"""The family's audit history, shown read-only on the Family page."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from vigreview.trust.audit import read_history
from vigreview.ui.resources import get_store


def render_history(family_id: str) -> None:
    """Show who viewed, exported, deleted or changed consent, and when; newest first."""
    history = read_history(get_store(), family_id)
    with st.expander("History of this record", icon=":material/history:"):
        st.caption(
            "Every view, export, deletion and consent change is added here. "
            "Nobody can change or remove it."
        )
        if history.unreadable_lines:
            st.warning(
                f"{history.unreadable_lines} line(s) of the history could not be read "
                "(probably cut short when the device lost power). The rest is shown."
            )
        if not history.events:
            st.caption("Nothing has been recorded yet.")
            return
        rows = [
            {
                "When": f"{event.at:%d %b %Y, %H:%M}",
                "Who": event.who,
                "What": event.action,
                "Detail": event.detail,
            }
            for event in reversed(history.events)
        ]
        # A dataframe shows every cell as plain text, so nothing typed can become markup.
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
