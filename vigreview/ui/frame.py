"""The frame around every page: page settings, shared style, navigation."""

from __future__ import annotations

import streamlit as st

from vigreview.config import APP_ROOT
from vigreview.trust.accounts import Role
from vigreview.ui.gate import (
    keep_to_own_caseload,
    note_family_viewed,
    notice_instead_of_a_crash,
    refuse_unsafe_network,
    render_signed_in_bar,
    require_signed_in,
    show_disk_full_notice,
)
from vigreview.ui.navigation import build_navigation, build_supervisor_navigation
from vigreview.ui.parent_mode import (
    active_parent_view,
    forget_stale_cookie,
    handed_over_token,
    leave_full_screen_after_unlocking,
    run_locked_tablet,
)
from vigreview.ui.resources import get_store, wait_for_demo
from vigreview.ui.retention_view import start_retention_sweep

STYLE_PATH = APP_ROOT / "assets" / "app.css"


def apply_style() -> None:
    """Load the app's own CSS (shipped in assets/, never from a CDN)."""
    st.html(f"<style>{STYLE_PATH.read_text(encoding='utf-8')}</style>")


def run_app() -> None:
    """Set up the page, make sure the data folder is ready, and run the chosen page.

    Nothing of a family is shown until the network check and the sign-in gate have passed;
    a supervisor's navigation holds the supervision page only.
    """
    # An emoji icon: a ":material/..." one (and, with no icon, a page's own) is fetched from
    # Google's font servers, a call out of the machine. Checking the emoji loads Streamlit's
    # emoji table, which the server loads at its start (ui/web/warm_up.py).
    st.set_page_config(page_title="VIG Review", page_icon="🎬", layout="wide")
    apply_style()
    show_disk_full_notice()
    with notice_instead_of_a_crash():
        _run_gated_page()


def _run_gated_page() -> None:
    get_store()
    start_retention_sweep()
    refuse_unsafe_network()
    # A tablet handed to a parent shows only their review, before any sign-in or page.
    if _show_parent_view_if_active():
        return
    identity = require_signed_in()
    wait_for_demo()
    with st.sidebar:
        render_signed_in_bar(identity)
    keep_to_own_caseload(identity)
    if identity.role == Role.SUPERVISOR:
        build_supervisor_navigation().run()
        return
    note_family_viewed()
    build_navigation().run()


def _show_parent_view_if_active() -> bool:
    """Run the parent view when this device is in one and return True; else return False."""
    view = active_parent_view()
    if view is None:
        lost = handed_over_token()
        if lost is not None:  # ended elsewhere or unreadable: stay locked, never fall through
            run_locked_tablet(lost)
            return True
        forget_stale_cookie()
        leave_full_screen_after_unlocking()
        return False
    # Imported only on a tablet in a parent view: its film and stills load PyAV, which a
    # first page or sign-in must not wait for.
    from vigreview.ui.parent_review_view import run_parent_view

    run_parent_view(view)
    return True
