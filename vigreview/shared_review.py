"""Saving a shared review as it happens: position, ratings, the parent's words, guider notes.

Every change is one locked read-modify-write of the family (`change_family`), so a review
typed on two tablets at once loses nothing (the parent's words typed on both are both kept),
and a reload or a dropped connection loses at most what was being typed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from vigreview.caseload import change_family
from vigreview.concurrent_edits import keep_both_words, merge_fields
from vigreview.cycles import get_cycle, replace_cycle
from vigreview.models import Cycle, Family, Moment, MomentPrompts, Reflection, SharedReview
from vigreview.moments import find_moment
from vigreview.review_steps import may_show_working_points
from vigreview.storage import Store

RATING_MIN, RATING_MAX = 0, 10
# "Speaking for the baby" is one short line: it must fit a speech bubble on a still.
BABY_VOICE_MAX_CHARS = 90
# The guider's text fields as a conflict between two tablets names them (Moment and
# SharedReview attributes).
GUIDER_NOTES_FIELD = "guider_notes"
BABY_VOICE_FIELD = "baby_voice"
HOW_IT_WENT_FIELD = "how_it_went"
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


def _write_text(
    store: Store,
    family_id: str,
    cycle_number: int,
    field: str,
    read: Callable[[Cycle], str],
    write: Callable[[Cycle, str], Cycle],
    text: str,
    base: str | None,
    keep_both: bool = False,
) -> Family:
    """Save one text field of a cycle; with `base` (what this tablet loaded), field by field.

    When another tablet changed the field since `base` to something else, nothing is saved
    and EditConflict holds both; or, with `keep_both`, both tablets' words are saved.
    """

    def apply(family: Family, cycle: Cycle) -> Cycle:
        value = text
        if base is not None and keep_both:
            value = keep_both_words(base, text, read(cycle))
        elif base is not None:
            theirs = {field: read(cycle)}
            value = merge_fields({field: base}, {field: text}, theirs, family.revision)[field]
        return write(cycle, value)

    return _change_cycle(store, family_id, cycle_number, apply)


def _review_of(cycle: Cycle) -> SharedReview:
    return cycle.review or SharedReview()


def write_strengths_summary(
    store: Store, family_id: str, cycle_number: int, text: str, base: str | None = None
) -> Family:
    """Save the words about the strengths seen in this review (shown to the parent).

    Written with the parent, like their own words: typed on two tablets, both are kept.
    """
    return _write_text(
        store,
        family_id,
        cycle_number,
        "strengths_summary",
        lambda c: _review_of(c).strengths_summary,
        lambda c, v: replace(c, review=replace(_review_of(c), strengths_summary=v)),
        text,
        base,
        keep_both=True,
    )


def write_how_it_went(
    store: Store, family_id: str, cycle_number: int, text: str, base: str | None = None
) -> Family:
    """Save the guider's notes on how the review went, for supervision (guider only)."""
    return _write_text(
        store,
        family_id,
        cycle_number,
        HOW_IT_WENT_FIELD,
        lambda c: _review_of(c).how_it_went,
        lambda c, v: replace(c, review=replace(_review_of(c), how_it_went=v)),
        text,
        base,
    )


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
    base_words: str | None = None,
) -> Family:
    """Save the parent's own words in answer to a prompt about a moment, as it was asked.

    `base_words` are the words this tablet last showed for the prompt. When another tablet
    changed them since, both tablets' words are kept (see keep_both_words), never replaced.
    """

    def apply(moment: Moment) -> Moment:
        found = next((r for r in moment.reflections if r.prompt_id == prompt_id), None)
        saved = words
        if base_words is not None:
            saved = keep_both_words(base_words, words, found.words if found else "")
        if found is None:
            added = Reflection(prompt_id=prompt_id, prompt=prompt, words=saved, written_at=now)
            return replace(moment, reflections=(*moment.reflections, added))
        changed = replace(found, prompt=prompt, words=saved, written_at=now)
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


def _write_moment_text(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    field: str,
    text: str,
    base: str | None,
) -> Family:
    # One text field of a moment (a Moment attribute named `field`), saved as _write_text does.
    def read(cycle: Cycle) -> str:
        return str(getattr(find_moment(cycle, moment_id), field))

    def write(cycle: Cycle, value: str) -> Cycle:
        changes: dict[str, Any] = {field: value}
        moments = tuple(replace(m, **changes) if m.id == moment_id else m for m in cycle.moments)
        return replace(cycle, moments=moments)

    return _write_text(store, family_id, cycle_number, field, read, write, text, base)


def write_guider_notes(
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    text: str,
    base: str | None = None,
) -> Family:
    """Save the guider-only notes on a moment (never shown in the parent view).

    With `base`, the notes this tablet loaded: EditConflict if another tablet changed them.
    """
    return _write_moment_text(
        store, family_id, cycle_number, moment_id, GUIDER_NOTES_FIELD, text, base
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
    store: Store,
    family_id: str,
    cycle_number: int,
    moment_id: str,
    text: str,
    base: str | None = None,
) -> Family:
    """Save the guider's line in the baby's voice for a moment (empty removes it).

    Raises ValueError when the line is too long or not one line (see `check_baby_voice`);
    with `base`, the line this tablet loaded, EditConflict if another tablet changed it.
    """
    problem = check_baby_voice(text)
    if problem:
        raise ValueError(problem)
    line = text.strip()
    return _write_moment_text(
        store, family_id, cycle_number, moment_id, BABY_VOICE_FIELD, line, base and base.strip()
    )


def words_to_keep(cycle: Cycle) -> tuple[tuple[Moment, Reflection], ...]:
    """Return every starred answer in the cycle, with its moment, in moment order."""
    moments = sorted(cycle.moments, key=lambda m: (m.order, m.start_s))
    return tuple((m, r) for m in moments for r in m.reflections if r.starred and r.words.strip())


def find_reflection(moment: Moment, prompt_id: str) -> Reflection | None:
    """Return the parent's answer to `prompt_id` about `moment`, if one was written."""
    return next((r for r in moment.reflections if r.prompt_id == prompt_id), None)
