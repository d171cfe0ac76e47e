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
from vigreview.trust.accounts import MAX_SECRET_LENGTH
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
from vigreview.ui.signed_in import give_back_sign_in, hold_sign_in_for_parent_view

TOKEN_KEY = "parent_view_token"
_LOST_PIN_KEY = "lost_parent_view_pin"
_LOST_MESSAGE_KEY = "lost_parent_view_message"
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
    """Return the parent view this device is in, if any (from this tab, address or cookie).

    A record that cannot be read counts as no record: `handed_over_token` then still keeps
    the tablet locked.
    """
    store = get_store()
    candidates = (
        st.session_state.get(TOKEN_KEY),
        st.query_params.get(QUERY_KEY),
        st.context.cookies.get(COOKIE_NAME),
    )
    for token in candidates:
        try:
            view = find_parent_view(store, token) if isinstance(token, str) and token else None
        except StorageError:
            view = None
        if view is not None:
            st.session_state[TOKEN_KEY] = view.token
            return view
    return None


def handed_over_token() -> str | None:
    """Return the token of the parent view this tab was handed over in, if it was.

    Whether or not the store still has its record: a view that ended anywhere but through
    the guider's secret on this tab (a restore, an import, another device) leaves the tab
    locked, never on a guider page. A new tab or a reload carrying an ended token starts
    without a sign-in, so it shows the sign-in page; it needs no lock of its own.
    """
    token = st.session_state.get(TOKEN_KEY)
    return token if isinstance(token, str) and token else None


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
    hold_sign_in_for_parent_view()
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
        give_back_sign_in()
    return result


def _try_unlock_lost_view(token: str) -> None:
    secret = st.session_state.get(_LOST_PIN_KEY) or ""
    st.session_state[_LOST_PIN_KEY] = ""
    try:
        result = unlock(token, secret)
    except StorageError as error:
        st.session_state[_LOST_MESSAGE_KEY] = str(error)
        return
    if result.outcome == UnlockOutcome.LOCKED:
        st.session_state[_LOST_MESSAGE_KEY] = (
            f"Too many tries. Please wait {result.minutes_left} minute(s) and try again."
        )
    elif result.outcome == UnlockOutcome.WRONG:
        st.session_state[_LOST_MESSAGE_KEY] = "That didn't match. Please try again."
    else:
        st.session_state.pop(_LOST_MESSAGE_KEY, None)


def render_locked_tablet(token: str) -> None:
    """Draw the locked "ask your guider" screen for a parent view whose record has gone.

    Only the guider's secret leaves it; nothing of any family or guider page shows.
    """
    st.title("Please hand the tablet back to your guider", anchor=False)
    st.markdown("This review has ended. Your guider will take it from here.")
    with st.form("lost_parent_view_unlock", border=True):
        st.text_input(
            "Guider PIN or password",
            type="password",
            key=_LOST_PIN_KEY,
            max_chars=MAX_SECRET_LENGTH,
        )
        message = st.session_state.get(_LOST_MESSAGE_KEY)
        if message:
            st.error(message, icon=":material/lock:")
        st.form_submit_button(
            "Unlock", type="primary", on_click=_try_unlock_lost_view, args=(token,)
        )


def run_locked_tablet(token: str) -> None:
    """Run the locked screen as the only page there is (no sidebar, no other page)."""

    def show() -> None:
        render_locked_tablet(token)

    pages = [st.Page(show, title="Ask your guider", url_path=HOME_URL_PATH, default=True)]
    st.navigation(pages, position="hidden").run()
