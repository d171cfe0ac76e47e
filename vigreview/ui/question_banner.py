"""The family's current helping question, shown at the top of every page of that family."""

from __future__ import annotations

import streamlit as st

from vigreview.dates import format_day
from vigreview.i18n import translator_for
from vigreview.models import Family
from vigreview.ui.text import escape_markdown

BANNER_KEY = "vig_question_banner"


def show_helping_question(family: Family, *, for_parent: bool = False) -> None:
    """Show the current helping question in a calm band (larger in the parent view).

    Guiders are reminded when there is none yet; the parent view then shows nothing.
    """
    question = family.current_helping_question()
    if question is None:
        if not for_parent:
            st.caption(
                "No helping question yet: write it with the parent on the Helping question page."
            )
        return
    with st.container(key=BANNER_KEY):
        label = translator_for(family.language).gettext("Your question")
        label = label if for_parent else "Helping question"
        st.markdown(f"**{label}:** {escape_markdown(question.text)}")
        if not for_parent:
            st.caption(f"Agreed on {format_day(question.written_on)}")
