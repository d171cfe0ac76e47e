"""Saving a shared review as it happens: position, ratings, the parent's words, guider notes.

Every change is one locked read-modify-write of the family (`change_family`), so a review
typed on two tablets at once loses nothing, and a reload or a dropped connection loses at
most what was being typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from enum import StrEnum

from vigreview.caseload import change_family
from vigreview.cycles import get_cycle, replace_cycle
from vigreview.models import Cycle, Family, Moment, MomentPrompts, Reflection, SharedReview
from vigreview.moments import find_moment
from vigreview.review_steps import may_show_working_points
from vigreview.storage import Store

RATING_MIN, RATING_MAX = 0, 10
# "Speaking for the baby" is one short line: it must fit a speech bubble on a still.
BABY_VOICE_MAX_CHARS = 90
# What the guider and parent write together about the strengths seen in a review.
MAX_STRENGTHS_LENGTH = 3000


class RatingWhen(StrEnum):
    """Whether a rating was given at the start or at the end of the review."""

    START = "start"
    END = "end"


def _change_cycle(
    store: Store, family_id: str, cycle_number: int, change: Callable[[Family, Cycle], Cycle]
) -> Family:
    def apply(family: Family) -> Family:
        return replace_cycle(family, change(family, get_cycle(family, cycle_number)))

    return change_family(store, family_id, apply)


def _change_review(
    store: Store, family_id: str, cycle_number: int, change: Callable[[SharedReview], SharedReview]
) -> Family:
    def apply(_family: Family, cycle: Cycle) -> Cycle:
        return replace(cycle, review=change(cycle.review or SharedReview()))

    return _change_cycle(store, family_id, cycle_number, apply)


def _change_moment(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    change: Callable[[Moment], Moment],
) -> Family:
    def apply(_family: Family, cycle: Cycle) -> Cycle:
        find_moment(cycle, moment_id)  # a plain StorageError if it was deleted meanwhile
        moments = tuple(change(m) if m.id == moment_id else m for m in cycle.moments)
        return replace(cycle, moments=moments)

    return _change_cycle(store, family_id, cycle_number, apply)


def start_review(store: Store, family_id: str, cycle_number: int, now: datetime) -> Family:
    """Mark the cycle's review as started (once); an already started review is resumed."""
    return _change_review(
        store,
        family_id,
        cycle_number,
        lambda r: r if r.started_at else replace(r, started_at=now),
    )


def finish_review(store: Store, family_id: str, cycle_number: int, now: datetime) -> Family:
    """Mark the cycle's review as finished (the first time the last screen is reached)."""
    return _change_review(
        store,
        family_id,
        cycle_number,
        lambda r: r if r.finished_at else replace(r, finished_at=now),
    )


def move_to(
    store: Store, family_id: str, cycle_number: int, position: int, now: datetime
) -> Family:
    """Save which screen the review is on, so it can be resumed there on any device.

    Moving through the review starts it, if nothing had started it yet.
    """

    def apply(review: SharedReview) -> SharedReview:
        return replace(review, position=max(position, 0), started_at=review.started_at or now)

    return _change_review(store, family_id, cycle_number, apply)


def rate(store: Store, family_id: str, cycle_number: int, when: RatingWhen, value: int) -> Family:
    """Save how close (0-10) the parent feels to their helping question, at start or end."""
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(f"A rating is from {RATING_MIN} to {RATING_MAX}, not {value}.")

    def apply(review: SharedReview) -> SharedReview:
        if when == RatingWhen.START:
            return replace(review, rating_start=value)
        return replace(review, rating_end=value)

    return _change_review(store, family_id, cycle_number, apply)


def write_strengths_summary(store: Store, family_id: str, cycle_number: int, text: str) -> Family:
    """Save the words about the strengths seen in this review (shown to the parent)."""
    return _change_review(
        store, family_id, cycle_number, lambda r: replace(r, strengths_summary=text)
    )


def write_how_it_went(store: Store, family_id: str, cycle_number: int, text: str) -> Family:
    """Save the guider's notes on how the review went, for supervision (guider only)."""
    return _change_review(store, family_id, cycle_number, lambda r: replace(r, how_it_went=text))


