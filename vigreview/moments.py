"""Moments the guider chooses in a film: checking, adding, editing, ordering, deleting."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from vigreview.caseload import change_family
from vigreview.concurrent_edits import merge_fields
from vigreview.cycles import change_cycle, get_cycle, replace_cycle
from vigreview.models import DEFAULT_LEAD_UP_S, Cycle, Family, Moment, MomentKind
from vigreview.storage import StorageError, Store
from vigreview.timeline import format_clock

DEFAULT_MOMENT_S = 25.0
# "Mark this moment" at the playhead: the good moment is usually just seen, and the lead-up
# matters, so the moment starts a little before the tap and runs on after it.
BEFORE_PLAYHEAD_S = 10.0
MIN_MOMENT_S = 1.0
MAX_MOMENT_S = 120.0
MAX_LEAD_UP_S = 60.0
MAX_TITLE_LENGTH = 80
MAX_TAG_LENGTH = 40
# A player's last progress event can land a few hundredths past the film's real end.
_END_TOLERANCE_S = 0.05


@dataclass(frozen=True)
class MomentDraft:
    """What the guider set on the Moments page for one moment."""

    film_id: str
    title: str
    start_s: float
    end_s: float
    lead_up_s: float = DEFAULT_LEAD_UP_S
    kind: MomentKind = MomentKind.GOOD
    show_to_parent: bool = True
    principles: tuple[str, ...] = ()
    own_tags: tuple[str, ...] = ()
    key_still_times: tuple[float, ...] = ()
    guider_notes: str = ""


def default_end(start_s: float, film_duration_s: float) -> float:
    """Return where a moment marked at `start_s` ends by default: 25 s on, inside the film."""
    return round(min(start_s + DEFAULT_MOMENT_S, film_duration_s), 3)


def moment_around(playhead_s: float, film_duration_s: float) -> tuple[float, float]:
    """Return (start, end) of a DEFAULT_MOMENT_S moment marked with one tap at the playhead.

    It starts BEFORE_PLAYHEAD_S before the tap; near the film's start or end it is moved
    (never shortened, unless the film itself is shorter) so that it stays inside the film.
    """
    length = min(DEFAULT_MOMENT_S, film_duration_s)
    start = min(max(0.0, playhead_s - BEFORE_PLAYHEAD_S), film_duration_s - length)
    return round(max(0.0, start), 3), round(max(0.0, start) + length, 3)


def default_title(start_s: float) -> str:
    """Return the title a moment has until the guider gives it one, e.g. 'Moment at 1:23'."""
    return f"Moment at {format_clock(start_s)}"


def lead_up_start(moment: Moment) -> float:
    """Return where the replay of 'what happened just before' starts (never before 0 s)."""
    return max(0.0, moment.start_s - moment.lead_up_s)


def default_show_to_parent(kind: MomentKind) -> bool:
    """Working points are hidden from the parent unless the guider chooses otherwise."""
    return kind == MomentKind.GOOD


def validate_moment(draft: MomentDraft, film_duration_s: float) -> dict[str, str]:
    """Return a plain message per field that needs changing; empty when it can be saved."""
    errors: dict[str, str] = {}
    # No title yet is fine: the moment is saved as "Moment at m:ss" (see default_title).
    if len(draft.title.strip()) > MAX_TITLE_LENGTH:
        errors["title"] = f"Please keep the title to {MAX_TITLE_LENGTH} characters or fewer."
    if draft.start_s < 0 or draft.start_s >= film_duration_s:
        errors["start"] = (
            f"The start must be inside the film (0:00 to {format_clock(film_duration_s)})."
        )
    if draft.end_s > film_duration_s + _END_TOLERANCE_S:
        errors["end"] = f"The end is after the film finishes ({format_clock(film_duration_s)})."
    elif draft.end_s <= draft.start_s:
        errors["end"] = "The end must come after the start."
    elif draft.end_s - draft.start_s < MIN_MOMENT_S:
        errors["end"] = f"A moment needs to be at least {MIN_MOMENT_S:.0f} second long."
    elif draft.end_s - draft.start_s > MAX_MOMENT_S:
        errors["end"] = f"Moments work best short: please keep it under {MAX_MOMENT_S:.0f} seconds."
    if not 0 <= draft.lead_up_s <= MAX_LEAD_UP_S:
        errors["lead_up"] = f"The lead-up can be 0 to {MAX_LEAD_UP_S:.0f} seconds."
    if any(len(tag) > MAX_TAG_LENGTH for tag in draft.own_tags):
        errors["own_tags"] = f"Please keep each tag to {MAX_TAG_LENGTH} characters or fewer."
    return errors


def parse_own_tags(text: str) -> tuple[str, ...]:
    """Split comma-separated tags, dropping blanks and repeats, keeping the order typed."""
    seen: dict[str, None] = {}
    for part in text.split(","):
        tag = " ".join(part.split())
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


def moments_in_order(cycle: Cycle) -> list[Moment]:
    """Return the cycle's moments in the order they will be shown in the shared review."""
    return sorted(cycle.moments, key=lambda m: (m.order, m.start_s))


