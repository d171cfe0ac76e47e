"""AppTest fixtures: the real app.py, its own data folder, clean caches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from vigreview.ui.signed_in import DEMO_IDENTITY, IDENTITY_KEY

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")
# A first run makes the demo caseload and its film; on a busy shared machine that took over
# 30 s (load average 25 on 2 cores), which is the machine, not the app.
APP_TIMEOUT_S = 120


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[Callable[..., AppTest]]:
    """Return a factory for an AppTest of app.py on this test's own data folder.

    The tab starts signed in to the demo without an account; `factory(signed_in=False)` starts
    at the sign-in page.
    """
    st.cache_resource.clear()

    def factory(signed_in: bool = True) -> AppTest:
        at = AppTest.from_file(APP_PATH, default_timeout=APP_TIMEOUT_S)
        if signed_in:
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
