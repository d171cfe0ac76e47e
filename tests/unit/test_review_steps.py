"""The screens of a review and the rules for what the parent sees (working points above all)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from tests.review_family import review_cycle
from vigreview.models import Family, MomentPrompts, NextStep, SharedReview
from vigreview.review_steps import (
    StepKind,
    build_review_steps,
    clamp_position,
    earlier_next_steps,
    is_first_review,
    may_show_working_points,
    moments_for_parent,
    next_steps_of,
    prompt_cards,
    shows_working_points,
)

STARTED = SharedReview(started_at=datetime(2026, 1, 6, 10, 0))
WANTS_WORKING_POINTS = SharedReview(show_working_points=True)


def _family(*cycles: object, next_steps: tuple[NextStep, ...] = ()) -> Family:
    return Family(
        id="fam-steps",
        pseudonym="Jade",
        baby_name="Noor",
        lead_guider="Ann",
        opened_on=date(2026, 1, 1),
        cycles=cycles,  # type: ignore[arg-type]
        next_steps=next_steps,
    )


def test_a_first_review_never_shows_working_points_even_when_switched_on() -> None:
    first = review_cycle(1, WANTS_WORKING_POINTS)
    family = _family(first)
    assert is_first_review(family, first)
    assert not may_show_working_points(family, first)
    assert not shows_working_points(family, first)
    assert [m.id for m in moments_for_parent(family, first)] == ["m-smile", "m-book", "m-wait"]


def test_a_later_review_shows_working_points_only_when_switched_on() -> None:
    off = review_cycle(2, SharedReview())
    on = review_cycle(2, WANTS_WORKING_POINTS)
    for second, expected in ((off, False), (on, True)):
        family = _family(review_cycle(1, STARTED), second)
        assert may_show_working_points(family, second)
        assert shows_working_points(family, second) is expected
        ids = [m.id for m in moments_for_parent(family, second)]
        assert ("m-working" in ids) is expected
        assert "m-hidden" not in ids


def test_an_earlier_cycle_that_was_never_reviewed_keeps_it_a_first_review() -> None:
    second = review_cycle(2, WANTS_WORKING_POINTS)
    family = _family(review_cycle(1, None), second)
    assert is_first_review(family, second)
    assert not shows_working_points(family, second)


def test_moments_the_guider_kept_back_are_never_shown() -> None:
    family = _family(review_cycle(1))
    assert all(m.show_to_parent for m in moments_for_parent(family, family.cycles[0]))


def test_moments_follow_the_guiders_order() -> None:
    cycle = review_cycle(1)
    moments = tuple(replace(m, order=-i) for i, m in enumerate(cycle.moments))
    cycle = replace(cycle, moments=moments)
    assert [m.id for m in moments_for_parent(_family(cycle), cycle)] == [
        "m-wait",
        "m-book",
        "m-smile",
    ]


def test_the_steps_walk_from_question_to_thanks() -> None:
    cycle = review_cycle(1, SharedReview())
    steps = build_review_steps(_family(cycle), cycle)
    kinds = [s.kind for s in steps]
    assert kinds[:3] == [StepKind.QUESTION, StepKind.RATING_START, StepKind.MOMENT]
    assert kinds[-4:] == [
        StepKind.STRENGTHS,
        StepKind.RATING_END,
        StepKind.NEXT_STEPS,
        StepKind.THANKS,
    ]
    # One screen per moment: the film, with its prompts one card at a time beside it.
    smile = [s for s in steps if s.moment_id == "m-smile"]
    assert [s.kind for s in smile] == [StepKind.MOMENT]
    assert {(s.moment_number, s.moment_count) for s in smile} == {(1, 3)}
    assert [s.moment_id for s in steps if s.kind == StepKind.MOMENT] == [
        "m-smile",
        "m-book",
        "m-wait",
    ]


def test_a_three_moment_review_is_at_most_ten_screens_even_from_the_second_cycle() -> None:
    step = NextStep("s1", "Wait for her to look at me", 1, date(2026, 1, 6))
    cycle_two = review_cycle(2)
    family = _family(review_cycle(1, STARTED), cycle_two, next_steps=(step,))
    steps = build_review_steps(family, cycle_two)
    assert len([s for s in steps if s.kind == StepKind.MOMENT]) == 3
    assert len(steps) <= 10
    assert StepKind.LAST_STEPS in [s.kind for s in steps]


def test_the_lead_up_question_is_a_card_only_when_there_is_a_lead_up() -> None:
    smile, _book, wait = review_cycle(1).moments[:3]
    assert [p.id for p in prompt_cards(smile, None)] == [
        "see.notice",
        "see.just_before",
        "see.you_did",
        "feel.baby_feeling",
        "next.more_of",
    ]
    # A moment at the very start of the film has no lead-up to replay.
    assert "see.just_before" not in [p.id for p in prompt_cards(wait, None)]


def test_the_guiders_prompt_choice_shapes_the_steps() -> None:
    review = SharedReview(prompt_choices=(MomentPrompts("m-book", ("think.helped",)),))
    cycle = review_cycle(1, review)
    steps = build_review_steps(_family(cycle), cycle)
    book = next(m for m in cycle.moments if m.id == "m-book")
    assert [s.moment_id for s in steps if s.kind == StepKind.MOMENT][1] == "m-book"
    chosen = review.chosen_prompt_ids("m-book")
    assert [p.id for p in prompt_cards(book, chosen)] == ["think.helped", "see.just_before"]


def test_earlier_next_steps_are_looked_back_on_from_the_second_cycle() -> None:
    step = NextStep("s1", "Wait for her to look at me", 1, date(2026, 1, 6))
    cycle_two = review_cycle(2)
    family = _family(review_cycle(1, STARTED), cycle_two, next_steps=(step,))
    assert earlier_next_steps(family, cycle_two) == (step,)
    assert next_steps_of(family, cycle_two) == ()
    assert build_review_steps(family, cycle_two)[1].kind == StepKind.LAST_STEPS
    cycle_one = family.cycles[0]
    assert StepKind.LAST_STEPS not in [s.kind for s in build_review_steps(family, cycle_one)]


def test_positions_are_kept_within_the_steps() -> None:
    cycle = review_cycle(1)
    steps = build_review_steps(_family(cycle), cycle)
    assert clamp_position(-3, steps) == 0
    assert clamp_position(999, steps) == len(steps) - 1
    assert clamp_position(2, steps) == 2
