"""The caseload index's family summaries: right after every kind of change, read without records."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.made_up_families import make_family
from vigreview.caseload import (
    CaseSummary,
    add_family,
    change_family,
    close_case,
    derive_from_family,
    list_case_summaries,
    list_caseload,
    list_lead_guider_names,
    list_lead_ids,
    load_family,
    may_open_family,
    open_store,
    read_summary,
    record_consent,
    reopen_case,
    summarise_case,
    withdraw_consent,
)
from vigreview.caseload_overview import build_overview, overview_row
from vigreview.codec import family_from_doc, family_to_doc
from vigreview.cycles import add_cycle, make_film_record, record_film
from vigreview.helping_question import record_helping_question
from vigreview.models import Activity, CaseStatus, ConsentPurpose, Family, MomentKind
from vigreview.moments import MomentDraft, add_moment
from vigreview.outputs.bundle import export_bundle, import_bundle
from vigreview.outputs.export_rules import may_take_to_supervision
from vigreview.retention.sweep import sweep_retention
from vigreview.shared_review import finish_review, start_review
from vigreview.storage import Store
from vigreview.storage.record_file import RecordFile
from vigreview.supervision.training_record import build_training_record
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.ownership import Viewer
from vigreview.validation import FamilyDraft

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _fresh_summaries(store: Store) -> dict[str, CaseSummary]:
    """Every family's summary worked out from its whole record, read afresh from disk."""
    return {
        entry["id"]: summarise_case(family_from_doc(store.load_family(entry["id"])))
        for entry in store.list_families()
    }


def _assert_in_step(store: Store) -> dict[str, CaseSummary]:
    listed = {s.id: s for s in list_case_summaries(store)}
    assert listed == _fresh_summaries(store)
    return listed


def _add(store: Store, name: str = "Jade") -> str:
    draft = FamilyDraft(
        pseudonym=name, baby_name="Noor", lead_guider="Ann", opened_on=TODAY, baby_age_months=4
    )
    return add_family(store, draft).id


def test_every_kind_of_save_keeps_the_summary_in_step(store: Store) -> None:
    family_id = _add(store)
    assert _assert_in_step(store)[family_id].latest_cycle is None

    record_consent(store, family_id, list(ConsentPurpose), "Jade", TODAY, "Ann")
    summary = _assert_in_step(store)[family_id]
    assert summary.has_consent(ConsentPurpose.FILMING, TODAY)

    record_helping_question(store, family_id, "What is Noor telling me?", TODAY)
    assert _assert_in_step(store)[family_id].has_helping_question

    add_cycle(store, family_id, Activity.PLAY, TODAY)
    film = make_film_record("film.mp4", "play.mp4", 40.0, 640, 360, kept_original=False)
    record_film(store, family_id, 1, film, TODAY)
    summary = _assert_in_step(store)[family_id]
    assert summary.cycles == 1 and summary.latest_cycle is not None
    assert summary.latest_cycle.has_films and not summary.latest_cycle.has_moments

    draft = MomentDraft(
        film_id=film.id,
        title="Noor looks up",
        start_s=2.0,
        end_s=8.0,
        kind=MomentKind.GOOD,
        show_to_parent=True,
        principles=(),
        key_still_times=(3.0,),
    )
    add_moment(store, family_id, 1, draft)
    assert _assert_in_step(store)[family_id].latest_cycle.has_moments  # type: ignore[union-attr]

    reviewed_at = datetime(2026, 11, 20, 10, 0)
    start_review(store, family_id, 1, reviewed_at)
    assert _assert_in_step(store)[family_id].finished_reviews == 0  # started, not finished
    finish_review(store, family_id, 1, reviewed_at + timedelta(minutes=40))
    summary = _assert_in_step(store)[family_id]
    assert summary.last_review == reviewed_at.date()
    assert summary.latest_cycle is not None and summary.latest_cycle.reviewed
    assert summary.finished_reviews == 1
    add_cycle(store, family_id, Activity.FEEDING, TODAY)
    start_review(store, family_id, 2, reviewed_at + timedelta(days=1))
    summary = _assert_in_step(store)[family_id]
    assert (summary.cycles, summary.finished_reviews) == (2, 1)

    withdraw_consent(store, family_id, [ConsentPurpose.TRAINING, ConsentPurpose.SUPERVISION], TODAY)
    summary = _assert_in_step(store)[family_id]
    assert not summary.has_consent(ConsentPurpose.TRAINING, TODAY)
    assert not may_take_to_supervision(summary, TODAY)
    assert summary.has_consent(ConsentPurpose.FILMING, TODAY)
    assert summary.finished_reviews == 1

    close_case(store, family_id, TODAY)
    summary = _assert_in_step(store)[family_id]
    assert summary.status == CaseStatus.CLOSED
    assert summary.footage_due_on == load_family(store, family_id).footage_due_for_deletion_on()

    change_family(store, family_id, lambda f: replace(f, retention_days=10))
    assert _assert_in_step(store)[family_id].footage_due_on == TODAY + timedelta(days=10)

    reopen_case(store, family_id)
    assert _assert_in_step(store)[family_id].footage_due_on is None


