"""Pages benchmark: server time of every guider page with 3 families and with 500 more.

Run by hand from the repository root:  python bench/pages.py [--families 500] [--keep]

Makes two data folders in a temp folder (nothing real): the demo's three families, and the
same three plus `--families` more made through the app's own functions (open and closed,
each with a cycle, a film, moments; every fourth with three reviewed cycles of history).
Each page is opened in Streamlit's AppTest, signed in, with the demo family chosen, run once
to warm up, then timed for 5 reruns; the median is the page's server time. Pages are timed
one folder after the other, page by page, so a busy spell on the shared cores weighs on
both alike. Target: every page under 150 ms with 500 families and at most 2x its time
with 3. Ends with exactly one summary line:

    pages: families=500 worst_page=<name> worst_ms=<x> worst_ratio=<y>
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from vigreview.caseload import add_family, close_case, open_store, record_consent  # noqa: E402
from vigreview.cycles import add_cycle, make_film_record, new_film_file_name, record_film  # noqa: E402
from vigreview.demo.families import seed_demo_caseload  # noqa: E402
from vigreview.demo.guider import DEMO_GUIDER  # noqa: E402
from vigreview.demo.history import add_demo_history  # noqa: E402
from vigreview.models import Activity, ConsentPurpose, MomentKind  # noqa: E402
from vigreview.moments import MomentDraft, add_moment  # noqa: E402
from vigreview.storage import Store  # noqa: E402
from vigreview.ui.navigation import CURRENT_FAMILY_KEY  # noqa: E402
from vigreview.ui.signed_in import DEMO_IDENTITY, IDENTITY_KEY  # noqa: E402
from vigreview.validation import FamilyDraft  # noqa: E402

APP_PATH = str(ROOT / "app.py")
PAGES = {
    "Families": "screens/families.py",
    "Family": "screens/family.py",
    "Cycles & films": "screens/films.py",
    "Moments": "screens/moments.py",
    "Helping question": "screens/helping_question.py",
    "Shared review": "screens/review.py",
    "Progress": "screens/progress.py",
    "Keepsake & exports": "screens/exports.py",
    "Caseload overview": "screens/overview.py",
    "Supervision pack": "screens/supervision_pack.py",
    "Data & settings": "screens/data.py",
}
RUNS = 5
DEMO_FAMILY = "demo-jade-noor"


def main() -> None:
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # AppTest's bare-mode warnings
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="vig-bench-pages-"))
    try:
        summary = run_benchmark(work, args.families)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print(summary)


def run_benchmark(work: Path, count: int) -> str:
    """Make both caseloads, time every page on each, and return the summary line."""
    today = date.today()
    small, large = work / "three", work / "many"
    seed_demo_caseload(open_store(small), today)
    started = time.perf_counter()
    store = open_store(large)
    seed_demo_caseload(store, today)
    make_families(store, count, today)
    print(f"made {count} more families in {time.perf_counter() - started:.0f} s")

    worst: tuple[float, str] = (0.0, "")
    worst_ratio = 0.0
    for name, page in PAGES.items():
        small_ms = time_page(small, page)
        large_ms = time_page(large, page)
        ratio = large_ms / max(small_ms, 0.001)
        print(
            f"{name:20s} 3: {small_ms:7.1f} ms   {count + 3}: {large_ms:7.1f} ms   {ratio:.2f}x",
            flush=True,
        )
        worst = max(worst, (large_ms, name))
        worst_ratio = max(worst_ratio, ratio)
    return (
        f"pages: families={count} worst_page={worst[1]} worst_ms={worst[0]:.0f} "
        f"worst_ratio={worst_ratio:.2f}"
    )


def make_families(store: Store, count: int, today: date, batch: int = 50) -> None:
    """Add `count` families like a centre's: half closed, all filmed, a quarter reviewed.

    Made in batches in small scratch folders, moved in, then indexed once: through the
    same functions, without rewriting a growing index a few thousand times over.
    """
    demo_film = next(store.media_dir(DEMO_FAMILY).glob("*.mp4"))
    for first in range(0, count, batch):
        scratch = store.data_dir.parent / f"making-{first}"
        make_batch(open_store(scratch), range(first, min(count, first + batch)), today, demo_film)
        for folder in (scratch / "families").iterdir():
            os.replace(folder, store.families_dir / folder.name)
        shutil.rmtree(scratch)
        print(f"  {min(count, first + batch)} families made", flush=True)
    store.rebuild_index()


def make_batch(store: Store, indices: range, today: date, demo_film: Path) -> None:
    """Add the families numbered `indices` to `store` (see make_families)."""
    for index in indices:
        opened = today - timedelta(days=30 + index % 400)
        family = add_family(
            store,
            FamilyDraft(
                pseudonym=f"Parent {index:03d}",
                baby_name=f"Baby {index:03d}",
                lead_guider=DEMO_GUIDER,
                opened_on=opened,
                baby_age_months=index % 24,
            ),
        )
        purposes = list(ConsentPurpose) if index % 3 else [ConsentPurpose.FILMING]
        record_consent(store, family.id, purposes, f"Parent {index}", opened, DEMO_GUIDER)
        filmed = opened + timedelta(days=7)
        cycle = add_cycle(store, family.id, Activity.PLAY, filmed)
        film_path = store.media_dir(family.id) / new_film_file_name()
        os.link(demo_film, film_path)  # the same small drawn film, without copying it
        film = make_film_record(film_path.name, "play.mp4", 40.0, 640, 360, kept_original=False)
        record_film(store, family.id, cycle.number, film, filmed)
        for start, kind in ((2.0, MomentKind.GOOD), (20.0, MomentKind.WORKING_POINT)):
            draft = MomentDraft(
                film_id=film.id,
                title=f"Moment at {start:.0f} s",
                start_s=start,
                end_s=start + 8.0,
                kind=kind,
                show_to_parent=kind == MomentKind.GOOD,
                principles=("attentive.looking_interested",),
                key_still_times=(start + 2.0,),
            )
            add_moment(store, family.id, cycle.number, draft)
        if index % 4 == 0:
            add_demo_history(store, family.id, today)
        if index % 2:
            close_case(store, family.id, today - timedelta(days=index % 120))


def time_page(data_dir: Path, page: str) -> float:
    """Return the median server time (ms) of RUNS warm reruns of `page` on `data_dir`."""
    os.environ["VIGREVIEW_DATA"] = str(data_dir)
    os.environ["VIGREVIEW_DEMO"] = "0"
    st.cache_resource.clear()
    at = AppTest.from_file(APP_PATH, default_timeout=120)
    at.session_state[IDENTITY_KEY] = DEMO_IDENTITY
    at.session_state[CURRENT_FAMILY_KEY] = DEMO_FAMILY
    at.run()
    at.switch_page(page).run()  # the first run fills caches: not timed
    if at.exception:
        raise RuntimeError(f"{page}: {at.exception}")
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        at.run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()
