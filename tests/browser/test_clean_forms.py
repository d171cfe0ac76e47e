"""Forms that save start clean afterwards in a real browser, not only under AppTest.

Popping a widget's key in Python does not reach the browser: the widget keeps showing the old
value and sends it back with the next run, so a second save could carry the first one's
words. Each case saves once, then checks that every field it filled is empty again.

To add a form (the moment form, say), write a function that opens it, fills it, saves it and
returns the labels of the fields it filled, and check them with `_assert_empty`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import (
    SLOW,
    enter_demo,
    fill,
    make_first_account,
    open_jade,
    save_screenshot,
    settle,
    start_app,
)
from tests.browser.conftest import StreamlitServerFactory

pytestmark = pytest.mark.browser


def _assert_empty(page: Page, labels: list[str], form: str) -> None:
    for label in labels:
        value = page.get_by_label(label, exact=True).input_value()
        assert value == "", (form, label, value)


def _add_family(page: Page, pseudonym: str, baby: str) -> list[str]:
    expander = page.get_by_text("Add a family")
    if not page.get_by_label("Parent's name or pseudonym *", exact=True).is_visible():
        expander.click()
    fill(page, "Parent's name or pseudonym *", pseudonym)
    fill(page, "Baby's first name or pseudonym *", baby)
    page.get_by_text("Age in months", exact=True).click()
    fill(page, "Age in months (if you chose it)", "3")
    fill(page, "Referred by", "Health visiting team")
    page.get_by_role("button", name="Add family").click()
    expect(page.get_by_text(f"{pseudonym} was added")).to_be_visible(timeout=SLOW)
    settle(page, start_ms=400)
    if not page.get_by_label("Parent's name or pseudonym *", exact=True).is_visible():
        expander.click()
    return [
        "Parent's name or pseudonym *",
        "Baby's first name or pseudonym *",
        "Age in months (if you chose it)",
        "Referred by",
    ]


def _add_account(page: Page, name: str, username: str) -> list[str]:
    fill(page, "Name, as families know them *", name)
    fill(page, "Sign-in name *", username)
    fill(page, "PIN or password (at least 4 characters) *", "1357")
    fill(page, "The same again *", "1357")
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_text(f"{name} can now sign in as {username}")).to_be_visible(timeout=SLOW)
    settle(page, start_ms=400)
    return [
        "Name, as families know them *",
        "Sign-in name *",
        "PIN or password (at least 4 characters) *",
        "The same again *",
    ]


def test_add_family_and_add_account_start_clean_after_a_save(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    make_first_account(page, base_url)

    filled = _add_family(page, "Priya", "Sam")
    save_screenshot(page, "clean-form-family.png")
    _assert_empty(page, filled, "add a family")
    # The second family is saved with its own words, nothing left from the first.
    _add_family(page, "Tom", "Ava")
    expect(page.get_by_text("Health visiting team")).to_have_count(0)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Guider accounts").click()
    expect(page.get_by_role("heading", name="Guider accounts")).to_be_visible(timeout=SLOW)
    filled = _add_account(page, "Bea Guider", "bea")
    save_screenshot(page, "clean-form-account.png")
    _assert_empty(page, filled, "add an account")
    _add_account(page, "Cal Guider", "cal")
    expect(page.get_by_text("signs in as cal")).to_be_visible(timeout=SLOW)
    assert outside_requests == []


def _tap_key(page: Page, key: str) -> None:
    page.locator(f".st-key-{re.sub(r'[^a-zA-Z0-9_-]', '-', key)} button").first.tap()
    settle(page, start_ms=400)


def test_a_next_step_starts_clean_after_it_is_added(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    enter_demo(page, base_url)
    open_jade(page)
    # The guider's Shared review page draws the same screens the parent sees; the demo has
    # no guider PIN, so "Hand to parent" is (rightly) not offered there.
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Shared review").click()
    settle(page, start_ms=400)
    field = page.get_by_label("A next step", exact=True)
    for _ in range(40):
        if field.is_visible():
            break
        _tap_key(page, "review_next")
    else:
        pytest.fail("the shared review never reached its next steps")
    step = "Wait for Noor to look at me before I talk"
    fill(page, "A next step", step)
    settle(page, start_ms=400)
    _tap_key(page, "review_add_step")
    expect(page.get_by_text(step, exact=True)).to_be_visible(timeout=SLOW)
    save_screenshot(page, "clean-form-next-step.png")
    _assert_empty(page, ["A next step"], "next step")
    assert outside_requests == []
