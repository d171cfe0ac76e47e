"""A family ready for a shared review, built straight through the models (no film pages).

Three good moments to show, one working point, one moment the guider kept back, each with
guider-only notes and principles. The film file is optional: tests that play video put a
small generated film at `film_path(store, family_id)`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

from tests.filmmaker import make_film
from vigreview.caseload import change_family
from vigreview.models import Activity, Cycle, Family, Film, Moment, MomentKind, SharedReview
from vigreview.storage import Store

FILM_ID = "film-test"
FILM_FILE = "film-test.mp4"
GUIDER_NOTE = "GUIDER-ONLY note: mum seemed low today"
HIDDEN_TITLE = "Kept back for supervision"


def film_path(store: Store, family_id: str) -> Path:
    """Return where the test cycle's film lives in the family's media folder."""
    return store.media_dir(family_id) / FILM_FILE


def put_test_film(store: Store, family_id: str) -> Path:
    """Write the cycle's small film (12 s, 160x120, H.264/AAC) where the review looks for it."""
    return make_film(film_path(store, family_id), width=160, height=120, seconds=12.0, fps=10)


def review_moments(film_id: str = FILM_ID) -> tuple[Moment, ...]:
    """Return three good moments, a working point and a moment not shown to the parent."""
    return (
        Moment(
            id="m-smile",
            film_id=film_id,
            title="Smiling together",
            start_s=4.0,
            end_s=6.0,
            lead_up_s=3.0,
            order=1,
            principles=("receiving.smiling", "attentive.enjoying"),
            key_still_times=(5.0,),
            guider_notes=GUIDER_NOTE,
        ),
        Moment(
            id="m-book",
            film_id=film_id,
            title="The book",
            start_s=7.0,
            end_s=9.0,
            lead_up_s=2.0,
            order=2,
            principles=("developing.short_turns",),
            guider_notes=GUIDER_NOTE,
        ),
        Moment(
            id="m-wait",
            film_id=film_id,
            title="Waiting for a turn",
            start_s=0.0,
            end_s=2.0,
            order=3,
            principles=("encouraging.waiting",),
            guider_notes=GUIDER_NOTE,
        ),
        Moment(
            id="m-working",
            film_id=film_id,
            title="Looking away",
            start_s=10.0,
            end_s=11.0,
            order=4,
            kind=MomentKind.WORKING_POINT,
            guider_notes=GUIDER_NOTE,
        ),
        Moment(
            id="m-hidden",
            film_id=film_id,
            title=HIDDEN_TITLE,
            start_s=1.0,
            end_s=2.0,
            order=5,
            show_to_parent=False,
            guider_notes=GUIDER_NOTE,
        ),
    )


def review_cycle(number: int = 1, review: SharedReview | None = None) -> Cycle:
    """Return a filmed cycle with the test film and its moments."""
    film = Film(
        id=FILM_ID,
        file_name=FILM_FILE,
        original_name="play.mp4",
        imported_at=datetime(2026, 1, 5, 10, 0),
        duration_s=12.0,
        width=160,
        height=120,
    )
    return Cycle(
        number=number,
        activity=Activity.PLAY,
        filmed_on=date(2026, 1, 5),
        films=(film,),
        moments=review_moments(),
        review=review,
    )


def add_review_cycle(store: Store, family_id: str, number: int = 1) -> Family:
    """Add a cycle ready for review to a stored family."""
    cycle = review_cycle(number)
    return change_family(store, family_id, lambda f: replace(f, cycles=(*f.cycles, cycle)))
