"""The parent view on an iPad-sized Chromium: hand over, walk the review by tapping, take it back.

Runs the real app (app.py) with its own data folder holding one family ready for review and
one other family that must never show. Each parent screen is saved as a screenshot under
test-artifacts/parent-view/<orientation>/ and checked with axe-core (from node_modules).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import StreamlitServerFactory
from tests.review_family import add_review_cycle, put_test_film
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.cycles import find_cycle
from vigreview.models import Family, Moment
from vigreview.review_steps import ReviewStep, StepKind, build_review_steps, clamp_position
from vigreview.shared_review import choose_prompts
from vigreview.trust.handover import PARENT_VIEWS_KEY, set_guider_pin

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "parent-view"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
FID = "fam-browser"
OTHER = "Rosa"
WISH = "I want my baby to listen to me"
QUESTION = "I want Ollie and me to get along better"
PIN = "2468"
VIEWPORTS = {
    "portrait": {"width": 768, "height": 1024},
    "landscape": {"width": 1024, "height": 768},
}


@pytest.fixture
def review_data(data_dir: Path) -> Iterator[Path]:
    """A data folder with Lena and Ollie ready for their first review, and Rosa besides."""
    store = open_store(data_dir)
    for family_id, parent, baby in ((FID, "Lena", "Ollie"), ("fam-other", OTHER, "Kit")):
        family = Family(family_id, parent, baby, lead_guider="Ann", opened_on=date.today())
        store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    put_test_film(store, FID)
    # A few prompts for the later moments keep the walk short; the first keeps the defaults.
    choose_prompts(store, FID, 1, "m-book", ["think.helped"])
    choose_prompts(store, FID, 1, "m-wait", ["next.more_of"])
    set_guider_pin(store, PIN)
    return data_dir


_APP = '[data-testid="stApp"]'
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


def _settle(page: Page) -> None:
    """Wait until Streamlit is idle (after a page load)."""
    page.wait_for_selector(f'{_APP}[data-test-script-state="notRunning"]', timeout=60_000)
    page.wait_for_timeout(300)


def _after_a_run(page: Page, action: Callable[[], None], what: str = "") -> None:
    """Do `action` (a tap, some typing) and wait until the run it starts has finished."""
    page.evaluate(_COUNT_RUNS)
    action()
    try:
        page.wait_for_function(_RUN_DONE, timeout=90_000)
    except PlaywrightTimeout as error:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "timeout.png"))
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


def _moment(data_dir: Path, moment_id: str) -> Moment:
    cycle = find_cycle(load_family(open_store(data_dir), FID), 1)
    assert cycle is not None
    return next(m for m in cycle.moments if m.id == moment_id)


def _check_accessibility(page: Page) -> list[str]:
    """Run axe-core on the page; return the serious or critical violations, described."""
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


def _assert_parent_view_only(page: Page) -> None:
    page.locator(".st-key-parent_unlock_open button").wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert OTHER not in body
    assert "Shared review:" not in body
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('header[data-testid="stHeader"]').is_visible()
    assert page.locator(".st-key-parent_unlock_open button").is_visible()


# Where a button's bottom edge is on the page, as if nothing were scrolled.
_BOTTOM_UNSCROLLED = """(button) => {
    let bottom = button.getBoundingClientRect().bottom;
    for (let node = button.parentElement; node; node = node.parentElement) {
        bottom += node.scrollTop;
    }
    return bottom + window.scrollY;
}"""


def _assert_fits_the_screen(page: Page, name: str) -> None:
    """The Back/Next buttons are on screen without scrolling: one thing per screen."""
    height = page.viewport_size["height"] if page.viewport_size else 0
    for key in ("review_back", "review_next"):
        button = page.locator(f".st-key-{key} button")
        if button.count():
            bottom = button.first.evaluate(_BOTTOM_UNSCROLLED)
            assert bottom <= height, f"{name}: {key} ends at {bottom:.0f} px of {height}"


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
    for _ in range(50):
        for frame in page.frames:
            if frame.query_selector("video#moment"):
                return frame
        page.wait_for_timeout(200)
    raise AssertionError("no looped moment player on the page")


def _watch_loop(page: Page, start: float, end: float) -> list[float]:
    """Sample the moment player's time for a while; return the samples."""
    frame = _moment_frame(page)
    samples = []
    deadline = time.monotonic() + 8.0
    while time.monotonic() < deadline:
        samples.append(frame.evaluate("() => document.getElementById('moment').currentTime"))
        wrapped = any(b < a - 0.5 for a, b in itertools.pairwise(samples))
        if wrapped and max(samples) > start + 1.0:
            break
        page.wait_for_timeout(150)
    return samples


