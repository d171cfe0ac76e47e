"""The parent view in WebKit (Safari's engine), at iPad sizes: the film, the bar, a link drop.

Debian's WebKitWebDriver (webkit2gtk-driver) starts its MiniBrowser on a private Xvfb display
and selenium drives it. Strong evidence for an iPad's browser, not proof. The parent view is
opened straight from a stored hand-over (the guider's side is tested in Chromium). Each screen
is saved under test-artifacts/parent-view-webkit/<orientation>/.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.webkitgtk.options import Options
from selenium.webdriver.webkitgtk.service import Service

from tests.browser import moment_checks
from tests.browser.app_server import AppServer
from tests.browser.parent_review_data import BABY_LINE, FID, OTHER, prepare_review
from tests.review_family import film_path
from vigreview.caseload import load_family, open_store
from vigreview.cycles import find_cycle
from vigreview.parent_words import RECONNECT_TEXT
from vigreview.review_steps import StepKind, build_review_steps, clamp_position
from vigreview.shared_review import move_to
from vigreview.trust.handover import start_parent_view

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "parent-view-webkit"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
VIEWPORTS = {"portrait": (768, 1024), "landscape": (1024, 768)}
SLOW_S = 90.0
DROP_S = 5.0

_COUNT_RUNS = """
    window.vigRunsStarted = 0;
    if (window.vigRunObserver) { window.vigRunObserver.disconnect(); }
    window.vigRunObserver = new MutationObserver((changes) => {
        window.vigRunsStarted += changes.length;
    });
    window.vigRunObserver.observe(document.documentElement,
        {attributes: true, subtree: true, attributeFilter: ["data-test-script-state"]});
"""
_RUN_DONE = """return window.vigRunsStarted > 0 && document.querySelector('[data-testid="stApp"]')
    .getAttribute("data-test-script-state") === "notRunning";"""
_IDLE = """const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute("data-test-script-state") === "notRunning"
        && !!document.querySelector('.st-key-parent_unlock_open button');"""
_BAR = """const places = [];
    for (const key of ["review_back", "review_next"]) {
        const button = document.querySelector(`.st-key-${key} button`);
        if (button) {
            const r = button.getBoundingClientRect();
            places.push([key, Math.round(r.left), Math.round(r.top), Math.round(r.bottom)]);
        }
    }
    return [innerHeight, places];"""


def _free_display() -> str:
    for number in range(1170, 1270):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return f":{number}"
    raise RuntimeError("no free X display number")


@pytest.fixture(scope="module")
def webkit() -> Iterator[WebDriver]:
    """MiniBrowser driven by WebKitWebDriver on a private Xvfb display."""
    if not Path(WEBKIT_DRIVER).exists() or shutil.which("Xvfb") is None:
        # A fail, not a skip: a green run must mean the WebKit tests ran.
        pytest.fail("webkit2gtk-driver or xvfb is missing: run scripts/test.sh to install them")
    display = _free_display()
    screen = subprocess.Popen(
        ["Xvfb", display, "-screen", "0", "1400x1400x24", "-nolisten", "tcp"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)
        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        service = Service(executable_path=WEBKIT_DRIVER, env={**os.environ, "DISPLAY": display})
        driver = webdriver.WebKitGTK(options=options, service=service)
        try:
            yield driver
        finally:
            driver.quit()
    finally:
        os.killpg(screen.pid, signal.SIGTERM)
        screen.wait(timeout=10)


def _size(driver: WebDriver, orientation: str) -> None:
    """Make the page itself (not the window) the tablet's size."""
    width, height = VIEWPORTS[orientation]
    outer = [width, height]
    # Without a window manager a resize can land late (once: 986 px high for 1024), so the
    # window is corrected until the page has the size, a few times at most.
    for _ in range(8):
        driver.set_window_size(*outer)
        time.sleep(0.3)
        inner = driver.execute_script("return [innerWidth, innerHeight];")
        if inner == [width, height]:
            return
        outer = [outer[0] + width - inner[0], outer[1] + height - inner[1]]
    assert inner == [width, height]


