"""Supervision packs within consent, supervisor comments written back, the training record."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.filmmaker import make_film
from tests.made_up_families import (
    BIRTH_DATE,
    GUIDER_NOTE,
    HOW_IT_WENT,
    STARRED_WORDS,
    make_family,
)
from vigreview.caseload import change_family, load_family, open_store, withdraw_consent
from vigreview.codec import family_to_doc
from vigreview.dates import format_day
from vigreview.models import ConsentPurpose, SharedReview
from vigreview.storage import Store
from vigreview.storage.record_file import RecordFile
from vigreview.supervision.pack import (
    MomentChoice,
    add_supervisor_comment,
    explain_rationale,
    list_candidate_moments,
    make_supervision_pack,
)
from vigreview.supervision.training_record import (
    StageProgress,
    TrainingRecord,
    build_training_record,
    check_session,
    list_sessions,
    log_session,
    read_training_record,
)
from vigreview.trust.audit import read_history

TODAY = date(2026, 11, 26)
AGREED = "fam-agreed-1"
REVIEW_ONLY = "fam-review-only"
WITHDRAWN = "fam-withdrawn-1"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    review_only = (ConsentPurpose.FILMING, ConsentPurpose.SHARED_REVIEW)
    for family in (
        make_family(3, family_id=AGREED, film_name="film.mp4"),
        replace(make_family(1, family_id=REVIEW_ONLY, purposes=review_only), pseudonym="Rina"),
        replace(make_family(2, family_id=WITHDRAWN), pseudonym="Wendy", lead_guider="Bo"),
    ):
        store.create_family(family_to_doc(family))
    make_film(store.media_dir(AGREED) / "film.mp4", seconds=2.0, fps=10, audio=None)
    withdraw_consent(store, WITHDRAWN, [ConsentPurpose.SUPERVISION], TODAY - timedelta(days=1))
    return store


def test_only_families_with_supervision_consent_today_are_offered(store: Store) -> None:
    offered = list_candidate_moments(store, TODAY)
    assert {c.choice.family_id for c in offered} == {AGREED}
    assert len(offered) == 9
    assert offered[0].label == "Jadeite Example · cycle 1 · Noorabel reaches for the cup (1)"
    assert list_candidate_moments(store, TODAY, guider="someone else") == []
    # Before the withdrawal, Wendy's moments could go.
    earlier = list_candidate_moments(store, TODAY - timedelta(days=2), guider="Bo")
    assert {c.choice.family_id for c in earlier} == {WITHDRAWN}


def test_offering_moments_opens_only_consenting_records_and_then_none_while_unchanged(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    real_read = RecordFile.read

    def note_read(record: RecordFile) -> object:
        read.append(record.path.parent.name)
        return real_read(record)

    monkeypatch.setattr(RecordFile, "read", note_read)
    first = list_candidate_moments(store, TODAY)
    assert set(read) <= {AGREED}  # consent is read from the caseload index
    read.clear()
    assert list_candidate_moments(store, TODAY) == first
    assert read == []
    change_family(store, AGREED, lambda f: replace(f, pseudonym="Jade B"))
    assert {c.pseudonym for c in list_candidate_moments(store, TODAY)} == {"Jade B"}


def test_rationale_is_grouped_under_the_principles_in_order() -> None:
    moment = make_family(1).cycles[0].moments[0]
    assert explain_rationale(moment) == (
        ("Being attentive", ("Looking interested, with a friendly posture",)),
        ("Receiving initiatives", ("Smiling", "Nodding")),
    )


def test_pack_has_rationale_notes_comments_and_stills_and_no_date_of_birth(
    store: Store,
) -> None:
    chosen = MomentChoice(AGREED, 2, "mom-2a")
    add_supervisor_comment(store, chosen, "Lovely wait before you spoke.", "Sue Visor", TODAY)
    made = make_supervision_pack(
        store, [chosen, MomentChoice(AGREED, 2, "mom-2w")], "Ann Guider", "Ann", TODAY
    )
    text = pdf_text(made.pdf)
    assert made.moments == 2 and made.left_out == ()
    for expected in (
        "Supervision pack: Ann Guider",
        "Noorabel reaches for the cup (2)",
        "Receiving initiatives: Smiling; Nodding",
        GUIDER_NOTE,
        HOW_IT_WENT,
        "Lovely wait before you spoke.",
        "Sue Visor",
        "Working point",
        "Jadeite Example with Noorabel, baby about 4 months",
    ):
        assert expected in text, expected
    for never in (format_day(BIRTH_DATE), "2026-05-17", "Private guider notes", "Health visitor"):
        assert never not in text
    assert sum(len(p.images) for p in PdfReader(io.BytesIO(made.pdf)).pages) == 2
    assert read_history(store, AGREED).events[-1].detail == "Supervision pack for Ann Guider"


def test_a_family_whose_consent_went_is_left_out_of_the_pack(store: Store) -> None:
    made = make_supervision_pack(
        store,
        [MomentChoice(AGREED, 1, "mom-1a"), MomentChoice(WITHDRAWN, 1, "mom-1a")],
        "Ann Guider",
        "Ann",
        TODAY,
    )
    assert made.moments == 1 and made.left_out == ("Wendy",)
    assert "Wendy" not in pdf_text(made.pdf)
    assert read_history(store, WITHDRAWN).events == ()


def test_supervisor_comments_are_kept_on_the_record(store: Store) -> None:
    choice = MomentChoice(AGREED, 1, "mom-1b")
    add_supervisor_comment(store, choice, "  Great scaffolding.  ", "Sue", TODAY)
    family = load_family(store, AGREED)
    assert [(c.moment_id, c.text, c.supervisor) for c in family.supervisor_comments] == [
        ("mom-1b", "Great scaffolding.", "Sue")
    ]
    with pytest.raises(ValueError, match="write the supervisor's comments"):
        add_supervisor_comment(store, choice, "   ", "Sue", TODAY)
    with pytest.raises(ValueError, match="supervisor's name"):
        add_supervisor_comment(store, choice, "Fine", " ", TODAY)


def test_training_record_against_the_stage_targets(store: Store) -> None:
    record = build_training_record(store, "ann guider")
    # Three finished reviews for one family, one for the other (Bo's family is not Ann's).
    assert (record.cycles_completed, record.clients) == (4, 2)
    assert [(s.stage, s.target, s.reached) for s in record.stages] == [
        (1, 6, False),
        (2, 9, False),
        (3, 12, False),
    ]
    assert read_training_record(record) == (
        "Four cycles completed with two clients: 2 more needed for stage 1 (6 cycles)."
    )
    log_session(store, TODAY, "Ann Guider", "Sue Visor", moments_discussed=3)
    log_session(store, TODAY, "Bo", "Sue Visor")
    assert [s.supervisor for s in build_training_record(store, "Ann Guider").sessions] == [
        "Sue Visor"
    ]
    assert len(list_sessions(store)) == 2


def test_an_unfinished_review_does_not_count_as_a_completed_cycle(store: Store) -> None:
    family = load_family(store, REVIEW_ONLY)
    cycle = replace(family.cycles[0], review=SharedReview(started_at=None))
    store.save_family(family_to_doc(replace(family, cycles=(cycle,))))
    assert build_training_record(store, "Ann Guider").cycles_completed == 3


def test_reading_when_stages_are_met() -> None:
    stages = tuple(StageProgress(s, t, 10) for s, t in ((1, 6), (2, 9), (3, 12)))
    record = TrainingRecord("Ann", 10, 4, (), stages)
    assert read_training_record(record) == (
        "Ten cycles completed with four clients: stage 2 target met; 2 more needed for stage 3 "
        "(12 cycles)."
    )


def test_session_checks() -> None:
    assert check_session(TODAY + timedelta(days=1), "Ann", "Sue", TODAY) == {
        "held_on": "A session can only be logged once it has happened."
    }
    assert check_session(TODAY, "", "Sue", TODAY) == {"trainee": "Please enter the guider's name."}
    assert check_session(TODAY, "Ann", " ", TODAY) == {
        "supervisor": "Please enter the supervisor's name."
    }


def test_the_parents_starred_words_are_not_needed_in_a_pack(store: Store) -> None:
    # A pack is about the guider's practice; the parent's own words stay in their keepsake.
    made = make_supervision_pack(store, [MomentChoice(AGREED, 1, "mom-1a")], "Ann", "Ann", TODAY)
    assert STARRED_WORDS not in pdf_text(made.pdf)
