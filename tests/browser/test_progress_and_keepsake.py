"""In a real browser: the demo family's progress charts draw (plotly's SVG is in the page) and
the keepsake downloads as a PDF with the parent's words in it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.app_steps import SLOW, enter_demo, open_jade, save_screenshot, start_app
from tests.browser.conftest import StreamlitServerFactory

pytestmark = pytest.mark.browser


def test_progress_charts_draw_and_the_keepsake_downloads(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    tmp_path: Path,
) -> None:
    page = browser_page
    base_url = start_app(streamlit_server_factory, tmp_path / "data")
    enter_demo(page, base_url)
    open_jade(page)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Progress").click()
    expect(page.get_by_role("heading", name="Progress: Jade (demo) and Noor")).to_be_visible(
        timeout=SLOW
    )
    charts = page.locator(".js-plotly-plot svg.main-svg")
    expect(charts.first).to_be_visible(timeout=SLOW)
    page.wait_for_function(
        "document.querySelectorAll('.js-plotly-plot').length === 4", timeout=SLOW
    )
    # Plotly drew real marks: rating points on the line chart and bars in the bar charts.
    assert page.locator(".js-plotly-plot .scatterlayer .point").count() >= 6
    assert page.locator(".js-plotly-plot .barlayer .point").count() >= 9
    expect(page.get_by_text("Ratings rose from 3 to 8 over three cycles.")).to_be_visible()
    save_screenshot(page, "progress-1024x768.png")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Keepsake & exports").click()
    button = page.get_by_role("button", name="Download the keepsake (PDF)")
    expect(button).to_be_visible(timeout=SLOW)
    save_screenshot(page, "exports-1024x768.png")
    with page.expect_download(timeout=SLOW) as caught:
        button.click()
    download = caught.value
    assert download.suggested_filename.startswith("keepsake-Noor-")
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Moments to keep: Jade (demo) and Noor" in text
    assert "She was looking for me and I was there." in text
    assert "Invented notes for the demo." not in text  # the guider's notes never go in
    assert sum(len(p.images) for p in reader.pages) >= 5  # key stills from the drawn films
    assert outside_requests == [], outside_requests
