"""Saving a review as it happens, against a real store in a temp folder."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tests.review_family import add_review_cycle
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.cycles import find_cycle
from vigreview.helping_question import check_helping_question, record_helping_question
from vigreview.models import Family, NextStepStatus
from vigreview.next_steps import (
    add_next_step,
    check_next_step,
    remove_next_step,
    set_next_step_status,
)
from vigreview.shared_review import (
    BABY_VOICE_MAX_CHARS,
    RatingWhen,
    check_baby_voice,
    choose_prompts,
    choose_working_points,
    finish_review,
    keep_words,
    move_to,
    rate,
    start_review,
    words_to_keep,
    write_baby_voice,
    write_guider_notes,
    write_how_it_went,
    write_strengths_summary,
    write_words,
)
from vigreview.storage import StorageError, Store

FID = "fam-review"
NOW = datetime(2026, 1, 6, 10, 30)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    family = Family(
        id=FID, pseudonym="Jade", baby_name="Noor", lead_guider="Ann", opened_on=date(2026, 1, 1)
    )
    store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    return store


def _review(store: Store, number: int = 1):  # type: ignore[no-untyped-def]
    cycle = find_cycle(load_family(open_store(store.data_dir), FID), number)
    assert cycle is not None
    return cycle


def test_starting_twice_keeps_the_first_start(store: Store) -> None:
    start_review(store, FID, 1, NOW)
    start_review(store, FID, 1, datetime(2026, 2, 1))
    move_to(store, FID, 1, 2, datetime(2026, 2, 2))
    assert _review(store).review.started_at == NOW


def test_moving_through_a_review_starts_it(store: Store) -> None:
    move_to(store, FID, 1, 1, NOW)
    move_to(store, FID, 1, 2, datetime(2026, 2, 1))
    assert (_review(store).review.started_at, _review(store).review.position) == (NOW, 2)


def test_position_ratings_and_notes_are_saved(store: Store) -> None:
    move_to(store, FID, 1, 7, NOW)
    rate(store, FID, 1, RatingWhen.START, 3)
    rate(store, FID, 1, RatingWhen.END, 8)
    write_strengths_summary(store, FID, 1, "You waited for Noor <b>every</b> time")
    write_how_it_went(store, FID, 1, "Jade relaxed after the first moment")
    finish_review(store, FID, 1, NOW)
    review = _review(store).review
    assert (review.position, review.rating_start, review.rating_end) == (7, 3, 8)
    assert review.strengths_summary == "You waited for Noor <b>every</b> time"
    assert review.how_it_went == "Jade relaxed after the first moment"
    assert review.finished_at == NOW


@pytest.mark.parametrize("value", [-1, 11])
def test_ratings_outside_0_to_10_are_refused(store: Store, value: int) -> None:
    with pytest.raises(ValueError):
        rate(store, FID, 1, RatingWhen.START, value)
    assert _review(store).review is None


def test_words_are_kept_with_the_moment_and_can_be_starred(store: Store) -> None:
    write_words(store, FID, 1, "m-smile", "see.notice", "What do you notice here?", "She", NOW)
    write_words(
        store, FID, 1, "m-smile", "see.notice", "What do you notice here?", "She smiles", NOW
    )
    keep_words(store, FID, 1, "m-smile", "see.notice", True)
    cycle = _review(store)
    moment = next(m for m in cycle.moments if m.id == "m-smile")
    assert len(moment.reflections) == 1
    reflection = moment.reflections[0]
    assert (reflection.words, reflection.starred, reflection.written_at) == (
        "She smiles",
        True,
        NOW,
    )
    assert [(m.id, r.words) for m, r in words_to_keep(cycle)] == [("m-smile", "She smiles")]
    keep_words(store, FID, 1, "m-smile", "see.notice", False)
    assert words_to_keep(_review(store)) == ()


def test_a_missing_moment_or_cycle_is_reported_and_nothing_changes(store: Store) -> None:
    with pytest.raises(StorageError):
        write_words(store, FID, 1, "m-gone", "see.notice", "?", "words", NOW)
    with pytest.raises(StorageError):
        move_to(store, FID, 9, 1, NOW)
    assert _review(store).review is None


def test_guider_notes_and_prompt_choices_are_saved(store: Store) -> None:
    write_guider_notes(store, FID, 1, "m-book", "Lovely turn-taking")
    choose_prompts(store, FID, 1, "m-book", ["think.helped", "see.notice", "think.helped"])
    cycle = _review(store)
    assert next(m for m in cycle.moments if m.id == "m-book").guider_notes == "Lovely turn-taking"
    assert cycle.review.chosen_prompt_ids("m-book") == ("think.helped", "see.notice")
    choose_prompts(store, FID, 1, "m-book", [])
    assert _review(store).review.chosen_prompt_ids("m-book") is None


def test_working_points_cannot_be_switched_on_in_a_first_review(store: Store) -> None:
    choose_working_points(store, FID, 1, True)
    assert _review(store).review.show_working_points is False
    start_review(store, FID, 1, NOW)
    add_review_cycle(store, FID, number=2)
    choose_working_points(store, FID, 2, True)
    assert _review(store, 2).review.show_working_points is True


def test_helping_question_versions_are_all_kept(store: Store) -> None:
    record_helping_question(store, FID, "I want my baby to listen to me", date(2026, 1, 2))
    record_helping_question(store, FID, "  I want us to   get along better ", date(2026, 1, 3))
    record_helping_question(store, FID, "I want us to get along better", date(2026, 1, 4))
    family = load_family(store, FID)
    assert [(q.text, q.written_on) for q in family.helping_questions] == [
        ("I want my baby to listen to me", date(2026, 1, 2)),
        ("I want us to get along better", date(2026, 1, 3)),
    ]
    assert family.current_helping_question().text == "I want us to get along better"  # type: ignore[union-attr]
    with pytest.raises(ValueError):
        record_helping_question(store, FID, "   ", date(2026, 1, 4))
    assert check_helping_question("x" * 301) is not None


def test_next_steps_are_added_with_a_status_and_removed(store: Store) -> None:
    add_next_step(store, FID, 1, "  Wait for her to look at me before I talk ", date(2026, 1, 6))
    step = load_family(store, FID).next_steps[0]
    assert (step.text, step.status, step.agreed_in_cycle) == (
        "Wait for her to look at me before I talk",
        NextStepStatus.TRYING,
        1,
    )
    set_next_step_status(store, FID, step.id, NextStepStatus.DOING)
    assert load_family(store, FID).next_steps[0].status == NextStepStatus.DOING
    remove_next_step(store, FID, step.id)
    assert load_family(store, FID).next_steps == ()
    assert check_next_step("") and check_next_step("x" * 201)
    with pytest.raises(ValueError):
        add_next_step(store, FID, 1, " ", date(2026, 1, 6))


def test_the_babys_voice_is_one_short_line_saved_on_the_moment(store: Store) -> None:
    write_baby_voice(store, FID, 1, "m-smile", "  I like it when you wait for me ")
    cycle = find_cycle(load_family(store, FID), 1)
    assert cycle is not None
    moment = next(m for m in cycle.moments if m.id == "m-smile")
    assert moment.baby_voice == "I like it when you wait for me"
    assert check_baby_voice("x" * BABY_VOICE_MAX_CHARS) is None
    too_long = "x" * (BABY_VOICE_MAX_CHARS + 1)
    assert "at most" in (check_baby_voice(too_long) or "")
    assert "one line" in (check_baby_voice("I like\nit") or "")
    with pytest.raises(ValueError):
        write_baby_voice(store, FID, 1, "m-smile", too_long)
    # A line too long changed nothing that was saved.
    again = find_cycle(load_family(store, FID), 1)
    assert again is not None
    kept = next(m for m in again.moments if m.id == "m-smile")
    assert kept.baby_voice == "I like it when you wait for me"
