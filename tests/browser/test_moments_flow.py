"""The guider's film flow in a real browser: import a phone film, watch it, mark a moment at
the playhead, replay it looped in slow motion, and find it again after a restart."""

from __future__ import annotations

import itertools
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, expect

from tests.browser.app_steps import (
    SLOW,
    enter_demo,
    open_jade,
    save_screenshot,
    send_film,
    start_app,
)
from tests.browser.conftest import StreamlitServerFactory
from tests.browser.moment_checks import ChromiumPlayer, wait_for
from tests.filmmaker import make_film

pytestmark = pytest.mark.browser
# The one film in a player's frame (the guider's player, or the looped moment).
_FILM = "document.querySelector('video')"


def _open_jade_films(page: Page) -> None:
    open_jade(page)
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Cycles & films").click()
    expect(page.get_by_text("Import a film")).to_be_visible(timeout=SLOW)


def _player_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("iframe[title*='streamlit_player']", timeout=SLOW)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_selector("video", timeout=SLOW)
    return frame


def _loop_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("iframe[srcdoc*='id=\"moment\"']", timeout=SLOW)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_selector("video", timeout=SLOW)
    return frame


def _playhead(page: Page) -> float:
    """Read 'Playhead at m:ss of m:ss' as seconds."""
    minutes, seconds = page.get_by_text("Playhead at").inner_text().split()[2].split(":")
    return int(minutes) * 60 + int(seconds)


def _settled_value(page: Page, label: str, before: str) -> float:
    """Wait until the rerun has drawn one box labelled `label` with a new value; return it.

    While the page is being drawn again the old box can stand beside the new one for a
    moment (the box is rebuilt when its value changes), so one box alone is waited for.
    """
    deadline = time.monotonic() + SLOW / 1000
    values: list[str] = []
    while time.monotonic() < deadline:
        # Read in one go in the page: a box may go while it is being read.
        values = page.eval_on_selector_all(
            f'input[aria-label="{label}"]', "boxes => boxes.map(b => b.value)"
        )
        if len(values) == 1 and values[0] != before:
            return float(values[0])
        page.wait_for_timeout(250)
    raise AssertionError(f"{label} still {values}")


