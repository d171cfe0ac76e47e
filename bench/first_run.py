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
Both apps' code is compiled to bytecode first, as scripts/run-app.sh does after installing
(this machine sets PYTHONDONTWRITEBYTECODE, so nothing else would keep it between starts).
`--rounds` (3) first runs of each, alternating; each figure is the median.
Target: first content < 3 s. Prints one line:

    first_run: starting_message_s=<w> first_content_s=<x> demo_ready_s=<y> server_up_s=<z> ...

Run by hand: `python bench/first_run.py [--rounds 3]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port  # noqa: E402
from vigreview.ui.web.starting_page import MESSAGE as STARTING_MESSAGE  # noqa: E402

SHOTS = ROOT / "test-artifacts" / "first-run"
TIMEOUT_MS = 180_000
DEMO_BUTTON = "Skip for now: try the demo"
# The app's own code, compiled to bytecode before timing (scripts/run-app.sh does the same).
COMPILED = ("app.py", "screens", "vigreview")


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
    """Measure `--rounds` first runs, each beside a plain Streamlit app's, and print the line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="first runs of each, alternating")
    rounds = parser.parse_args().rounds
    SHOTS.mkdir(parents=True, exist_ok=True)
    # As scripts/run-app.sh does once after installing, so no start compiles the app's code.
    subprocess.run([sys.executable, "-m", "compileall", "-q", *COMPILED], cwd=ROOT, check=True)
    ours: list[FirstRun] = []
    plain: list[float] = []
    with tempfile.TemporaryDirectory(prefix="vigreview-first-run-") as temp:
        for number in range(rounds):
            # Alternating, so a busy spell on the shared cores weighs on both alike.
            ours.append(_time_our_first_run(Path(temp) / f"ours-{number}", shots=number == 0))
            plain.append(_time_plain_streamlit(Path(temp) / f"plain-{number}"))
    messages = [r.starting_message for r in ours if r.starting_message is not None]
    shown = f"{statistics.median(messages):.2f}" if messages else "missed"
    first_content = statistics.median(r.first_content for r in ours)
    plain_s = statistics.median(plain)
    print(
        f"first_run: rounds={rounds} starting_message_s={shown} "
        f"first_content_s={first_content:.2f} "
        f"demo_ready_s={statistics.median(r.demo_ready for r in ours):.2f} "
        f"server_up_s={statistics.median(r.server_up for r in ours):.2f} "
        f"plain_streamlit_s={plain_s:.2f} first_content_ratio={first_content / plain_s:.2f} "
        f"demo_button_in_view_1024x768={all(r.in_view_landscape for r in ours)} "
        f"demo_button_in_view_768x1024={all(r.in_view_portrait for r in ours)}"
    )


@dataclass(frozen=True)
class FirstRun:
    """One first run of the app, in seconds from the server's start."""

    server_up: float
    starting_message: float | None
    first_content: float
    demo_ready: float
    in_view_landscape: bool
    in_view_portrait: bool


def _time_our_first_run(temp: Path, shots: bool) -> FirstRun:
    """Start the app on an empty data folder, open it, skip to the demo; time each step."""
    temp.mkdir(parents=True)
    with _server_and_browser(ROOT / "app.py", temp) as (page, url, started):
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
        if shots:
            page.screenshot(path=str(SHOTS / "first-page-1024x768.png"))
        in_view_landscape = button.is_visible() and _in_viewport(page, button)
        page.set_viewport_size({"width": 768, "height": 1024})
        if shots:
            page.screenshot(path=str(SHOTS / "first-page-768x1024.png"))
        in_view_portrait = _in_viewport(page, button)
        page.set_viewport_size({"width": 1024, "height": 768})
        button.click()
        page.get_by_text("Jade (demo)").first.wait_for(timeout=TIMEOUT_MS)
        demo_ready = time.monotonic() - started
        if shots:
            page.screenshot(path=str(SHOTS / "demo-families-1024x768.png"))
    return FirstRun(
        server_up, starting_message, first_content, demo_ready, in_view_landscape, in_view_portrait
    )


def _time_plain_streamlit(temp: Path) -> float:
    """Return a one-line Streamlit app's time to first content, measured as ours is."""
    temp.mkdir(parents=True)
    app = temp / "plain_app.py"
    app.write_text(PLAIN_APP, encoding="utf-8")
    with _server_and_browser(app, temp) as (page, url, started):
        page.goto(url, timeout=TIMEOUT_MS, wait_until="commit")
        page.get_by_text("Plain Streamlit page").wait_for(timeout=TIMEOUT_MS)
        return time.monotonic() - started


@contextmanager
def _server_and_browser(app: Path, temp: Path) -> Iterator[tuple[Page, str, float]]:
    """Open Chromium, start `app` on an empty data folder in `temp` and wait until it answers.

    Yields the browser's page, the app's address and when the server was started; stops both.
    """
    port = find_free_port()
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1024, "height": 768})
        started = time.monotonic()
        server = _start_server(temp / "data", port, temp / "server.log", app)
        try:
            _wait_until_up(url, started + TIMEOUT_MS / 1000)
            yield page, url, started
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