def _wait(driver: WebDriver, script: str, what: str, seconds: float = SLOW_S) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if driver.execute_script(script):
            return
        time.sleep(0.2)
    raise AssertionError(f"{what}: not within {seconds:.0f} s")


def _after_a_run(driver: WebDriver, action: Callable[[], None], what: str) -> None:
    driver.execute_script(_COUNT_RUNS)
    action()
    _wait(driver, _RUN_DONE, f"a finished run after {what}")
    time.sleep(0.2)


def _tap(driver: WebDriver, key: str) -> None:
    """Press one of the page's Streamlit buttons with a real WebDriver click."""
    button = driver.find_element(By.CSS_SELECTOR, f".st-key-{key} button")
    _after_a_run(driver, button.click, key)


class _WebKitPlayer:
    """The moment player's frame, driven through selenium (see moment_checks)."""

    def __init__(self, driver: WebDriver) -> None:
        self.driver = driver
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self._find_frame():
                return
            time.sleep(0.3)
        raise AssertionError("no moment player on the page")

    def _find_frame(self) -> bool:
        self.driver.switch_to.default_content()
        for frame in self.driver.find_elements(By.TAG_NAME, "iframe"):
            self.driver.switch_to.frame(frame)
            found = self.driver.execute_script("return !!document.getElementById('moment');")
            if found:
                self.frame = frame
                self.driver.switch_to.default_content()
                return True
            self.driver.switch_to.default_content()
        return False

    def value(self, expression: str) -> Any:
        self.driver.switch_to.frame(self.frame)
        try:
            return self.driver.execute_script(f"return ({expression});")
        finally:
            self.driver.switch_to.default_content()

    def tap(self, css: str) -> None:
        self.driver.switch_to.frame(self.frame)
        try:
            self.driver.find_element(By.CSS_SELECTOR, css).click()
        finally:
            self.driver.switch_to.default_content()


def _current(data_dir: Path) -> tuple[StepKind, int, int]:
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    steps = build_review_steps(family, cycle)
    position = clamp_position(cycle.review.position if cycle.review else 0, steps)
    return steps[position].kind, position, len(steps)


def _serious_accessibility_problems(driver: WebDriver) -> list[str]:
    if not driver.execute_script("return typeof window.axe !== 'undefined';"):
        driver.execute_script(AXE.read_text(encoding="utf-8"))
    found = driver.execute_async_script(
        """const done = arguments[arguments.length - 1];
        axe.run(document, {resultTypes: ["violations"]}).then((r) => done(
            r.violations.filter((v) => v.impact === "serious" || v.impact === "critical")
                .map((v) => v.id + ": " + v.help)));"""
    )
    return list(found)


def _open_parent_view(
    driver: WebDriver, server: AppServer, data_dir: Path, orientation: str
) -> None:
    base = server.start()
    view = start_parent_view(open_store(data_dir), FID, 1, datetime.now())
    _size(driver, orientation)
    driver.set_script_timeout(60)
    driver.get(f"{base}/review?pv={view.token}")
    _wait(driver, _IDLE, "the parent view")
    _assert_takes_taps(driver)


