"""The gate in front of every guider page: network safety, sign-in, idle lock, roles.

Run from the frame before navigation. It stops the script (showing the right screen) unless
a signed-in person may go on, and returns who that is.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import NoReturn

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from vigreview.storage import StorageError
from vigreview.trust.accounts import Role, find_account, has_accounts
from vigreview.trust.audit import AuditAction, record_event
from vigreview.trust.idle import has_gone_idle
from vigreview.trust.lan import explain_refusal
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, current_family_id
from vigreview.ui.resources import get_settings, get_store
from vigreview.ui.sign_in_view import render_sign_in_page
from vigreview.ui.signed_in import (
    Identity,
    current_identity,
    last_activity,
    note_activity,
    restore_from_cookie,
    sign_in_has_ended,
    sign_out,
    sync_sign_in_cookie,
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


def refuse_unsafe_network() -> None:
    """Stop with an explanation when the app is on the network but has no accounts."""
    reason = explain_refusal(server_address(), has_accounts(get_store()))
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
        address = server_address()

        def sign_in() -> None:
            render_sign_in_page(address)

        _show_alone(sign_in, "Sign in")
    note_activity()
    return identity


def keep_to_own_caseload(identity: Identity) -> None:
    """Forget an open family this person may not see (another guider's, or any for a supervisor)."""
    family_id = current_family_id()
    if family_id is not None and not may_see_family(identity, family_id):
        st.session_state.pop(CURRENT_FAMILY_KEY, None)


def may_see_family(identity: Identity, family_id: str) -> bool:
    """Return True when this person may see the family: its lead guider, or the demo."""
    if identity.demo:
        return True
    return identity.role == Role.GUIDER and _leads(identity, family_id)


def _leads(identity: Identity, family_id: str) -> bool:
    for entry in get_store().list_families():
        if entry.get("id") == family_id:
            lead = str(entry.get("lead_guider") or "")
            return lead.strip().casefold() == identity.display_name.strip().casefold()
    return False


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
