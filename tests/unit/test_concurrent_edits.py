"""Two tablets editing one family: field-by-field saves, conflicts, the parent's words kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.review_family import add_review_cycle
from vigreview.caseload import change_family, load_family, open_store, record_consent
from vigreview.codec import family_to_doc
from vigreview.concurrent_edits import (
    EditConflict,
    catch_up,
    keep_both_words,
    merge_fields,
)
from vigreview.cycles import add_cycle, get_cycle, make_film_record, record_film
from vigreview.helping_question import record_helping_question
from vigreview.models import Activity, ConsentPurpose, Family, NextStepStatus
from vigreview.moments import MomentDraft, add_moment, draft_of, save_moment_changes
from vigreview.next_steps import add_next_step, set_next_step_status
from vigreview.shared_review import (
    find_reflection,
    write_baby_voice,
    write_guider_notes,
    write_how_it_went,
    write_strengths_summary,
    write_words,
)
from vigreview.storage import Store

FID = "fam-abc123"
TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 10, 0)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    family = Family(id=FID, pseudonym="Jade", baby_name="Noor", lead_guider="Ann", opened_on=TODAY)
    store.create_family(family_to_doc(family))
    return store


def _moment_draft(store: Store) -> tuple[str, MomentDraft]:
    record_consent(store, FID, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    add_cycle(store, FID, Activity.PLAY, TODAY)
    film = make_film_record("film-1.mp4", "IMG_0001.MOV", 60.0, 720, 1280, kept_original=False)
    record_film(store, FID, 1, film, TODAY)
    draft = MomentDraft(film_id=film.id, title="Noor reaches", start_s=10.0, end_s=35.0)
    moment = add_moment(store, FID, 1, draft)
    return moment.id, draft_of(moment)


def _saved_moment(store: Store, moment_id: str) -> MomentDraft:
    cycle = get_cycle(load_family(open_store(store.data_dir), FID), 1)
    return draft_of(next(m for m in cycle.moments if m.id == moment_id))


# -- the merge itself ------------------------------------------------------------------------


def test_fields_changed_on_different_tablets_are_both_kept() -> None:
    base = {"title": "Reach", "notes": ""}
    theirs = {"title": "Reach", "notes": "Lovely turn-taking"}
    mine = {"title": "Noor reaches", "notes": ""}
    assert merge_fields(base, mine, theirs) == {
        "title": "Noor reaches",
        "notes": "Lovely turn-taking",
    }


def test_the_same_field_changed_on_both_is_a_conflict_with_both_values() -> None:
    base = {"title": "Reach", "notes": ""}
    with pytest.raises(EditConflict) as raised:
        merge_fields(base, {**base, "title": "Mine"}, {**base, "title": "Theirs"}, revision=7)
    (conflict,) = raised.value.conflicts
    assert (conflict.field, conflict.base, conflict.mine, conflict.theirs) == (
        "title",
        "Reach",
        "Mine",
        "Theirs",
    )
    assert raised.value.revision == 7
    assert "another tablet" in str(raised.value)


def test_the_same_change_on_both_tablets_is_no_conflict() -> None:
    base = {"title": "Reach"}
    assert merge_fields(base, {"title": "Same"}, {"title": "Same"}) == {"title": "Same"}


def test_catching_up_shows_their_change_only_where_the_guider_typed_nothing() -> None:
    base = {"title": "Reach", "notes": "", "lead_up": 20}
    mine = {"title": "Mine", "notes": "", "lead_up": 20}
    theirs = {"title": "Theirs", "notes": "Turns", "lead_up": 20}
    new_base, shown = catch_up(base, mine, theirs)
    assert shown == {"title": "Mine", "notes": "Turns", "lead_up": 20}
    # The title keeps its old base, so saving it still meets "Theirs" as a conflict.
    assert new_base == {"title": "Reach", "notes": "Turns", "lead_up": 20}
    with pytest.raises(EditConflict):
        merge_fields(new_base, shown, theirs)


@pytest.mark.parametrize(
    ("base", "mine", "theirs", "expected"),
    [
        ("", "He smiles", "", "He smiles"),
        ("He smiles", "He smiles", "He smiles at me", "He smiles at me"),
        ("", "He smiles", "She looks at me", "He smiles\n\nShe looks at me"),
        ("He", "He smiles at me", "He\n\nShe looks", "He smiles at me\n\nShe looks"),
        ("Old words", "Mine now", "Theirs now", "Theirs now\n\nMine now"),
        ("He", "He smiles\n\nShe looks more", "He smiles\n\nShe looks", None),
    ],
)
def test_the_parents_words_from_two_tablets_are_both_kept(
    base: str, mine: str, theirs: str, expected: str | None
) -> None:
    kept = keep_both_words(base, mine, theirs)
    if expected is not None:
        assert kept == expected
    assert mine.strip() in kept or mine == base
    for line in theirs.split("\n"):
        assert line.strip() in kept


# -- the version of the record ---------------------------------------------------------------


def test_every_save_bumps_the_records_revision(store: Store) -> None:
    assert load_family(store, FID).revision == 1
    change_family(store, FID, lambda f: f)
    change_family(store, FID, lambda f: f)
    assert load_family(open_store(store.data_dir), FID).revision == 3
    assert store.load_family(FID)["revision"] == 3


# -- the forms that edit shared records ------------------------------------------------------


def test_two_tablets_edit_a_moments_title_and_notes_and_both_are_kept(store: Store) -> None:
    moment_id, loaded = _moment_draft(store)
    write_baby_voice(store, FID, 1, moment_id, "I like it when you wait")
    save_moment_changes(store, FID, 1, moment_id, loaded, _with(loaded, title="A's title"))
    save_moment_changes(store, FID, 1, moment_id, loaded, _with(loaded, guider_notes="B's notes"))
    saved = _saved_moment(store, moment_id)
    assert (saved.title, saved.guider_notes) == ("A's title", "B's notes")
    cycle = get_cycle(load_family(store, FID), 1)
    assert cycle.moments[0].baby_voice == "I like it when you wait"  # not in the form: kept


def test_two_tablets_changing_one_moments_times_and_principles_merge(store: Store) -> None:
    moment_id, loaded = _moment_draft(store)
    save_moment_changes(store, FID, 1, moment_id, loaded, _with(loaded, start_s=12.0, end_s=30.0))
    save_moment_changes(
        store, FID, 1, moment_id, loaded, _with(loaded, principles=("developing.fun",))
    )
    saved = _saved_moment(store, moment_id)
    assert (saved.start_s, saved.end_s, saved.principles) == (12.0, 30.0, ("developing.fun",))


def test_one_moments_title_changed_on_two_tablets_is_refused_then_chosen(store: Store) -> None:
    moment_id, loaded = _moment_draft(store)
    save_moment_changes(store, FID, 1, moment_id, loaded, _with(loaded, title="A's title"))
    revision = load_family(store, FID).revision
    mine = _with(loaded, title="B's title", guider_notes="B's notes")
    with pytest.raises(EditConflict) as raised:
        save_moment_changes(store, FID, 1, moment_id, loaded, mine)
    assert [(c.field, c.mine, c.theirs) for c in raised.value.conflicts] == [
        ("title", "B's title", "A's title")
    ]
    assert raised.value.revision == revision
    assert load_family(store, FID).revision == revision  # nothing was written
    assert _saved_moment(store, moment_id).guider_notes == ""
    # "Keep mine": the other tablet's title becomes what this save is made against.
    chosen_base = _with(loaded, title="A's title")
    save_moment_changes(store, FID, 1, moment_id, chosen_base, mine)
    saved = _saved_moment(store, moment_id)
    assert (saved.title, saved.guider_notes) == ("B's title", "B's notes")


def test_words_for_one_prompt_typed_on_two_tablets_are_both_kept(store: Store) -> None:
    add_review_cycle(store, FID)
    prompt = "What do you notice here?"
    write_words(store, FID, 1, "m-smile", "see.notice", prompt, "He smiles", NOW, base_words="")
    write_words(
        store, FID, 1, "m-smile", "see.notice", prompt, "She looks at me", NOW, base_words=""
    )
    moment = next(m for m in get_cycle(load_family(store, FID), 1).moments if m.id == "m-smile")
    reflection = find_reflection(moment, "see.notice")
    assert reflection is not None
    assert "He smiles" in reflection.words and "She looks at me" in reflection.words
    assert len(moment.reflections) == 1


def test_the_helping_question_changed_on_another_tablet_is_a_conflict(store: Store) -> None:
    record_helping_question(store, FID, "I want to read Noor's cues", TODAY, base_text="")
    with pytest.raises(EditConflict) as raised:
        record_helping_question(store, FID, "I want us to have fun", TODAY, base_text="")
    assert [(c.mine, c.theirs) for c in raised.value.conflicts] == [
        ("I want us to have fun", "I want to read Noor's cues")
    ]
    family = load_family(store, FID)
    assert [q.text for q in family.helping_questions] == ["I want to read Noor's cues"]
    record_helping_question(
        store, FID, "I want us to have fun", TODAY, base_text="I want to read Noor's cues"
    )
    current = load_family(store, FID).current_helping_question()
    assert current is not None and current.text == "I want us to have fun"


def test_a_next_steps_status_set_on_two_tablets_is_a_conflict(store: Store) -> None:
    add_cycle(store, FID, Activity.PLAY, TODAY)
    step = add_next_step(store, FID, 1, "Wait for Noor's turn", TODAY).next_steps[0]
    trying = NextStepStatus.TRYING
    set_next_step_status(store, FID, step.id, NextStepStatus.DOING, base_status=trying)
    with pytest.raises(EditConflict):
        set_next_step_status(store, FID, step.id, NextStepStatus.NOT_NOW, base_status=trying)
    assert load_family(store, FID).next_steps[0].status == NextStepStatus.DOING
    # Unchanged on this tablet: the other tablet's choice stands.
    set_next_step_status(store, FID, step.id, trying, base_status=trying)
    assert load_family(store, FID).next_steps[0].status == NextStepStatus.DOING


def _with(draft: MomentDraft, **changes: Any) -> MomentDraft:
    return replace(draft, **changes)


def test_review_text_fields_are_saved_against_what_the_tablet_loaded(store: Store) -> None:
    add_review_cycle(store, FID)
    loaded = next(m for m in get_cycle(load_family(store, FID), 1).moments if m.id == "m-smile")
    write_guider_notes(store, FID, 1, "m-smile", "A's notes", base=loaded.guider_notes)
    with pytest.raises(EditConflict) as raised:
        write_guider_notes(store, FID, 1, "m-smile", "B's notes", base=loaded.guider_notes)
    assert [(c.mine, c.theirs) for c in raised.value.conflicts] == [("B's notes", "A's notes")]
    write_how_it_went(store, FID, 1, "Went well", base="")
    with pytest.raises(EditConflict):
        write_how_it_went(store, FID, 1, "Went badly", base="")
    write_baby_voice(store, FID, 1, "m-smile", "I like that", base=loaded.baby_voice)
    with pytest.raises(EditConflict):
        write_baby_voice(store, FID, 1, "m-smile", "Wait for me", base=loaded.baby_voice)
    # Written with the parent, like their words: both tablets' strengths are kept.
    write_strengths_summary(store, FID, 1, "You waited", base="")
    write_strengths_summary(store, FID, 1, "You smiled back", base="")
    cycle = get_cycle(load_family(store, FID), 1)
    moment = next(m for m in cycle.moments if m.id == "m-smile")
    assert (moment.guider_notes, moment.baby_voice) == ("A's notes", "I like that")
    assert cycle.review is not None and cycle.review.how_it_went == "Went well"
    assert "You waited" in cycle.review.strengths_summary
    assert "You smiled back" in cycle.review.strengths_summary
