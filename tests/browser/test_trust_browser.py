"""Issue 6 in a real browser: nothing leaves the machine, typed markup stays text, LAN refusal.

The app is served by `streamlit run app.py` with its own config, driven by Debian's Chromium.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import fill, make_first_account, start_app
from tests.browser.conftest import (
    StreamlitServerFactory,
    _stop_process_group,
    _wait_until_healthy,
    find_free_port,
)
from vigreview.config import APP_ROOT

pytestmark = pytest.mark.browser

APP = APP_ROOT / "app.py"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(2)>"
WAIT_MS = 30_000


class PageWatch:
    """Every request the page makes, and every dialog it tries to open."""

    def __init__(self, page: Page) -> None:
        self.urls: list[str] = []
        self.dialogs: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))
        page.on("dialog", self._dismiss)

    def _dismiss(self, dialog) -> None:  # type: ignore[no-untyped-def]
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def hosts(self) -> set[str]:
        """Return the host of every request that went over the network."""
        return {
            urlparse(url).hostname or ""
            for url in self.urls
            if not url.startswith(("data:", "blob:"))
        }


def test_a_guider_flow_stays_on_this_machine_and_typed_markup_is_text(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    page = browser_page
    watch = PageWatch(page)
    make_first_account(page, base_url)  # first run: the first guider account
    # A family whose name is a script, added through the form.
    page.get_by_text("Add a family").click()
    fill(page, "Parent's name or pseudonym *", SCRIPT)
    fill(page, "Baby's first name or pseudonym *", IMAGE)
    page.get_by_text("Age in months", exact=True).click()
    fill(page, "Age in months (if you chose it)", "3")
    page.get_by_role("button", name="Add family").click()
    expect(page.get_by_text(f"{SCRIPT} was added")).to_be_visible(timeout=WAIT_MS)
    # Ann's own caseload holds just this family (the demo families are the demo guider's).
    page.get_by_role("button", name=f"Open {SCRIPT}", exact=True).click()
    expect(page.get_by_role("heading", name=f"{SCRIPT} with {IMAGE}")).to_be_visible(
        timeout=WAIT_MS
    )
    # Consent given by a name that is markup too; then the history is opened.
    page.get_by_text("Consent form: read this with the parent").click()
    page.get_by_text("Filming", exact=True).click()
    fill(page, "Parent's name", IMAGE)
    page.get_by_role("button", name="Record consent").click()
    expect(page.get_by_text("Consent recorded. Thank you.")).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_text(f"by {IMAGE}")).to_be_visible()
    page.get_by_text("History of this record").click()
    expect(page.get_by_text("Every view, export, deletion")).to_be_visible(timeout=WAIT_MS)
    page.wait_for_timeout(1000)

    assert watch.dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.get_by_text(SCRIPT).count() >= 1  # shown as the text that was typed
    assert outside_requests == []
    assert watch.urls, "the page made no requests at all?"
    assert watch.hosts() == {"127.0.0.1"}, sorted(set(watch.urls))


@pytest.fixture
def served_on_every_address(tmp_path: Path) -> Iterator[str]:
    """`streamlit run app.py --server.address 0.0.0.0` on an empty data folder."""
    port = find_free_port()
    log = tmp_path / "server.log"
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port),
        "--server.address", "0.0.0.0",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    env = {**os.environ, "VIGREVIEW_DATA": str(tmp_path / "data")}
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command,
            cwd=APP_ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        # The browser still talks to it over loopback: no traffic ever leaves the machine.
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(base_url, process, log)
        yield base_url
    finally:
        _stop_process_group(process)


def test_on_every_address_without_an_account_no_family_data_is_served(
    served_on_every_address: str, browser_page: Page, outside_requests: list[str]
) -> None:
    page = browser_page
    # The very first request goes straight to a page's own address: that must not skip
    # the gate either.
    for path in ("/data", "/family", "/guiders", "/"):
        page.goto(served_on_every_address + path)
        expect(page.get_by_text("VIG Review is not ready for the network")).to_be_visible(
            timeout=WAIT_MS
        )
        expect(page.get_by_text("no guider account has been made yet")).to_be_visible()
        body = page.inner_text("body")
        for private in ("Jade", "Noor", "Sam (demo)", "Where data lives", "Add an account"):
            assert private not in body, (path, private)
        assert page.get_by_role("button", name="Skip for now: try the demo").count() == 0
    assert outside_requests == []
