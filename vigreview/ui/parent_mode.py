"""Whether this device is in parent view, handing the tablet over, and taking it back.

Measured in Chromium with Streamlit 1.67 (see README "The parent view"): a reload or a typed
address starts a new Streamlit session, so session state alone cannot hold the parent view.
The device carries an unguessable token in three places: session state (this tab), the
address (?pv=..., kept on reload) and a cookie (sent with every new session from this
browser, so a typed address stays in parent view too). The token means something only while
the store's record of parent views holds it; the guider's secret removes it from there.
"""

from __future__ import annotations

import json
from datetime import datetime

import streamlit as st

from vigreview.shared_review import start_review
from vigreview.storage import StorageError
from vigreview.trust.handover import (
    ParentView,
    UnlockOutcome,
    UnlockResult,
    find_parent_view,
    has_guider_pin,
    start_parent_view,
    unlock_parent_view,
)
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import end_sign_in_for_reloads, renew_sign_in

TOKEN_KEY = "parent_view_token"
LEFT_KEY = "parent_view_just_left"
UNLOCKING_KEY = "parent_view_unlocking"
QUERY_KEY = "pv"
COOKIE_NAME = "vig_parent_view"
# The parent view answers at the guider's review page address, so that after the PIN the
# guider lands on the same review (Streamlit identifies a page by its address).
HOME_URL_PATH = "review"
# Chromium keeps cookies for at most 400 days; the store's record decides, not the cookie.
_COOKIE_MAX_AGE_S = 400 * 24 * 3600
# Browsers allow full screen only just after a tap (measured in Chromium: the run a tap starts
# is soon enough). Our own constant scripts; webkit names for iPad Safari.
_ENTER_FULL_SCREEN = """<script>
(function () {
  const page = document.documentElement;
  const enter = page.requestFullscreen || page.webkitRequestFullscreen;
  const tapped = navigator.userActivation ? navigator.userActivation.isActive : false;
  if (enter && tapped && !(document.fullscreenElement || document.webkitFullscreenElement)) {
    Promise.resolve(enter.call(page)).catch(function () {});
  }
})();
</script>"""
_LEAVE_FULL_SCREEN = """<script>
(function () {
  const leave = document.exitFullscreen || document.webkitExitFullscreen;
  if (leave && (document.fullscreenElement || document.webkitFullscreenElement)) {
    Promise.resolve(leave.call(document)).catch(function () {});
  }
})();
</script>"""


def active_parent_view() -> ParentView | None:
    """Return the parent view this device is in, if any (from this tab, address or cookie)."""
    store = get_store()
    candidates = (
        st.session_state.get(TOKEN_KEY),
        st.query_params.get(QUERY_KEY),
        st.context.cookies.get(COOKIE_NAME),
    )
    for token in candidates:
        view = find_parent_view(store, token) if isinstance(token, str) and token else None
        if view is not None:
            st.session_state[TOKEN_KEY] = view.token
            return view
    st.session_state.pop(TOKEN_KEY, None)
    return None


def hand_to_parent(family_id: str, cycle_number: int) -> str | None:
    """Turn this device into the parent view of one review; return a problem, or None."""
    store = get_store()
    if not has_guider_pin(store):
        return (
            "Please set a guider PIN on the Data & settings page first: it is needed to take "
            "the tablet back from the parent view."
        )
    try:
        start_review(store, family_id, cycle_number, datetime.now())
        view = start_parent_view(store, family_id, cycle_number, datetime.now())
    except StorageError as error:
        return str(error)
    st.session_state[TOKEN_KEY] = view.token
    st.session_state.pop(UNLOCKING_KEY, None)
    st.query_params[QUERY_KEY] = view.token
    # A reload of the parent's tablet must not bring back the guider's sign-in.
    end_sign_in_for_reloads()
    return None


def remember_this_device(view: ParentView) -> None:
    """Keep the parent view's token in the address and in a cookie of this browser."""
    if st.query_params.get(QUERY_KEY) != view.token:
        st.query_params[QUERY_KEY] = view.token
    # The token is our own URL-safe string (letters, digits, - and _), never typed text.
    cookie = f"{COOKIE_NAME}={view.token}; path=/; max-age={_COOKIE_MAX_AGE_S}; SameSite=Strict"
    st.html(
        f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True
    )


def fill_the_screen() -> None:
    """Ask the browser for full screen, when a tap has just allowed it (else nothing happens)."""
    st.html(_ENTER_FULL_SCREEN, unsafe_allow_javascript=True)


def leave_full_screen_after_unlocking() -> None:
    """Give the guider the browser's own controls back, once, after the PIN."""
    if st.session_state.pop(LEFT_KEY, False):
        st.html(_LEAVE_FULL_SCREEN, unsafe_allow_javascript=True)


def forget_stale_cookie() -> None:
    """Remove a parent-view cookie this browser still sends after the view has ended."""
    if COOKIE_NAME in st.context.cookies:
        expired = f"{COOKIE_NAME}=; path=/; max-age=0; SameSite=Strict"
        script = f"<script>document.cookie = {json.dumps(expired)};</script>"
        st.html(script, unsafe_allow_javascript=True)


def unlock(token: str, secret: str) -> UnlockResult:
    """Try to end the parent view with `secret`; on success this tab is the guider's again."""
    result = unlock_parent_view(get_store(), token, secret, datetime.now())
    if result.outcome == UnlockOutcome.UNLOCKED:
        st.session_state.pop(TOKEN_KEY, None)
        st.session_state.pop(UNLOCKING_KEY, None)
        st.session_state[LEFT_KEY] = True
        if QUERY_KEY in st.query_params:
            del st.query_params[QUERY_KEY]
        renew_sign_in()
    return result