def choose_working_points(store: Store, family_id: str, cycle_number: int, show: bool) -> Family:
    """Switch working points on or off for this review; never on in a first review."""

    def apply(family: Family, cycle: Cycle) -> Cycle:
        allowed = show and may_show_working_points(family, cycle)
        review = cycle.review or SharedReview()
        return replace(cycle, review=replace(review, show_working_points=allowed))

    return _change_cycle(store, family_id, cycle_number, apply)


def choose_prompts(
    store: Store, family_id: str, cycle_number: int, moment_id: str, prompt_ids: Iterable[str]
) -> Family:
    """Save the prompts the guider chose for a moment; an empty choice means the defaults."""
    chosen = tuple(dict.fromkeys(prompt_ids))

    def apply(review: SharedReview) -> SharedReview:
        others = tuple(c for c in review.prompt_choices if c.moment_id != moment_id)
        mine = (MomentPrompts(moment_id, chosen),) if chosen else ()
        return replace(review, prompt_choices=others + mine)

    return _change_review(store, family_id, cycle_number, apply)


def write_words(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    prompt_id: str,
    prompt: str,
    words: str,
    now: datetime,
) -> Family:
    """Save the parent's own words in answer to a prompt about a moment, as it was asked."""

    def apply(moment: Moment) -> Moment:
        found = next((r for r in moment.reflections if r.prompt_id == prompt_id), None)
        if found is None:
            added = Reflection(prompt_id=prompt_id, prompt=prompt, words=words, written_at=now)
            return replace(moment, reflections=(*moment.reflections, added))
        changed = replace(found, prompt=prompt, words=words, written_at=now)
        reflections = tuple(changed if r is found else r for r in moment.reflections)
        return replace(moment, reflections=reflections)

    return _change_moment(store, family_id, cycle_number, moment_id, apply)


def keep_words(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    prompt_id: str,
    starred: bool,
) -> Family:
    """Star (or unstar) the parent's words to a prompt as "words to keep"."""

    def apply(moment: Moment) -> Moment:
        reflections = tuple(
            replace(r, starred=starred) if r.prompt_id == prompt_id else r
            for r in moment.reflections
        )
        return replace(moment, reflections=reflections)

    return _change_moment(store, family_id, cycle_number, moment_id, apply)


def write_guider_notes(
    store: Store, family_id: str, cycle_number: int, moment_id: str, text: str
) -> Family:
    """Save the guider-only notes on a moment (never shown in the parent view)."""
    return _change_moment(
        store, family_id, cycle_number, moment_id, lambda m: replace(m, guider_notes=text)
    )


def check_baby_voice(text: str) -> str | None:
    """Return what is wrong with a line in the baby's voice, or None when it is fine."""
    line = text.strip()
    if "\n" in line:
        return "Please keep the baby's words to one line."
    if len(line) > BABY_VOICE_MAX_CHARS:
        return (
            f"Please keep the baby's words short: at most {BABY_VOICE_MAX_CHARS} characters "
            f"(this one has {len(line)})."
        )
    return None


def write_baby_voice(
    store: Store, family_id: str, cycle_number: int, moment_id: str, text: str
) -> Family:
    """Save the guider's line in the baby's voice for a moment (empty removes it).

    Raises ValueError when the line is too long or not one line (see `check_baby_voice`).
    """
    problem = check_baby_voice(text)
    if problem:
        raise ValueError(problem)
    return _change_moment(
        store, family_id, cycle_number, moment_id, lambda m: replace(m, baby_voice=text.strip())
    )


def words_to_keep(cycle: Cycle) -> tuple[tuple[Moment, Reflection], ...]:
    """Return every starred answer in the cycle, with its moment, in moment order."""
    moments = sorted(cycle.moments, key=lambda m: (m.order, m.start_s))
    return tuple((m, r) for m in moments for r in m.reflections if r.starred and r.words.strip())


def find_reflection(moment: Moment, prompt_id: str) -> Reflection | None:
    """Return the parent's answer to `prompt_id` about `moment`, if one was written."""
    return next((r for r in moment.reflections if r.prompt_id == prompt_id), None)
