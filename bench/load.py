"""Load benchmark: ten tablets tapping at once on one server.

Run by hand from the repository root:  python bench/load.py [--tablets 10] [--rounds 3]

Before the server starts, a fresh data folder is filled through the app's own functions: the
demo caseload, one guider account (sign-in name and PIN, as the first-account form makes it,
which adopts the demo families), the guider PIN that takes a tablet back from a parent, and
one family per tablet led by that guider, made like the demo's Jade (a drawn film and marked
moments; a guider's family also has three reviewed cycles of history, so Progress has a
story to draw). Then one real `streamlit run app.py` serves it.

Each tablet is its own browser context in Debian's Chromium (the browser tests' flags), so
nothing of one sign-in is shared with another. Every tablet signs in through the sign-in
form. Even tablets are guiders: open their family, then Progress -> Moments -> Cycles &
films -> Families -> their family, `--rounds` times. Odd tablets are handed to a parent: the
guider opens the family's Shared review and taps "Hand to parent"; the parent walks the
review (a rating, "Add your words" and typed words that save themselves after a pause,
Next) to its last screen, and walks it again from the start, `--rounds` times in all.

A tap's time runs from the tap until Streamlit says the run it started has finished and the
page is drawn. For typed words it runs from the end of the autosave's pause (the moment the
words are sent). Each kind of tap is also split: until the tablet sent its request, until the
run's end reached it, until drawn. The server itself notes each run's time, from a request's
arrival until the run's end leaves it (bench/server_timing.py): its share of a tap, whatever
the browsers cost. The server's resident memory (it and its children, from /proc) is sampled
throughout; the peak is reported; so is the CPU time the server and the browsers used. An
untimed warm-up walk (a guider and a parent on their own families) runs first: a centre's
server has been up for a while.

In a centre the tablets are other machines. Here ten Chromiums share the server's two cores
and need far more CPU than it does, so they run below it (`--nice`, 19 by default: the
tablets' niceness, and the server's session's niceness negated; 0 puts them level): they take
what the server leaves, as separate tablets would.

A tap that finds nothing to tap, a run that never ends, or words that are not in the
store afterwards stops the benchmark with a message and a non-zero exit, not a number.

Target on this 2-core machine: p95 under 1 s, RSS under 1 GiB. Ends with one line:

    load: tablets=<n> tap_p50_ms=<a> tap_p95_ms=<b> server_rss_mib=<c> server_p50_ms=<d>
      server_p95_ms=<e> server_cpu_s=<f> browsers_cpu_s=<g> nice=<h>
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.async_api import (  # noqa: E402
    Browser,
    Locator,
    Page,
    ViewportSize,
    WebSocket,
    async_playwright,
)
from playwright.async_api import Error as PlaywrightError  # noqa: E402
from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: E402

from bench.server_timing import RUN_ENDED  # noqa: E402
from bench.video import descendants, rss_mib, wait_until_healthy  # noqa: E402
from tests.browser.app_steps import CHROMIUM, CHROMIUM_ARGS, find_free_port  # noqa: E402
from vigreview.caseload import (  # noqa: E402
    add_family,
    adopt_demo_families,
    load_family,
    open_store,
    record_consent,
)
from vigreview.demo.families import add_demo_film_and_moments, seed_demo_caseload  # noqa: E402
from vigreview.demo.history import add_demo_history  # noqa: E402
from vigreview.models import ConsentPurpose  # noqa: E402
from vigreview.storage import Store  # noqa: E402
from vigreview.suggestions import start_suggesting, suggestions_path  # noqa: E402
from vigreview.trust.accounts import AccountDraft, Role, create_account  # noqa: E402
from vigreview.trust.handover import set_guider_pin  # noqa: E402
from vigreview.ui.autosave import PAUSE_MS  # noqa: E402
from vigreview.validation import FamilyDraft  # noqa: E402

USERNAME, DISPLAY_NAME, SECRET = "alex", "Alex Guider", "135790"
GUIDER_PIN = "2468"
TAP_TIMEOUT_MS = 60_000
# A review is a handful of screens (ratings, three moments, what went well, next steps,
# thanks); a walk that has not reached the last one after this many has lost its way.
MAX_SCREENS = 20
IPAD_LANDSCAPE: ViewportSize = {"width": 1024, "height": 768}

_APP = '[data-testid="stApp"]'
_STATE = "data-test-script-state"
_DRAWN = """() => !document.querySelector('[data-stale="true"]') && document.querySelector(
    '[data-testid="stApp"]').getAttribute("data-test-script-state") === "notRunning" """


@dataclass(frozen=True)
class Tap:
    """One timed tap: who made it, on what, and how long until its run had finished."""

    role: str
    what: str
    ms: float
    answered_ms: float  # until the run's end reached the tablet, before the browser drew it
    sent_ms: float  # until the tablet sent its request to the server


class BenchFailure(Exception):
    """A tablet could not do what a guider or parent does: the benchmark's numbers would lie."""


