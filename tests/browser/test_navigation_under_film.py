"""Moving between pages while a film plays on Moments never leaves a white or empty page.

The bug this guards against: a player event that left the browser around a tap in the sidebar
was rerun by Streamlit after the new page, under the Moments page's name; the browser then
dropped the new page's content (an empty main area, or "Bad delta path index" and a white
page). The player now keeps its events in the browser until "Start here" / "End here".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from tests.browser.app_steps import APP, SLOW, enter_demo, open_jade, save_screenshot
from tests.browser.conftest import StreamlitServerFactory

pytestmark = pytest.mark.browser

SWITCHES = 30
PLAY_MS = 1200  # long enough for several progress events (every 250 ms) before the tap
SETTLE_MS = 2500  # a late rerun of the old page used to blank the new one about 1-2 s later


def _play_film(page: Page) -> None:
    handle = page.wait_for_selector("iframe[title*='streamlit_player']", timeout=SLOW)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_selector("video", timeout=SLOW)
    frame.locator("video").evaluate("v => { v.muted = true; return v.play(); }")


def _watch_reruns(page: Page, reruns: list[str]) -> None:
    """Record the page each rerun request sent to the server names, in order."""

    def on_socket(socket: WebSocket) -> None:
        def on_sent(payload: str | bytes) -> None:
            if isinstance(payload, bytes):
                message = BackMsg()
                message.ParseFromString(payload)
                if message.WhichOneof("type") == "rerun_script":
                    reruns.append(message.rerun_script.fragment_id or "page")

        socket.on("framesent", on_sent)

    page.on("websocket", on_socket)


@pytest.mark.timeout(1800)  # 30 page loads under load on the 2-core machine
def test_switching_pages_while_a_film_plays_always_shows_the_page(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    reruns: list[str] = []
    _watch_reruns(page, reruns)
    base_url = streamlit_server_factory(APP, env={"VIGREVIEW_DATA": str(tmp_path / "data")})
    enter_demo(page, base_url)
    open_jade(page)
    nav = page.get_by_test_id("stSidebarNav")
    # A link's text starts with its icon's name ("groups"), then the page's title.
    shown = [text.split("\n")[-1].strip() for text in nav.get_by_role("link").all_inner_texts()]
    titles = [title for title in shown if title != "Moments"]
    assert len(titles) >= 10, titles  # every guider page but Moments itself
    main = page.get_by_test_id("stMainBlockContainer")

    for switch in range(SWITCHES):
        nav.get_by_role("link", name="Moments", exact=True).click(timeout=SLOW)
        expect(page.get_by_role("heading", name="Mark a moment")).to_be_visible(timeout=SLOW)
        _play_film(page)
        before = len(reruns)
        page.wait_for_timeout(PLAY_MS)
        # Playing sends nothing to the server: no rerun can arrive after the page changes.
        assert reruns[before:] == [], (switch, reruns[before:])
        title = titles[switch % len(titles)]
        nav.get_by_role("link", name=title, exact=True).click(timeout=SLOW)
        heading = main.get_by_role("heading", level=1)
        expect(heading).to_be_visible(timeout=SLOW)
        page.wait_for_timeout(SETTLE_MS)
        if not heading.first.is_visible() or console_errors:
            save_screenshot(page, f"navigation-under-film-{switch}.png")
        expect(heading.first).to_be_visible(timeout=1)
        expect(page.get_by_text("Page not found")).to_have_count(0)
        assert "Moments" not in heading.first.inner_text(), (switch, title)
        assert console_errors == [], (switch, title, console_errors)
        print(f"switch {switch + 1}: {title} shown", flush=True)
    assert outside_requests == []
