"""A made-up caseload for a first run, so a newcomer sees the whole flow.

Every name here is invented; no real family is ever part of the demo.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from vigreview.caseload import close_case, record_consent
from vigreview.codec import family_to_doc
from vigreview.cycles import add_cycle, make_film_record, new_film_file_name, record_film
from vigreview.demo.guider import DEMO_GUIDER
from vigreview.demo.history import add_demo_history
from vigreview.media import make_demo_film, nearest_frame_time
from vigreview.models import Activity, ConsentPurpose, Family, MomentKind
from vigreview.moments import MomentDraft, add_moment
from vigreview.storage import Store

DEMO_FILM_SECONDS = 40.0
# How much of making the demo (0..1) is drawing its film: nearly all the time it takes.
_FILM_SHARE = 0.85

# Hears how far making the demo has got (0..1) and what it is doing, in a few words.
ProgressListener = Callable[[float, str], None]

# (title, start, end, kind, principles, key still at) for the demo film's moments.
_DEMO_MOMENTS = (
    (
        "Noor looks up and Jade smiles back",
        2.0,
        12.0,
        MomentKind.GOOD,
        ("attentive.looking_interested", "receiving.smiling", "receiving.returning_eye_contact"),
        6.0,
    ),
    (
        "Taking turns: Noor moves, Jade waits, then answers",
        14.0,
        26.0,
        MomentKind.GOOD,
        ("encouraging.waiting", "developing.short_turns", "developing.responding"),
        20.0,
    ),
    (
        "Having fun together",
        28.0,
        39.0,
        MomentKind.GOOD,
        ("developing.fun", "receiving.repeating"),
        32.0,
    ),
    (
        "A moment to wonder about together, later on",
        34.0,
        39.5,
        MomentKind.WORKING_POINT,
        ("attentive.wondering",),
        36.0,
    ),
)


def _ignore_progress(fraction: float, step: str) -> None:
    """Hear progress and do nothing with it (when nobody is watching)."""


def seed_demo_caseload(
    store: Store, today: date, on_progress: ProgressListener = _ignore_progress
) -> list[str]:
    """Create three invented families (two open, one closed) and return their ids.

    The film is drawn before anything is saved, so the data folder is written only in the
    last moments: stopping part-way while drawing leaves the folder as it was.
    """
    film_step = "drawing the demo film"
    on_progress(0.0, film_step)
    _DEMO_FILM.get(lambda drawn: on_progress(_FILM_SHARE * drawn, film_step))
    on_progress(_FILM_SHARE, "adding the families")
    families = [
        Family(
            id="demo-jade-noor",
            pseudonym="Jade (demo)",
            baby_name="Noor",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=42),
            baby_birth_date=today - timedelta(days=160),
            referred_by="Health visitor",
            notes="Invented family for trying the app.",
        ),
        Family(
            id="demo-sam-alfie",
            pseudonym="Sam (demo)",
            baby_name="Alfie",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=14),
            baby_age_months=9,
            referred_by="GP",
        ),
        Family(
            id="demo-priya-leo",
            pseudonym="Priya (demo)",
            baby_name="Leo",
            lead_guider=DEMO_GUIDER,
            opened_on=today - timedelta(days=150),
            baby_age_months=11,
            referred_by="Midwife",
        ),
    ]
    for family in families:
        store.create_family(family_to_doc(family))
    all_purposes = list(ConsentPurpose)
    review_only = [ConsentPurpose.FILMING, ConsentPurpose.SHARED_REVIEW]
    record_consent(store, families[0].id, all_purposes, "Jade", families[0].opened_on, DEMO_GUIDER)
    record_consent(store, families[1].id, review_only, "Sam", families[1].opened_on, DEMO_GUIDER)
    record_consent(store, families[2].id, review_only, "Priya", families[2].opened_on, DEMO_GUIDER)
    close_case(store, families[2].id, today - timedelta(days=20))
    on_progress(_FILM_SHARE + 0.05, "marking moments")
    add_demo_film_and_moments(store, families[0].id, families[0].opened_on + timedelta(days=7))
    on_progress(_FILM_SHARE + 0.1, "adding three cycles of history")
    add_demo_history(store, families[0].id, today)
    on_progress(1.0, "ready")
    return [f.id for f in families]


class _DemoFilmOnce:
    """The drawn demo film, made once per process (under a lock) and copied after."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._path: Path | None = None

    def get(self, on_progress: Callable[[float], None] | None = None) -> Path:
        """Return the drawn film's path, drawing it first if this process has not yet."""
        with self._lock:
            if self._path is None or not self._path.is_file():
                path = Path(tempfile.mkdtemp(prefix="vigreview-demo-")) / "demo.mp4"
                make_demo_film(path, seconds=DEMO_FILM_SECONDS, on_progress=on_progress)
                self._path = path
            return self._path


_DEMO_FILM = _DemoFilmOnce()


def add_demo_film_and_moments(store: Store, family_id: str, filmed_on: date) -> None:
    """Give a demo family a first cycle: a drawn film (no real people) and marked moments."""
    cycle = add_cycle(store, family_id, Activity.PLAY, filmed_on)
    film_path = store.media_dir(family_id) / new_film_file_name()
    shutil.copyfile(_DEMO_FILM.get(), film_path)
    film = make_film_record(
        film_path.name, "demo-play.mp4", DEMO_FILM_SECONDS, 640, 360, kept_original=False
    )
    record_film(store, family_id, cycle.number, film, filmed_on)
    for title, start, end, kind, principles, still_at in _DEMO_MOMENTS:
        draft = MomentDraft(
            film_id=film.id,
            title=title,
            start_s=start,
            end_s=end,
            kind=kind,
            show_to_parent=kind == MomentKind.GOOD,
            principles=principles,
            key_still_times=(round(nearest_frame_time(film_path, still_at), 3),),
            guider_notes="Invented notes for the demo.",
        )
        add_moment(store, family_id, cycle.number, draft)
