"""A made-up caseload for a first run, so a newcomer sees the whole flow.

Every name here is invented; no real family is ever part of the demo.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from vigreview.caseload import close_case, record_consent
from vigreview.codec import family_to_doc
from vigreview.cycles import add_cycle, make_film_record, new_film_file_name, record_film
from vigreview.demo.history import add_demo_history
from vigreview.media import make_demo_film, nearest_frame_time
from vigreview.models import Activity, ConsentPurpose, Family, MomentKind
from vigreview.moments import MomentDraft, add_moment
from vigreview.storage import Store

DEMO_GUIDER = "Demo Guider"
DEMO_FILM_SECONDS = 40.0

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


def is_data_folder_empty(store: Store) -> bool:
    """Return True when no caseload has ever been saved in this data folder."""
    return not (store.data_dir / "caseload.json").exists() and not any(
        store.families_dir.glob("*/record.json")
    )


def seed_demo_caseload(store: Store, today: date) -> list[str]:
    """Create three invented families (two open, one closed) and return their ids."""
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
    add_demo_film_and_moments(store, families[0].id, families[0].opened_on + timedelta(days=7))
    add_demo_history(store, families[0].id, today)
    return [f.id for f in families]


@functools.lru_cache(maxsize=1)
def _generated_demo_film() -> Path:
    # Drawing the film takes a few seconds; make it once per process and copy it after.
    folder = Path(tempfile.mkdtemp(prefix="vigreview-demo-"))
    path = folder / "demo.mp4"
    make_demo_film(path, seconds=DEMO_FILM_SECONDS)
    return path


def add_demo_film_and_moments(store: Store, family_id: str, filmed_on: date) -> None:
    """Give a demo family a first cycle: a drawn film (no real people) and marked moments."""
    cycle = add_cycle(store, family_id, Activity.PLAY, filmed_on)
    film_path = store.media_dir(family_id) / new_film_file_name()
    shutil.copyfile(_generated_demo_film(), film_path)
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
