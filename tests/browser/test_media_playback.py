"""A phone film (HEVC, portrait) imported and played in Chromium from Streamlit.

Proves that normalise_film makes something Chromium plays (it cannot play HEVC). The
throwaway app serves the film from its own static folder; the app's own authenticated media
route is tested in tests/web/ (HTTP) and by the browser tests that play films in app.py.
"""

from __future__ import annotations

import shutil
import textwrap
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import StreamlitServerFactory
from tests.filmmaker import make_film
from vigreview.media import normalise_film

pytestmark = pytest.mark.browser

CONFIG = """\
[browser]
gatherUsageStats = false

[server]
enableStaticServing = true
headless = true
"""


@pytest.fixture(scope="module")
def app_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A throwaway app folder: its own config and static/, and a family media folder."""
    folder = tmp_path_factory.mktemp("playback_app")
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "config.toml").write_text(CONFIG)
    (folder / "static").mkdir()
    return folder


@pytest.fixture(scope="module")
def imported_film(app_dir: Path) -> Path:
    """An iPhone-like film (HEVC, stored landscape, rotation metadata) imported for a family."""
    upload = make_film(
        app_dir / "upload.mov",
        codec="libx265",
        width=320,
        height=240,
        seconds=3.0,
        rotation_cw=90,
    )
    film = app_dir / "families" / "fam-1" / "media" / "film.mp4"
    normalise_film(upload, film)
    return film


def _write_app(app_dir: Path, url: str) -> Path:
    script = app_dir / "app.py"
    script.write_text(
        textwrap.dedent(
            f"""\
            import streamlit as st

            st.title("Playback check")
            st.video({url!r})
            """
        )
    )
    return script


def test_imported_phone_film_plays_upright_in_chromium(
    app_dir: Path,
    imported_film: Path,
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
) -> None:
    shutil.copy(imported_film, app_dir / "static" / "film.mp4")
    url = "/app/static/film.mp4"
    base = streamlit_server_factory(_write_app(app_dir, url))
    page = browser_page
    page.goto(base, wait_until="domcontentloaded")
    video = page.locator("video")
    video.wait_for(state="attached", timeout=60_000)
    assert url in (video.get_attribute("src") or "")
    # Muted so Chromium's autoplay policy lets a script start it.
    page.evaluate(
        "() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }"
    )
    page.wait_for_function(
        "() => document.querySelector('video').currentTime > 0.3", timeout=30_000
    )
    first = page.evaluate("() => document.querySelector('video').currentTime")
    time.sleep(0.7)
    state = page.evaluate(
        """() => {
            const v = document.querySelector('video');
            return {time: v.currentTime, width: v.videoWidth, height: v.videoHeight,
                    error: v.error && v.error.code, paused: v.paused};
        }"""
    )
    assert state["error"] is None
    assert state["width"] > 0
    assert state["height"] > state["width"]  # the portrait film stands upright
    assert state["time"] > first  # it really plays
    assert outside_requests == []