def test_the_retention_sweep_leaves_the_summary_in_step(store: Store, tmp_path: Path) -> None:
    family_id = _add(store)
    record_consent(store, family_id, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    close_case(store, family_id, TODAY - timedelta(days=90))
    reviewed = make_family(2)
    store.create_family(family_to_doc(reviewed))
    close_case(store, reviewed.id, TODAY - timedelta(days=90))
    assert _assert_in_step(store)[family_id].footage_deleted_on is None
    swept = sweep_retention(store, TODAY)
    assert {family_id, reviewed.id} <= set(swept)
    summaries = _assert_in_step(store)
    assert summaries[family_id].footage_deleted_on == TODAY
    # The footage went; the cycles and their finished reviews still count for training.
    assert summaries[reviewed.id].footage_deleted_on == TODAY
    assert summaries[reviewed.id].finished_reviews == 2


def test_restoring_a_backup_brings_the_summaries_back(store: Store) -> None:
    family_id = _add(store)
    reviewed = make_family(3)
    store.create_family(family_to_doc(reviewed))
    backup = store.backup_now()
    close_case(store, family_id, TODAY)
    change_family(store, reviewed.id, lambda f: replace(f, cycles=f.cycles[:1]))
    summaries = _assert_in_step(store)
    assert summaries[family_id].status == CaseStatus.CLOSED
    assert summaries[reviewed.id].finished_reviews == 1
    store.restore_backup(backup)
    summaries = _assert_in_step(store)
    assert summaries[family_id].status == CaseStatus.OPEN
    assert summaries[reviewed.id].finished_reviews == 3


def test_importing_a_bundle_lists_the_family_as_its_record_says(
    store: Store, tmp_path: Path
) -> None:
    made = make_family(3)
    store.create_family(family_to_doc(made))
    bundle = export_bundle(store, made.id, tmp_path / "exports", "Ann")
    elsewhere = open_store(tmp_path / "elsewhere")
    import_bundle(elsewhere, bundle, "Bea")
    summary = _assert_in_step(elsewhere)[made.id]
    assert summary.cycles == 3 and summary == summarise_case(made)
    assert summary.finished_reviews == 3
    assert build_training_record(elsewhere, made.lead_guider).cycles_completed == 3


def test_listing_reads_no_family_record(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("Jade", "Sam", "Priya"):
        record_consent(store, _add(store, name), [ConsentPurpose.FILMING], name, TODAY, "Ann")
    expected = _fresh_summaries(store)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a family record was read")

    monkeypatch.setattr(RecordFile, "read", refuse)
    monkeypatch.setattr(RecordFile, "read_tables", refuse)
    assert {s.id: s for s in list_case_summaries(store)} == expected
    frame = build_overview(store, TODAY)
    assert sorted(frame["family"]) == ["Jade", "Priya", "Sam"]
    # The Supervision pack's choice of guider and its training record, and the gate's check
    # for lost accounts, need no record either.
    assert list_lead_guider_names(store) == ["Ann"]
    assert build_training_record(store, "Ann").cycles_completed == 0
    assert list_lead_ids(store, []) == ["", "", ""]


def test_overview_rows_from_the_index_match_rows_from_the_records(store: Store) -> None:
    store.create_family(family_to_doc(make_family(3)))
    open_id = _add(store, "Sam")
    record_consent(store, open_id, [ConsentPurpose.FILMING], "Sam", TODAY, "Ann")
    closed_id = _add(store, "Priya")
    close_case(store, closed_id, TODAY - timedelta(days=55))
    for summary in list_case_summaries(store):
        family = family_from_doc(store.load_family(summary.id))
        assert overview_row(summary, TODAY) == overview_row(family, TODAY)


def test_an_index_from_before_the_summaries_is_brought_up_to_date(store: Store) -> None:
    family_id = _add(store)
    record_consent(store, family_id, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    caseload = store.data_dir / "caseload.json"
    tables = json.loads(caseload.read_text())
    old_keys = ("id", "pseudonym", "baby_name", "status", "lead_guider", "opened_on", "closed_on")
    for entry in tables["families"].values():
        for key in list(entry):
            if key not in old_keys:
                del entry[key]
    caseload.write_text(json.dumps(tables))
    reopened = open_store(store.data_dir)
    summary = _assert_in_step(reopened)[family_id]
    assert summary.has_consent(ConsentPurpose.FILMING, TODAY)


def test_an_unreadable_record_is_still_listed_by_name(store: Store) -> None:
    family_id = _add(store, "Jade")
    entry = next(e for e in store.list_families() if e["id"] == family_id)
    damaged = {**entry, "latest_cycle": "not a cycle", "cycles": None}
    assert read_summary(damaged).pseudonym == "Jade"


def test_a_loaded_family_is_reused_until_its_record_is_saved(store: Store, tmp_path: Path) -> None:
    family_id = _add(store)
    first = load_family(store, family_id)
    assert load_family(store, family_id) is first
    # Saved through another Store, as another process would: the change is seen at once.
    other = open_store(store.data_dir)
    record_consent(other, family_id, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    second = load_family(store, family_id)
    assert second is not first and second.has_consent(ConsentPurpose.FILMING, TODAY)


def test_what_a_viewer_sees_follows_the_accounts_as_well_as_the_index(store: Store) -> None:
    family_id = _add(store)  # saved with a lead guider's name only: "Ann"
    cat = Viewer("cat", Role.GUIDER)
    assert list_case_summaries(store, cat) == [] and list_caseload(store, viewer=cat) == []
    # A new account named as the lead takes the family on; the index itself is unchanged.
    create_account(store, AccountDraft("cat", "Ann", Role.GUIDER, "2468", "2468"), "t", "x")
    assert [s.id for s in list_case_summaries(store, cat)] == [family_id]
    assert [r.id for r in list_caseload(store, viewer=cat)] == [family_id]
    second = _add(store, "Abi")  # the index changes: the list is sorted again
    assert [r.id for r in list_caseload(store, "", "open", viewer=cat)] == [second, family_id]
    assert may_open_family(store, cat, family_id)
    assert not may_open_family(store, Viewer("dan", Role.GUIDER), family_id)
    assert not may_open_family(store, cat, "fam-000000000000")


def test_derived_data_is_worked_out_again_only_after_a_save(store: Store) -> None:
    family_id = _add(store)
    worked_out: list[str] = []

    def count_consents(family: Family) -> int:
        worked_out.append(family.id)
        return len(family.consents)

    assert derive_from_family(store, family_id, count_consents) == 0
    assert derive_from_family(store, family_id, count_consents) == 0
    assert worked_out == [family_id]
    # Saved through another Store, as another process would: worked out again at once.
    other = open_store(store.data_dir)
    record_consent(other, family_id, [ConsentPurpose.FILMING], "Jade", TODAY, "Ann")
    assert derive_from_family(store, family_id, count_consents) == 1
    assert worked_out == [family_id, family_id]
