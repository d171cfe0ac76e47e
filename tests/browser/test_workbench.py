"""The guider's workbench in a real browser: import a film, accept a suggestion with one tap,
mark a second moment with one tap, and see both on the film's timeline, at both tablet sizes,
with every button's label whole."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import (
    APP,
    SLOW,
    enter_demo,
    open_jade,
    save_screenshot,
    send_film,
)
from tests.browser.conftest import StreamlitServerFactory
from tests.turn_taking_films import TURNS_WINDOW_S, make_turn_taking_film
from vigreview.caseload import open_store
from vigreview.demo.families import seed_demo_caseload

pytestmark = pytest.mark.browser

PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}
_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
_CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid="stMain"] button')]
    .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
    .map(b => (b.innerText || b.getAttribute('aria-label') || '?').trim())"""


def _cut_labels(page: Page) -> list[str]:
    return list(page.evaluate(_CUT_BUTTONS))


@pytest.mark.timeout(900)  # import, then reading the film, on a shared 2-core machine
def test_accept_a_suggestion_and_mark_a_second_moment_with_one_tap(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    film = make_turn_taking_film(tmp_path / "VID_0042.mp4")
    # The demo caseload is made before the server starts, so its first page comes quickly.
    seed_demo_caseload(open_store(tmp_path / "data"), date.today())
    base_url = streamlit_server_factory(APP, env={"VIGREVIEW_DATA": str(tmp_path / "data")})
    enter_demo(page, base_url)
    open_jade(page)
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Cycles & films").click()
    send_film(page, film)
    expect(page.get_by_text("is ready", exact=False)).to_be_visible(timeout=SLOW * 2)
    page.get_by_role("button", name="Mark moments").last.click()

    # The film is read in the background from the end of its import; its liveliest stretch
    # shows up as suggestion S1. The page does not poll (a polling page blanked the next one),
    # so while it is still being read the guider taps "Check for suggestions again".
    suggestion = page.locator(".st-key-tl-sugg-1 button").first
    check_again = page.get_by_role("button", name="Check for suggestions again")
    expect(page.get_by_role("button", name="Mark this moment")).to_be_visible(timeout=SLOW)
    deadline = time.monotonic() + 4 * SLOW / 1000
    while not suggestion.is_visible() and time.monotonic() < deadline:
        page.wait_for_selector(_IDLE, timeout=SLOW)
        if check_again.is_visible():
            save_screenshot(page, "workbench-waiting-for-suggestions.png")
            check_again.click()
        page.wait_for_timeout(3000)
    expect(suggestion).to_be_visible(timeout=SLOW)
    suggestion.click()
    expect(page.get_by_text("turns between two voices", exact=False).first).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_text("only a suggestion", exact=False)).to_be_visible()
    page.get_by_role("button", name="Mark as a moment").click()
    start = TURNS_WINDOW_S[0]
    expect(page.get_by_text("Marked ", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.locator("[class*='st-key-tl-good-1-'] button").first).to_be_visible(timeout=SLOW)

    # Move the playhead to 1:40 and mark a second moment with one tap.
    player = page.wait_for_selector("iframe[title*='streamlit_player']", timeout=SLOW)
    frame = player.content_frame()
    assert frame is not None
    frame.wait_for_selector("video", timeout=SLOW)
    frame.locator("video").evaluate("v => { v.currentTime = 100; }")
    # The seek waits in the player's form (nothing reruns) until the tap sends it.
    page.wait_for_timeout(1000)
    page.get_by_role("button", name="Mark this moment").click()
    expect(page.get_by_text("Playhead at 1:40", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Marked 1:30–1:55", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.locator("[class*='st-key-tl-good-2-'] button").first).to_be_visible(timeout=SLOW)
    # Both bands sit where their moments are: the first near 0:45 of 2:00, the second at 1:30.
    track = page.locator(".st-key-film-timeline").bounding_box()
    first = page.locator("[class*='st-key-tl-good-1-'] button").first.bounding_box()
    second = page.locator("[class*='st-key-tl-good-2-'] button").first.bounding_box()
    assert track and first and second
    assert abs((first["x"] - track["x"]) / track["width"] - start / 120) < 0.05
    assert abs((second["x"] - track["x"]) / track["width"] - 90 / 120) < 0.05
    for name, viewport in (("landscape", LANDSCAPE), ("portrait", PORTRAIT)):
        page.set_viewport_size(viewport)
        page.wait_for_timeout(800)
        save_screenshot(page, f"workbench-moments-{name}.png")
        assert _cut_labels(page) == [], name
    assert outside_requests == []
