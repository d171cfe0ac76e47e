"""Restores respect what happened since, and end the parent views they affect (issue 17,
findings 1 and 2)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from vigreview.caseload import (
    add_family,
    change_family,
    load_family,
    open_store,
    record_consent,
)
from vigreview.models import Activity, ConsentPurpose, Cycle, Film
from vigreview.outputs.bundle import export_bundle, import_bundle
from vigreview.retention.erasure import erase_footage, withdraw_and_erase
from vigreview.storage import StorageError, Store
from vigreview.trust.accounts import (
    AccountDraft,
    Role,
    SignInOutcome,
    create_account,
    delete_account,
    list_accounts,
    sign_in,
)
from vigreview.trust.audit import read_history
from vigreview.trust.handover import find_parent_view, set_guider_pin, start_parent_view
from vigreview.trust.restore import RESTORED, describe_plan, plan_restore, restore_backup
from vigreview.validation import FamilyDraft

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 10, 0)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _family(store: Store, name: str) -> str:
    draft = FamilyDraft(name, "Ola", "Ann", TODAY - timedelta(days=90), baby_age_months=4)
    family_id = add_family(store, draft).id
    record_consent(store, family_id, list(ConsentPurpose), name, TODAY - timedelta(days=90), "Ann")
    film = Film("f1", "film-1.mp4", "IMG_0001.MOV", datetime(2026, 9, 1), 12.0, 720, 1280)
    cycle = Cycle(1, Activity.PLAY, TODAY - timedelta(days=80), films=(film,))
    change_family(store, family_id, lambda f: replace(f, cycles=(cycle,)))
    return family_id


def _account(store: Store, username: str) -> None:
    draft = AccountDraft(username, username.title(), Role.GUIDER, "2468", "2468")
    create_account(store, draft, "test", "2026-11-26")


def test_withdraw_backup_restore_keeps_the_withdrawal_the_erasure_and_the_removal(
    store: Store, tmp_path: Path
) -> None:
    family_id = _family(store, "Mia")
    _account(store, "ann")
    _account(store, "bob")
    backup = store.backup_now()
    withdraw_and_erase(
        store, tmp_path / "static", family_id, [ConsentPurpose.FILMING], on=TODAY, who="Ann"
    )
    delete_account(store, "bob")
    restore_backup(store, backup, "Ann (ann)", administrator=True, now=NOW)
    family = load_family(store, family_id)
    filming = [c for c in family.consents if c.purpose == ConsentPurpose.FILMING]
    assert filming and all(c.withdrawn_on == TODAY for c in filming)
    assert family.footage_deleted_on == TODAY
    assert all(film.deleted_on == TODAY for film in family.cycles[0].films)
    assert [a.username for a in list_accounts(store)] == ["ann"]
    assert sign_in(store, "bob", "2468", NOW).outcome == SignInOutcome.WRONG
    restored = [e for e in read_history(store, family_id).events if e.action == RESTORED]
    assert [(e.who, e.at) for e in restored] == [("Ann (ann)", NOW)]
    assert backup.name in restored[0].detail


def test_only_an_administrator_may_restore(store: Store) -> None:
    family_id = _family(store, "Mia")
    backup = store.backup_now()
    with pytest.raises(StorageError, match="Only an administrator"):
        restore_backup(store, backup, "Bob (bob)", administrator=False, now=NOW)
    assert not [e for e in read_history(store, family_id).events if e.action == RESTORED]


def test_the_first_account_is_the_administrator_and_older_accounts_get_one(
    store: Store,
) -> None:
    _account(store, "ann")
    _account(store, "bob")
    assert {a.username: a.administrator for a in list_accounts(store)} == {
        "ann": True,
        "bob": False,
    }
    # Accounts saved before there were administrators: the first-run one becomes it.
    for doc in store.list_guiders():
        doc.pop("administrator")
        doc["created_by"] = "first run" if doc["username"] == "bob" else "test"
        store.save_guider(doc)
    assert [a.username for a in list_accounts(store) if a.administrator] == ["bob"]


def test_the_confirmation_says_what_will_change(store: Store) -> None:
    _family(store, "Mia")
    _account(store, "ann")
    backup = store.backup_now()
    words = describe_plan(plan_restore(store, backup))
    assert "1 families (Mia)" in words and "(1 accounts)" in words
    assert "Consent withdrawn, footage deleted and accounts removed since" in words


def test_a_restore_on_another_store_ends_the_parent_view_of_a_restored_family(
    store: Store, tmp_path: Path
) -> None:
    family_id = _family(store, "Mia")
    _family(store, "Zoe")
    set_guider_pin(store, "482913")
    backup = store.backup_now()
    view = start_parent_view(store, family_id, 1, NOW)
    # Another device (its own Store on the same folder) restores the backup.
    elsewhere = open_store(tmp_path / "data")
    later = add_family(elsewhere, FamilyDraft("Kai", "Bo", "Ann", TODAY, baby_age_months=2))
    other_view = start_parent_view(store, later.id, 1, NOW)
    restore_backup(elsewhere, backup, "Ann", administrator=True, now=NOW)
    assert find_parent_view(store, view.token) is None
    assert find_parent_view(store, other_view.token) is not None  # a family it did not touch


@pytest.mark.parametrize("how", ["withdrawal", "erasure", "bundle import"])
def test_withdrawal_erasure_and_bundle_import_end_the_familys_parent_views(
    store: Store, tmp_path: Path, how: str
) -> None:
    family_id = _family(store, "Mia")
    static_dir = tmp_path / "static"
    (static_dir / "films").mkdir(parents=True)
    exports = tmp_path / "exports"
    bundle = export_bundle(store, family_id, exports, "Ann") if how == "bundle import" else None
    view = start_parent_view(store, family_id, 1, NOW)
    if how == "withdrawal":
        withdraw_and_erase(
            store, static_dir, family_id, [ConsentPurpose.SUPERVISION], on=TODAY, who="Ann"
        )
    elif how == "erasure":
        erase_footage(store, static_dir, family_id, on=TODAY, who="Ann", because="Retention.")
    else:
        assert bundle is not None
        import_bundle(store, bundle, static_dir, "Ann")
    assert find_parent_view(store, view.token) is None