def test_import_watch_mark_and_loop_a_phone_film(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    data_dir = tmp_path / "data"
    phone_film = make_film(
        tmp_path / "IMG_0007.MOV", codec="libx265", width=320, height=240, seconds=6.0,
        rotation_cw=90,
    )  # fmt: skip
    base_url = start_app(streamlit_server_factory, data_dir)
    enter_demo(page, base_url)
    _open_jade_films(page)

    send_film(page, phone_film)
    expect(page.get_by_text("is ready", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("IMG_0007.MOV · 0:06 · portrait")).to_be_visible(timeout=SLOW)
    save_screenshot(page, "films-after-import.png")
    page.get_by_role("button", name="Mark moments").last.click()
    expect(page.get_by_role("heading", name="Mark a moment")).to_be_visible(timeout=SLOW)

    # The HEVC original was normalised, so Chromium shows a picture, upright, and plays it.
    player = _player_frame(page)
    player.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
    first = player.locator("video").evaluate("v => v.currentTime")
    # streamlit-player reports the position every 250 ms of playing: past 0.75 s it has, so
    # "Start here" below has a playhead to send (a tap before the first report sends none).
    wait_for(
        ChromiumPlayer(player),
        f"{_FILM}.videoWidth > 0 && {_FILM}.currentTime > {first + 0.75}",
        20,
        "the film showing a picture and playing",
    )
    size = player.locator("video").evaluate("v => [v.videoWidth, v.videoHeight, v.currentTime]")
    assert size[0] > 0 and size[1] > size[0], size  # a picture, portrait
    assert size[2] > first, "the film did not play"

    # "Start here" sends the player's position with the tap: mark the moment at the playhead.
    page.get_by_role("button", name="Start here").click()
    expect(page.get_by_label("Start (seconds)")).not_to_have_value("0.00", timeout=SLOW)
    start = float(page.get_by_label("Start (seconds)").input_value())
    assert start > 0
    # The playhead is shown as m:ss: the whole seconds of the start just taken from it.
    assert _playhead(page) == int(start), (start, _playhead(page))
    wait_for(
        ChromiumPlayer(player),
        f"{_FILM}.currentTime >= {start + 1.5}",
        20,
        "the film playing on past the start",
    )
    # Paused before the 6 s film runs out (on a busy machine it could reach its end, which
    # is where the end already is), so "End here" has a new place to take.
    player.locator("video").evaluate("v => v.pause()")
    page.wait_for_timeout(500)
    end_before = page.get_by_label("End (seconds)").input_value()
    page.get_by_role("button", name="End here").click()
    end = _settled_value(page, "End (seconds)", end_before)
    assert end >= start + 1.0, (start, end)
    page.get_by_label("Title (you can add it later)").fill("Noor turns to the sound")
    page.get_by_label("Notes for you (never shown to the parent)").fill(
        "<script>alert(1)</script> **not bold** <img src=x onerror=alert(2)>"
    )
    page.get_by_role("button", name="Save moment").click()
    expect(page.get_by_text("Saved “Noor turns to the sound”.")).to_be_visible(timeout=SLOW)
    save_screenshot(page, "moments-after-marking.png")
    # Markup typed into a note is shown as the text it is, and runs nothing.
    typed = "<script>alert(1)</script> **not bold** <img src=x onerror=alert(2)>"
    expect(page.get_by_role("paragraph").filter(has_text=typed)).to_be_visible(timeout=SLOW)
    assert dialogs == []

    # The saved moment replays on its own, looped, in slow motion, between start and end.
    loop = _loop_frame(page)
    loop.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
    looped = ChromiumPlayer(loop)
    wait_for(looped, f"!{_FILM}.paused && {_FILM}.currentTime >= {start}", 20, "the moment playing")
    wait_for(looped, f"{_FILM}.playbackRate === 0.5", 10, "slow motion")
    rate = loop.locator("video").evaluate("v => v.playbackRate")
    assert rate == 0.5
    seen: list[float] = []
    for _ in range(40):
        seen.append(loop.locator("video").evaluate("v => v.currentTime"))
        page.wait_for_timeout(200)
    assert all(start - 0.6 <= t <= end + 0.3 for t in seen), (start, end, seen)
    assert any(later < earlier for earlier, later in itertools.pairwise(seen)), (
        "the moment never looped back to its start",
        seen,
    )

    # A second moment starts from an empty form: nothing of the first is left in it.
    page.get_by_role("button", name="Start here").click()
    expect(page.get_by_role("heading", name="New moment")).to_be_visible(timeout=SLOW)
    expect(page.get_by_label("Title (you can add it later)")).to_have_value("", timeout=SLOW)
    expect(page.get_by_label("Notes for you (never shown to the parent)")).to_have_value("")
    save_screenshot(page, "moments-second-moment-form.png")
    assert outside_requests == []

    # A restart keeps the moment, and this browser's sign-in (its record is in the data
    # folder, behind the browser's cookie): no second "Skip for now".
    again = start_app(streamlit_server_factory, data_dir)
    page.goto(again)
    expect(page.get_by_role("heading", name="Families")).to_be_visible(timeout=SLOW)
    open_jade(page)
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Moments").click()
    expect(page.get_by_role("heading", name="Mark a moment")).to_be_visible(timeout=SLOW)
    page.get_by_label("Film", exact=True).click()
    page.get_by_role("option", name="IMG_0007.MOV", exact=False).click()
    expect(page.get_by_text("Noor turns to the sound", exact=False).first).to_be_visible(
        timeout=SLOW
    )
    assert os.listdir(data_dir / "families")
