"""Fixtures for browser tests: a real `streamlit run` server and Debian's Chromium.

Reusable by every browser test:
- `streamlit_server_factory(script_path, env=None) -> base_url` starts `streamlit run` on a
  free 127.0.0.1 port (in the script's folder, so its own .streamlit/config.toml and
  static/ apply), waits until /_stcore/health answers, and kills the server's whole
  process group when the test ends.
- `browser_page` is a Playwright page in Debian's Chromium (never a downloaded browser)
  with an iPad-sized 1024x768 viewport; requests to anywhere but this machine are
  blocked and listed in `outside_requests`, which a test can assert is empty.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port

IPAD_LANDSCAPE = {"width": 1024, "height": 768}
SERVER_START_TIMEOUT_S = 90.0
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

StreamlitServerFactory = Callable[..., str]


def _wait_until_healthy(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll /_stcore/health until it answers "ok"; fail with the server's log if it dies."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"streamlit did not become healthy:\n{log.read_text(errors='replace')}")


def _stop_process_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and anything it started: SIGTERM, then SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture
def streamlit_server_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[StreamlitServerFactory]:
    """Start `streamlit run script_path` servers; all are stopped when the test ends."""
    started: list[subprocess.Popen[bytes]] = []

    def start(script_path: Path, env: dict[str, str] | None = None) -> str:
        port = find_free_port()
        base_url = f"http://127.0.0.1:{port}"
        log = tmp_path_factory.mktemp("streamlit_log") / "server.log"
        command = [
            sys.executable, "-m", "streamlit", "run", str(script_path),
            "--server.port", str(port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with log.open("wb") as log_file:
            process = subprocess.Popen(
                command,
                cwd=script_path.parent,
                env={**os.environ, **(env or {})},
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so we can stop all of it
            )
        started.append(process)
        _wait_until_healthy(base_url, process, log)
        return base_url

    yield start
    for process in started:
        _stop_process_group(process)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, launched once per test session through Playwright."""
    if not Path(CHROMIUM).exists():
        # A fail, not a skip: a green run must mean the browser tests ran.
        pytest.fail("Debian's chromium is missing: run scripts/test.sh, which installs it.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests() -> list[str]:
    """URLs the page tried to fetch from anywhere but this machine (blocked)."""
    return []


@pytest.fixture
def browser_page(chromium: Browser, outside_requests: list[str]) -> Iterator[Page]:
    """A fresh iPad-sized page; requests leaving 127.0.0.1 are blocked and recorded."""
    context = chromium.new_context(viewport=IPAD_LANDSCAPE, has_touch=True)

    def keep_local(route: Route) -> None:
        url = route.request.url
        host = urlparse(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOCAL_HOSTS:
            route.continue_()
        else:
            outside_requests.append(url)
            route.abort()

    context.route("**/*", keep_local)
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests one after another; retry a failed one up to twice.

    `scripts/test.sh` spreads the tests over the machine's cores (pytest-xdist,
    `--dist loadgroup`): the browser tests form one group, so they run in one worker, one at
    a time (each starts its own server and browser, timed for a tablet's pace), while the
    other workers take the unit tests and AppTests.

    Retries: pytest reports each one as "rerun".

    A real browser and a real server on a shared 2-core machine sometimes miss a timing that
    has nothing to do with the app (seen: a first page load in test_moments_flow outlasting
    its wait). The upload race once seen in test_film_refusals is gone with its Import tap:
    the film picker sends a film as it is chosen and the import starts once it has arrived.
    The retries are counted in pytest's summary line, so flakiness stays visible; a test
    that fails three times fails the run. Only tests under tests/browser/ are retried.
    """
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.flaky(reruns=2, reruns_delay=2))
            item.add_marker(pytest.mark.xdist_group("browser"))
