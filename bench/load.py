"""Load benchmark: ten tablets tapping at once on one server.

Run by hand from the repository root:  python bench/load.py [--tablets 10] [--rounds 3]

Starts one real `streamlit run app.py` on a fresh data folder (the demo caseload) and opens
`--tablets` browser contexts in Debian's Chromium (flags as the browser tests use). Half are
guiders (Families -> open Jade -> Progress -> Moments -> Families, `--rounds` times); half
hand a shared review to the parent and walk it (ratings, typed words that autosave, Next).
A tap's time runs from the tap until Streamlit says the run it started has finished. The
server's resident memory (it and its children, from /proc) is sampled throughout.

Target on this 2-core machine: p95 under 1 s, RSS under 1 GiB. Ends with one line:

    load: tablets=10 tap_p50_ms=<a> tap_p95_ms=<b> server_rss_mib=<c>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.async_api import Page, async_playwright  # noqa: E402

from bench.video import rss_mib_with_children, wait_until_healthy  # noqa: E402
from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port  # noqa: E402

_APP = '[data-testid="stApp"]'
_COUNT_RUNS = """() => {
    window.vigRunsStarted = 0;
    const app = document.querySelector('[data-testid="stApp"]');
    if (window.vigObserver) window.vigObserver.disconnect();
    window.vigObserver = new MutationObserver(() => {
        if (app.getAttribute("data-test-script-state") === "running") window.vigRunsStarted++;
    });
    window.vigObserver.observe(app, {attributes: true});
}"""
_RUN_DONE = """() => window.vigRunsStarted > 0 && document.querySelector('[data-testid="stApp"]')
    .getAttribute("data-test-script-state") === "notRunning" """
TAP_TIMEOUT_MS = 60_000


class Tablet:
    """One browser context: taps, each timed until its run has finished."""

    def __init__(self, page: Page, taps: list[float]) -> None:
        self.page = page
        self.taps = taps

    async def settle(self) -> None:
        await self.page.wait_for_selector(
            f'{_APP}[data-test-script-state="notRunning"]', timeout=TAP_TIMEOUT_MS
        )

    async def tap(self, action: Callable[[], Awaitable[None]]) -> None:
        await self.page.evaluate(_COUNT_RUNS)
        started = time.perf_counter()
        await action()
        await self.page.wait_for_function(_RUN_DONE, timeout=TAP_TIMEOUT_MS, polling=20)
        self.taps.append((time.perf_counter() - started) * 1000)

    async def tap_text(self, text: str, *, in_sidebar: bool = False) -> None:
        scope = self.page.locator('[data-testid="stSidebar"]') if in_sidebar else self.page
        await self.tap(lambda: scope.get_by_text(text, exact=True).first.click())

    async def tap_key(self, key: str) -> None:
        await self.tap(lambda: self.page.locator(f".st-key-{key} button").first.click())

    async def enter_demo(self, base: str, delay_s: float = 0.0) -> None:
        # Tablets arrive a moment apart, as they do in a centre; first loads are not timed.
        await asyncio.sleep(delay_s)
        self.page.set_default_timeout(TAP_TIMEOUT_MS)
        await self.page.goto(base, timeout=3 * TAP_TIMEOUT_MS)
        await self.settle()
        await self.tap(
            lambda: self.page.get_by_role("button", name="Skip for now: try the demo").click()
        )
        await self.tap_key("open_demo-jade-noor")


async def walk_as_guider(tablet: Tablet, base: str, rounds: int, delay_s: float = 0.0) -> None:
    """Families -> Jade -> Progress -> Moments -> Families, `rounds` times."""
    await tablet.enter_demo(base, delay_s)
    for _ in range(rounds):
        for page in ("Progress", "Moments", "Cycles & films", "Families"):
            await tablet.tap_text(page, in_sidebar=True)
        await tablet.tap_key("open_demo-jade-noor")


async def walk_as_parent(tablet: Tablet, base: str, steps: int, delay_s: float = 0.0) -> None:
    """Hand Jade's shared review to the parent and walk it: rate, type words, Next."""
    page = tablet.page
    await tablet.enter_demo(base, delay_s)
    await tablet.tap_text("Shared review", in_sidebar=True)
    await tablet.tap(lambda: page.get_by_role("button", name="Hand to parent").click())
    for number in range(steps):
        rating = page.locator(
            ".st-key-review_rate_start_4 button, .st-key-review_rate_end_4 button"
        )
        area = page.locator(".stMain textarea")
        if await rating.count():
            await tablet.tap(rating.first.click)
        elif await area.count() and not await area.first.input_value():
            words = f"We laughed together ({number})"
            await area.first.click()
            # Typed, not sent: the pause after typing sends it (and saves it).
            await tablet.tap(partial(area.first.press_sequentially, words, delay=15))
        nexts = page.locator(".st-key-review_next button")
        if not await nexts.count() or await nexts.first.is_disabled():
            return
        await tablet.tap(nexts.first.click)


async def drive(base: str, tablets: int, rounds: int, taps: list[float]) -> None:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # One untimed walk first: the demo is drawn and every page's imports are loaded.
        warm_up = Tablet(await (await browser.new_context()).new_page(), [])
        await walk_as_guider(warm_up, base, 1)
        await walk_as_parent(Tablet(warm_up.page, []), base, 3)
        walks = []
        for number in range(tablets):
            context = await browser.new_context(viewport={"width": 1024, "height": 768})
            tablet = Tablet(await context.new_page(), taps)
            delay_s = 2.0 * number
            if number % 2 == 0:
                walks.append(walk_as_guider(tablet, base, rounds, delay_s))
            else:
                walks.append(walk_as_parent(tablet, base, rounds * 5, delay_s))
        results = await asyncio.gather(*walks, return_exceptions=True)
        await browser.close()
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        print(f"{len(failed)} tablet(s) stopped early: {failed[0]!r}"[:400])


async def sample_memory(pid: int, peak: list[float], stop: asyncio.Event) -> None:
    while not stop.is_set():
        peak[0] = max(peak[0], rss_mib_with_children(pid))
        await asyncio.sleep(0.5)


async def run_tablets(base: str, pid: int, tablets: int, rounds: int) -> tuple[list[float], float]:
    taps: list[float] = []
    peak = [rss_mib_with_children(pid)]
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pid, peak, stop))
    try:
        await drive(base, tablets, rounds, taps)
    finally:
        stop.set()
        await sampler
    return taps, peak[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vig-bench-load-"))
    port = find_free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "VIGREVIEW_DATA": str(work / "data"), "VIGREVIEW_DEMO": "1"}
    with (work / "server.log").open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_healthy(base, server)
        taps, peak = asyncio.run(run_tablets(base, server.pid, args.tablets, args.rounds))
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        shutil.rmtree(work, ignore_errors=True)
    if len(taps) < 2:
        raise SystemExit(f"too few taps measured ({len(taps)})")
    cuts = statistics.quantiles(taps, n=20)
    print(f"{len(taps)} taps timed")
    print(
        f"load: tablets={args.tablets} tap_p50_ms={statistics.median(taps):.0f} "
        f"tap_p95_ms={cuts[18]:.0f} server_rss_mib={peak:.0f}"
    )


if __name__ == "__main__":
    main()
