"""Adding, changing and listing families through the real store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from vigreview.caseload import (
    add_family,
    change_family,
    close_case,
    is_data_folder_empty,
    list_caseload,
    load_caseload_families,
    load_family,
    open_store,
    record_consent,
    reopen_case,
    withdraw_consent,
)
from vigreview.demo.families import seed_demo_caseload
from vigreview.models import CaseStatus, ConsentPurpose
from vigreview.storage import Store
from vigreview.trust.accounts import Role
from vigreview.trust.ownership import Viewer
from vigreview.validation import FamilyDraft

TODAY = date(2026, 11, 26)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _add(store: Store, pseudonym: str = "Jade", baby: str = "Noor") -> str:
    draft = FamilyDraft(
        pseudonym=f"  {pseudonym} ",
        baby_name=baby,
        lead_guider="Ann",
        opened_on=TODAY,
        baby_age_months=4,
    )
    return add_family(store, draft).id


def test_added_family_is_stored_trimmed_and_open(store: Store) -> None:
    family_id = _add(store)
    family = load_family(store, family_id)
    assert family.pseudonym == "Jade" and family.status == CaseStatus.OPEN
    assert family.baby_age_months == 4
    assert family_id.startswith("fam-") and (store.families_dir / family_id).is_dir()


def test_change_family_stamps_update_time_and_persists(store: Store) -> None:
    family_id = _add(store)
    before = load_family(store, family_id).updated_at
    change_family(store, family_id, lambda f: replace(f, notes="likes songs"))
    after = load_family(open_store(store.data_dir), family_id)
    assert after.notes == "likes songs" and after.updated_at >= before


def test_consent_recorded_then_withdrawn(store: Store) -> None:
    family_id = _add(store)
    record_consent(
        store,
        family_id,
        [ConsentPurpose.FILMING, ConsentPurpose.SHARED_REVIEW],
        "Jade",
        TODAY,
        "Ann",
    )
    family = withdraw_consent(store, family_id, [ConsentPurpose.FILMING], date(2026, 11, 27))
    assert not family.has_consent(ConsentPurpose.FILMING, date(2026, 11, 27))
    assert family.has_consent(ConsentPurpose.SHARED_REVIEW, date(2026, 11, 27))
    assert family.consent_for(ConsentPurpose.FILMING).withdrawn_on == date(2026, 11, 27)  # type: ignore[union-attr]


def test_closing_starts_the_retention_clock_and_reopening_stops_it(store: Store) -> None:
    family_id = _add(store)
    closed = close_case(store, family_id, TODAY)
    assert closed.footage_due_for_deletion_on() == date(2027, 1, 25)
    assert reopen_case(store, family_id).footage_due_for_deletion_on() is None


def test_caseload_search_and_status_filter(store: Store) -> None:
    jade, sam = _add(store, "Jade", "Noor"), _add(store, "Sam", "Alfie")
    close_case(store, sam, TODAY)
    assert [r.id for r in list_caseload(store)] == [jade, sam]  # open first
    assert [r.id for r in list_caseload(store, "alf")] == [sam]
    assert [r.id for r in list_caseload(store, status="open")] == [jade]
    assert list_caseload(store, "nobody") == []


def test_demo_is_seeded_once_into_an_empty_folder(store: Store) -> None:
    assert is_data_folder_empty(store)
    ids = seed_demo_caseload(store, TODAY)
    assert len(ids) == 3 and not is_data_folder_empty(store)
    statuses = {r.id: r.status for r in list_caseload(store)}
    assert statuses == {ids[0]: "open", ids[1]: "open", ids[2]: "closed"}
    assert load_family(store, ids[0]).has_consent(ConsentPurpose.SUPERVISION, TODAY)


def test_caseload_families_by_guider_skipping_an_unreadable_record(store: Store) -> None:
    jade, sam = _add(store, "Jade", "Noor"), _add(store, "Sam", "Alfie")
    change_family(store, jade, lambda f: replace(f, lead_guider_id="ann"))
    change_family(store, sam, lambda f: replace(f, lead_guider="Bea", lead_guider_id="bea"))
    assert [f.id for f in load_caseload_families(store, Viewer("ann", Role.GUIDER))] == [jade]
    assert {f.id for f in load_caseload_families(store)} == {jade, sam}
    # Damage Jade's record and every backup of it: the rest of the caseload still loads.
    family_dir = store.family_dir(jade)
    for path in [family_dir / "record.json", *(family_dir / "backups").glob("*")]:
        path.write_text("{ not json", encoding="utf-8")
    assert [f.id for f in load_caseload_families(store)] == [sam]
