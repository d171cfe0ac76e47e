"""Steps a guider takes in the real app, and how Chromium is started, for browser tests and
the video benchmark."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import ConsoleMessage, FrameLocator, Page, expect

# Debian's Chromium, never a downloaded browser; without the background-networking flags it
# tries to reach Google's hosts on every start.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
ARTIFACTS = ROOT / "test-artifacts"
# axe-core from npm (package.json), never from a CDN: `npm install --no-audit --no-fund`.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SLOW = 60_000  # ms: a rerun on the 2-core CI machine can take many seconds under load
# Streamlit marks its app element with the script's state; "notRunning" once a run is done.
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# How Chromium words a blocked load or script in the console.
CSP_WORDS = ("Content Security Policy", "Content-Security-Policy")


def note_csp_violations(page: Page) -> list[str]:
    """Return a list that gathers, from now on, every Content-Security-Policy violation
    Chromium reports in `page`'s console."""
    violations: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if any(words in message.text for words in CSP_WORDS):
            violations.append(message.text)

    page.on("console", note)
    return violations


def start_app(start_server: Callable[..., str], data_dir: Path, **env: str) -> str:
    """Serve app.py on the data folder `data_dir` (and any other settings); return its address.

    `start_server` is the `streamlit_server_factory` fixture.
    """
    return start_server(APP, env={"VIGREVIEW_DATA": str(data_dir), **env})


def settle(page: Page, *, start_ms: int = 0, after_ms: int = 300) -> None:
    """Wait until Streamlit has no run going, then `after_ms` more for the page to draw.

    After a tap, give the run it starts `start_ms` to begin, or the page may still be idle.
    """
    page.wait_for_timeout(start_ms)
    page.wait_for_selector(IDLE, timeout=SLOW)
    page.wait_for_timeout(after_ms)


def fill(page: Page, label: str, text: str) -> None:
    """Type `text` into the field labelled `label` and leave it (Tab), as a guider does."""
    field = page.get_by_label(label, exact=True)
    field.fill(text)
    field.press("Tab")


def make_first_account(page: Page, base_url: str) -> None:
    """Open a new app and make its first guider account, Ann Guider (ann, PIN 2468)."""
    page.goto(base_url)
    expect(page.get_by_text("Welcome. First, make your guider account")).to_be_visible(timeout=SLOW)
    fill(page, "Your name, as families know you *", "Ann Guider")
    fill(page, "Sign-in name, e.g. your first name *", "ann")
    fill(page, "PIN or password (at least 4 characters) *", "2468")
    fill(page, "The same PIN or password again *", "2468")
    page.get_by_role("button", name="Make my account and sign in").click()
    expect(page.get_by_role("heading", name="Families")).to_be_visible(timeout=SLOW)


def enter_demo(page: Page, base_url: str) -> None:
    """Open the app and choose 'try the demo' on the first-run page."""
    page.goto(base_url)
    page.get_by_role("button", name="Skip for now: try the demo").click(timeout=SLOW)
    expect(page.get_by_role("heading", name="Families")).to_be_visible(timeout=SLOW)


def open_jade(page: Page) -> None:
    """Open the demo family Jade's page from the Families list."""
    page.locator(".st-key-open_demo-jade-noor button").click()
    expect(page.get_by_role("heading", name="Jade (demo) with Noor")).to_be_visible(timeout=SLOW)


def save_screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    """Keep a screenshot under test-artifacts/ (`name` may hold folders) for people to look at.

    The whole page, or with `full_page=False` only what the screen shows (fixed bars in place).
    """
    path = ARTIFACTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=full_page)


def serious_axe_findings(page: Page) -> list[str]:
    """Run axe-core on the page; return its serious and critical findings, described."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ["violations"]});
            return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                where: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
        }"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {v['where']}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def find_free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing is listening on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def film_picker(page: Page) -> FrameLocator:
    """Return the Cycles & films page's film picker (a component in its own frame)."""
    return page.frame_locator("iframe[title*='vig_film_picker']")


def send_film(page: Page, path: Path) -> None:
    """Choose `path` in the film picker; it is sent at once and imported once it has arrived.

    Waits until the picker is ready for a film (drawn, and its last report taken up).
    """
    picker = film_picker(page)
    expect(picker.get_by_role("button", name="Choose the film")).to_be_enabled(timeout=SLOW)
    picker.locator("input[type=file]").set_input_files(str(path))
