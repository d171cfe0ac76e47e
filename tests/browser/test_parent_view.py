"""The parent view on an iPad-sized Chromium: hand over, walk the review by tapping, take it back.

Runs the real app (app.py) with its own data folder holding one family ready for review and
one other family that must never show. Each parent screen is saved as a screenshot under
test-artifacts/parent-view/<orientation>/ and checked with axe-core (from node_modules).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser import moment_checks
from tests.browser.app_server import AppServer
from tests.browser.app_steps import (
    APP,
    ARTIFACTS,
    AXE,
    enter_demo,
    note_csp_violations,
    save_screenshot,
    serious_axe_findings,
    settle,
    start_app,
)
from tests.browser.conftest import StreamlitServerFactory
from tests.browser.parent_review_data import (
    BABY_LINE,
    FID,
    OTHER,
    PIN,
    prepare_review,
)
from tests.review_family import film_path
from vigreview.caseload import load_family, open_store
from vigreview.cycles import find_cycle
from vigreview.models import Moment
from vigreview.parent_words import RECONNECT_TEXT
from vigreview.review_steps import (
    ReviewStep,
    StepKind,
    build_review_steps,
    clamp_position,
    prompt_cards,
)
from vigreview.trust.handover import PARENT_VIEWS_KEY, start_parent_view

pytestmark = pytest.mark.browser

SHOTS = "parent-view"  # the screenshots' folder under test-artifacts/
WISH = "I want my baby to listen to me"
QUESTION = "I want Ollie and me to get along better"
# As long as the app lets them be: Back and Next must stay in place under the longest texts.
LONG_STEP = (
    "When Ollie looks away from me, wait quietly until he turns back, then smile and say "
    "what he is looking at, and give him time to answer with a sound before I talk again"
)[:200]
LONG_WORDS = " ".join(["You waited for Ollie, he answered, you smiled and answered him."] * 8)
DROP_MS = 5_000  # how long the server stays away
VIEWPORTS = {
    "portrait": {"width": 768, "height": 1024},
    "landscape": {"width": 1024, "height": 768},
}


@pytest.fixture
def review_data(data_dir: Path) -> Iterator[Path]:
    """A data folder with Lena and Ollie ready for their first review, and Rosa besides."""
    prepare_review(data_dir)
    yield data_dir


_STATE = "data-test-script-state"
# Counts every change of stApp's script state from now on. Any change counts: a quick run
# turns the state to "running" and back before the observer is called, and a tap that lands
# while a run is going restarts that run, so the state only goes "running" -> "notRunning".
# Either way a run that includes the tap has finished once the state is "notRunning" again.
_COUNT_RUNS = """() => {
    window.vigRunsStarted = 0;
    if (window.vigRunObserver) { window.vigRunObserver.disconnect(); }
    window.vigRunObserver = new MutationObserver((changes) => {
        window.vigRunsStarted += changes.length;
    });
    // The whole document: moving between pages can replace the stApp element itself.
    window.vigRunObserver.observe(document.documentElement,
        {attributes: true, subtree: true, attributeFilter: ["STATE"]});
}""".replace("STATE", _STATE)
_RUN_DONE = """() => window.vigRunsStarted > 0
    && document.querySelector('[data-testid="stApp"]').getAttribute("STATE") === "notRunning"
