"""Steps a guider takes in the real app, shared by the browser tests."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
ARTIFACTS = ROOT / "test-artifacts"
SLOW = 60_000  # ms: a rerun on the 2-core CI machine can take many seconds under load


def enter_demo(page: Page, base_url: str) -> None:
    """Open the app and choose 'try the demo' on the first-run page."""
    page.goto(base_url)
    page.get_by_role("button", name="Skip for now: try the demo").click(timeout=SLOW)
    expect(page.get_by_role("heading", name="Families")).to_be_visible(timeout=SLOW)


def open_jade(page: Page) -> None:
    """Open the demo family Jade's page from the Families list."""
    page.locator(".st-key-open_demo-jade-noor button").click()
    expect(page.get_by_role("heading", name="Jade (demo) with Noor")).to_be_visible(timeout=SLOW)


def save_screenshot(page: Page, name: str) -> None:
    """Keep a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