@dataclass(frozen=True)
class Visit:
    """One tablet's part: who holds it and which family it opens."""

    number: int
    role: str  # "guider" or "parent"
    family_id: str

    @property
    def words(self) -> str:
        """The words this tablet's parent types (found in the store afterwards)."""
        return f"We laughed together, said on tablet {self.number}"


def prepare_data(data_dir: Path, visits: int) -> list[Visit]:
    """Fill `data_dir` as a centre's machine would be, and return each tablet's visit.

    Visits 0 and 1 are the warm-up's guider and parent; visit 2 onwards are the tablets.
    """
    store = open_store(data_dir)
    today = date.today()
    seed_demo_caseload(store, today)
    guider = AccountDraft(USERNAME, DISPLAY_NAME, Role.GUIDER, SECRET, SECRET)
    account = create_account(store, guider, "first run", today.isoformat())
    adopt_demo_families(store, account)
    set_guider_pin(store, GUIDER_PIN)
    result = []
    for number in range(visits):
        role = "guider" if number % 2 == 0 else "parent"
        opened = today - timedelta(days=42)
        draft = FamilyDraft(
            f"Parent {number:02d}", f"Baby {number:02d}", DISPLAY_NAME, opened, baby_age_months=6
        )
        family = add_family(store, draft, lead_guider_id=account.username)
        record_consent(store, family.id, list(ConsentPurpose), f"Parent {number}", opened, "Alex")
        add_demo_film_and_moments(store, family.id, opened + timedelta(days=7))
        if role == "guider":
            add_demo_history(store, family.id, today)
        find_suggestions_as_an_import_would(store, family.id)
        result.append(Visit(number - 2, role, family.id))
    return result


def find_suggestions_as_an_import_would(store: Store, family_id: str) -> None:
    """Read the family's films for suggested moments now: a film's import starts this at once,
    so a guider finds them ready; the demo's drawn films are recorded without an import."""
    media = store.media_dir(family_id)
    for cycle in load_family(store, family_id).cycles:
        for film in cycle.films:
            result = suggestions_path(media, film.file_name)
            start_suggesting(media / film.file_name, film.duration_s, result).wait()


