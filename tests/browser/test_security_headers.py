"""Issue 12 item 4 in Chromium: security headers on every page, no Content-Security-Policy
violation on any guider page, and films still play through the app's own media route."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import SLOW, enter_demo, note_csp_violations, open_jade, start_app
from tests.browser.conftest import StreamlitServerFactory

pytestmark = pytest.mark.browser

GUIDER_PAGES = (
    "Families", "Family", "Cycles & films", "Moments", "Helping question", "Shared review",
    "Progress", "Keepsake & exports", "Caseload overview", "Supervision pack",
    "Data & settings", "Guider accounts",
)  # fmt: skip


def _settle(page: Page) -> None:
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]',
                           timeout=SLOW)  # fmt: skip
    page.wait_for_timeout(1500)  # players and pictures load after the run


def test_headers_on_every_page_no_csp_violation_and_films_play(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    page = browser_page
    violations = note_csp_violations(page)
    responses = []
    page.on("response", lambda response: responses.append(response))
    enter_demo(page, base_url)
    open_jade(page)
    sidebar = page.get_by_test_id("stSidebarNav")
    for title in GUIDER_PAGES:
        sidebar.get_by_role("link", name=title, exact=True).click(timeout=SLOW)
        _settle(page)
        heading = page.get_by_test_id("stMain").get_by_role("heading").first
        expect(heading, f"no heading on {title}").to_be_visible(timeout=SLOW)
        if title == "Moments":
            handle = page.wait_for_selector("iframe[title*='streamlit_player']", timeout=SLOW)
            frame = handle.content_frame()
            assert frame is not None
            video = frame.wait_for_selector("video", timeout=SLOW)
            assert "/family-media/" in (video.get_attribute("src") or "")
            frame.evaluate("() => { const v = document.querySelector('video');"
                           " v.muted = true; return v.play(); }")  # fmt: skip
            frame.wait_for_function(
                "() => document.querySelector('video').currentTime > 0.5", timeout=SLOW
            )
            # Paused before leaving: player events racing a page change can leave the page
            # empty (issue 16 item 1, fixed elsewhere), which is not what this test is about.
            frame.evaluate("() => document.querySelector('video').pause()")
            _settle(page)
    assert violations == []
    assert outside_requests == []
    # Every answer from the app (pages, scripts, component pages, films) carries the headers.
    checked = [r for r in responses if r.url.startswith(base_url)]
    assert any("/family-media/" in r.url for r in checked)
    for response in checked:
        headers = response.all_headers()
        policy = headers.get("content-security-policy", "")
        assert "default-src 'self'" in policy, response.url
        framed = "/component/" in response.url
        assert ("frame-ancestors 'self'" if framed else "frame-ancestors 'none'") in policy
        assert headers.get("referrer-policy") == "no-referrer", response.url
        assert headers.get("x-content-type-options") == "nosniff", response.url
