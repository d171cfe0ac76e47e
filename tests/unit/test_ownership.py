"""Ownership by account id, not by name (issue 17, finding 3; issue 10 item 3)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vigreview.caseload import (
    NOBODY,
    add_family,
    list_caseload,
    load_family,
    open_store,
    reassign_family,
    remove_guider_account,
)
from vigreview.storage import StorageError, Store
from vigreview.trust.accounts import (
    AccountDraft,
    Role,
    create_account,
    find_account,
    list_accounts,
    validate_account_draft,
)
from vigreview.trust.audit import read_history
from vigreview.trust.ownership import DEMO_ACCOUNT_ID, Viewer, find_lead_id, may_see_family
from vigreview.validation import FamilyDraft

ANN = Viewer("ann", Role.GUIDER, administrator=True)
BOB = Viewer("bob", Role.GUIDER)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = open_store(tmp_path / "data")
    for username, name in (("ann", "Ann Guider"), ("bob", "Bob Guider")):
        draft = AccountDraft(username, name, Role.GUIDER, "2468", "2468")
        create_account(store, draft, "test", "2026-11-26")
    return store


def _family(store: Store, name: str, lead_name: str, lead_id: str = "") -> str:
    draft = FamilyDraft(name, "Ola", lead_name, date(2026, 1, 5), baby_age_months=3)
    return add_family(store, draft, lead_id).id


def test_a_same_name_account_sees_nothing_of_another_guiders_caseload(store: Store) -> None:
    mia = _family(store, "Mia", "Ann Guider", "ann")
    # Bob types Ann's name as the lead guider of a family he adds: it is still his.
    zoe = _family(store, "Zoe", "Ann Guider", "bob")
    assert [r.id for r in list_caseload(store, viewer=ANN)] == [mia]
    assert [r.id for r in list_caseload(store, viewer=BOB)] == [zoe]
    # An account whose display name matches the demo's sees no demo family.
    demo = {"id": "demo-jade-noor", "lead_guider": "Demo Guider"}
    assert find_lead_id(demo, list_accounts(store)) == DEMO_ACCOUNT_ID
    assert not may_see_family(Viewer("demoguider", Role.GUIDER), DEMO_ACCOUNT_ID)


def test_nobody_signed_in_and_supervisors_see_no_family(store: Store) -> None:
    _family(store, "Mia", "Ann Guider", "ann")
    assert list_caseload(store, viewer=NOBODY) == []
    assert list_caseload(store, viewer=Viewer("ann", Role.SUPERVISOR)) == []
    assert not may_see_family(None, "ann")


def test_old_records_are_matched_to_the_one_account_with_that_name(store: Store) -> None:
    legacy = _family(store, "Mia", " ann GUIDER ")  # saved before ids: a name only
    assert [r.id for r in list_caseload(store, viewer=ANN)] == [legacy]
    assert list_caseload(store, viewer=BOB) == []
    unknown = _family(store, "Kai", "Somebody Else")
    # Nobody leads it: only the administrator sees it, to hand it to someone.
    assert unknown in {r.id for r in list_caseload(store, viewer=ANN)}
    assert unknown not in {r.id for r in list_caseload(store, viewer=BOB)}


def test_display_and_sign_in_names_are_unique_ignoring_case(store: Store) -> None:
    names = frozenset({"ann guider", "bob guider"})
    draft = AccountDraft("ANN", "  ANN guider ", Role.GUIDER, "2468", "2468")
    errors = validate_account_draft(draft, {"ann", "bob"}, names)
    assert "already taken" in errors["username"]
    assert "Another account already has that name" in errors["display_name"]


def test_reassigning_is_explicit_allowed_to_the_lead_or_an_administrator_and_audited(
    store: Store,
) -> None:
    mia = _family(store, "Mia", "Bob Guider", "bob")
    ann = find_account(store, "ann")
    bob = find_account(store, "bob")
    assert ann is not None and bob is not None
    with pytest.raises(StorageError, match="Only the family's lead guider or an administrator"):
        reassign_family(store, mia, bob, Viewer("carl", Role.GUIDER), "Carl")
    reassign_family(store, mia, ann, BOB, "Bob Guider (bob)")
    family = load_family(store, mia)
    assert (family.lead_guider_id, family.lead_guider) == ("ann", "Ann Guider")
    assert [r.id for r in list_caseload(store, viewer=BOB)] == []
    [event] = [e for e in read_history(store, mia).events if e.action == "lead guider changed"]
    assert event.who == "Bob Guider (bob)" and "Ann Guider (ann)" in event.detail


def test_removing_an_account_needs_an_administrator_and_its_families_reassigned_first(
    store: Store,
) -> None:
    mia = _family(store, "Mia", "Bob Guider", "bob")
    with pytest.raises(StorageError, match="Only an administrator"):
        remove_guider_account(store, "ann", BOB)
    with pytest.raises(StorageError, match="leads 1 family"):
        remove_guider_account(store, "bob", ANN)
    ann = find_account(store, "ann")
    assert ann is not None
    reassign_family(store, mia, ann, ANN, "Ann")
    remove_guider_account(store, "bob", ANN)
    assert find_account(store, "bob") is None
    with pytest.raises(StorageError, match="your own account"):
        remove_guider_account(store, "ann", ANN)
