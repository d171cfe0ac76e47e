"""The sign-in page, and on a first run the form that makes the first guider account."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from vigreview.caseload import adopt_demo_families
from vigreview.storage import StorageError
from vigreview.trust.accounts import (
    MAX_DISPLAY_NAME_LENGTH,
    MAX_SECRET_LENGTH,
    MAX_USERNAME_LENGTH,
    Role,
    SignInOutcome,
    create_account,
    has_accounts,
    sign_in,
)
from vigreview.trust.lockout import LOCK_MINUTES, MAX_WRONG_TRIES
from vigreview.ui.account_form import check_account_draft, read_account_draft
from vigreview.ui.feedback import show_field_error, show_kept_message
from vigreview.ui.resources import demo_progress, finish_demo, get_store, start_demo
from vigreview.ui.signed_in import SIGN_IN_NOTE_KEY, sign_in_as, use_demo_without_account

_ERRORS_KEY = "sign_in_errors"
_FIRST = "first_account_"
_FIELD = "sign_in_"


def _submit_sign_in() -> None:
    state = st.session_state
    username = state.get(_FIELD + "username") or ""
    secret = state.get(_FIELD + "secret") or ""
    # The secret never stays in the tab once it has been checked.
    state[_FIELD + "secret"] = ""
    if not username.strip() or not secret:
        state[_ERRORS_KEY] = {"form": "Please type your sign-in name and your PIN or password."}
        return
    try:
        result = sign_in(get_store(), username, secret, datetime.now())
    except StorageError as error:
        state[_ERRORS_KEY] = {"form": str(error)}
        return
    if result.outcome == SignInOutcome.SIGNED_IN and result.account is not None:
        state.pop(_ERRORS_KEY, None)
        sign_in_as(result.account)
        return
    if result.outcome == SignInOutcome.LOCKED:
        minutes = "minute" if result.minutes_locked == 1 else "minutes"
        message = (
            f"This account is locked after {MAX_WRONG_TRIES} wrong tries in a row. "
            f"Please wait {result.minutes_locked} {minutes} and try again."
        )
    else:
        message = (
            "That sign-in name and PIN or password don't match. Please try again. "
            f"After {MAX_WRONG_TRIES} wrong tries in a row the account locks for "
            f"{LOCK_MINUTES} minutes."
        )
    state[_ERRORS_KEY] = {"form": message}


def _submit_first_account() -> None:
    state = st.session_state
    draft = read_account_draft(_FIRST, Role.GUIDER)
    store = get_store()
    errors = check_account_draft(draft)
    if not errors and has_accounts(store):
        errors = {"form": "An account was made on another device meanwhile. Please sign in."}
    state[_ERRORS_KEY] = errors
    if errors:
        return
    try:
        # Typed quickly, the form can beat the demo being made in the background: the new
        # account takes over all of the demo's families, so they must all be saved first.
        finish_demo()
        account = create_account(store, draft, "first run", date.today().isoformat())
        adopt_demo_families(store, account)
    except StorageError as error:
        state[_ERRORS_KEY] = {"form": str(error)}
        return
    for name in ("secret", "secret_again"):
        state[_FIRST + name] = ""
    state.pop(_ERRORS_KEY, None)
    sign_in_as(account)


def _render_sign_in_form(errors: dict[str, str]) -> None:
    st.subheader("Sign in")
    with st.form("sign_in", border=True):
        st.text_input("Sign-in name", key=_FIELD + "username", max_chars=MAX_USERNAME_LENGTH)
        st.text_input(
            "PIN or password", key=_FIELD + "secret", type="password", max_chars=MAX_SECRET_LENGTH
        )
        show_field_error(errors, "form")
        st.form_submit_button("Sign in", type="primary", on_click=_submit_sign_in)


def _render_first_run(errors: dict[str, str], demo_allowed: bool) -> None:
    st.subheader("Welcome. First, make your guider account")
    st.markdown(
        "Families trust you with films of their babies. An account keeps this tablet's records "
        "for the people who should see them. Your PIN or password is never stored, only a "
        "scrambled check of it."
    )
    if demo_allowed:
        # Above the form, so it shows without scrolling on a tablet or a small laptop.
        st.markdown("**Just looking?** You can try the invented demo families without an account.")
        st.button(
            "Skip for now: try the demo",
            on_click=use_demo_without_account,
            icon=":material/play_circle:",
        )
        st.caption(
            "Skipping only works on this machine itself, never over the network, and only "
            "until the first account is made."
        )
        progress = demo_progress()
        if progress is not None and not progress.done:
            # Not a live bar: a fragment polling here blanked the next page (Streamlit 1.67).
            st.caption(
                "The demo families are being made in the background. If you skip before they "
                "are ready, you will see how far it has got."
            )
    with st.form("first_account", border=True):
        st.text_input(
            "Your name, as families know you *",
            key=_FIRST + "display_name",
            max_chars=MAX_DISPLAY_NAME_LENGTH,
        )
        show_field_error(errors, "display_name")
        st.text_input(
            "Sign-in name, e.g. your first name *",
            key=_FIRST + "username",
            max_chars=MAX_USERNAME_LENGTH,
        )
        show_field_error(errors, "username")
        st.text_input(
            "PIN or password (at least 4 characters) *",
            key=_FIRST + "secret",
            type="password",
            max_chars=MAX_SECRET_LENGTH,
        )
        show_field_error(errors, "secret")
        st.text_input(
            "The same PIN or password again *",
            key=_FIRST + "secret_again",
            type="password",
            max_chars=MAX_SECRET_LENGTH,
        )
        show_field_error(errors, "secret_again")
        show_field_error(errors, "form")
        st.form_submit_button(
            "Make my account and sign in", type="primary", on_click=_submit_first_account
        )
    # Only now, so drawing the demo's film never slows this page down.
    start_demo()


def render_sign_in_page(demo_allowed: bool) -> None:
    """Draw the first-account form (on a first run) or the sign-in form.

    `demo_allowed`: the request is from this machine (vigreview.trust.lan.may_try_demo), so
    the first-run page may offer the demo without an account.
    """
    st.title("VIG Review", anchor=False)
    show_kept_message(SIGN_IN_NOTE_KEY, icon=":material/lock:")
    errors: dict[str, str] = st.session_state.get(_ERRORS_KEY, {})
    if has_accounts(get_store()):
        _render_sign_in_form(errors)
    else:
        _render_first_run(errors, demo_allowed)
