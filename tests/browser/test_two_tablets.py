"""Two tablets (two browser contexts on one server) editing one family at once: nothing is lost,
and a field changed on both is shown with both versions for the guider to choose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.app_steps import APP, SLOW, enter_demo, open_jade, save_screenshot
from tests.browser.conftest import IPAD_LANDSCAPE, StreamlitServerFactory
from vigreview.caseload import load_family, open_store
from vigreview.models import Moment

pytestmark = pytest.mark.browser

JADE = "demo-jade-noor"
NOTES_LABEL = "Notes for you (never shown to the parent)"
IPAD_PORTRAIT = {"width": 768, "height": 1024}
WORDS_AREA = "[class*='st-key-review_words_'] textarea"


@pytest.fixture
def two_tablets(chromium: Browser) -> Iterator[tuple[Page, Page]]:
    """Two iPad-sized pages in separate browser contexts: two tablets, no shared cookies."""
    contexts = [chromium.new_context(viewport=IPAD_LANDSCAPE, has_touch=True) for _ in range(2)]
    yield contexts[0].new_page(), contexts[1].new_page()
    for context in contexts:
        context.close()


def _moment(data_dir: Path, moment_id: str) -> Moment:
    family = load_family(open_store(data_dir), JADE)
    return next(m for c in family.cycles for m in c.moments if m.id == moment_id)


def _open_family_page(page: Page, base_url: str, link: str) -> None:
    enter_demo(page, base_url)
    open_jade(page)
    page.get_by_test_id("stMainBlockContainer").get_by_role("link", name=link).click()


def _edit_first_moment(page: Page) -> str:
    edit = page.locator("[class*='st-key-edit_'] button").first
    key = edit.locator("xpath=ancestor::*[contains(@class, 'st-key-edit_')][1]")
    moment_id = next(
        name[len("st-key-edit_") :]
        for name in (key.get_attribute("class") or "").split()
        if name.startswith("st-key-edit_")
    )
    edit.click()
    expect(page.get_by_role("heading", name="Change the moment")).to_be_visible(timeout=SLOW)
    return moment_id


def _type_into(field: Locator, text: str) -> None:
    field.fill(text)
    field.press("Tab")  # Streamlit sends a field's value when it loses focus


def _screenshots(page: Page, shown: Locator, name: str) -> None:
    """Keep what `shown` looks like in landscape and in portrait."""
    for size, suffix in ((IPAD_LANDSCAPE, "landscape"), (IPAD_PORTRAIT, "portrait")):
        page.set_viewport_size(size)
        shown.scroll_into_view_if_needed()
        save_screenshot(page, f"{name}-{suffix}.png")
    page.set_viewport_size(IPAD_LANDSCAPE)


def _save_changes(page: Page) -> None:
    page.get_by_role("button", name="Save changes").click()


def test_two_tablets_edit_one_moment_and_one_prompts_words_at_once(
    streamlit_server_factory: StreamlitServerFactory,
    two_tablets: tuple[Page, Page],
    tmp_path: Path,
) -> None:
    tablet_a, tablet_b = two_tablets
    data_dir = tmp_path / "data"
    base_url = streamlit_server_factory(APP, env={"VIGREVIEW_DATA": str(data_dir)})
    for tablet in two_tablets:
        _open_family_page(tablet, base_url, "Moments")
        expect(tablet.get_by_role("heading", name="Mark a moment")).to_be_visible(timeout=SLOW)

    # Different fields of one moment: A's title and B's notes are both kept.
    moment_id = _edit_first_moment(tablet_a)
    assert _edit_first_moment(tablet_b) == moment_id
    _type_into(tablet_a.get_by_label("Title (you can add it later)"), "A's title on tablet A")
    _type_into(tablet_b.get_by_label(NOTES_LABEL), "B's notes on tablet B")
    _save_changes(tablet_a)
    expect(tablet_a.get_by_text("Saved “A's title on tablet A”.")).to_be_visible(timeout=SLOW)
    _save_changes(tablet_b)
    expect(tablet_b.get_by_text("Saved “A's title on tablet A”.")).to_be_visible(timeout=SLOW)
    saved = _moment(data_dir, moment_id)
    assert (saved.title, saved.guider_notes) == ("A's title on tablet A", "B's notes on tablet B")

    # The same field on both: B is shown both titles and chooses; nothing is saved silently.
    _edit_first_moment(tablet_a)
    _edit_first_moment(tablet_b)
    _type_into(tablet_a.get_by_label("Title (you can add it later)"), "Title from A")
    _type_into(tablet_b.get_by_label("Title (you can add it later)"), "Title from B")
    _save_changes(tablet_a)
    expect(tablet_a.get_by_text("Saved “Title from A”.")).to_be_visible(timeout=SLOW)
    _save_changes(tablet_b)
    conflict = tablet_b.locator(".st-key-edit_conflict_moment")
    expect(conflict.get_by_text("changed this on another tablet")).to_be_visible(timeout=SLOW)
    expect(conflict.get_by_text("Title from A")).to_be_visible()
    expect(conflict.get_by_text("Title from B")).to_be_visible()
    assert _moment(data_dir, moment_id).title == "Title from A"
    _screenshots(tablet_b, conflict, "two-tablets-moment-conflict")
    conflict.get_by_role("button", name="Keep mine").click()
    expect(tablet_b.get_by_text("Saved “Title from B”.")).to_be_visible(timeout=SLOW)
    saved = _moment(data_dir, moment_id)
    assert (saved.title, saved.guider_notes) == ("Title from B", "B's notes on tablet B")

    # The parent's words for one prompt, typed on both tablets: both are kept. Tablet A walks
    # the review to a moment's prompt; tablet B opens the review there (it is saved).
    tablet_a.get_by_role("link", name="Shared review").first.click()
    expect(tablet_a.get_by_role("button", name="Hand to parent")).to_be_visible(timeout=SLOW)
    for _ in range(10):
        if (
            tablet_a.locator(WORDS_AREA).count()
            or tablet_a.get_by_role("button", name="Add your words").count()
        ):
            break
        tablet_a.locator(".st-key-review_next button").click()
        tablet_a.wait_for_timeout(1500)
    tablet_b.get_by_role("link", name="Shared review").first.click()
    expect(tablet_b.get_by_role("button", name="Hand to parent")).to_be_visible(timeout=SLOW)
    words_here = []
    for tablet in two_tablets:
        add = tablet.get_by_role("button", name="Add your words").first
        expect(tablet.locator(WORDS_AREA).first.or_(add)).to_be_visible(timeout=SLOW)
        if not tablet.locator(WORDS_AREA).count():
            add.click()
        area = tablet.locator(WORDS_AREA).first
        expect(area).to_be_visible(timeout=SLOW)
        words_here.append(area.input_value())
    assert words_here[0] == words_here[1]
    for tablet, said in ((tablet_a, "Tablet A heard this"), (tablet_b, "Tablet B heard that")):
        area = tablet.locator(WORDS_AREA).first
        area.click()
        area.press("Control+End")
        area.press_sequentially(f" {said}", delay=20)
        tablet.wait_for_timeout(2500)  # the words are sent after a short pause in typing
    expect(tablet_b.get_by_text("Words written on another tablet are here too.")).to_be_visible(
        timeout=SLOW
    )
    both = re.compile(r"(?=[\s\S]*Tablet A heard this)(?=[\s\S]*Tablet B heard that)")
    expect(tablet_b.locator(WORDS_AREA).first).to_have_value(both, timeout=SLOW)
    _screenshots(tablet_b, tablet_b.locator(WORDS_AREA).first, "two-tablets-words-kept")
    family = load_family(open_store(data_dir), JADE)
    kept = [r.words for c in family.cycles for m in c.moments for r in m.reflections]
    assert any("Tablet A heard this" in w and "Tablet B heard that" in w for w in kept), kept
