"""Who is signed in on this browser tab, since when it was last used, and signing out."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import streamlit as st

from vigreview.caseload import NOBODY
from vigreview.demo.guider import DEMO_GUIDER
from vigreview.trust.accounts import Account, Role, find_account, has_accounts
from vigreview.trust.ownership import DEMO_ACCOUNT_ID, Viewer
from vigreview.trust.sign_ins import (
    TOUCH_EVERY_SECONDS,
    SignInRecord,
    end_sign_in,
    find_sign_in,
    find_sign_in_by_cookie,
    note_sign_in_used,
    start_sign_in,
)
from vigreview.ui.feedback import keep_message
from vigreview.ui.resources import get_settings, get_store
from vigreview.ui.web.sign_in_cookie import CLAIM_PATH, COOKIE_NAME, FORGET_PATH

# Non-widget session keys, so they survive moving between pages.
IDENTITY_KEY = "signed_in"
# Who handed this tab to a parent: kept aside, never read as who is signed in, so nothing can
# draw a guider page while the parent holds the tablet (see hold_sign_in_for_parent_view).
HELD_IDENTITY_KEY = "signed_in_before_parent_view"
LAST_ACTIVITY_KEY = "last_activity_at"
SIGN_IN_NOTE_KEY = "sign_in_note"
# The server's record of this sign-in (see trust/sign_ins.py): its id, the one-time ticket the
# page still has to claim its cookie with, and when this tab last noted its use there.
SIGN_IN_ID_KEY = "sign_in_id"
_TICKET_KEY = "sign_in_ticket"
_TOUCHED_KEY = "sign_in_touched_at"


@dataclass(frozen=True)
class Identity:
    """The person using this tab: a named account, or the demo without one (`demo`)."""

    username: str
    display_name: str
    role: Role
    demo: bool = False
    administrator: bool = False

    @property
    def audit_name(self) -> str:
        """Return how the audit history names this person."""
        if self.demo:
            return f"{self.display_name} (demo, no account)"
        return f"{self.display_name} ({self.username})"


# With no account there is nobody else to ask: the demo on this machine may restore backups.
DEMO_IDENTITY = Identity(
    username="demo", display_name=DEMO_GUIDER, role=Role.GUIDER, demo=True, administrator=True
)


def current_identity() -> Identity | None:
    """Return who is signed in on this tab, if anyone."""
    value = st.session_state.get(IDENTITY_KEY)
    return value if isinstance(value, Identity) else None


def _identity_of(account: Account) -> Identity:
    return Identity(
        account.username, account.display_name, account.role, administrator=account.administrator
    )


def _begin(identity: Identity) -> None:
    now = time.time()
    sign_in = start_sign_in(
        get_store(), identity.username, now, get_settings().idle_minutes, demo=identity.demo
    )
    st.session_state[IDENTITY_KEY] = identity
    st.session_state[SIGN_IN_ID_KEY] = sign_in.sign_in_id
    st.session_state[_TICKET_KEY] = sign_in.ticket
    st.session_state[_TOUCHED_KEY] = now
    note_activity()


def sign_in_as(account: Account) -> None:
    """Make `account` the signed-in person of this tab (and, after a reload, of this browser)."""
    _begin(_identity_of(account))


def use_demo_without_account() -> None:
    """Let this tab try the demo without an account (only offered while none exists)."""
    _begin(DEMO_IDENTITY)


def hold_sign_in_for_parent_view() -> None:
    """End this tab's sign-in while a parent holds it, keeping who it was aside.

    Signed out, the tab cannot show a guider page even if the parent view's record vanishes.
    """
    identity = current_identity()
    st.session_state.pop(IDENTITY_KEY, None)
    if identity is not None:
        st.session_state[HELD_IDENTITY_KEY] = identity
    # A reload of the parent's tablet must not bring back the guider's sign-in either.
    end_sign_in_for_reloads()


def give_back_sign_in() -> None:
    """Sign the guider back in after their secret took the tablet back from the parent."""
    held = st.session_state.pop(HELD_IDENTITY_KEY, None)
    if isinstance(held, Identity):
        st.session_state[IDENTITY_KEY] = held
        renew_sign_in()
        note_activity()


def sign_out(note: str | None = None) -> None:
    """Forget who is signed in on this tab and end its sign-in record; `note` is shown once."""
    sign_in_id = st.session_state.pop(SIGN_IN_ID_KEY, None)
    if isinstance(sign_in_id, str):
        end_sign_in(get_store(), sign_in_id)
    for key in (IDENTITY_KEY, HELD_IDENTITY_KEY, LAST_ACTIVITY_KEY, _TICKET_KEY, _TOUCHED_KEY):
        st.session_state.pop(key, None)
    if note:
        keep_message(SIGN_IN_NOTE_KEY, note, "info")


def find_cookie_sign_in(cookie: str | None) -> tuple[Identity, SignInRecord] | None:
    """Return who a sign-in cookie proves is signed in, with its record; None if nobody.

    Needs no script run: the app's own routes use it to decide who is asking for a film.
    """
    if not isinstance(cookie, str) or not cookie:
        return None
    store = get_store()
    record = find_sign_in_by_cookie(store, cookie, time.time(), get_settings().idle_minutes)
    if record is None:
        return None
    if record.demo:
        # The demo without an account ends as soon as an account exists.
        return None if has_accounts(store) else (DEMO_IDENTITY, record)
    account = find_account(store, record.username)
    return (_identity_of(account), record) if account is not None else None


def end_sign_in_for_reloads() -> None:
    """End this tab's sign-in record (handing the tablet to a parent), keeping the tab's own.

    A reload or another tab on this browser then finds no guider signed in; the tab goes on
    as the guider only once the guider's secret has taken it back (`renew_sign_in`).
    """
    sign_in_id = st.session_state.pop(SIGN_IN_ID_KEY, None)
    st.session_state.pop(_TICKET_KEY, None)
    if isinstance(sign_in_id, str):
        end_sign_in(get_store(), sign_in_id)


def renew_sign_in() -> None:
    """Give this tab's signed-in person a fresh record and cookie (after taking it back)."""
    identity = current_identity()
    if identity is not None and SIGN_IN_ID_KEY not in st.session_state:
        _begin(identity)


