"""AppTest fixtures: the real app.py, its own data folder, clean caches."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP_PATH = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def make_app(data_dir: Path) -> Iterator[Callable[[], AppTest]]:
    """Return a factory for an AppTest of app.py on this test's own data folder."""
    st.cache_resource.clear()

    def factory() -> AppTest:
        return AppTest.from_file(APP_PATH, default_timeout=30)

    yield factory
    st.cache_resource.clear()


def button_labelled(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    """Return the one button (or form submit button) with this label."""
    matches = [b for b in at.button if b.label == label]
    assert len(matches) == 1, [b.label for b in at.button]
    return matches[0]
