"""A first run shows its first page at once; the demo families are made in the background."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import open_store
from vigreview.demo import preparation
from vigreview.storage import Store


@pytest.fixture
def demo_held_back(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """Hold the demo's making part-way (at 40%): (reached 40%, let it go on)."""
    reached, release = threading.Event(), threading.Event()
    real_seed = preparation.seed_demo_caseload

    def slow_seed(store: Store, today: date, on_progress: Callable[[float, str], None]) -> list:
        on_progress(0.4, "drawing the demo film")
        reached.set()
        assert release.wait(120), "the test never let the demo go on"
        return real_seed(store, today, on_progress)

    monkeypatch.setattr(preparation, "seed_demo_caseload", slow_seed)
    return reached, release


def test_the_first_page_shows_while_the_demo_is_still_being_made(
    make_app: Callable[..., AppTest], demo_held_back: tuple[threading.Event, threading.Event]
) -> None:
    reached, release = demo_held_back
    at = make_app(signed_in=False).run()
    assert not at.exception
    assert "Welcome. First, make your guider account" in [s.value for s in at.subheader]
    button_labelled(at, "Skip for now: try the demo")
    button_labelled(at, "Make my account and sign in")
    assert any("being made in the background" in c.value for c in at.caption)
    # The demo starts once the page is drawn, so its film never slows the first page.
    assert reached.wait(60)
    release.set()
    # Skipping waits for the demo to be finished (its film drawn), then shows its families.
    button_labelled(at, "Skip for now: try the demo").click().run(timeout=600)
    assert not at.exception
    assert at.title[0].value == "Families"
    assert "Jade \\(demo\\)" in "\n".join(m.value for m in at.markdown)


def test_a_failed_demo_is_said_plainly_and_the_app_goes_on(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_seed(store: Store, today: date, on_progress: Callable[[float, str], None]) -> list:
        raise OSError("disk full")

    monkeypatch.setattr(preparation, "seed_demo_caseload", broken_seed)
    at = make_app().run(timeout=120)
    assert not at.exception
    assert at.title[0].value == "Families"
    [warning] = at.warning
    assert "The demo families could not be made" in warning.value
    assert "disk full" not in warning.value


def test_an_account_made_while_the_demo_is_being_made_takes_over_all_its_families(
    make_app: Callable[..., AppTest],
    demo_held_back: tuple[threading.Event, threading.Event],
    data_dir: Path,
) -> None:
    reached, release = demo_held_back
    at = make_app(signed_in=False).run()
    assert reached.wait(60)
    at.text_input(key="first_account_display_name").input("Gwen Guider")
    at.text_input(key="first_account_username").input("gwen")
    at.text_input(key="first_account_secret").input("2468")
    at.text_input(key="first_account_secret_again").input("2468")
    # The guider submits while the demo's film is still being drawn; it finishes soon after.
    threading.Timer(1.0, release.set).start()
    button_labelled(at, "Make my account and sign in").click().run(timeout=600)
    assert not at.exception
    assert at.title[0].value == "Families"
    leads = {str(entry["lead_guider"]) for entry in open_store(data_dir).list_families()}
    assert leads == {"Gwen Guider"}
