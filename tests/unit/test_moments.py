"""Cycles, films and moments: numbering, the consent gate, moment rules, edits that persist."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from vigreview.caseload import change_family, load_family, open_store, record_consent
from vigreview.codec import family_to_doc
from vigreview.cycles import (
    FilmingNotConsented,
    add_cycle,
    get_cycle,
    make_film_record,
    record_film,
)
from vigreview.models import Activity, ConsentPurpose, Family, MomentKind, Reflection
from vigreview.moments import (
    MomentDraft,
    add_moment,
    default_end,
    default_show_to_parent,
    delete_moment,
    draft_of,
    lead_up_start,
    moment_around,
    moments_in_order,
    move_moment,
    parse_own_tags,
    restore_moment,
    save_moment_changes,
    toggle_key_still,
    validate_moment,
)
from vigreview.storage import StorageError, Store

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    family = Family(
        id="fam-abc123", pseudonym="Jade", baby_name="Noor", lead_guider="Ann", opened_on=TODAY
    )
    store.create_family(family_to_doc(family))
    return store


def _film(store: Store, consent: bool = True) -> str:
    if consent:
        record_consent(store, "fam-abc123", [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    add_cycle(store, "fam-abc123", Activity.PLAY, TODAY)
    film = make_film_record("film-1.mp4", "IMG_0001.MOV", 60.0, 720, 1280, kept_original=False)
    record_film(store, "fam-abc123", 1, film, TODAY)
    return film.id


def _draft(film_id: str, **changes: object) -> MomentDraft:
    draft = MomentDraft(film_id=film_id, title="Noor reaches", start_s=10.0, end_s=35.0)
    return replace(draft, **changes)  # type: ignore[arg-type]


def test_cycles_are_numbered_in_turn(store: Store) -> None:
    assert add_cycle(store, "fam-abc123", Activity.FEEDING, TODAY).number == 1
    assert add_cycle(store, "fam-abc123", Activity.BOOK, TODAY).number == 2
    assert [c.activity for c in load_family(store, "fam-abc123").cycles] == [
        Activity.FEEDING,
        Activity.BOOK,
    ]


def test_no_film_without_filming_consent(store: Store) -> None:
    with pytest.raises(FilmingNotConsented, match="consent to filming is not on record"):
        _film(store, consent=False)
    assert get_cycle(load_family(store, "fam-abc123"), 1).films == ()


def test_film_recorded_in_its_cycle(store: Store) -> None:
    film_id = _film(store)
    film = get_cycle(load_family(store, "fam-abc123"), 1).films[0]
    assert film.id == film_id and film.original_name == "IMG_0001.MOV" and film.height == 1280


def test_unknown_cycle_is_a_plain_error(store: Store) -> None:
    with pytest.raises(StorageError, match="Cycle 9 was not found"):
        get_cycle(load_family(store, "fam-abc123"), 9)


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "x" * 81}, "title", "80 characters"),
        ({"start_s": 40.0, "end_s": 30.0}, "end", "after the start"),
        ({"start_s": 30.0, "end_s": 30.0}, "end", "after the start"),
        ({"start_s": -1.0}, "start", "inside the film"),
        ({"start_s": 60.0, "end_s": 61.0}, "start", "inside the film"),
        ({"end_s": 61.0}, "end", "after the film finishes"),
        ({"start_s": 10.0, "end_s": 10.5}, "end", "at least 1 second"),
        ({"start_s": 0.0, "end_s": 59.0, "lead_up_s": 61.0}, "lead_up", "0 to 60"),
        ({"own_tags": ("x" * 41,)}, "own_tags", "40 characters"),
    ],
)
def test_moment_rules(changes: dict[str, object], field: str, words: str) -> None:
    errors = validate_moment(_draft("f", **changes), film_duration_s=60.0)
    assert words in errors[field]


def test_a_good_moment_passes() -> None:
    assert validate_moment(_draft("f"), 60.0) == {}
    assert validate_moment(_draft("f", end_s=60.02), 60.0) == {}  # player rounding at the end


def test_long_moments_are_refused_kindly() -> None:
    assert (
        "under 120 seconds" in validate_moment(_draft("f", start_s=0.0, end_s=130.0), 200.0)["end"]
    )


def test_lead_up_is_clipped_at_the_start_of_the_film(store: Store) -> None:
    film_id = _film(store)
    early = add_moment(store, "fam-abc123", 1, _draft(film_id, start_s=5.0, end_s=25.0))
    later = add_moment(store, "fam-abc123", 1, _draft(film_id, start_s=30.0, end_s=50.0))
    assert lead_up_start(early) == 0.0
    assert lead_up_start(later) == 10.0


def test_default_end_and_working_point_visibility() -> None:
    assert default_end(10.0, 60.0) == 35.0
    assert default_end(50.0, 60.0) == 60.0
    assert default_show_to_parent(MomentKind.GOOD) is True
    assert default_show_to_parent(MomentKind.WORKING_POINT) is False


def test_own_tags_are_split_trimmed_and_deduplicated() -> None:
    assert parse_own_tags(" peekaboo, , turn  taking,peekaboo ") == ("peekaboo", "turn taking")


def test_add_edit_order_and_delete_persist(store: Store) -> None:
    film_id = _film(store)
    first = add_moment(store, "fam-abc123", 1, _draft(film_id, title="First"))
    second = add_moment(
        store, "fam-abc123", 1, _draft(film_id, title="Second", principles=("developing.fun",))
    )
    assert (first.order, second.order) == (0, 1)
    move_moment(store, "fam-abc123", 1, second.id, -1)
    cycle = get_cycle(load_family(store, "fam-abc123"), 1)
    assert [m.title for m in moments_in_order(cycle)] == ["Second", "First"]
    loaded = draft_of(first)
    mine = replace(loaded, title="First, edited")
    edited = save_moment_changes(store, "fam-abc123", 1, first.id, loaded, mine)
    assert edited.order == 1 and edited.title == "First, edited"
    delete_moment(store, "fam-abc123", 1, second.id)
    cycle = get_cycle(load_family(open_store(store.data_dir), "fam-abc123"), 1)
    assert [m.title for m in cycle.moments] == ["First, edited"]


def test_editing_keeps_the_parents_words_and_the_babys_line(store: Store) -> None:
    film_id = _film(store)
    moment = add_moment(store, "fam-abc123", 1, _draft(film_id))
    words = (Reflection("see.notice", "What do you notice here?", "She smiled at me"),)
    babys_line = "I like it when you wait for me"

    def add_words(family: Family) -> Family:
        cycle = get_cycle(family, 1)
        said = tuple(replace(m, reflections=words, baby_voice=babys_line) for m in cycle.moments)
        return replace(family, cycles=(replace(cycle, moments=said),))

    change_family(store, "fam-abc123", add_words)
    loaded = draft_of(moment)
    renamed = replace(loaded, title="Renamed")
    edited = save_moment_changes(store, "fam-abc123", 1, moment.id, loaded, renamed)
    assert edited.title == "Renamed"
    assert (edited.reflections, edited.baby_voice) == (words, babys_line)


def test_key_stills_toggle(store: Store) -> None:
    film_id = _film(store)
    moment = add_moment(store, "fam-abc123", 1, _draft(film_id))
    assert toggle_key_still(store, "fam-abc123", 1, moment.id, 12.0401).key_still_times == (12.04,)
    assert toggle_key_still(store, "fam-abc123", 1, moment.id, 20.0).key_still_times == (
        12.04,
        20.0,
    )
    assert toggle_key_still(store, "fam-abc123", 1, moment.id, 12.04).key_still_times == (20.0,)


def test_a_deleted_moment_cannot_be_edited(store: Store) -> None:
    film_id = _film(store)
    moment = add_moment(store, "fam-abc123", 1, _draft(film_id))
    delete_moment(store, "fam-abc123", 1, moment.id)
    with pytest.raises(StorageError, match="no longer here"):
        save_moment_changes(store, "fam-abc123", 1, moment.id, draft_of(moment), _draft(film_id))


def test_a_moment_without_a_title_is_saved_as_moment_at_its_start(store: Store) -> None:
    assert validate_moment(_draft("f", title="  "), 60.0) == {}
    film_id = _film(store)
    moment = add_moment(store, "fam-abc123", 1, _draft(film_id, title=" ", start_s=83.6 - 60))
    assert moment.title == "Moment at 0:23"


@pytest.mark.parametrize(
    ("playhead", "duration", "expected"),
    [
        (40.0, 120.0, (30.0, 55.0)),  # 10 s before the tap, 25 s long
        (3.0, 120.0, (0.0, 25.0)),  # near the start: moved, not shortened
        (0.0, 120.0, (0.0, 25.0)),
        (118.0, 120.0, (95.0, 120.0)),  # near the end: moved back inside the film
        (120.0, 120.0, (95.0, 120.0)),
        (5.0, 12.0, (0.0, 12.0)),  # a film shorter than a moment: the whole film
    ],
)
def test_one_tap_marks_a_moment_around_the_playhead(
    playhead: float, duration: float, expected: tuple[float, float]
) -> None:
    start, end = moment_around(playhead, duration)
    assert (start, end) == expected
    assert validate_moment(_draft("f", start_s=start, end_s=end), duration) == {}


def test_undo_puts_a_deleted_moment_back_in_its_place(store: Store) -> None:
    film_id = _film(store)
    first = add_moment(store, "fam-abc123", 1, _draft(film_id, title="First"))
    second = add_moment(store, "fam-abc123", 1, _draft(film_id, title="Second"))
    third = add_moment(store, "fam-abc123", 1, _draft(film_id, title="Third"))
    delete_moment(store, "fam-abc123", 1, second.id)
    restore_moment(store, "fam-abc123", 1, second)
    restore_moment(store, "fam-abc123", 1, second)  # a second tap changes nothing
    cycle = get_cycle(load_family(store, "fam-abc123"), 1)
    assert [m.id for m in moments_in_order(cycle)] == [first.id, second.id, third.id]
    assert len(cycle.moments) == 3
