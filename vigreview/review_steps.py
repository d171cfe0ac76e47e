"""The screens of a shared review, one thing each, and which moments the parent sees.

A review walks: the helping question -> how the last next steps went (from the second
cycle on) -> a first rating -> one screen for each moment shown to the parent (the film, with
its lead-up a tap away, and its prompts one card at a time beside it) -> the strengths seen ->
a last rating -> next steps -> thank you. So a review of three moments is at most ten screens.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from vigreview.models import Cycle, Family, Moment, MomentKind, NextStep
from vigreview.moments import moments_in_order
from vigreview.prompts import JUST_BEFORE_PROMPT_ID, Prompt, find_prompt, select_prompts


class StepKind(StrEnum):
    """What one screen of the review is for."""

    QUESTION = "question"
    LAST_STEPS = "last_steps"
    RATING_START = "rating_start"
    MOMENT = "moment"
    STRENGTHS = "strengths"
    RATING_END = "rating_end"
    NEXT_STEPS = "next_steps"
    THANKS = "thanks"


@dataclass(frozen=True)
class ReviewStep:
    """One screen of a review; moment screens say which moment (1-based) of how many."""

    kind: StepKind
    moment_id: str = ""
    moment_number: int = 0
    moment_count: int = 0


def is_first_review(family: Family, cycle: Cycle) -> bool:
    """Return True when no earlier cycle of the family has had a shared review yet."""
    return not any(
        c.number < cycle.number and c.review is not None and c.review.started_at is not None
        for c in family.cycles
    )


def may_show_working_points(family: Family, cycle: Cycle) -> bool:
    """Return True when working points may be offered: never in a family's first review."""
    return not is_first_review(family, cycle)


def shows_working_points(family: Family, cycle: Cycle) -> bool:
    """Return True when this review shows working points: the guider chose to, and may."""
    chosen = cycle.review is not None and cycle.review.show_working_points
    return chosen and may_show_working_points(family, cycle)


def moments_for_parent(family: Family, cycle: Cycle) -> tuple[Moment, ...]:
    """Return the moments shown to the parent in this cycle's review, in the guider's order.

    Only moments marked to show; working points only when `shows_working_points`.
    """
    with_working_points = shows_working_points(family, cycle)
    return tuple(
        m
        for m in moments_in_order(cycle)
        if m.show_to_parent and (m.kind == MomentKind.GOOD or with_working_points)
    )


def has_lead_up(moment: Moment) -> bool:
    """Return True when there is film before the moment to replay."""
    return moment.lead_up_s > 0 and moment.start_s > 0


def prompt_cards(moment: Moment, chosen_ids: Iterable[str] | None) -> tuple[Prompt, ...]:
    """Return the questions asked about `moment`, one card at a time, in order.

    The guider's choice (or the defaults), with "What happened just before this?" second
    when the moment has a lead-up to replay: first what is seen, then what brought it about.
    """
    prompts = list(select_prompts(moment, chosen_ids))
    just_before = find_prompt(JUST_BEFORE_PROMPT_ID)
    if just_before is not None and has_lead_up(moment):
        prompts.insert(min(1, len(prompts)), just_before)
    return tuple(prompts)


def earlier_next_steps(family: Family, cycle: Cycle) -> tuple[NextStep, ...]:
    """Return the next steps agreed in earlier cycles, to look back on at the start."""
    return tuple(s for s in family.next_steps if s.agreed_in_cycle < cycle.number)


def next_steps_of(family: Family, cycle: Cycle) -> tuple[NextStep, ...]:
    """Return the next steps agreed in this cycle."""
    return tuple(s for s in family.next_steps if s.agreed_in_cycle == cycle.number)


def build_review_steps(family: Family, cycle: Cycle) -> tuple[ReviewStep, ...]:
    """Return every screen of this cycle's review in order."""
    steps = [ReviewStep(StepKind.QUESTION)]
    if earlier_next_steps(family, cycle):
        steps.append(ReviewStep(StepKind.LAST_STEPS))
    steps.append(ReviewStep(StepKind.RATING_START))
    moments = moments_for_parent(family, cycle)
    count = len(moments)
    steps.extend(
        ReviewStep(StepKind.MOMENT, moment.id, number, count)
        for number, moment in enumerate(moments, start=1)
    )
    steps.extend(
        ReviewStep(kind)
        for kind in (StepKind.STRENGTHS, StepKind.RATING_END, StepKind.NEXT_STEPS, StepKind.THANKS)
    )
    return tuple(steps)


def clamp_position(position: int, steps: tuple[ReviewStep, ...]) -> int:
    """Return `position` kept within the review's screens (they change if moments change)."""
    return min(max(position, 0), len(steps) - 1)
