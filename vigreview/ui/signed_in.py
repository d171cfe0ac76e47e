"""Who is signed in on this browser tab, since when it was last used, and signing out."""

from __future__ import annotations

import time
from dataclasses import dataclass

import streamlit as st

from vigreview.caseload import NOBODY
from vigreview.demo.families import DEMO_GUIDER
from vigreview.trust.accounts import Account, Role
from vigreview.trust.ownership import DEMO_ACCOUNT_ID, Viewer

# Non-widget session keys, so they survive moving between pages.
IDENTITY_KEY = "signed_in"
# Who handed this tab to a parent: kept aside, never read as who is signed in, so nothing can
# draw a guider page while the parent holds the tablet (see hold_sign_in_for_parent_view).
HELD_IDENTITY_KEY = "signed_in_before_parent_view"
LAST_ACTIVITY_KEY = "last_activity_at"
SIGN_IN_NOTE_KEY = "sign_in_note"


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


def sign_in_as(account: Account) -> None:
    """Make `account` the signed-in person of this tab."""
    identity = Identity(
        account.username, account.display_name, account.role, administrator=account.administrator
    )
    st.session_state[IDENTITY_KEY] = identity
    note_activity()


def use_demo_without_account() -> None:
    """Let this tab try the demo without an account (only offered while none exists)."""
    st.session_state[IDENTITY_KEY] = DEMO_IDENTITY
    note_activity()


def hold_sign_in_for_parent_view() -> None:
    """End this tab's sign-in while a parent holds it, keeping who it was aside.

    Signed out, the tab cannot show a guider page even if the parent view's record vanishes.
    """
    identity = current_identity()
    st.session_state.pop(IDENTITY_KEY, None)
    if identity is not None:
        st.session_state[HELD_IDENTITY_KEY] = identity


def give_back_sign_in() -> None:
    """Sign the guider back in after their secret took the tablet back from the parent."""
    held = st.session_state.pop(HELD_IDENTITY_KEY, None)
    if isinstance(held, Identity):
        st.session_state[IDENTITY_KEY] = held
        note_activity()


def sign_out(note: str | None = None) -> None:
    """Forget who is signed in on this tab; `note` is shown on the sign-in page once."""
    st.session_state.pop(IDENTITY_KEY, None)
    st.session_state.pop(HELD_IDENTITY_KEY, None)
    st.session_state.pop(LAST_ACTIVITY_KEY, None)
    if note:
        st.session_state[SIGN_IN_NOTE_KEY] = note


def note_activity() -> None:
    """Remember that the tab was used just now (idle time counts from here)."""
    st.session_state[LAST_ACTIVITY_KEY] = time.time()


def last_activity() -> float:
    """Return when the tab was last used (now, if it never was)."""
    value = st.session_state.get(LAST_ACTIVITY_KEY)
    return float(value) if isinstance(value, int | float) else time.time()


def current_viewer() -> Viewer:
    """Return who this tab shows families to (vigreview.trust.ownership); nobody sees none."""
    identity = current_identity()
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