class Tablet:
    """One browser context (one tablet): taps, each timed until its run has finished."""

    def __init__(self, page: Page, visit: Visit, taps: list[Tap] | None) -> None:
        self.page = page
        self.visit = visit
        self.taps = taps  # None: not timed (the warm-up)
        self.runs_ended = 0
        self.run_ended_at = 0.0
        self.sent_at: list[float] = []
        page.on("websocket", self._listen)

    def _listen(self, socket: WebSocket) -> None:
        socket.on("framereceived", self._note_message)
        socket.on("framesent", lambda _payload: self.sent_at.append(time.perf_counter()))

    def _note_message(self, payload: str | bytes) -> None:
        # A run's end (a whole page's, or a fragment's) is counted from the tablet's own
        # websocket, not from the page's "running" attribute: with ten tablets a run's messages
        # can arrive at once, and the attribute then goes "running" and back within one
        # drawing, which no observer sees.
        # A run-ended message is its status and the run's id (44 bytes); a page's are larger.
        if isinstance(payload, bytes) and len(payload) < 256:
            message = ForwardMsg.FromString(payload)
            ended = message.WhichOneof("type") == "script_finished"
            if ended and message.script_finished in RUN_ENDED:
                self.runs_ended += 1
                self.run_ended_at = time.perf_counter()

    def fail(self, what: str) -> BenchFailure:
        """Return the failure for this tablet, naming it and what it could not do."""
        who = "warm-up" if self.visit.number < 0 else f"tablet {self.visit.number}"
        return BenchFailure(f"{who} ({self.visit.role}, {self.visit.family_id}): {what}")

    async def settle(self) -> None:
        try:
            await self.page.wait_for_selector(
                f'{_APP}[{_STATE}="notRunning"]', timeout=TAP_TIMEOUT_MS
            )
        except PlaywrightTimeout as error:
            raise self.fail("the page never finished loading") from error

    async def after_a_run(
        self, action: Callable[[], Awaitable[None]], what: str, after_ms: float | None = None
    ) -> None:
        """Do `action` and wait until the run it starts has finished; time it.

        Timed from the start of `action`, or with `after_ms` from that long after its end.
        """
        ended_before = self.runs_ended
        self.sent_at.clear()  # only this tap's requests, not every one since the tablet began
        started = time.perf_counter()
        try:
            await action()
        except PlaywrightError as error:  # e.g. a target that never became still enough
            raise self.fail(f"{what} failed: {str(error).splitlines()[0]}") from error
        if after_ms is not None:
            started = time.perf_counter() + after_ms / 1000
        deadline = time.perf_counter() + TAP_TIMEOUT_MS / 1000
        while self.runs_ended == ended_before:
            if time.perf_counter() > deadline:
                raise self.fail(f"no run ended within {TAP_TIMEOUT_MS / 1000:.0f} s of {what}")
            await asyncio.sleep(0.01)
        try:  # and drawn: until then the last screen's elements are still there, marked stale
            await self.page.wait_for_function(_DRAWN, timeout=TAP_TIMEOUT_MS, polling=20)
        except PlaywrightTimeout as error:
            raise self.fail(f"the page was not drawn within a minute of {what}") from error
        if self.taps is not None:
            drawn, answered = time.perf_counter() - started, self.run_ended_at - started
            sent = min((t for t in self.sent_at if t >= started), default=started) - started
            self.taps.append(Tap(self.visit.role, what, drawn * 1000, answered * 1000, sent * 1000))

    async def tap(self, target: Locator, what: str) -> None:
        """Tap `target` once it shows; fail when it never does."""
        try:
            await target.wait_for(state="visible", timeout=TAP_TIMEOUT_MS)
        except PlaywrightTimeout as error:
            raise self.fail(f"nothing to tap: {what}") from error
        await self.after_a_run(target.tap, f"tapping {what}")

    async def tap_key(self, key: str) -> None:
        """Tap the button with this widget key (Streamlit's st-key-* class)."""
        await self.tap(self.page.locator(f".st-key-{key} button").first, f"button {key}")

    async def tap_page(self, name: str) -> None:
        """Tap a page's name in the sidebar's page list."""
        sidebar = self.page.locator('[data-testid="stSidebarNav"]')
        await self.tap(sidebar.get_by_text(name, exact=True).first, f"page {name}")

    async def sign_in(self, base: str, delay_s: float) -> None:
        """Open the app and sign in as the guider, as on any tablet (not timed but the tap)."""
        await asyncio.sleep(delay_s)  # tablets arrive a moment apart, as in a centre
        page = self.page
        page.set_default_timeout(TAP_TIMEOUT_MS)
        await page.goto(base, timeout=3 * TAP_TIMEOUT_MS)
        await self.settle()
        try:
            await page.get_by_label("Sign-in name").fill(USERNAME)
            await page.get_by_label("PIN or password").fill(SECRET)
        except PlaywrightTimeout as error:
            raise self.fail("no sign-in form") from error
        await self.tap(page.get_by_role("button", name="Sign in"), "Sign in")
        await self.tap_key(f"open_{self.visit.family_id}")


async def walk_as_guider(tablet: Tablet, base: str, rounds: int, delay_s: float) -> None:
    """Sign in, open the family, then Progress -> Moments -> Cycles & films -> Families."""
    await tablet.sign_in(base, delay_s)
    for _ in range(rounds):
        for name in ("Progress", "Moments", "Cycles & films", "Families"):
            await tablet.tap_page(name)
        await tablet.tap_key(f"open_{tablet.visit.family_id}")