def restore_from_cookie() -> Identity | None:
    """Take up the sign-in this browser's cookie proves (after a reload or in a new tab)."""
    found = find_cookie_sign_in(st.context.cookies.get(COOKIE_NAME))
    if found is None:
        return None
    identity, record = found
    st.session_state[IDENTITY_KEY] = identity
    st.session_state[SIGN_IN_ID_KEY] = record.sign_in_id
    st.session_state[_TOUCHED_KEY] = record.last_activity
    note_activity()
    return identity


def sign_in_has_ended() -> bool:
    """Return True when this tab's sign-in record was ended (sign-out, idle lock, hand-over)."""
    sign_in_id = st.session_state.get(SIGN_IN_ID_KEY)
    return isinstance(sign_in_id, str) and find_sign_in(get_store(), sign_in_id) is None


def sync_sign_in_cookie() -> None:
    """Give this browser its sign-in cookie once after signing in; drop one that is stale.

    Our own constant script with our own URL-safe ticket, never typed text.
    """
    ticket = st.session_state.pop(_TICKET_KEY, None)
    if isinstance(ticket, str):
        call = f"fetch({json.dumps(CLAIM_PATH)}, {{method: 'POST', body: {json.dumps(ticket)}}})"
    elif current_identity() is None and isinstance(st.context.cookies.get(COOKIE_NAME), str):
        call = f"fetch({json.dumps(FORGET_PATH)}, {{method: 'POST'}})"
    else:
        return
    st.html(f"<script>{call};</script>", unsafe_allow_javascript=True)


def note_activity() -> None:
    """Remember that the tab was used just now (idle time counts from here)."""
    now = time.time()
    st.session_state[LAST_ACTIVITY_KEY] = now
    sign_in_id = st.session_state.get(SIGN_IN_ID_KEY)
    touched = st.session_state.get(_TOUCHED_KEY)
    if isinstance(sign_in_id, str) and (
        not isinstance(touched, int | float) or now - touched >= TOUCH_EVERY_SECONDS
    ):
        note_sign_in_used(get_store(), sign_in_id, now)
        st.session_state[_TOUCHED_KEY] = now


def last_activity() -> float:
    """Return when the tab was last used (now, if it never was)."""
    value = st.session_state.get(LAST_ACTIVITY_KEY)
    return float(value) if isinstance(value, int | float) else time.time()


def current_viewer() -> Viewer:
    """Return who this tab shows families to (vigreview.trust.ownership); nobody sees none."""
    return viewer_of(current_identity())


def viewer_of(identity: Identity | None) -> Viewer:
    """Return who `identity` is to the ownership rule (vigreview.trust.ownership)."""
    if identity is None:
        return NOBODY
    if identity.demo:
        return Viewer(DEMO_ACCOUNT_ID, Role.GUIDER, administrator=True)
    return Viewer(identity.username, identity.role, administrator=identity.administrator)


def lead_guider_name() -> str:
    """Return the name a new family's lead guider field starts with: whoever is signed in."""
    identity = current_identity()
    return identity.display_name if identity is not None else ""


def who_for_audit() -> str:
    """Return how the audit history names whoever is using this tab."""
    identity = current_identity()
    return identity.audit_name if identity else "nobody signed in"
