"""Every guider page at 1024x768 (sidebar open) and 768x1024: axe-core finds nothing serious
or critical, and no button's label is cut off."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_steps import (
    SLOW,
    enter_demo,
    open_jade,
    save_screenshot,
    serious_axe_findings,
    settle,
    start_app,
)
from tests.browser.conftest import StreamlitServerFactory
from vigreview.caseload import open_store
from vigreview.demo.families import seed_demo_caseload

pytestmark = pytest.mark.browser

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024}}
GUIDER_PAGES = [
    "Families",
    "Family",
    "Cycles & films",
    "Moments",
    "Helping question",
    "Shared review",
    "Progress",
    "Keepsake & exports",
    "Caseload overview",
    "Supervision pack",
    "Data & settings",
    "Guider accounts",
]
_CUT_BUTTONS = """() => [...document.querySelectorAll('[data-testid="stMain"] button')]
    .filter(b => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
    .map(b => (b.innerText || b.getAttribute('aria-label') || '?').trim())"""


@pytest.mark.timeout(900)  # twelve pages, two sizes, axe on each
def test_every_guider_page_fits_and_passes_axe_at_both_tablet_sizes(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    seed_demo_caseload(open_store(tmp_path / "data"), date.today())
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    enter_demo(page, base_url)
    open_jade(page)
    problems: dict[str, list[str]] = {}
    for title in GUIDER_PAGES:
        page.set_viewport_size(SIZES["landscape"])
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True)
        nav.click()
        expect(page.get_by_role("heading", level=1).first).to_be_visible(timeout=SLOW)
        settle(page, after_ms=1200)
        for size, viewport in SIZES.items():
            page.set_viewport_size(viewport)
            settle(page, after_ms=1200)
            slug = title.lower().replace(" & ", "-").replace(" ", "-")
            save_screenshot(page, f"guider-pages/{size}/{slug}.png")
            found = serious_axe_findings(page)
            found += [f"cut-off label: {label!r}" for label in page.evaluate(_CUT_BUTTONS)]
            if found:
                problems[f"{title} ({size})"] = found
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
    assert outside_requests == []