async def type_words(tablet: Tablet, area: Locator, words: str) -> None:
    """Type at the end of a text box; the autosave sends them after its pause (timed)."""
    await area.tap()
    await area.press("Control+End")

    async def typing() -> None:
        await area.press_sequentially(f" {words}", delay=15)

    # Typing starts no run; the pause after it does. Timed from when the words are sent.
    await tablet.after_a_run(typing, "typing words", after_ms=PAUSE_MS)


async def walk_review_once(tablet: Tablet) -> int:
    """Walk the parent's screens to the last one, answering each; return the screens seen."""
    page = tablet.page
    main = page.locator(".stMain")
    for screen in range(1, MAX_SCREENS + 1):
        ratings = main.locator('[class*="st-key-review_rate_"] button')
        add_words = main.locator('[class*="st-key-review_add_words_"] button')
        if await ratings.count():
            await tablet.tap(ratings.nth(5), f"a rating on screen {screen}")
        if await add_words.count():
            await tablet.tap(add_words.first, f"Add your words on screen {screen}")
        areas = main.locator('[class*="st-key-review_words_"] textarea')
        if await areas.count():
            await type_words(tablet, areas.first, tablet.visit.words)
        nexts = page.locator(".st-key-review_next button")
        if not await nexts.count():
            if not await page.locator(".st-key-review_back button").count():
                raise tablet.fail(f"neither Next nor Back on screen {screen}")
            return screen
        await tablet.tap(nexts.first, f"Next on screen {screen}")
    raise tablet.fail(f"no last screen after {MAX_SCREENS} screens")


async def walk_as_parent(tablet: Tablet, base: str, rounds: int, delay_s: float) -> None:
    """Sign in, open the family's Shared review, hand it over; the parent walks it."""
    page = tablet.page
    await tablet.sign_in(base, delay_s)
    await tablet.tap_page("Shared review")
    await tablet.tap(page.get_by_role("button", name="Hand to parent"), "Hand to parent")
    if not await page.locator(".st-key-parent_unlock_open button").count():
        raise tablet.fail("no parent view after Hand to parent")
    for round_number in range(rounds):
        screens = await walk_review_once(tablet)
        if round_number + 1 < rounds:
            for _ in range(screens - 1):  # back to the start, to walk it again
                await tablet.tap_key("review_back")


async def new_tablet(browser: Browser, visit: Visit, taps: list[Tap] | None) -> Tablet:
    context = await browser.new_context(viewport=IPAD_LANDSCAPE, has_touch=True)
    return Tablet(await context.new_page(), visit, taps)


async def walk(tablet: Tablet, base: str, rounds: int, delay_s: float, shots: Path) -> None:
    """Walk this tablet's part; on a failure keep a screenshot of what it showed."""
    try:
        if tablet.visit.role == "guider":
            await walk_as_guider(tablet, base, rounds, delay_s)
        else:
            await walk_as_parent(tablet, base, rounds, delay_s)
    except (BenchFailure, PlaywrightError) as error:
        with contextlib.suppress(PlaywrightError):
            await tablet.page.screenshot(path=str(shots / f"tablet-{tablet.visit.number}.png"))
        if isinstance(error, PlaywrightError):  # e.g. a box that went before it was typed in
            raise tablet.fail(str(error).splitlines()[0]) from error
        raise


async def drive(
    base: str, visits: list[Visit], rounds: int, taps: list[Tap], work: Path, at_start: Usage
) -> None:
    """Warm the server up, then walk every tablet at once; raise if any could not.

    `at_start` is sampled once the warm-up is over.
    """
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for visit in visits[:2]:  # the warm-up: each page's imports, the moment player
                await walk(await new_tablet(browser, visit, None), base, 1, 0.0, work)
            tablets = [await new_tablet(browser, visit, taps) for visit in visits[2:]]
            server_times_file(work).write_text("")  # the server appends from the start again
            at_start.sample()
            results = await asyncio.gather(
                *(walk(t, base, rounds, 2.0 * t.visit.number, work) for t in tablets),
                return_exceptions=True,
            )
        finally:
            await browser.close()
    failed = [str(r) for r in results if isinstance(r, BaseException)]
    if failed:
        raise BenchFailure(
            f"{len(failed)} of {len(tablets)} tablet(s) stopped early:\n  " + "\n  ".join(failed)
        )


