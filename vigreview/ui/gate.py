"""The gate in front of every guider page: network safety, sign-in, idle lock, roles.

Run from the frame before navigation. It stops the script (showing the right screen) unless
a signed-in person may go on, and returns who that is.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import NoReturn

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from vigreview.caseload import list_lead_ids, may_open_family
from vigreview.storage import DiskFull, StorageError, writes_are_failing
from vigreview.storage.disk_space import DISK_FULL_MESSAGE
from vigreview.trust.accounts import (
    accounts_are_lost,
    find_account,
    has_accounts,
    list_accounts,
)
from vigreview.trust.audit import AuditAction, record_event
from vigreview.trust.idle import has_gone_idle
from vigreview.trust.lan import (
    ClientRequest,
    explain_request_refusal,
    load_network_rules,
    may_try_demo,
)
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, current_family_id
from vigreview.ui.resources import get_settings, get_store
from vigreview.ui.sign_in_view import render_sign_in_page
from vigreview.ui.signed_in import (
    Identity,
    current_identity,
    current_viewer,
    last_activity,
    note_activity,
    restore_from_cookie,
    sign_in_has_ended,
    sign_out,
    sync_sign_in_cookie,
    viewer_of,
    who_for_audit,
)
from vigreview.ui.text import escape_markdown

# How often an open tab checks whether it has been left alone too long.
IDLE_CHECK_SECONDS = 15
_VIEWED_KEY = "audit_viewed_families"


def server_address() -> str | None:
    """Return the address the server is bound to (None or "" means every interface)."""
    value = st.get_option("server.address")
    return str(value) if value is not None else None


def _requested_page_name() -> str:
    """Return the page the address asks for (e.g. "moments" after a reload), or ""."""
    ctx = get_script_run_ctx()
    name = ctx.pages_manager.intended_page_name if ctx is not None else None
    return name if isinstance(name, str) and re.fullmatch(r"[\w-]+", name) else ""


def _show_alone(render: Callable[[], None], title: str) -> NoReturn:
    # A hidden one-page navigation, so nothing else of the app (not even its page list) shows.
    pages = [st.Page(render, title=title, default=True)]
    # A reload keeps the page's address: a navigation without a page of that name makes
    # Streamlit cover this screen with a "Page not found" dialog, so answer that name too.
    requested = _requested_page_name()
    if requested:
        pages.append(st.Page(render, title=title, url_path=requested))
    st.navigation(pages, position="hidden").run()
    st.stop()


LOST_ACCOUNTS_STEPS = (
    "The guider accounts on this machine cannot be read, but families are saved here, so "
    "no family is shown until they are back.\n\n"
    "1. Look in the data folder's `backups` folder for `accounts.json.1` (or `.2`, `.3`) "
    "and copy it back as `accounts.json` in the data folder; or\n"
    "2. restore a backup zip: it holds the accounts too. Copy it into `backups`, start the "
    "app on this machine and it will be offered; or\n"
    "3. call for help. Nothing about the families has been changed."
)


def refuse_when_accounts_are_lost() -> None:
    """Stop, showing how to recover, when families are saved here but no account is readable.

    Never the first-run page: that would offer the demo and a new account that sees all.
    """
    store = get_store()
    accounts = None
    with suppress(StorageError):  # unreadable: accounts_are_lost says so below
        accounts = list_accounts(store)
    if accounts:
        return
    if not accounts_are_lost(store, list_lead_ids(store, accounts or [])):
        return

    def accounts_lost() -> None:
        st.title("The guider accounts are missing", anchor=False)
        st.error(LOST_ACCOUNTS_STEPS, icon=":material/lock:")

    _show_alone(accounts_lost, "Accounts missing")


def read_request() -> ClientRequest:
    """Return where this tab's request came from, as the browser's connection tells it.

    Streamlit reports a client on this machine (127.0.0.1, ::1) as no address at all (read in
    streamlit/runtime/context.py, 1.67); AppTest has no connection and answers with a
    stand-in object, not text. Both are this machine.
    """
    headers = st.context.headers
    address = st.context.ip_address
    return ClientRequest(
        peer=address if isinstance(address, str) and address else "127.0.0.1",
        host=headers.get("Host"),
        forwarded_for=headers.get("X-Forwarded-For"),
    )


def refuse_unsafe_network() -> None:
    """Stop with an explanation for a request from an unknown host name, or from the network
    while there are no accounts (see vigreview.trust.lan.explain_request_refusal)."""
    refuse_when_accounts_are_lost()
    rules = load_network_rules(os.environ)
    reason = explain_request_refusal(
        read_request(), rules, server_address(), has_accounts(get_store())
    )
    if reason is None:
        return

    def not_ready_for_the_network() -> None:
        st.title("VIG Review is not ready for the network", anchor=False)
        st.error(reason, icon=":material/lock:")

    _show_alone(not_ready_for_the_network, "Not ready for the network")


def _drop_stale_identity(identity: Identity) -> Identity | None:
    store = get_store()
    if sign_in_has_ended():
        sign_out("This sign-in has ended. Please sign in again.")
        return None
    if identity.demo and has_accounts(store):
        sign_out("An account has been made, so the demo without an account has ended.")
        return None
    if not identity.demo and find_account(store, identity.username) is None:
        sign_out("This account no longer exists. Please sign in with another.")
        return None
    if has_gone_idle(last_activity(), time.time(), get_settings().idle_minutes):
        minutes = get_settings().idle_minutes
        sign_out(f"The tablet locked itself after {minutes} minutes without use.")
        return None
    return identity


def require_signed_in() -> Identity:
    """Return who is signed in on this tab, or show the sign-in page and stop."""
    identity = current_identity() or restore_from_cookie()
    if identity is not None:
        identity = _drop_stale_identity(identity)
    sync_sign_in_cookie()
    if identity is None:
        demo_allowed = may_try_demo(
            read_request(), load_network_rules(os.environ), server_address()
        )

        def sign_in() -> None:
            render_sign_in_page(demo_allowed)

        _show_alone(sign_in, "Sign in")
    note_activity()
    return identity


def keep_to_own_caseload(identity: Identity) -> None:
    """Forget an open family this person may not see (vigreview.trust.ownership decides)."""
    family_id = current_family_id()
    if family_id is None:
        return
    if not may_open_family(get_store(), current_viewer(), family_id):
        st.session_state.pop(CURRENT_FAMILY_KEY, None)


def show_disk_full_notice() -> None:
    """Say, at the top of every page, that the machine is full while writes are failing.

    Reading goes on as usual: only saving waits for space.
    """
    if writes_are_failing():
        st.warning(DISK_FULL_MESSAGE, icon=":material/hard_drive:")


@contextmanager
def notice_instead_of_a_crash() -> Iterator[None]:
    """Run a page; a save it could not make for lack of space becomes the plain notice."""
    try:
        yield
    except DiskFull:
        st.warning(DISK_FULL_MESSAGE, icon=":material/hard_drive:")


def may_see_family(identity: Identity, family_id: str) -> bool:
    """Return True when this person may see the family (vigreview.trust.ownership decides).

    Needs no script run: the app's own media route asks it for the cookie's identity.
    """
    return may_open_family(get_store(), viewer_of(identity), family_id)


def note_family_viewed() -> None:
    """Add 'viewed' to the open family's history once per family per browser tab."""
    family_id = current_family_id()
    if family_id is None:
        return
    viewed: set[str] = st.session_state.setdefault(_VIEWED_KEY, set())
    if family_id in viewed:
        return
    try:
        record_event(get_store(), family_id, who_for_audit(), AuditAction.VIEWED)
    except StorageError:
        return  # the family page itself says what is wrong with the record
    viewed.add(family_id)


@st.fragment(run_every=IDLE_CHECK_SECONDS)
def render_signed_in_bar(identity: Identity) -> None:
    """Show who is signed in with a sign-out button; lock the tab once it has been idle."""
    # Signing out reruns only this fragment: the whole page must follow to the sign-in page.
    signed_out = current_identity() is None
    if signed_out or has_gone_idle(last_activity(), time.time(), get_settings().idle_minutes):
        st.rerun(scope="app")
    demo = " · demo, no account" if identity.demo else ""
    st.caption(f"Signed in: {escape_markdown(identity.display_name)}{demo}")
    st.button(
        "Sign out",
        key="sign_out",
        on_click=sign_out,
        args=("You have signed out.",),
        icon=":material/logout:",
        width="stretch",
    )
