"""The film picker takes any file the tablet offers and sends it straight to the family's folder;
the app says in plain words what is wrong with one that is not a film, imports a real film from
the file on disk, and the picker starts empty again after a film is imported."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import (
    APP,
    SLOW,
    enter_demo,
    film_picker,
    open_jade,
    save_screenshot,
    send_film,
)
from tests.browser.conftest import StreamlitServerFactory
from tests.filmmaker import make_audio_only, make_film
from vigreview.media import FilmRejected

pytestmark = pytest.mark.browser

JADE = "demo-jade-noor"


def _picture(path: Path) -> Path:
    av.VideoFrame.from_ndarray(np.full((48, 64, 3), 200, np.uint8)).save(path)
    return path


def _open_films(page: Page) -> None:
    open_jade(page)
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name="Cycles & films").click()
    expect(page.get_by_text("Import a film")).to_be_visible(timeout=SLOW)
    expect(film_picker(page).get_by_role("button", name="Choose the film")).to_be_visible(
        timeout=SLOW
    )


def _media_files(data_dir: Path) -> list[str]:
    """Every file in Jade's media folder, hidden ones (uploads, temporary parts) included."""
    return sorted(p.name for p in (data_dir / "families" / JADE / "media").iterdir())


def test_sound_and_pictures_are_refused_in_plain_words_and_a_film_is_imported_from_disk(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    data_dir = tmp_path / "data"
    base_url = streamlit_server_factory(APP, env={"VIGREVIEW_DATA": str(data_dir)})
    enter_demo(page, base_url)
    _open_films(page)
    main = page.get_by_test_id("stMainBlockContainer")
    before = _media_files(data_dir)
    refusals = [
        (make_audio_only(tmp_path / "Voice memo.m4a"), FilmRejected.audio_only().message),
        (_picture(tmp_path / "IMG_0001.png"), FilmRejected.picture().message),
        (_picture(tmp_path / "IMG_0002.jpg"), FilmRejected.picture().message),
    ]
    for path, message in refusals:
        send_film(page, path)
        expect(main.get_by_text(message)).to_be_visible(timeout=SLOW)
        save_screenshot(page, f"film-refused-{path.suffix.lstrip('.')}.png")
        # Refused before a byte was written to the family's folder.
        assert _media_files(data_dir) == before

    film = make_film(tmp_path / "clip.mp4", width=160, height=120, seconds=1.0)
    send_film(page, film)
    expect(page.get_by_text("clip.mp4 is ready", exact=False)).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("clip.mp4 · 0:01 · landscape")).to_be_visible(timeout=SLOW)
    # The picker starts empty again, so the same film is not sent twice by mistake.
    expect(film_picker(page).get_by_role("button", name="Choose the film")).to_be_enabled()
    expect(film_picker(page).get_by_text("clip.mp4")).to_have_count(0)
    page.locator("iframe[title*='vig_film_picker']").scroll_into_view_if_needed()
    save_screenshot(page, "film-imported.png")
    # The upload itself went once the film was ready: one new film, nothing hidden left (the
    # suggested moments read from the film are kept in their own folder beside it).
    added = sorted(set(_media_files(data_dir)) - set(before) - {"suggestions"})
    assert len(added) == 1 and added[0].startswith("film-") and added[0].endswith(".mp4"), added
    assert outside_requests == []


def test_cancel_stops_the_film_on_its_way_and_nothing_is_kept(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    tmp_path: Path,
) -> None:
    page = browser_page
    data_dir = tmp_path / "data"
    base_url = streamlit_server_factory(APP, env={"VIGREVIEW_DATA": str(data_dir)})
    enter_demo(page, base_url)
    _open_films(page)
    before = _media_files(data_dir)
    # A slow link (as a tablet on busy Wi-Fi): 8 MiB at 1 MiB/s takes about 8 s.
    cdp = page.context.new_cdp_session(page)
    cdp.send(
        "Network.emulateNetworkConditions",
        {"offline": False, "latency": 0, "downloadThroughput": -1,
         "uploadThroughput": 1024 * 1024},
    )  # fmt: skip
    big = tmp_path / "IMG_0100.MOV"
    big.write_bytes(np.random.default_rng(1).integers(0, 256, 8 * 1024 * 1024, np.uint8).tobytes())
    send_film(page, big)
    picker = film_picker(page)
    expect(picker.get_by_text("Sending IMG_0100.MOV to this machine")).to_be_visible(timeout=SLOW)
    # On its way, the film is already being written to disk under a temporary name.
    deadline = page.evaluate("Date.now()") + 15_000
    while not any(n.endswith(".part") for n in _media_files(data_dir)):
        assert page.evaluate("Date.now()") < deadline, _media_files(data_dir)
        page.wait_for_timeout(100)
    frame = page.locator("iframe[title*='vig_film_picker']")
    frame.scroll_into_view_if_needed()
    save_screenshot(page, "film-sending.png")
    page.set_viewport_size({"width": 768, "height": 1024})
    frame.scroll_into_view_if_needed()
    save_screenshot(page, "film-sending-portrait.png")
    picker.get_by_role("button", name="Cancel").click()
    expect(
        picker.get_by_text("Sending IMG_0100.MOV was cancelled. Nothing was kept.")
    ).to_be_visible(timeout=SLOW)
    # The server deleted the part that had arrived.
    deadline = page.evaluate("Date.now()") + 15_000
    while _media_files(data_dir) != before and page.evaluate("Date.now()") < deadline:
        page.wait_for_timeout(200)
    assert _media_files(data_dir) == before
    expect(page.get_by_text("IMG_0100.MOV is ready", exact=False)).to_have_count(0)