def check_words_saved(data_dir: Path, visits: list[Visit]) -> None:
    """Raise unless every parent's typed words are in their family's record."""
    store = open_store(data_dir)
    for visit in visits:
        if visit.role != "parent":
            continue
        family = load_family(store, visit.family_id)
        said = [r.words for c in family.cycles for m in c.moments for r in m.reflections]
        if not any(visit.words in words for words in said):
            raise BenchFailure(f"tablet {visit.number}: its parent's words were not saved")


@dataclass
class Usage:
    """The server's peak memory, and the CPU time the server and the tablets' browsers used."""

    server_pid: int
    peak_rss_mib: float = 0.0
    # CPU ticks per process, the last seen while it lived (a renderer may end mid-run).
    server_ticks: dict[int, int] = field(default_factory=dict)
    browser_ticks: dict[int, int] = field(default_factory=dict)

    def sample(self) -> None:
        server = {self.server_pid, *descendants(self.server_pid)}
        self.peak_rss_mib = max(self.peak_rss_mib, rss_mib(list(server)))
        # Everything else this benchmark started: Playwright's driver and the Chromiums.
        for pid in descendants(os.getpid()):
            ticks = cpu_ticks(pid)
            if ticks is not None:
                (self.server_ticks if pid in server else self.browser_ticks)[pid] = ticks

    def cpu_seconds(self, since: Usage) -> tuple[float, float]:
        """Return the server's and the browsers' CPU seconds used after the sample `since`."""
        hertz = os.sysconf("SC_CLK_TCK")

        def used(now: dict[int, int], then: dict[int, int]) -> float:
            return sum(ticks - then.get(pid, 0) for pid, ticks in now.items()) / hertz

        return (
            used(self.server_ticks, since.server_ticks),
            used(self.browser_ticks, since.browser_ticks),
        )


