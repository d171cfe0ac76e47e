"""The parent view in Polish and in Urdu on an iPad-sized Chromium.

Urdu runs right to left: the page's computed direction is rtl, Back sits on the right of the
bottom bar and Next on the left, the progress dots start on the right, the moment player's own
page is rtl too, and the guider's pages are left to right again after the PIN. Every screen is
saved at both tablet sizes under test-artifacts/parent-languages/<language>/ and checked with
axe-core (0 serious or critical findings).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.app_steps import (
    ARTIFACTS,
    AXE,
    enter_demo,
    save_screenshot,
    serious_axe_findings,
    start_app,
)
from tests.browser.conftest import StreamlitServerFactory
from tests.browser.test_parent_view import PIN, VIEWPORTS, _after_a_run, _tap
from tests.review_family import add_review_cycle, put_test_film
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.cycles import find_cycle
from vigreview.models import Family, HelpingQuestion
from vigreview.review_steps import build_review_steps, clamp_position
from vigreview.shared_review import choose_prompts
from vigreview.trust.handover import set_guider_pin

pytestmark = pytest.mark.browser

SHOTS = "parent-languages"  # the screenshots' folder under test-artifacts/
FID = "fam-languages"
QUESTION = {
    "pl": "Chcę lepiej rozumieć, czego chce Ollie",
    "ur": "میں Ollie کو بہتر سمجھنا چاہتی ہوں",
}
# Typed in the other script, to see a parent's own words keep their own direction.
TYPED = {"pl": "وہ مسکرایا", "ur": "Ollie smiled at me"}

_BOX = "(el) => { const b = el.getBoundingClientRect(); return [b.left, b.right]; }"
_DIRECTION = "(el) => getComputedStyle(el).direction"


@pytest.fixture
def language_data(data_dir: Path, request: pytest.FixtureRequest) -> Iterator[Path]:
    """Lena and Ollie ready for their first review, in the language under test."""
    language = request.param
    store = open_store(data_dir)
    family = Family(
        FID,
        "Lena",
        "Ollie",
        lead_guider="Ann",
        opened_on=date.today(),
        language=language,
        helping_questions=(HelpingQuestion(QUESTION[language], date.today()),),
    )
    store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    put_test_film(store, FID)
    choose_prompts(store, FID, 1, "m-book", ["think.helped"])
    choose_prompts(store, FID, 1, "m-wait", ["next.more_of"])
    set_guider_pin(store, PIN)
    yield data_dir


def _position(data_dir: Path) -> tuple[str, int]:
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    steps = build_review_steps(family, cycle)
    position = clamp_position(cycle.review.position if cycle.review else 0, steps)
    step = steps[position]
    return f"{step.kind.value}{step.moment_number or ''}", position


def _direction(page: Page) -> str:
    return str(page.locator(".stMain").first.evaluate(_DIRECTION))


def _assert_bar_runs(page: Page, rtl: bool) -> None:
    """Back and Next, and the progress dots, run the way the language reads."""
    back = page.locator(".st-key-review_back button").first.evaluate(_BOX)
    forward = page.locator(".st-key-review_next button")
    if forward.count():
        ahead = forward.first.evaluate(_BOX)
        assert (back[0] > ahead[1]) if rtl else (back[1] < ahead[0]), (back, ahead)
    # The arrows point the way the page reads (mirrored in Urdu).
    arrow = page.locator(".st-key-review_back [data-testid='stIconMaterial']").first
    assert (arrow.evaluate("(el) => getComputedStyle(el).transform") != "none") == rtl
    banner = page.locator(".st-key-vig_question_banner")
    if banner.count():  # the question's bar stands where a line starts
        sides = banner.first.evaluate(
            "(el) => [getComputedStyle(el).borderLeftWidth, getComputedStyle(el).borderRightWidth]"
        )
        assert sides == (["0px", "6px"] if rtl else ["6px", "0px"]), sides
    dots = page.locator(".vig-dot")
    first, last = dots.first.evaluate(_BOX), dots.last.evaluate(_BOX)
    assert (first[0] > last[0]) if rtl else (first[0] < last[0]), (first, last)


def _player_direction(page: Page) -> str | None:
    for frame in page.frames:
        if frame.query_selector("video#moment"):
            return str(frame.evaluate("() => getComputedStyle(document.body).direction"))
    return None


@pytest.mark.parametrize("language_data", ["pl", "ur"], indirect=True, ids=["polish", "urdu"])
def test_parent_view_reads_in_the_familys_language_and_direction(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    language_data: Path,
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install --no-audit --no-fund` (test.sh does)")
    language = load_family(open_store(language_data), FID).language
    rtl = language == "ur"
    page = browser_page
    base = start_app(streamlit_server_factory, language_data, VIGREVIEW_DEMO="0")
    page.set_viewport_size(VIEWPORTS["landscape"])
    enter_demo(page, base)
    _tap(page, f"open_{FID}")
    sidebar = page.locator('[data-testid="stSidebarNav"]')
    _after_a_run(page, sidebar.get_by_text("Shared review").tap)
    assert _direction(page) == "ltr"  # the guider's page stays English, left to right
    _after_a_run(page, page.get_by_role("button", name="Hand to parent").tap)
    page.locator(".st-key-parent_unlock_open button").wait_for(timeout=60_000)

    folder = f"{SHOTS}/{language}"
    problems: dict[str, list[str]] = {}
    typed = False
    for number in range(30):
        name, position = _position(language_data)
        page.wait_for_timeout(400)  # the language watcher sets lang and dir within 200 ms
        assert page.evaluate("() => document.documentElement.lang") == language
        assert _direction(page) == ("rtl" if rtl else "ltr"), name
        _assert_bar_runs(page, rtl)
        if name.startswith("moment"):
            assert _player_direction(page) == ("rtl" if rtl else "ltr"), name
            if not typed:
                adding = page.locator('[class*="st-key-review_add_words_"] button').first
                _after_a_run(page, adding.tap)
                area = page.locator(".stMain textarea").first
                area.tap()
                _after_a_run(page, partial(area.press_sequentially, TYPED[language], delay=15))
                # The parent's words read in their own direction inside the page's.
                assert area.evaluate(_DIRECTION) == ("rtl" if rtl else "ltr")
                typed = True
        for orientation, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            page.wait_for_timeout(300)
            shot = f"{folder}/{number:02d}-{name}-{orientation}.png"
            save_screenshot(page, shot, full_page=False)
            problems[f"{name}-{orientation}"] = serious_axe_findings(page)
        page.set_viewport_size(VIEWPORTS["landscape"])
        if not page.locator(".st-key-review_next button").count():
            break
        _tap(page, "review_next")
        assert _position(language_data)[1] == position + 1, name
    else:
        pytest.fail("the walk never reached the last screen")
    assert typed
    (ARTIFACTS / folder / "axe-serious-or-critical.json").write_text(
        json.dumps(problems, indent=2, ensure_ascii=False)
    )
    assert {name: found for name, found in problems.items() if found} == {}

    # The PIN screen is in the parent's language too; after it the guider's page is ltr.
    _tap(page, "parent_unlock_open")
    save_screenshot(page, f"{folder}/99-pin.png", full_page=False)
    assert serious_axe_findings(page) == []
    page.locator(".st-key-parent_view_pin input").fill(PIN)
    _tap(page, "parent_unlock")
    page.get_by_role("button", name="Hand to parent").wait_for(timeout=60_000)
    page.wait_for_timeout(400)
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == [
        "en",
        "ltr",
    ]
    assert outside_requests == []