def _moment_from_draft(moment_id: str, order: int, draft: MomentDraft) -> Moment:
    return Moment(
        id=moment_id,
        film_id=draft.film_id,
        title=draft.title.strip() or default_title(draft.start_s),
        start_s=round(draft.start_s, 3),
        end_s=round(draft.end_s, 3),
        lead_up_s=draft.lead_up_s,
        kind=draft.kind,
        show_to_parent=draft.show_to_parent,
        principles=draft.principles,
        own_tags=draft.own_tags,
        order=order,
        key_still_times=tuple(sorted(set(draft.key_still_times))),
        guider_notes=draft.guider_notes,
    )


def find_moment(cycle: Cycle, moment_id: str) -> Moment:
    """Return the cycle's moment with this id; StorageError in plain words if it's gone."""
    for moment in cycle.moments:
        if moment.id == moment_id:
            return moment
    raise StorageError("That moment is no longer here; it may have been deleted on another tablet.")


def change_moment(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    change: Callable[[Moment], Moment],
) -> Moment:
    """Apply `change` to one moment under the store's lock and return the saved moment."""

    def apply(cycle: Cycle) -> Cycle:
        new = change(find_moment(cycle, moment_id))
        return replace(cycle, moments=tuple(new if m.id == moment_id else m for m in cycle.moments))

    return find_moment(change_cycle(store, family_id, cycle_number, apply), moment_id)


def add_moment(store: Store, family_id: str, cycle_number: int, draft: MomentDraft) -> Moment:
    """Add a moment at the end of the cycle's review order and return it."""
    moment_id = "mom-" + secrets.token_hex(4)

    def add(cycle: Cycle) -> Cycle:
        order = max((m.order for m in cycle.moments), default=-1) + 1
        moment = _moment_from_draft(moment_id, order, draft)
        return replace(cycle, moments=(*cycle.moments, moment))

    return find_moment(change_cycle(store, family_id, cycle_number, add), moment_id)


def draft_of(moment: Moment) -> MomentDraft:
    """Return what the guider set for a moment, as the Moments page's form holds it."""
    return MomentDraft(**{f.name: getattr(moment, f.name) for f in fields(MomentDraft)})


def _settled_fields(draft: MomentDraft) -> dict[str, Any]:
    # As it would be saved (title trimmed, times rounded), so a field compares by its value.
    return asdict(draft_of(_moment_from_draft("", 0, draft)))


def save_moment_changes(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    base: MomentDraft,
    mine: MomentDraft,
) -> Moment:
    """Save only the fields the guider changed from `base` (what the form loaded) to `mine`.

    Fields another tablet changed meanwhile are kept; one changed here and there differently
    raises EditConflict with both values, and nothing is saved.
    """
    before, after = _settled_fields(base), _settled_fields(mine)

    def edit(revision: int, old: Moment) -> Moment:
        merged = merge_fields(before, after, asdict(draft_of(old)), revision)
        # Only what the form holds: the order, the parent's words and the baby's line stay.
        return replace(old, **_settled_fields(MomentDraft(**merged)))

    return _change_moment_at_revision(store, family_id, cycle_number, moment_id, edit)


def _change_moment_at_revision(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    change: Callable[[int, Moment], Moment],
) -> Moment:
    def apply(family: Family) -> Family:
        cycle = get_cycle(family, cycle_number)
        new = change(family.revision, find_moment(cycle, moment_id))
        moments = tuple(new if m.id == moment_id else m for m in cycle.moments)
        return replace_cycle(family, replace(cycle, moments=moments))

    return find_moment(get_cycle(change_family(store, family_id, apply), cycle_number), moment_id)


def delete_moment(store: Store, family_id: str, cycle_number: int, moment_id: str) -> None:
    """Remove a moment (and the parent's words about it) from the cycle."""

    def delete(cycle: Cycle) -> Cycle:
        find_moment(cycle, moment_id)
        return replace(cycle, moments=tuple(m for m in cycle.moments if m.id != moment_id))

    change_cycle(store, family_id, cycle_number, delete)


def restore_moment(store: Store, family_id: str, cycle_number: int, moment: Moment) -> None:
    """Put a deleted moment back as it was (undo), in its old place in the review order."""

    def restore(cycle: Cycle) -> Cycle:
        if any(m.id == moment.id for m in cycle.moments):
            return cycle
        later = [
            replace(m, order=m.order + 1) if m.order >= moment.order else m for m in cycle.moments
        ]
        return replace(cycle, moments=(*later, moment))

    change_cycle(store, family_id, cycle_number, restore)


def move_moment(
    store: Store, family_id: str, cycle_number: int, moment_id: str, steps: int
) -> None:
    """Move a moment earlier (negative steps) or later in the review order."""

    def move(cycle: Cycle) -> Cycle:
        ordered = moments_in_order(cycle)
        index = ordered.index(find_moment(cycle, moment_id))
        target = max(0, min(len(ordered) - 1, index + steps))
        ordered.insert(target, ordered.pop(index))
        return replace(cycle, moments=tuple(replace(m, order=i) for i, m in enumerate(ordered)))

    change_cycle(store, family_id, cycle_number, move)


def toggle_key_still(
    store: Store, family_id: str, cycle_number: int, moment_id: str, time_s: float
) -> Moment:
    """Add the still at `time_s` to the moment's key stills, or remove it if already there."""

    def toggle(moment: Moment) -> Moment:
        times = set(moment.key_still_times) ^ {round(time_s, 3)}
        return replace(moment, key_still_times=tuple(sorted(times)))

    return change_moment(store, family_id, cycle_number, moment_id, toggle)