def _shoot(page: Page, orientation: str, number: int, name: str) -> None:
    folder = ARTIFACTS / orientation
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{number:02d}-{name}.png"), full_page=True)


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
    # Content-Security-Policy violations (issue 12): Chromium reports each in the console.
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    env = {"VIGREVIEW_DATA": str(review_data), "VIGREVIEW_DEMO": "0"}
    base = streamlit_server_factory(ROOT / "app.py", env={**os.environ, **env})

    # The guider (landscape, sidebar open) opens Lena's review and hands the tablet over.
    page.set_viewport_size(VIEWPORTS["landscape"])
    page.goto(base + "/")
    _settle(page)
    _after_a_run(page, page.get_by_role("button", name="Skip for now: try the demo").tap)
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
    reloaded = False
    for number in range(40):
        step, position = _current_step(review_data)
        name = f"{step.kind.value}{step.moment_number or ''}"
        _assert_parent_view_only(page)
        if step.kind == StepKind.RATING_START:
            _tap(page, "review_rate_start_4")
        elif step.kind == StepKind.WATCH:
            moment = _moment(review_data, step.moment_id)
            samples = _watch_loop(page, moment.start_s, moment.end_s)
            assert all(moment.start_s - 0.6 <= t <= moment.end_s + 0.6 for t in samples), samples
            assert max(samples) > moment.start_s + 1.0, samples  # it plays
            assert any(b < a - 0.5 for a, b in itertools.pairwise(samples)), samples
            _tap(page, "review_slow_motion_button")
            player = _moment_frame(page)
            assert player.evaluate("() => document.getElementById('moment').playbackRate") == 0.5
            _tap(page, "review_slow_motion_button")
        elif step.kind in (StepKind.LEAD_UP, StepKind.PROMPT):
            words = f"Ollie smiled at me ({position})"
            area = page.locator(".stMain textarea").first
            area.tap()
            # Typed, not sent: the pause after typing sends it (and saves it).
            _after_a_run(page, partial(area.press_sequentially, words, delay=15))
            if not reloaded and step.kind == StepKind.PROMPT:
                page.reload()
                _settle(page)
                reloaded = True
                _assert_parent_view_only(page)
                assert page.locator(".stMain textarea").first.input_value() == words
                # Typing another page's address, then the browser's back button, stay here.
                page.goto(base + "/families")
                _settle(page)
                _assert_parent_view_only(page)
                page.go_back()
                _settle(page)
                _assert_parent_view_only(page)
                _tap(page, f"review_star_{step.moment_id}_{step.prompt_id}")
        elif step.kind == StepKind.NEXT_STEPS:
            field = page.get_by_label("A next step")
            field.tap()
            field.press_sequentially("Wait for Ollie to look at me before I talk", delay=10)
            _after_a_run(page, partial(field.press, "Enter"))
            _tap(page, "review_add_step")
        elif step.kind == StepKind.RATING_END:
            _tap(page, "review_rate_end_7")
        _shoot(page, orientation, number, name)
        _assert_fits_the_screen(page, name)
        _assert_big_touch_targets(page, name)
        problems[name] = _check_accessibility(page)
        if step.kind == StepKind.THANKS:
            break
        _tap(page, "review_next")
        assert _current_step(review_data)[1] == position + 1, name
    else:
        pytest.fail("the walk never reached the last screen")
    assert reloaded
    (ARTIFACTS / orientation / "axe-serious-or-critical.json").write_text(
        json.dumps(problems, indent=2)
    )
    assert {name: found for name, found in problems.items() if found} == {}
    assert [text for text in console if "Content Security Policy" in text] == []

    # Taking the tablet back needs the PIN.
    _tap(page, "parent_unlock_open")
    assert page.evaluate(_FULL_SCREEN), "the parent view left full screen on its own"
    _shoot(page, orientation, 99, "pin")
    assert _check_accessibility(page) == []
    page.get_by_label("Guider PIN or password").fill("1111")
    _tap(page, "parent_unlock")
    assert "didn't match" in page.inner_text("body")
    assert page.get_by_label("Guider PIN or password").is_visible()
    page.get_by_label("Guider PIN or password").fill(PIN)
    _tap(page, "parent_unlock")
    assert not page.evaluate(_FULL_SCREEN), "full screen stayed on after the PIN"
    # This tab's session began with the reload, so the guider signs in again: no parent view.
    page.get_by_role("button", name="Skip for now: try the demo").wait_for()
    assert open_store(review_data).load_settings()[PARENT_VIEWS_KEY] == {}
    page.reload()
    _settle(page)
    assert page.get_by_role("button", name="Skip for now: try the demo").is_visible()

    # After a restart (a new server on the same data folder) the guider sees it all.
    base = streamlit_server_factory(ROOT / "app.py", env={**os.environ, **env})
    page.set_viewport_size(VIEWPORTS["landscape"])
    page.goto(base + "/")
    _settle(page)
    _after_a_run(page, page.get_by_role("button", name="Skip for now: try the demo").tap)
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
    assert "Ollie smiled at me (3)" in record and "words to keep" in record
    assert "Wait for Ollie to look at me before I talk (trying it)" in record

    family = load_family(open_store(review_data), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None and cycle.review is not None
    assert (cycle.review.rating_start, cycle.review.rating_end) == (4, 7)
    assert cycle.review.finished_at is not None
    answered = [r for m in cycle.moments for r in m.reflections if r.words]
    assert len(answered) >= 8 and any(r.starred for r in answered)
    assert [s.text for s in family.next_steps] == ["Wait for Ollie to look at me before I talk"]
    assert outside_requests == []
