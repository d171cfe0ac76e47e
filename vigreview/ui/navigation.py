"""The app's pages and moving between them."""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

FAMILIES_PAGE = "screens/families.py"
FAMILY_PAGE = "screens/family.py"
FILMS_PAGE = "screens/films.py"
MOMENTS_PAGE = "screens/moments.py"
HELPING_QUESTION_PAGE = "screens/helping_question.py"
REVIEW_PAGE = "screens/review.py"
PROGRESS_PAGE = "screens/progress.py"
EXPORTS_PAGE = "screens/exports.py"
OVERVIEW_PAGE = "screens/overview.py"
SUPERVISION_PACK_PAGE = "screens/supervision_pack.py"
DATA_PAGE = "screens/data.py"
GUIDERS_PAGE = "screens/guiders.py"
SUPERVISION_PAGE = "screens/supervision.py"

# Non-widget session keys: widget-keyed state is dropped when its page is left.
CURRENT_FAMILY_KEY = "current_family_id"
CURRENT_FILM_KEY = "current_film"


def build_navigation() -> StreamlitPage:
    """Return the navigation for the guider's pages."""
    pages = [
        st.Page(FAMILIES_PAGE, title="Families", icon=":material/groups:", default=True),
        st.Page(FAMILY_PAGE, title="Family", icon=":material/family_restroom:"),
        st.Page(FILMS_PAGE, title="Cycles & films", icon=":material/videocam:"),
        st.Page(MOMENTS_PAGE, title="Moments", icon=":material/movie_edit:"),
        st.Page(HELPING_QUESTION_PAGE, title="Helping question", icon=":material/help:"),
        st.Page(REVIEW_PAGE, title="Shared review", icon=":material/forum:"),
        st.Page(PROGRESS_PAGE, title="Progress", icon=":material/insights:"),
        st.Page(EXPORTS_PAGE, title="Keepsake & exports", icon=":material/ios_share:"),
        st.Page(OVERVIEW_PAGE, title="Caseload overview", icon=":material/table_view:"),
        st.Page(SUPERVISION_PACK_PAGE, title="Supervision pack", icon=":material/school:"),
        st.Page(DATA_PAGE, title="Data & settings", icon=":material/settings:"),
        st.Page(GUIDERS_PAGE, title="Guider accounts", icon=":material/badge:"),
    ]
    return st.navigation(pages)


def build_supervisor_navigation() -> StreamlitPage:
    """Return the navigation for a supervisor: supervision packs only, no family records."""
    page = st.Page(
        SUPERVISION_PAGE, title="Supervision", icon=":material/supervisor_account:", default=True
    )
    return st.navigation([page])


def current_family_id() -> str | None:
    """Return the id of the family the guider has open in this browser tab."""
    value = st.session_state.get(CURRENT_FAMILY_KEY)
    return str(value) if value else None


def open_family(family_id: str) -> None:
    """Make `family_id` the open family and go to its page."""
    st.session_state[CURRENT_FAMILY_KEY] = family_id
    st.switch_page(FAMILY_PAGE)


def choose_film(cycle_number: int, film_id: str) -> None:
    """Remember which cycle's film the Moments page works on in this tab."""
    st.session_state[CURRENT_FILM_KEY] = (cycle_number, film_id)


def current_film() -> tuple[int, str] | None:
    """Return the (cycle number, film id) chosen for the Moments page, if any."""
    value = st.session_state.get(CURRENT_FILM_KEY)
    return (int(value[0]), str(value[1])) if value else None
