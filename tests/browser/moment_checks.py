"""What the parent's moment player must do, checked the same way in Chromium and in WebKit.

Each browser test wraps its driver (Playwright or selenium) in a `PlayerDriver`: evaluate a
JavaScript expression inside the player's frame, and tap an element of it.
"""

from __future__ import annotations

import base64
import itertools
import time
from pathlib import Path
from typing import Any, Protocol

from playwright.sync_api import Frame

from vigreview.media import extract_still, frame_times, step_frame
from vigreview.ui.moment_player import STEP_STILL_WIDTH

VIDEO = "document.getElementById('moment')"
STILL = "document.getElementById('still')"


class PlayerDriver(Protocol):
    """A browser's hold on the moment player's frame."""

    def value(self, expression: str) -> Any:
        """Return the value of a JavaScript expression evaluated in the player's frame."""

    def tap(self, css: str) -> None:
        """Tap (a real, trusted tap or click) the element matching `css` in the frame."""


class ChromiumPlayer:
    """A player's frame, driven through Playwright."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame

    def value(self, expression: str) -> Any:
        return self.frame.evaluate(f"() => ({expression})")

    def tap(self, css: str) -> None:
        self.frame.locator(css).tap()


def wait_for(player: PlayerDriver, expression: str, seconds: float, what: str) -> None:
    """Wait until `expression` is true in the player's frame; fail saying `what` did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if player.value(expression):
            return
        time.sleep(0.1)
    state = player.value(
        f"[{VIDEO}.paused, {VIDEO}.currentTime, {VIDEO}.muted, {VIDEO}.playbackRate, "
        f"{VIDEO}.readyState, document.getElementById('note').textContent]"
    )
    raise AssertionError(f"{what}: not within {seconds} s; video state {state}")


def check_waits_for_a_tap(player: PlayerDriver, baby_line: str) -> None:
    """Before a tap nothing plays (no autoplay), and the big Play with sound button shows.

    The key still is the poster, with the baby's line as a speech bubble on it.
    """
    wait_for(player, f"{VIDEO}.readyState >= 1", 20, "the film's details loaded")
    assert player.value(f"{VIDEO}.paused") is True
    assert str(player.value(f"{VIDEO}.poster")).startswith("data:image/jpeg;base64,")
    bubble = "document.getElementById('bubble')"
    assert player.value(f"getComputedStyle({bubble}).display") == "block"
    assert baby_line in str(player.value(f"{bubble}.textContent"))
    assert player.value("getComputedStyle(document.getElementById('bigplay')).display") != "none"
    assert player.value(f"{VIDEO}.controls") is False  # no native controls: they skip out


# Counts the frame callbacks the player asks for from now on (installed once per frame).
_COUNT_FRAME_CALLBACKS = """(() => {
  if (!window.vigFrameCallbacks) {
    window.vigFrameCallbacks = {asked: 0};
    const ask = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => {
      window.vigFrameCallbacks.asked += 1;
      return ask(callback);
    };
  }
  window.vigFrameCallbacks.asked = 0;
  return true;
})()"""


def check_no_frames_asked_while_paused(player: PlayerDriver) -> None:
    """While the film is paused the player asks for no frame callbacks: an idle tablet draws
    nothing (a callback that asked for the next one forever cost 15% of a core per tablet).
    """
    assert player.value(f"{VIDEO}.paused") is True
    player.value(_COUNT_FRAME_CALLBACKS)
    time.sleep(1.0)
    asked = player.value("window.vigFrameCallbacks.asked")
    assert asked == 0, f"{asked} frame callbacks asked for in 1 s while the film was paused"


def check_frames_asked_while_playing(player: PlayerDriver) -> None:
    """While the film plays the player checks every frame (that is how the moment loops)."""
    assert player.value(f"{VIDEO}.paused") is False
    player.value(_COUNT_FRAME_CALLBACKS)
    time.sleep(1.0)
    asked = player.value("window.vigFrameCallbacks.asked")
    assert asked >= 10, f"only {asked} frame callbacks in 1 s of playing"


def check_a_tap_plays_with_sound(player: PlayerDriver, start: float) -> None:
    """A tap on Play with sound plays the moment, not muted, and its time moves on."""
    player.tap("#bigplay")
    wait_for(player, f"!{VIDEO}.paused && {VIDEO}.currentTime > {start + 0.3}", 20, "playing")
    assert player.value(f"{VIDEO}.muted") is False
    assert player.value(f"{VIDEO}.volume") > 0
    first = player.value(f"{VIDEO}.currentTime")
    time.sleep(0.5)
    assert player.value(f"{VIDEO}.currentTime") != first


def check_the_loop_wraps(player: PlayerDriver, start: float, end: float) -> list[float]:
    """The moment plays over and over between its start and end; return the samples."""
    samples: list[float] = []
    deadline = time.monotonic() + 12.0
    while time.monotonic() < deadline:
        samples.append(float(player.value(f"{VIDEO}.currentTime")))
        wrapped = any(b < a - 0.5 for a, b in itertools.pairwise(samples))
        if wrapped and max(samples) > start + 1.0:
            break
        time.sleep(0.12)
    assert any(b < a - 0.5 for a, b in itertools.pairwise(samples)), samples
    assert all(start - 0.6 <= t <= end + 0.6 for t in samples), samples
    return samples


def check_half_speed_holds(player: PlayerDriver) -> None:
    """Half speed, chosen while playing, stays while the film keeps playing."""
    player.tap('#speeds button[data-rate="0.5"]')
    wait_for(player, f"{VIDEO}.playbackRate === 0.5", 5, "half speed")
    before = float(player.value(f"{VIDEO}.currentTime"))
    time.sleep(1.2)
    assert player.value(f"{VIDEO}.paused") is False, "slow motion stopped the film"
    assert player.value(f"{VIDEO}.playbackRate") == 0.5
    assert player.value(f"{VIDEO}.currentTime") != before
    chosen = player.value("document.querySelector('#speeds [aria-pressed=\"true\"]').dataset.rate")
    assert chosen == "0.5"
    player.tap('#speeds button[data-rate="1"]')
    wait_for(player, f"{VIDEO}.playbackRate === 1", 5, "normal speed again")


def _shown_still(player: PlayerDriver, after: float | None, what: str) -> float:
    condition = f"{STILL}.style.display === 'block' && {STILL}.dataset.time"
    if after is not None:
        condition += f" && Number({STILL}.dataset.time) !== {after}"
    wait_for(player, condition, 60, what)
    return float(player.value(f"{STILL}.dataset.time"))


def check_frame_steps_show_exact_stills(player: PlayerDriver, film: Path, stills_dir: Path) -> None:
    """One frame on, on again, and back: each shows the film's exact frame, from PyAV."""
    player.tap("#on")
    first = _shown_still(player, None, "a still after one frame on")
    assert player.value(f"{VIDEO}.paused") is True
    assert any(abs(first - t) < 1e-6 for t in frame_times(film, first - 1, first + 1))
    player.tap("#on")
    second = _shown_still(player, first, "the next still")
    assert second == step_frame(film, first, 1)
    expected = extract_still(film, second, stills_dir, width=STEP_STILL_WIDTH).path
    src = str(player.value(f"{STILL}.src"))
    assert src == "data:image/jpeg;base64," + base64.b64encode(expected.read_bytes()).decode()
    player.tap("#back")
    back = _shown_still(player, second, "the still one frame back")
    assert back == first
    assert player.value(f"{VIDEO}.paused") is True
