"""The Families page: the guider's caseload, search, filter, add a family."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload import CaseloadRow, add_family, list_caseload
from vigreview.dates import format_day
from vigreview.models import CaseStatus
from vigreview.storage import StorageError
from vigreview.ui.feedback import show_field_error, show_recoveries, storage_problems_explained
from vigreview.ui.fresh_forms import field_key, start_form_afresh
from vigreview.ui.navigation import open_family
from vigreview.ui.resources import get_store
from vigreview.ui.retention_view import show_deletions_ahead
from vigreview.ui.signed_in import current_viewer, lead_guider_name
from vigreview.ui.text import escape_markdown
from vigreview.validation import MAX_NAME_LENGTH, FamilyDraft, validate_family_draft

_STATUS_CHOICES = {"Open": CaseStatus.OPEN.value, "Closed": CaseStatus.CLOSED.value, "All": None}
_ERRORS_KEY = "add_family_errors"
_ADDED_KEY = "add_family_added"
# Rows drawn at first and per "Show more": a centre keeps hundreds of families, and drawing
# every one on each tap would make the page slower with every case (search finds the rest).
ROWS_PER_PAGE = 25
_SHOWN_KEY = "caseload_rows_shown"
_FORM = "add_family"
_FIELDS = (
    "pseudonym",
    "baby_name",
    "age_kind",
    "birth_date",
    "age_months",
    "lead_guider",
    "referred_by",
    "opened_on",
)


def _field(name: str) -> str:
    return field_key(_FORM, name)


def _draft_from_form() -> FamilyDraft:
    state = st.session_state
    use_birth_date = state.get(_field("age_kind")) == "Date of birth"
    return FamilyDraft(
        pseudonym=state.get(_field("pseudonym")) or "",
        baby_name=state.get(_field("baby_name")) or "",
        lead_guider=state.get(_field("lead_guider")) or "",
        opened_on=state.get(_field("opened_on")) or date.today(),
        baby_birth_date=state.get(_field("birth_date")) if use_birth_date else None,
        baby_age_months=None if use_birth_date else state.get(_field("age_months")),
        referred_by=state.get(_field("referred_by")) or "",
    )


def _submit_new_family() -> None:
    # A callback, so the errors are known before the fields are drawn again.
    draft = _draft_from_form()
    errors = validate_family_draft(draft, date.today())
    st.session_state[_ERRORS_KEY] = errors
    if errors:
        return
    try:
        family = add_family(get_store(), draft, current_viewer().account_id)
    except StorageError as error:
        st.session_state[_ERRORS_KEY] = {"form": str(error)}
        return
    st.session_state[_ADDED_KEY] = (family.id, family.pseudonym)
    start_form_afresh(_FORM, _FIELDS)


def _render_add_family_form() -> None:
    errors: dict[str, str] = st.session_state.get(_ERRORS_KEY, {})
    # A signed-in guider adds families to their own caseload unless they type another name.
    st.session_state.setdefault(_field("lead_guider"), lead_guider_name())
    with st.expander("Add a family", icon=":material/person_add:", expanded=bool(errors)):
        st.caption("Use a pseudonym if your service asks you to. Fields marked * are needed.")
        with st.form("add_family", border=False):
            st.text_input(
                "Parent's name or pseudonym *", key=_field("pseudonym"), max_chars=MAX_NAME_LENGTH
            )
            show_field_error(errors, "pseudonym")
            st.text_input(
                "Baby's first name or pseudonym *",
                key=_field("baby_name"),
                max_chars=MAX_NAME_LENGTH,
            )
            show_field_error(errors, "baby_name")
            st.radio(
                "Baby's age *",
                ["Date of birth", "Age in months"],
                key=_field("age_kind"),
                horizontal=True,
            )
            left, right = st.columns(2)
            left.date_input(
                "Date of birth (if you chose it)",
                value=None,
                max_value=date.today(),
                min_value=date(2000, 1, 1),
                key=_field("birth_date"),
                format="DD/MM/YYYY",
            )
            right.number_input(
                "Age in months (if you chose it)",
                min_value=0,
                max_value=60,
                value=None,
                step=1,
                key=_field("age_months"),
            )
            show_field_error(errors, "baby_age")
            st.text_input("Lead guider *", key=_field("lead_guider"), max_chars=MAX_NAME_LENGTH)
            show_field_error(errors, "lead_guider")
            st.text_input("Referred by", key=_field("referred_by"), max_chars=MAX_NAME_LENGTH)
            show_field_error(errors, "referred_by")
            st.date_input(
                "Start of the work",
                value=date.today(),
                max_value=date.today(),
                key=_field("opened_on"),
                format="DD/MM/YYYY",
            )
            show_field_error(errors, "opened_on")
            show_field_error(errors, "form")
            st.form_submit_button("Add family", type="primary", on_click=_submit_new_family)


def _render_row(row: CaseloadRow) -> None:
    badge = "Open" if row.status == CaseStatus.OPEN else "Closed"
    guider = escape_markdown(row.lead_guider)
    # One bordered row of two elements (the names with their details, and the button), not
    # columns in a container: a page draws up to ROWS_PER_PAGE of them on every tap.
    with st.container(border=True, horizontal=True, vertical_alignment="center"):
        st.markdown(
            f"**{escape_markdown(row.pseudonym)}** with baby {escape_markdown(row.baby_name)}  \n"
            f":gray[:small[{badge} · guider {guider} · since {format_day(row.opened_on)}]]",
            width="stretch",
        )
        # The family's name is in the button's name: "Open" alone says nothing to a screen
        # reader, beside an "Open" filter.
        label = f"Open {escape_markdown(row.pseudonym)}"
        if st.button(label, key=f"open_{row.id}", width="stretch"):
            open_family(row.id)


def render_families_page() -> None:
    """Draw the caseload list with search, a status filter and the add-a-family form."""
    store = get_store()
    st.title("Families")
    show_recoveries(store)
    show_deletions_ahead(current_viewer())
    # Kept until used, so the button below is still there on the rerun its click causes.
    added = st.session_state.get(_ADDED_KEY)
    if added:
        family_id, pseudonym = added
        name = escape_markdown(pseudonym)
        st.success(f"{name} was added. Open their page to record consent before filming.")
        if st.button(f"Open {name}'s page", type="primary", key="open_added_family"):
            st.session_state.pop(_ADDED_KEY, None)
            open_family(family_id)
    _render_add_family_form()
    search_col, status_col = st.columns([3, 2], vertical_alignment="bottom")
    search = search_col.text_input("Search by name", key="caseload_search", placeholder="Name")
    status_label = status_col.segmented_control(
        "Show", list(_STATUS_CHOICES), default="Open", key="caseload_status"
    )
    with storage_problems_explained():
        rows = list_caseload(
            store, search, _STATUS_CHOICES.get(status_label or "All"), current_viewer()
        )
    if not rows:
        st.info("No families match. Try another name, or choose 'All'.")
    shown = int(st.session_state.get(_SHOWN_KEY, ROWS_PER_PAGE))
    for row in rows[:shown]:
        _render_row(row)
    if len(rows) > shown:
        st.caption(f"Showing {shown} of {len(rows)} families. Search by name to find one.")
        st.button("Show more families", on_click=_show_more, args=(shown,))


def _show_more(shown: int) -> None:
    st.session_state[_SHOWN_KEY] = shown + ROWS_PER_PAGE
