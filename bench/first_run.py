"""First-run benchmark: how soon a newcomer sees a page, and how soon the demo is there.

Starts `streamlit run app.py` on an empty temporary data folder (as a fresh clone would), opens
it in Debian's Chromium, and times from the server's start:
- starting_message_s: until the page's "VIG Review is starting" shows (vigreview/ui/web/
  starting_page.py; "missed" if the form came first);
- first_content_s: until the first-account form and the "Skip for now: try the demo" button
  are on screen;
- demo_ready_s: after pressing that button at once, until the demo's families are listed;
- server_up_s (for reading the others on a busy machine): until the server answers at all;
- plain_streamlit_s, the anchor, measured the same way in the same run: a one-line Streamlit
  app's first content (Streamlit's own start and its page code in the browser), and
  first_content_ratio, ours over it. The machine is shared, so the ratio is what to compare.
Screenshots of the first page at 1024x768 and 768x1024 go to test-artifacts/first-run/.
Target: first content < 3 s. Prints one line:

    first_run: starting_message_s=<w> first_content_s=<x> demo_ready_s=<y> server_up_s=<z> ...

Run by hand: `python bench/first_run.py`.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port  # noqa: E402
from vigreview.ui.web.starting_page import MESSAGE as STARTING_MESSAGE  # noqa: E402

SHOTS = ROOT / "test-artifacts" / "first-run"
TIMEOUT_MS = 180_000
DEMO_BUTTON = "Skip for now: try the demo"


PLAIN_APP = 'import streamlit as st\n\nst.write("Plain Streamlit page")\n'


def _start_server(
    data_dir: Path, port: int, log: Path, app: Path = ROOT / "app.py"
) -> subprocess.Popen[bytes]:
    command = [
        sys.executable, "-m", "streamlit", "run", str(app),
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env={**os.environ, "VIGREVIEW_DATA": str(data_dir), "VIGREVIEW_DEMO": "1"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_until_up(url: str, deadline: float) -> None:
    while True:
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def main() -> None:
    """Measure one first run and print the benchmark line."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="vigreview-first-run-") as temp:
        port = find_free_port()
        url = f"http://127.0.0.1:{port}/"
        log = Path(temp) / "server.log"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            started = time.monotonic()
            server = _start_server(Path(temp) / "data", port, log)
            try:
                _wait_until_up(url, started + TIMEOUT_MS / 1000)
                server_up = time.monotonic() - started
                # From the first byte of the page, not its load: the message shows before.
                page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
                button = page.get_by_role("button", name=DEMO_BUTTON)
                starting = page.get_by_text(STARTING_MESSAGE)
                starting.or_(button).first.wait_for(state="visible", timeout=TIMEOUT_MS)
                starting_message = time.monotonic() - started if starting.is_visible() else None
                button.wait_for(state="visible", timeout=TIMEOUT_MS)
                page.get_by_text("make your guider account").wait_for(timeout=TIMEOUT_MS)
                first_content = time.monotonic() - started
                page.screenshot(path=str(SHOTS / "first-page-1024x768.png"))
                in_view_landscape = button.is_visible() and _in_viewport(page, button)
                page.set_viewport_size({"width": 768, "height": 1024})
                page.screenshot(path=str(SHOTS / "first-page-768x1024.png"))
                in_view_portrait = _in_viewport(page, button)
                page.set_viewport_size({"width": 1024, "height": 768})
                button.click()
                page.get_by_text("Jade (demo)").first.wait_for(timeout=TIMEOUT_MS)
                demo_ready = time.monotonic() - started
                page.screenshot(path=str(SHOTS / "demo-families-1024x768.png"))
            finally:
                browser.close()
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=20)
        plain = _time_plain_streamlit(Path(temp))
    shown = "missed" if starting_message is None else f"{starting_message:.2f}"
    print(
        f"first_run: starting_message_s={shown} "
        f"first_content_s={first_content:.2f} demo_ready_s={demo_ready:.2f} "
        f"server_up_s={server_up:.2f} plain_streamlit_s={plain:.2f} "
        f"first_content_ratio={first_content / plain:.2f} "
        f"demo_button_in_view_1024x768={in_view_landscape} "
        f"demo_button_in_view_768x1024={in_view_portrait}"
    )


def _time_plain_streamlit(temp: Path) -> float:
    """Return a one-line Streamlit app's time to first content, measured as ours is."""
    app = temp / "plain_app.py"
    app.write_text(PLAIN_APP, encoding="utf-8")
    port = find_free_port()
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        started = time.monotonic()
        server = _start_server(temp / "plain-data", port, temp / "plain.log", app)
        try:
            _wait_until_up(url, started + TIMEOUT_MS / 1000)
            page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
            page.get_by_text("Plain Streamlit page").wait_for(timeout=TIMEOUT_MS)
            return time.monotonic() - started
        finally:
            browser.close()
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)


def _in_viewport(page, locator) -> bool:  # type: ignore[no-untyped-def]
    box = locator.bounding_box()
    size = page.viewport_size
    return bool(box and size and box["y"] >= 0 and box["y"] + box["height"] <= size["height"])


if __name__ == "__main__":
    main()
