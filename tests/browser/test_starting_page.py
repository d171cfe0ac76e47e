"""Issue 9 item 5 in Chromium: "VIG Review is starting" from the page's first paint, gone as
soon as Streamlit draws (vigreview/ui/web/starting_page.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Request, Route, expect

from tests.browser.app_steps import SLOW, note_csp_violations, save_screenshot, start_app
from tests.browser.conftest import StreamlitServerFactory
from vigreview.ui.web.starting_page import MESSAGE

pytestmark = pytest.mark.browser

STREAMLITS_CODE = "**/static/js/**"


def test_the_message_shows_until_streamlit_draws(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    page = browser_page
    violations = note_csp_violations(page)

    # Without Streamlit's code (emptied): the page as a slow tablet shows it until the code
    # has loaded, a second or more.
    def empty(route: Route) -> None:
        route.fulfill(status=200, content_type="text/javascript", body="")

    page.route(STREAMLITS_CODE, empty)
    page.goto(base_url)
    status = page.get_by_role("status")
    expect(status).to_have_text(MESSAGE)
    expect(status).to_be_visible()
    expect(page).to_have_title("VIG Review")
    save_screenshot(page, "starting-message-1024x768.png")

    page.unroute(STREAMLITS_CODE)
    # Each file of Streamlit's code fetched, and whether the page had heard from the server.
    fetched: list[tuple[str, bool]] = []
    heard: list[bool] = []

    def note_frame(payload: object) -> None:
        heard.append(True)

    def note_request(request: Request) -> None:
        if "/static/js/" in request.url:
            fetched.append((request.url, bool(heard)))

    page.on("websocket", lambda socket: socket.on("framereceived", note_frame))
    page.on("request", note_request)
    page.goto(base_url)
    expect(page.get_by_role("button", name="Skip for now: try the demo")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_text(MESSAGE)).to_have_count(0)
    # The form's own code came with Streamlit's, not after the form arrived (FIRST_PAGE_CODE).
    assert fetched
    assert [url for url, late in fetched if late] == []
    assert violations == []
    assert outside_requests == []
