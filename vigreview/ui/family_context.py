"""The family open in this browser tab, loaded for a page, with kind words when it can't be."""

from __future__ import annotations

import streamlit as st

from vigreview.caseload import load_family
from vigreview.models import Family
from vigreview.storage import FamilyNotFound, StorageError
from vigreview.ui.feedback import show_recoveries
from vigreview.ui.navigation import FAMILIES_PAGE, current_family_id
from vigreview.ui.question_banner import show_helping_question
from vigreview.ui.resources import get_store


def load_open_family(page_title: str) -> Family | None:
    """Return the tab's open family, or show why there is none (with a way back) and None.

    The family's current helping question is shown first: it heads every page of a family.
    """
    family_id = current_family_id()
    if family_id is None:
        st.title(page_title)
        st.info("Choose a family on the Families page first.")
        st.page_link(FAMILIES_PAGE, label="Go to Families", icon=":material/groups:")
        return None
    store = get_store()
    try:
        family = load_family(store, family_id)
    except FamilyNotFound:
        st.title(page_title)
        st.warning("This family's record is no longer here. It may have been closed and removed.")
        st.page_link(FAMILIES_PAGE, label="Go to Families", icon=":material/groups:")
        return None
    except StorageError as error:
        st.title(page_title)
        st.error(str(error), icon=":material/warning:")
        return None
    show_recoveries(store)
    show_helping_question(family)
    return family
