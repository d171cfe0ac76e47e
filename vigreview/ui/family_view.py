"""The Family page: details, the consent form in plain words, opening and closing the case."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload import (
    close_case,
    load_family,
    reassign_family,
    record_consent,
    reopen_case,
)
from vigreview.codec import family_to_doc
from vigreview.dates import format_day
from vigreview.models import CONSENT_WORDING, CaseStatus, ConsentPurpose, Family
from vigreview.retention.erasure import describe_purposes
from vigreview.storage import StorageError
from vigreview.trust.accounts import Role, list_accounts
from vigreview.trust.audit import AuditAction, record_event
from vigreview.trust.ownership import find_lead_id
from vigreview.ui.audit_view import render_history
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.language_choice import render_language_choice
from vigreview.ui.navigation import (
    EXPORTS_PAGE,
    FILMS_PAGE,
    HELPING_QUESTION_PAGE,
    MOMENTS_PAGE,
    PROGRESS_PAGE,
    REVIEW_PAGE,
)
from vigreview.ui.resources import get_store
from vigreview.ui.retention_view import show_family_retention
from vigreview.ui.signed_in import current_viewer, who_for_audit
from vigreview.ui.text import escape_markdown, show_typed_text
from vigreview.ui.withdrawal_view import render_withdrawal
from vigreview.validation import MAX_NAME_LENGTH, validate_consent_form

_CONSENT_ERRORS = "consent_errors"
_FLASH = "family_flash"
_FIELD = "consent_"
_REASSIGN_KEY = "reassign_to"
_REASSIGN_PROBLEM = "reassign_problem"

PURPOSE_TITLES = {
    ConsentPurpose.FILMING: "Filming",
    ConsentPurpose.SHARED_REVIEW: "Watching the film together (shared review)",
    ConsentPurpose.SUPERVISION: "Supervision",
    ConsentPurpose.TRAINING: "Training",
}


def _describe_consent(family: Family, purpose: ConsentPurpose, today: date) -> str:
    consent = family.consent_for(purpose)
    if consent is None:
        return "Not agreed"
    if consent.withdrawn_on is not None and consent.withdrawn_on <= today:
        return f"Withdrawn on {format_day(consent.withdrawn_on)}"
    return f"Agreed on {format_day(consent.given_on)} by {escape_markdown(consent.given_by)}"


def _submit_consent(family_id: str) -> None:
    state = st.session_state
    purposes = {p for p in ConsentPurpose if state.get(_FIELD + p.value)}
    given_by = state.get(_FIELD + "given_by") or ""
    given_on = state.get(_FIELD + "given_on") or date.today()
    family = load_family(get_store(), family_id)
    agreed = frozenset(p for p in ConsentPurpose if family.has_consent(p, date.today()))
    errors = validate_consent_form(purposes, given_by, given_on, date.today(), agreed)
    state[_CONSENT_ERRORS] = errors
    if errors:
        return
    record_consent(get_store(), family_id, purposes, given_by, given_on, family.lead_guider)
    detail = f"Agreed: {describe_purposes(purposes)}, given by {given_by.strip()}."
    record_event(get_store(), family_id, who_for_audit(), AuditAction.CONSENT_GIVEN, detail)
    keep_message(_FLASH, "Consent recorded. Thank you.")
    for purpose in ConsentPurpose:
        state.pop(_FIELD + purpose.value, None)


def _render_details(family: Family, today: date) -> None:
    age = family.baby_age_on(today)
    # The form asks for one of the two, but a record from an older bundle may have neither.
    age_text = "age not recorded" if age is None else f"{age} months"
    left, right = st.columns(2)
    left.markdown(f"**Baby:** {escape_markdown(family.baby_name)}, {age_text}")
    left.markdown(f"**Lead guider:** {escape_markdown(family.lead_guider)}")
    right.markdown(f"**Referred by:** {escape_markdown(family.referred_by or 'not recorded')}")
    right.markdown(f"**Work started:** {format_day(family.opened_on)}")
    render_language_choice(family, key="family_language")
    if family.notes:
        st.markdown("**Notes**")
        show_typed_text(family.notes)


def _render_consent(family: Family, today: date) -> None:
    st.subheader("Consent")
    for purpose in ConsentPurpose:
        st.markdown(f"- **{PURPOSE_TITLES[purpose]}:** {_describe_consent(family, purpose, today)}")
    if not family.has_consent(ConsentPurpose.FILMING, today):
        st.info("Filming needs the parent's consent. Read the form below together first.")
    errors: dict[str, str] = st.session_state.get(_CONSENT_ERRORS, {})
    with (
        st.expander("Consent form: read this with the parent", expanded=bool(errors)),
        st.form("consent_form", border=False),
    ):
        st.markdown(
            "Please tick each thing you are happy with. You can change your mind at any time, "
            "and then we delete the film."
        )
        for purpose in ConsentPurpose:
            st.checkbox(PURPOSE_TITLES[purpose], key=_FIELD + purpose.value)
            st.html(f'<div class="vig-consent">{CONSENT_WORDING[purpose]}</div>')
        show_field_error(errors, "purposes")
        st.text_input("Parent's name", key=_FIELD + "given_by", max_chars=MAX_NAME_LENGTH)
        show_field_error(errors, "given_by")
        st.date_input(
            "Date",
            value=today,
            max_value=today,
            key=_FIELD + "given_on",
            format="DD/MM/YYYY",
        )
        show_field_error(errors, "given_on")
        st.form_submit_button(
            "Record consent",
            type="primary",
            on_click=_submit_consent,
            args=(family.id,),
        )
    render_withdrawal(family, today, PURPOSE_TITLES)


def _render_case_status(family: Family, today: date) -> None:
    st.subheader("The case")
    store = get_store()
    if family.status == CaseStatus.OPEN:
        st.markdown(
            f"Open since {format_day(family.opened_on)}. When the work ends, close the case: "
            f"the footage is then deleted after {family.retention_days} days."
        )
        show_family_retention(family, today)
        if st.checkbox("The work with this family has ended", key="close_confirm") and st.button(
            "Close the case"
        ):
            close_case(store, family.id, today)
            record_event(store, family.id, who_for_audit(), AuditAction.CASE_CLOSED)
            keep_message(_FLASH, "The case is closed.")
            st.rerun()
    else:
        st.markdown(f"Closed on {format_day(family.closed_on)}.")
        show_family_retention(family, today)
        if st.button("Reopen the case"):
            reopen_case(store, family.id)
            record_event(store, family.id, who_for_audit(), AuditAction.CASE_REOPENED)
            keep_message(_FLASH, "The case is open again.")
            st.rerun()


_FAMILY_WORK_PAGES = (
    (HELPING_QUESTION_PAGE, "Helping question", ":material/help:"),
    (FILMS_PAGE, "Cycles & films", ":material/videocam:"),
    (MOMENTS_PAGE, "Moments", ":material/movie_edit:"),
    (REVIEW_PAGE, "Shared review", ":material/forum:"),
    (PROGRESS_PAGE, "Progress", ":material/show_chart:"),
    (EXPORTS_PAGE, "Keepsake & exports", ":material/ios_share:"),
)


def _render_work_links() -> None:
    # In portrait the sidebar is folded away: the family's next steps are one tap from here.
    columns = st.columns(3)
    for index, (page, label, icon) in enumerate(_FAMILY_WORK_PAGES):
        columns[index % 3].page_link(page, label=label, icon=icon, width="stretch")


def _reassign(family_id: str) -> None:
    store = get_store()
    chosen = st.session_state.get(_REASSIGN_KEY)
    to = next((a for a in list_accounts(store) if a.username == chosen), None)
    if to is None:
        keep_message(_REASSIGN_PROBLEM, "Please choose the guider to hand the family to.", "error")
        return
    try:
        reassign_family(store, family_id, to, current_viewer(), who_for_audit())
    except StorageError as error:
        keep_message(_REASSIGN_PROBLEM, str(error), "error")
        return
    keep_message(_FLASH, f"{to.display_name} now leads this family.")


def _render_reassign(family: Family) -> None:
    """Hand the family to another guider: for an administrator or the current lead only."""
    viewer = current_viewer()
    store = get_store()
    accounts = list_accounts(store)
    lead = find_lead_id(family_to_doc(family), accounts)
    if not (viewer.administrator or (lead and lead == viewer.account_id)):
        return
    others = {a.username: a.display_name for a in accounts if a.role == Role.GUIDER}
    others.pop(lead, None)
    if not others:
        return
    with st.expander("Hand this family to another guider"):
        st.selectbox(
            "New lead guider",
            list(others),
            format_func=lambda username: f"{others[username]} ({username})",
            index=None,
            key=_REASSIGN_KEY,
        )
        show_kept_message(_REASSIGN_PROBLEM)
        st.caption("The new lead guider sees the family from now on; you no longer do.")
        st.button("Hand over the family", on_click=_reassign, args=(family.id,))


def render_family_page() -> None:
    """Draw the open family's details, consent and case status."""
    family = load_open_family("Family")
    if family is None:
        return
    today = date.today()
    st.title(
        f"{escape_markdown(family.pseudonym)} with {escape_markdown(family.baby_name)}",
        anchor=False,
    )
    show_kept_message(_FLASH)
    _render_work_links()
    _render_details(family, today)
    _render_consent(family, today)
    _render_case_status(family, today)
    _render_reassign(family)
    render_history(family.id)
