"""Cycles and films: adding a cycle, recording an imported film, the filming-consent gate."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from vigreview.caseload import change_family
from vigreview.i18n import N_
from vigreview.models import Activity, ConsentPurpose, Cycle, Family, Film
from vigreview.storage import StorageError, Store

ACTIVITY_LABELS: dict[Activity, str] = {
    Activity.FEEDING: N_("Feeding"),
    Activity.PLAY: N_("Play with toys"),
    Activity.BOOK: N_("Sharing a book"),
    Activity.FOLLOWING_LEAD: N_("Following baby's lead"),
    Activity.OTHER: N_("Something else"),
}


class FilmingNotConsented(StorageError):
    """A film was about to be added without the parent's filming consent on record."""


def can_add_film(family: Family, on: date) -> bool:
    """Return True when the family's filming consent is on record and not withdrawn."""
    return family.has_consent(ConsentPurpose.FILMING, on)


def find_cycle(family: Family, number: int) -> Cycle | None:
    """Return the family's cycle with this number, if there is one."""
    return next((c for c in family.cycles if c.number == number), None)


def get_cycle(family: Family, number: int) -> Cycle:
    """Return the family's cycle with this number; StorageError in plain words if it's gone."""
    cycle = find_cycle(family, number)
    if cycle is None:
        raise StorageError(f"Cycle {number} was not found for this family.")
    return cycle


def replace_cycle(family: Family, cycle: Cycle) -> Family:
    """Return the family with its cycle of the same number replaced by `cycle`."""
    get_cycle(family, cycle.number)
    return replace(
        family, cycles=tuple(cycle if c.number == cycle.number else c for c in family.cycles)
    )


def change_cycle(
    store: Store, family_id: str, cycle_number: int, change: Callable[[Cycle], Cycle]
) -> Cycle:
    """Apply `change` to one of the family's cycles under the store's lock; return the result."""

    def apply(family: Family) -> Family:
        return replace_cycle(family, change(get_cycle(family, cycle_number)))

    return get_cycle(change_family(store, family_id, apply), cycle_number)


def add_cycle(store: Store, family_id: str, activity: Activity, filmed_on: date) -> Cycle:
    """Start the family's next cycle (1, 2, 3 ...) filming `activity` on `filmed_on`."""

    def add(family: Family) -> Family:
        number = max((c.number for c in family.cycles), default=0) + 1
        cycle = Cycle(number=number, activity=activity, filmed_on=filmed_on)
        return replace(family, cycles=(*family.cycles, cycle))

    family = change_family(store, family_id, add)
    return family.cycles[-1]


def new_film_file_name() -> str:
    """Return an unguessable file name for a normalised film in the family's media folder."""
    return f"film-{secrets.token_hex(8)}.mp4"


def record_film(store: Store, family_id: str, cycle_number: int, film: Film, on: date) -> Family:
    """Add an imported film to a cycle; refuses when filming consent is not on record."""

    def add(family: Family) -> Family:
        if not can_add_film(family, on):
            raise FilmingNotConsented(
                "This film was not saved: the parent's consent to filming is not on record. "
                "Please record consent on the family's page first."
            )
        cycle = get_cycle(family, cycle_number)
        return replace_cycle(family, replace(cycle, films=(*cycle.films, film)))

    return change_family(store, family_id, add)


def make_film_record(
    file_name: str,
    original_name: str,
    duration_s: float,
    width: int,
    height: int,
    kept_original: bool,
) -> Film:
    """Build the record of a film that was just imported."""
    return Film(
        id="film-" + secrets.token_hex(4),
        file_name=file_name,
        original_name=original_name,
        imported_at=datetime.now(),
        duration_s=duration_s,
        width=width,
        height=height,
        kept_original=kept_original,
    )
