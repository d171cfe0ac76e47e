"""Issue 16 item 2 in Chromium: a reload keeps the guider signed in until sign-out or idle lock.

The sign-in lives in a server-side record behind an HttpOnly, SameSite=Strict cookie the page
claims right after signing in (vigreview/trust/sign_ins.py, vigreview/ui/web/sign_in_cookie.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.app_steps import SLOW, make_first_account, start_app
from tests.browser.conftest import StreamlitServerFactory

pytestmark = pytest.mark.browser

COOKIE = "vig_sign_in"


def _sign_in_cookie(context: BrowserContext) -> dict | None:  # type: ignore[type-arg]
    found = [c for c in context.cookies() if c["name"] == COOKIE]
    return dict(found[0]) if found else None


def _wait_for_cookie(page: Page) -> dict:  # type: ignore[type-arg]
    for _ in range(60):
        cookie = _sign_in_cookie(page.context)
        if cookie:
            return cookie
        page.wait_for_timeout(250)
    raise AssertionError("the page never got its sign-in cookie")


def _expect_signed_in(page: Page) -> None:
    expect(page.get_by_text("Signed in: Ann Guider")).to_be_visible(timeout=SLOW)


def _expect_sign_in_page(page: Page) -> None:
    expect(page.get_by_role("button", name="Sign in", exact=True)).to_be_visible(timeout=SLOW)


def test_a_reload_and_a_new_tab_keep_the_sign_in_until_sign_out(
    streamlit_server_factory: StreamlitServerFactory, browser_page: Page, tmp_path: Path
) -> None:
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    make_first_account(page, base_url)
    cookie = _wait_for_cookie(page)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.evaluate("document.cookie").find(COOKIE) == -1
    assert cookie["value"] not in page.url

    page.get_by_role("link", name="Caseload overview").click()
    expect(page.get_by_role("heading", name="Caseload overview")).to_be_visible(timeout=SLOW)
    page.reload()
    _expect_signed_in(page)
    expect(page.get_by_role("heading", name="Caseload overview")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Page not found")).to_have_count(0)

    second = page.context.new_page()
    second.goto(base_url)
    _expect_signed_in(second)
    second.close()

    page.get_by_role("button", name="Sign out").click()
    _expect_sign_in_page(page)
    page.reload()
    _expect_sign_in_page(page)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_text("Signed in: Ann Guider")).to_have_count(0)
    # The ended record's cookie is taken away too.
    for _ in range(40):
        if _sign_in_cookie(page.context) is None:
            break
        page.wait_for_timeout(250)
    assert _sign_in_cookie(page.context) is None
    assert dialogs == []


def test_the_idle_lock_ends_the_sign_in_for_a_reload_too(
    streamlit_server_factory: StreamlitServerFactory, browser_page: Page, tmp_path: Path
) -> None:
    base_url = start_app(streamlit_server_factory, tmp_path / "data", VIGREVIEW_IDLE_MINUTES="1")
    page = browser_page
    make_first_account(page, base_url)
    _wait_for_cookie(page)
    # The open tab checks every 15 s; after a minute left alone it locks itself.
    expect(page.get_by_text("The tablet locked itself after 1 minutes")).to_be_visible(
        timeout=120_000
    )
    page.reload()
    _expect_sign_in_page(page)
    expect(page.get_by_text("Signed in: Ann Guider")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