def _assert_takes_taps(driver: WebDriver) -> None:
    """Assert that no Streamlit dialog is open, so a tap reaches the page.

    The parent view hides Streamlit's dialogs, but an open one is still a modal that makes the
    whole page inert: a tap would only close it (a fresh load at /review once opened "Page not
    found" that way).
    """
    found = driver.execute_script(
        "return [document.querySelectorAll('[data-testid=\"stDialog\"]').length,"
        " document.getElementById('root').inert];"
    )
    assert found == [0, False], "an open Streamlit dialog makes the page inert"


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_the_moment_plays_with_sound_slows_loops_and_steps_in_webkit(
    webkit: WebDriver, data_dir: Path, tmp_path: Path, orientation: str
) -> None:
    prepare_review(data_dir)
    store = open_store(data_dir)
    move_to(store, FID, 1, 2, datetime.now())  # the first moment's screen
    server = AppServer(
        ROOT / "app.py",
        {"VIGREVIEW_DATA": str(data_dir), "VIGREVIEW_DEMO": "0"},
        tmp_path / "server.log",
    )
    try:
        _open_parent_view(webkit, server, data_dir, orientation)
        cycle = find_cycle(load_family(store, FID), 1)
        assert cycle is not None
        moment = next(m for m in cycle.moments if m.id == "m-smile")
        film = film_path(store, FID)
        player = _WebKitPlayer(webkit)
        moment_checks.check_waits_for_a_tap(player, BABY_LINE)
        moment_checks.check_no_frames_asked_while_paused(player)
        moment_checks.check_a_tap_plays_with_sound(player, moment.start_s)
        moment_checks.check_frames_asked_while_playing(player)
        folder = ARTIFACTS / orientation
        folder.mkdir(parents=True, exist_ok=True)
        webkit.save_screenshot(str(folder / "moment-playing.png"))
        moment_checks.check_the_loop_wraps(player, moment.start_s, moment.end_s)
        moment_checks.check_half_speed_holds(player)
        moment_checks.check_frame_steps_show_exact_stills(
            player, film, store.media_dir(FID) / "stills" / film.stem
        )
        webkit.save_screenshot(str(folder / "moment-frame-step.png"))
    finally:
        server.stop()


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_parent_view_in_webkit(
    webkit: WebDriver, data_dir: Path, tmp_path: Path, orientation: str
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install --no-audit --no-fund` (test.sh does)")
    prepare_review(data_dir)
    driver = webkit
    server = AppServer(
        ROOT / "app.py",
        {"VIGREVIEW_DATA": str(data_dir), "VIGREVIEW_DEMO": "0"},
        tmp_path / "server.log",
    )
    try:
        _open_parent_view(driver, server, data_dir, orientation)
        folder = ARTIFACTS / orientation
        folder.mkdir(parents=True, exist_ok=True)
        bar: dict[str, tuple[int, int]] = {}
        problems: dict[str, list[str]] = {}
        for number in range(12):
            kind, position, count = _current(data_dir)
            assert count <= 10
            body = driver.find_element(By.TAG_NAME, "body").text
            assert OTHER not in body and "Shared review:" not in body
            driver.save_screenshot(str(folder / f"{number:02d}-{kind.value}.png"))
            height, places = driver.execute_script(_BAR)
            for key, left, top, bottom in places:
                assert top >= 0 and bottom <= height, (kind, key, top, bottom, height)
                assert bar.setdefault(key, (left, top)) == (left, top), (kind, key, "moved")
            problems[f"{number}-{kind.value}"] = _serious_accessibility_problems(driver)
            if kind == StepKind.THANKS:
                break
            _tap(driver, "review_next")
            assert _current(data_dir)[1] == position + 1
        else:
            pytest.fail("the walk never reached the last screen")
        assert {name: found for name, found in problems.items() if found} == {}

        # The link drops for a few seconds: a calm word of our own, never Streamlit's box.
        server.stop()
        _wait(
            driver,
            "const n = document.getElementById('vig-reconnect');"
            " return !!n && getComputedStyle(n).display !== 'none';",
            "the reconnect notice",
            30,
        )
        time.sleep(DROP_S)
        notice = driver.find_element(By.ID, "vig-reconnect")
        assert RECONNECT_TEXT in notice.text
        dialogs = driver.find_elements(By.CSS_SELECTOR, '[data-testid="stDialog"]')
        assert not any(d.is_displayed() for d in dialogs)
        assert "internet" not in driver.find_element(By.TAG_NAME, "body").text
        # The page keeps its picture: the last screen is still there.
        assert driver.find_element(By.CSS_SELECTOR, ".st-key-review_back button").is_displayed()
        driver.save_screenshot(str(folder / "98-reconnecting.png"))
        server.start()
        _wait(
            driver,
            "const n = document.getElementById('vig-reconnect');"
            " return !n || getComputedStyle(n).display === 'none';",
            "the notice going once the server is back",
        )
        _wait(driver, _IDLE, "the parent view after the link came back")
        _assert_takes_taps(driver)
        driver.save_screenshot(str(folder / "99-reconnected.png"))
    finally:
        server.stop()