def cpu_ticks(pid: int) -> int | None:
    """Return the user and system CPU ticks `pid` has used, or None when it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return None
    return int(fields[11]) + int(fields[12])


async def sample_usage(usage: Usage, stop: asyncio.Event) -> None:
    while not stop.is_set():
        usage.sample()
        await asyncio.sleep(0.5)


async def run_tablets(
    base: str, pid: int, visits: list[Visit], rounds: int, work: Path
) -> tuple[list[Tap], Usage, Usage]:
    """Drive the tablets; return their taps, and the usage before the timed walk and after."""
    taps: list[Tap] = []
    usage, at_start = Usage(pid), Usage(pid)
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_usage(usage, stop))
    try:
        await drive(base, visits, rounds, taps, work, at_start)
    finally:
        stop.set()
        await sampler
    usage.sample()
    return taps, at_start, usage


def start_server(work: Path, port: int) -> subprocess.Popen[bytes]:
    """Start `streamlit run app.py`, noting each run's server time (bench/server_timing.py)."""
    env = {
        **os.environ,
        "VIGREVIEW_DATA": str(work / "data"),
        "VIGREVIEW_DEMO": "0",
        "VIG_BENCH_SERVER_TIMES": str(server_times_file(work)),
    }
    with (work / "server.log").open("wb") as log:
        return subprocess.Popen(
            [
                sys.executable, "-m", "bench.server_timing", "run", str(ROOT / "app.py"),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip


def put_tablets_below_server(server_pid: int, niceness: int) -> None:
    """Run this process, and all it starts from now on (the tablets), `niceness` below the server.

    Linux shares the CPU between sessions ("autogroups") first and only then by niceness
    within each; the server runs in a session of its own, so its session's niceness is set to
    -`niceness` as well (allowed for root; elsewhere niceness alone orders them).
    """
    os.nice(niceness)
    with contextlib.suppress(OSError):
        Path(f"/proc/{server_pid}/autogroup").write_text(str(-niceness), encoding="ascii")


def server_times_file(work: Path) -> Path:
    """Return the file the server appends each run's time to (ms, one a line)."""
    return work / "server-times.txt"


def read_server_times(work: Path) -> list[tuple[float, str]]:
    """Return each run's server time (ms) and page name, as bench/server_timing.py noted them."""
    lines = server_times_file(work).read_text(encoding="utf-8").splitlines()
    return [(float(ms), page) for ms, page in (line.split(" ", 1) for line in lines)]


def stop_server(server: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tablets", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--nice", type=int, default=19, help="the tablets' niceness (0: the server's priority)"
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder and log")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vig-bench-load-"))
    visits = prepare_data(work / "data", args.tablets + 2)
    port = find_free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(work, port)
    try:
        wait_until_healthy(base, server)
        # In a centre the tablets are other machines; here their browsers share the server's
        # two cores. Below it, they take the CPU the server leaves, as separate tablets would.
        put_tablets_below_server(server.pid, args.nice)
        taps, at_start, usage = asyncio.run(
            run_tablets(base, server.pid, visits, args.rounds, work)
        )
        check_words_saved(work / "data", visits[2:])
        server_times = read_server_times(work)
    except BenchFailure as failure:
        print("(--keep keeps the server's log and screenshots)" if not args.keep else "")
        raise SystemExit(f"load: FAILED: {failure}") from None
    finally:
        stop_server(server)
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    if len(taps) < 2:
        raise SystemExit(f"load: FAILED: too few taps timed ({len(taps)})")
    print_taps_by_kind(taps)
    print_server_times_by_page(server_times)
    server_cpu_s, browsers_cpu_s = usage.cpu_seconds(since=at_start)
    print(
        f"load: tablets={args.tablets} tap_p50_ms={statistics.median(tap.ms for tap in taps):.0f} "
        f"tap_p95_ms={p95(tap.ms for tap in taps):.0f} "
        f"server_rss_mib={usage.peak_rss_mib:.0f} "
        f"server_p50_ms={statistics.median(ms for ms, _ in server_times):.0f} "
        f"server_p95_ms={p95(ms for ms, _ in server_times):.0f} "
        f"server_cpu_s={server_cpu_s:.0f} browsers_cpu_s={browsers_cpu_s:.0f} nice={args.nice}"
    )


def p95(times: Iterable[float]) -> float:
    """Return the 95th percentile of `times`."""
    return statistics.quantiles(list(times), n=20)[18]


def print_taps_by_kind(taps: list[Tap]) -> None:
    """Print each kind of tap's count, median times (until its request was sent, its run's end
    reached the tablet, the page was drawn) and slowest, slowest kind first."""
    kinds: dict[str, list[Tap]] = {}
    for tap in taps:
        what = tap.what.split(" on screen ")[0]
        if what.startswith("tapping button open_fam-"):  # each tablet opens its own family
            what = "tapping a family's Open"
        kinds.setdefault(f"{tap.role}: {what}", []).append(tap)
    print(f"{len(taps)} taps timed (count; median ms until sent, answered, drawn; slowest drawn):")
    for kind, some in sorted(kinds.items(), key=lambda item: -max(t.ms for t in item[1])):
        answered = statistics.median(t.answered_ms for t in some)
        sent = statistics.median(t.sent_ms for t in some)
        drawn = statistics.median(t.ms for t in some)
        slowest = max(t.ms for t in some)
        print(
            f"  {kind:42s} {len(some):4d} {sent:7.0f} {answered:7.0f} {drawn:7.0f} {slowest:7.0f}"
        )


def print_server_times_by_page(server_times: list[tuple[float, str]]) -> None:
    """Print each page's count of runs, median and slowest server time, slowest page first."""
    pages: dict[str, list[float]] = {}
    for ms, page in server_times:
        pages.setdefault(page, []).append(ms)
    print(f"{len(server_times)} runs timed in the server (count, median ms, slowest ms):")
    for page, times in sorted(pages.items(), key=lambda item: -max(item[1])):
        print(f"  {page:42s} {len(times):4d} {statistics.median(times):7.0f} {max(times):7.0f}")


if __name__ == "__main__":
    main()