""".replace("STATE", _STATE)


_FULL_SCREEN = "() => document.fullscreenElement !== null"


def _after_a_run(page: Page, action: Callable[[], None], what: str = "") -> None:
    """Do `action` (a tap, some typing) and wait until the run it starts has finished."""
    page.evaluate(_COUNT_RUNS)
    action()
    try:
        page.wait_for_function(_RUN_DONE, timeout=90_000)
    except PlaywrightTimeout as error:
        save_screenshot(page, f"{SHOTS}/timeout.png", full_page=False)
        state = page.evaluate(
            "() => [window.vigRunsStarted, document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-script-state')]"
        )
        raise AssertionError(f"no finished run after {what or action}: {state}") from error
    page.wait_for_timeout(150)


def _tap(page: Page, key: str) -> None:
    """Tap the button with this widget key (Streamlit's st-key-* class, punctuation as -)."""
    button = page.locator(f".st-key-{re.sub(r'[^a-zA-Z0-9_-]', '-', key)} button").first
    _after_a_run(page, button.tap, f"tapping {key}")


def _current_step(data_dir: Path) -> tuple[ReviewStep, int]:
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    steps = build_review_steps(family, cycle)
    position = cycle.review.position if cycle.review else 0
    return steps[clamp_position(position, steps)], clamp_position(position, steps)


def _first_card(data_dir: Path, moment: Moment) -> str:
    cycle = find_cycle(load_family(open_store(data_dir), FID), 1)
    chosen = cycle.review.chosen_prompt_ids(moment.id) if cycle and cycle.review else None
    return prompt_cards(moment, chosen)[0].id


def _moment(data_dir: Path, moment_id: str) -> Moment:
    cycle = find_cycle(load_family(open_store(data_dir), FID), 1)
    assert cycle is not None
    return next(m for m in cycle.moments if m.id == moment_id)


def _assert_parent_view_only(page: Page) -> None:
    page.locator(".st-key-parent_unlock_open button").wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert OTHER not in body
    assert "Shared review:" not in body
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('header[data-testid="stHeader"]').is_visible()
    assert page.locator(".st-key-parent_unlock_open button").is_visible()
    # Hidden in the parent view, but an open Streamlit dialog is a modal that makes the whole
    # page inert: the parent's next tap would only close it.
    assert page.locator('[data-testid="stDialog"]').count() == 0


# Where Back and Next are on screen, with the page scrolled to its top and to its end.
_BAR_PLACES = """() => {
    const places = [];
    const scrollers = [document.scrollingElement,
        ...document.querySelectorAll('[data-testid="stMain"], .stMain, section')];
    for (const end of [false, true]) {
        for (const box of scrollers) { if (box) { box.scrollTop = end ? box.scrollHeight : 0; } }
        for (const key of ["review_back", "review_next"]) {
            const button = document.querySelector(`.st-key-${key} button`);
            if (button) {
                const r = button.getBoundingClientRect();
                places.push([key, Math.round(r.left), Math.round(r.top), Math.round(r.bottom)]);
            }
        }
    }
    for (const box of scrollers) { if (box) { box.scrollTop = 0; } }
    return places;
}"""


def _assert_bar_in_place(page: Page, name: str, seen: dict[str, tuple[int, int]]) -> None:
    """Back and Next are inside the screen, in the same place on every screen, scrolled or not."""
    height = page.viewport_size["height"] if page.viewport_size else 0
    for key, left, top, bottom in page.evaluate(_BAR_PLACES):
        assert top >= 0 and bottom <= height, f"{name}: {key} at {top}-{bottom} of {height}"
        assert seen.setdefault(key, (left, top)) == (left, top), f"{name}: {key} moved"


# Every button, text box and choice the parent can touch, with its size.
_TARGETS = """() => [...document.querySelectorAll(
        '.stMain button, .stMain textarea, .stMain input, .stMain [role="radio"]')]
    .filter((el) => el.offsetParent !== null)
    .map((el) => {
        const box = el.getBoundingClientRect();
        return [el.innerText || el.getAttribute("aria-label") || el.tagName, box.width, box.height];
    })"""


def _assert_big_touch_targets(page: Page, name: str) -> None:
    """Everything the parent taps is at least 44 px each way."""
    small = [t for t in page.evaluate(_TARGETS) if t[1] < 44 or t[2] < 44]
    assert small == [], f"{name}: {small}"


def _moment_frame(page: Page) -> Frame:
    for _ in range(100):
        for frame in page.frames:
            if frame.query_selector("video#moment"):
                return frame
        page.wait_for_timeout(200)
    raise AssertionError("no moment player on the page")


def _check_the_player(page: Page, moment: Moment, film: Path, stills: Path) -> None:
    player = moment_checks.ChromiumPlayer(_moment_frame(page))
    box = page.locator('iframe[title*="moment_player"]').first.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert box is not None and box["width"] >= 0.7 * width, (box, width)  # the film is big
    assert player.value(_SMALL_BUTTONS.removeprefix("() => ")) == []
    moment_checks.check_waits_for_a_tap(player, BABY_LINE)
    moment_checks.check_no_frames_asked_while_paused(player)
    moment_checks.check_a_tap_plays_with_sound(player, moment.start_s)
    moment_checks.check_frames_asked_while_playing(player)
    moment_checks.check_the_loop_wraps(player, moment.start_s, moment.end_s)
    moment_checks.check_half_speed_holds(player)
    moment_checks.check_frame_steps_show_exact_stills(player, film, stills)


# Parent text is large: every paragraph in the main area is at least 24 px.
_SMALL_TEXT = """() => [...document.querySelectorAll('.stMain p, .stMain li')]
    .filter((el) => el.offsetParent !== null && el.innerText.trim()
        && !el.closest('[data-testid="stCaptionContainer"]') && !el.closest('button')
        && !el.closest('.st-key-parent_guider_corner'))
    .map((el) => [el.innerText.slice(0, 40), parseFloat(getComputedStyle(el).fontSize)])
    .filter(([, size]) => size < 24)"""
# Buttons: at least 48 px tall with 20 px text, on the page and in the player.
_SMALL_BUTTONS = """() => [...document.querySelectorAll('.stMain button, #controls button')]
    .filter((el) => el.offsetParent !== null
        && !el.closest('.st-key-parent_guider_corner'))
    .map((el) => [el.innerText.slice(0, 30), el.getBoundingClientRect().height,
        parseFloat(getComputedStyle(el.querySelector('p') || el).fontSize)])
    .filter(([, height, size]) => height < 48 || size < 20)"""


_TO_THE_TOP = """() => {
    const boxes = document.querySelectorAll('section, .stMain');
    for (const box of [document.scrollingElement, ...boxes]) {
        if (box) { box.scrollTop = 0; }
    }
}"""


def _shoot(page: Page, orientation: str, number: int, name: str) -> None:
    page.evaluate(_TO_THE_TOP)
    save_screenshot(page, f"{SHOTS}/{orientation}/{number:02d}-{name}.png")


# The whole visit end to end, with the film checked frame by frame: longer than the default.
@pytest.mark.timeout(600)
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_hand_over_walk_by_taps_reload_and_take_back_with_the_pin(
    streamlit_server_factory: StreamlitServerFactory,
    browser_page: Page,
    outside_requests: list[str],
    review_data: Path,
    orientation: str,
) -> None:
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm install --no-audit --no-fund` (test.sh does)")
    page = browser_page
    violations = note_csp_violations(page)  # issue 12
    base = start_app(streamlit_server_factory, review_data, VIGREVIEW_DEMO="0")

    # The guider (landscape, sidebar open) opens Lena's review and hands the tablet over.
    page.set_viewport_size(VIEWPORTS["landscape"])
    enter_demo(page, base)
    _tap(page, f"open_{FID}")
    # Guider and parent write the helping question; the helper offers a joint wording.
    sidebar = page.locator('[data-testid="stSidebarNav"]')
    _after_a_run(page, sidebar.get_by_text("Helping question").tap)
    wish = page.get_by_label("What would you like to be different?")
    wish.tap()
    _after_a_run(page, partial(wish.press_sequentially, WISH, delay=10), "typing the wish")
    _after_a_run(page, page.get_by_role("button", name=QUESTION).tap)
    assert wish.input_value() == QUESTION
    _after_a_run(page, page.get_by_role("button", name="Save this question").tap)
    _after_a_run(page, sidebar.get_by_text("Shared review").tap)
    assert "Shared review: Lena and Ollie" in page.inner_text("body")
    assert QUESTION in page.inner_text("body")
    _after_a_run(page, page.get_by_role("button", name="Hand to parent").tap)
    page.set_viewport_size(VIEWPORTS[orientation])
    _assert_parent_view_only(page)
    assert QUESTION in page.inner_text("body")
    assert page.evaluate(_FULL_SCREEN), "the parent view did not fill the screen"

    problems: dict[str, list[str]] = {}
    bar: dict[str, tuple[int, int]] = {}
    reloaded = False
    screens = 0
    for number in range(20):
        step, position = _current_step(review_data)
        name = f"{step.kind.value}{step.moment_number or ''}"
        _assert_parent_view_only(page)
        if step.kind == StepKind.RATING_START:
            _tap(page, "review_rate_start_4")
        elif step.kind == StepKind.MOMENT:
            moment = _moment(review_data, step.moment_id)
            assert f"Moment {step.moment_number} of 3" in page.inner_text("body")
            if step.moment_number == 1:
                _shoot(page, orientation, number, f"{name}-before-play")
                film = film_path(open_store(review_data), FID)
                stills = open_store(review_data).media_dir(FID) / "stills" / film.stem
                _check_the_player(page, moment, film, stills)
                _shoot(page, orientation, number, f"{name}-frame-step")
            _tap(page, f"review_add_words_{step.moment_id}_{_first_card(review_data, moment)}")
            words = f"Ollie smiled at me ({position})"
            area = page.locator(".stMain textarea").first
            area.tap()
            # Typed, not sent: the pause after typing sends it (and saves it).
            _after_a_run(page, partial(area.press_sequentially, words, delay=15))
            if not reloaded:
                page.reload()
                settle(page)
                reloaded = True
                _assert_parent_view_only(page)
                assert page.locator(".stMain textarea").first.input_value() == words
                # Typing another page's address, then the browser's back button, stay here.
                page.goto(base + "/families")
                settle(page)
                _assert_parent_view_only(page)
                page.go_back()
                settle(page)
                _assert_parent_view_only(page)
                _tap(page, f"review_star_{step.moment_id}_{_first_card(review_data, moment)}")
            if page.locator(".st-key-review_another_question button").count():
                _tap(page, "review_another_question")
        elif step.kind == StepKind.STRENGTHS:
            page.get_by_label("What we saw you doing well").fill(LONG_WORDS)
        elif step.kind == StepKind.NEXT_STEPS:
            for text in (LONG_STEP, "Wait for Ollie to look at me before I talk"):
                field = page.get_by_label("A next step")
                field.tap()
                field.fill(text)
                _after_a_run(page, partial(field.press, "Enter"))
                _tap(page, "review_add_step")
        elif step.kind == StepKind.RATING_END:
            _tap(page, "review_rate_end_7")
        screens += 1
        _shoot(page, orientation, number, name)
        _assert_bar_in_place(page, name, bar)
        _assert_big_touch_targets(page, name)
        assert page.evaluate(_SMALL_TEXT) == [], name
        assert page.evaluate(_SMALL_BUTTONS) == [], name
        problems[name] = serious_axe_findings(page)
        if step.kind == StepKind.THANKS:
            break
        _tap(page, "review_next")
        assert _current_step(review_data)[1] == position + 1, name
    else:
        pytest.fail("the walk never reached the last screen")
    assert screens <= 10
    assert reloaded
    (ARTIFACTS / SHOTS / orientation / "axe-serious-or-critical.json").write_text(
        json.dumps(problems, indent=2)
    )
    assert {name: found for name, found in problems.items() if found} == {}
    assert violations == []

    # Taking the tablet back needs the PIN.
    _tap(page, "parent_unlock_open")
    assert page.evaluate(_FULL_SCREEN), "the parent view left full screen on its own"
    _shoot(page, orientation, 99, "pin")
    assert serious_axe_findings(page) == []
    pin = page.get_by_label("Guider PIN")
    assert pin.get_attribute("inputmode") == "numeric"  # a number pad on a tablet
    pin.fill("1111")
    _tap(page, "parent_unlock")
    assert "didn't match" in page.inner_text("body")
    assert page.get_by_label("Guider PIN").is_visible()
    page.get_by_label("Guider PIN").fill(PIN)
    _tap(page, "parent_unlock")
    assert not page.evaluate(_FULL_SCREEN), "full screen stayed on after the PIN"
    # This tab's session began with the reload, so the guider signs in again: no parent view.
    page.get_by_role("button", name="Skip for now: try the demo").wait_for()
    assert open_store(review_data).load_settings()[PARENT_VIEWS_KEY] == {}
    page.reload()
    settle(page)
    page.get_by_role("button", name="Skip for now: try the demo").wait_for(timeout=60_000)

    # After a restart (a new server on the same data folder) the guider sees it all.
    base = start_app(streamlit_server_factory, review_data, VIGREVIEW_DEMO="0")
    page.set_viewport_size(VIEWPORTS["landscape"])
    enter_demo(page, base)
    _tap(page, f"open_{FID}")
    sidebar = page.locator('[data-testid="stSidebarNav"]')
    _after_a_run(page, sidebar.get_by_text("Shared review").tap)
    _shoot(page, orientation, 100, "guider-review")
    page.get_by_text("Everything from this review").tap()
    page.wait_for_timeout(300)
    _shoot(page, orientation, 101, "guider-record")
    record = page.inner_text("body")
    assert QUESTION in record
    assert "at the start 4 out of 10, at the end 7 out of 10" in record
    assert "Ollie smiled at me (2)" in record and "words to keep" in record
    assert "Wait for Ollie to look at me before I talk (trying it)" in record
    assert LONG_STEP in record

    family = load_family(open_store(review_data), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None and cycle.review is not None
    assert (cycle.review.rating_start, cycle.review.rating_end) == (4, 7)
    assert cycle.review.finished_at is not None
    answered = [r for m in cycle.moments for r in m.reflections if r.words]
    assert len(answered) == 3 and any(r.starred for r in answered)
    assert [s.text for s in family.next_steps] == [
        LONG_STEP,
        "Wait for Ollie to look at me before I talk",
    ]
    assert outside_requests == []


def test_a_dropped_link_shows_a_calm_word_not_an_error(
    browser_page: Page, review_data: Path, tmp_path: Path
) -> None:
    page = browser_page
    server = AppServer(
        APP,
        {"VIGREVIEW_DATA": str(review_data), "VIGREVIEW_DEMO": "0"},
        tmp_path / "server.log",
    )
    try:
        base = server.start()
        view = start_parent_view(open_store(review_data), FID, 1, datetime.now())
        page.set_viewport_size(VIEWPORTS["portrait"])
        page.goto(f"{base}/review?pv={view.token}")
        settle(page)
        _assert_parent_view_only(page)
        notice = page.locator("#vig-reconnect")
        assert not notice.is_visible()

        server.stop()
        notice.wait_for(state="visible", timeout=30_000)
        page.wait_for_timeout(DROP_MS)
        assert RECONNECT_TEXT in notice.inner_text()
        assert not page.locator('[data-testid="stDialog"]').is_visible()
        assert "internet" not in page.inner_text("body")
        assert page.locator(".st-key-review_next button").is_visible()  # the screen stays
        _shoot(page, "portrait", 98, "reconnecting")

        server.start()
        notice.wait_for(state="hidden", timeout=90_000)
        settle(page)
        _assert_parent_view_only(page)
        _shoot(page, "portrait", 99, "reconnected")
    finally:
        server.stop()
