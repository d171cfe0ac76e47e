"""AppTest fixtures: the real app.py, its own data folder, clean caches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from vigreview.caseload import adopt_demo_families, is_data_folder_empty, open_store
from vigreview.config import load_settings
from vigreview.demo.families import seed_demo_caseload
from vigreview.trust.accounts import AccountDraft, Role, create_account, find_account
from vigreview.ui.signed_in import DEMO_IDENTITY, IDENTITY_KEY, Identity

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
# A first run makes the demo caseload and its film; on a busy shared machine that took over
# 30 s (load average 25 on 2 cores), which is the machine, not the app.
APP_TIMEOUT_S = 120


GUIDER_USERNAME = "gwen"
GUIDER_NAME = "Gwen Guider"
GUIDER_SECRET = "2468"


def sign_up_real_guider(data_dir: Path) -> Identity:
    """Make the first account (an administrator guider) and give it the demo's families.

    What a centre has after its first guider made an account on a machine that ran the demo;
    the demo families are created first, as the app's first run would.
    """
    settings = load_settings()
    store = open_store(data_dir)
    if find_account(store, GUIDER_USERNAME) is None:
        if settings.seed_demo and is_data_folder_empty(store):
            seed_demo_caseload(store, date.today())
        draft = AccountDraft(
            GUIDER_USERNAME, GUIDER_NAME, Role.GUIDER, GUIDER_SECRET, GUIDER_SECRET
        )
        adopt_demo_families(store, create_account(store, draft, "first run", "2026-11-26"))
    return Identity(GUIDER_USERNAME, GUIDER_NAME, Role.GUIDER, administrator=True)


@pytest.fixture(autouse=True)
def full_error_details() -> Iterator[None]:
    """Let AppTests read an exception's own message, not the generic text a parent sees.

    .streamlit/config.toml hides error details from the screen (a parent may be holding the
    tablet); a test needs the real message to say what broke.
    """
    before = st.get_option("client.showErrorDetails")
    st.set_option("client.showErrorDetails", "full")
    yield
    st.set_option("client.showErrorDetails", before)


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[Callable[..., AppTest]]:
    """Return a factory for an AppTest of app.py on this test's own data folder.

    The tab starts signed in to the demo without an account; `factory(signed_in=False)` starts
    at the sign-in page; `factory(as_guider=True)` signs in as a real guider account that
    leads the demo families (see sign_up_real_guider).
    """
    st.cache_resource.clear()

    def factory(signed_in: bool = True, as_guider: bool = False) -> AppTest:
        at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_S)
        if as_guider:
            at.session_state[IDENTITY_KEY] = sign_up_real_guider(data_dir)
        elif signed_in:
            # As if the tab chose "Skip for now: try the demo" (no accounts exist in these tests).
            at.session_state[IDENTITY_KEY] = DEMO_IDENTITY
        return at

    yield factory
    st.cache_resource.clear()


def button_labelled(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """Return the one button (or form submit button) with this label."""
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0]
