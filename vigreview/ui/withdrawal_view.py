"""Withdrawing consent on the Family page: what it will delete, confirming, and what went."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.models import ConsentPurpose, Family
from vigreview.retention.erasure import describe_purposes, withdraw_and_erase
from vigreview.retention.footage import find_footage
from vigreview.storage import StorageError
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import who_for_audit

PURPOSES_KEY = "withdraw_purposes"
CONFIRM_KEY = "withdraw_confirm"
_REPORT_KEY = "withdrawal_report"


def _chosen() -> list[ConsentPurpose]:
    values = st.session_state.get(PURPOSES_KEY) or []
    return [p for p in ConsentPurpose if p.value in values]


def _submit_withdrawal(family_id: str) -> None:
    state = st.session_state
    chosen = _chosen()
    if not chosen:
        keep_message(_REPORT_KEY, "Nothing was withdrawn: please choose what to withdraw.", "error")
        return
    try:
        report = withdraw_and_erase(
            get_store(),
            family_id,
            chosen,
            on=date.today(),
            who=who_for_audit(),
        )
    except (OSError, StorageError) as error:
        keep_message(
            _REPORT_KEY,
            f"The withdrawal could not be finished ({error}). Please try again; anything "
            "already deleted stays deleted.",
            "error",
        )
        return
    keep_message(
        _REPORT_KEY, f"Consent withdrawn for {describe_purposes(chosen)}. {report.describe()}"
    )
    state.pop(PURPOSES_KEY, None)
    state.pop(CONFIRM_KEY, None)


def _describe_what_goes(family: Family, chosen: list[ConsentPurpose]) -> str:
    listed = find_footage(get_store(), family.id, chosen).list_counts()
    if not listed:
        return "There is no footage on this device that this covers, so nothing will be deleted."
    return (
        f"This deletes {listed} from this device straight away, so no tablet can play them "
        "again. It cannot be undone. The record keeps only that they were deleted, and when."
    )


def render_withdrawal(family: Family, today: date, titles: dict[ConsentPurpose, str]) -> None:
    """Offer withdrawal of any consent in force: show what it deletes, confirm, then report.

    `titles` names each purpose as the consent form does.
    """
    show_kept_message(_REPORT_KEY, icon=":material/delete:")
    active = [p for p in ConsentPurpose if family.has_consent(p, today)]
    if not active:
        return
    with st.expander("The parent wants to withdraw consent", icon=":material/block:"):
        st.multiselect(
            "What is the parent withdrawing?",
            [p.value for p in active],
            format_func=lambda v: titles[ConsentPurpose(v)],
            key=PURPOSES_KEY,
        )
        chosen = _chosen()
        if chosen:
            st.warning(_describe_what_goes(family, chosen), icon=":material/warning:")
        confirmed = st.checkbox("I have confirmed this with the parent", key=CONFIRM_KEY)
        st.button(
            "Withdraw consent",
            type="primary",
            disabled=not confirmed or not chosen,
            on_click=_submit_withdrawal,
            args=(family.id,),
        )
