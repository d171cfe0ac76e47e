"""The Guider accounts page: who may sign in, adding and removing accounts."""

from __future__ import annotations

from datetime import date
from typing import Any

import streamlit as st

from vigreview.caseload import remove_guider_account
from vigreview.storage import StorageError
from vigreview.trust.accounts import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_SECRET_LENGTH,
    MAX_USERNAME_LENGTH,
    ROLE_TITLES,
    Role,
    create_account,
    list_accounts,
)
from vigreview.ui.account_form import check_account_draft, read_account_draft
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.fresh_forms import field_key, form_prefix, start_form_afresh
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import current_identity, current_viewer
from vigreview.ui.text import escape_markdown

_ERRORS_KEY = "new_account_errors"
_FLASH = "guiders_flash"
_PROBLEM = "guiders_problem"
_CONFIRM_KEY = "remove_account_asked"
_FORM = "new_account"
_FIELDS = ("display_name", "username", "role", "secret", "secret_again")


def _submit_new_account() -> None:
    state = st.session_state
    prefix = form_prefix(_FORM)
    draft = read_account_draft(prefix, Role(state.get(field_key(_FORM, "role")) or Role.GUIDER))
    store = get_store()
    errors = check_account_draft(draft)
    state[_ERRORS_KEY] = errors
    if errors:
        return
    identity = current_identity()
    made_by = identity.audit_name if identity else ""
    try:
        account = create_account(store, draft, made_by, date.today().isoformat())
    except StorageError as error:
        state[_ERRORS_KEY] = {"form": str(error)}
        return
    start_form_afresh(_FORM, _FIELDS)
    keep_message(
        _FLASH,
        f"{escape_markdown(account.display_name)} can now sign in as "
        f"{escape_markdown(account.username)}.",
    )


def _ask_to_remove(username: str) -> None:
    st.session_state[_CONFIRM_KEY] = username


def _keep_account() -> None:
    st.session_state.pop(_CONFIRM_KEY, None)


def _remove_account(username: str) -> None:
    st.session_state.pop(_CONFIRM_KEY, None)
    try:
        remove_guider_account(get_store(), username, current_viewer())
    except StorageError as error:
        keep_message(_PROBLEM, str(error), "error")
        return
    keep_message(_FLASH, f"The account {escape_markdown(username)} was removed.")


def _render_removal(username: str, display_name: str, is_me: bool, action: Any) -> None:
    if st.session_state.get(_CONFIRM_KEY) != username:
        action.button(
            "Remove",
            key=f"remove_account_{username}",
            disabled=is_me,
            help="You cannot remove your own account." if is_me else None,
            on_click=_ask_to_remove,
            args=(username,),
            width="stretch",
        )
        return
    st.warning(
        f"Remove {escape_markdown(display_name)}'s account? They will no longer be able to "
        "sign in, and no restore brings the account back. Families they lead must be given "
        "to another guider first."
    )
    yes, no = st.columns(2)
    yes.button(
        "Yes, remove the account",
        key=f"remove_account_yes_{username}",
        type="primary",
        on_click=_remove_account,
        args=(username,),
    )
    no.button("Keep it", key=f"remove_account_no_{username}", on_click=_keep_account)


def _render_new_account_form(errors: dict[str, str]) -> None:
    with st.form("new_account", border=True):
        st.markdown("**Add an account**")
        st.text_input(
            "Name, as families know them *",
            key=field_key(_FORM, "display_name"),
            max_chars=MAX_DISPLAY_NAME_LENGTH,
        )
        show_field_error(errors, "display_name")
        st.text_input(
            "Sign-in name *", key=field_key(_FORM, "username"), max_chars=MAX_USERNAME_LENGTH
        )
        show_field_error(errors, "username")
        st.radio(
            "Role",
            [r.value for r in Role],
            format_func=lambda v: ROLE_TITLES[Role(v)],
            key=field_key(_FORM, "role"),
            horizontal=True,
        )
        st.caption("A supervisor sees supervision packs only, never family records.")
        st.text_input(
            "PIN or password (at least 4 characters) *",
            key=field_key(_FORM, "secret"),
            type="password",
            max_chars=MAX_SECRET_LENGTH,
        )
        show_field_error(errors, "secret")
        st.text_input(
            "The same again *",
            key=field_key(_FORM, "secret_again"),
            type="password",
            max_chars=MAX_SECRET_LENGTH,
        )
        show_field_error(errors, "secret_again")
        show_field_error(errors, "form")
        st.form_submit_button("Add account", type="primary", on_click=_submit_new_account)


def render_guiders_page() -> None:
    """List the accounts, with a form to add one and a way to remove others."""
    st.title("Guider accounts", anchor=False)
    show_kept_message(_FLASH)
    show_kept_message(_PROBLEM)
    identity = current_identity()
    accounts = list_accounts(get_store())
    if not accounts:
        st.markdown(
            "There are no accounts yet, so this tablet runs the demo. Make your own account "
            "below; after that everyone signs in."
        )
    for account in accounts:
        with st.container(border=True):
            who, action = st.columns([4, 1.3], vertical_alignment="center")
            who.markdown(
                f"**{escape_markdown(account.display_name)}** · "
                f"{ROLE_TITLES[account.role]} · signs in as {escape_markdown(account.username)}"
            )
            is_me = identity is not None and identity.username == account.username
            if account.administrator:
                who.caption("Administrator: restores backups, removes accounts.")
            if identity is not None and identity.administrator:
                _render_removal(account.username, account.display_name, is_me, action)
    _render_new_account_form(st.session_state.get(_ERRORS_KEY, {}))
