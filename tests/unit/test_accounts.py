"""Guider accounts: hashed secrets, sign-in, and wrong tries counted on the server."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vigreview.caseload import open_store
from vigreview.storage import Store
from vigreview.trust.accounts import (
    AccountDraft,
    Role,
    SignInOutcome,
    create_account,
    delete_account,
    find_account,
    has_accounts,
    read_try_count,
    sign_in,
    validate_account_draft,
)
from vigreview.trust.handover import verify_guider_secret
from vigreview.trust.lockout import LOCK_MINUTES, MAX_WRONG_TRIES

NOW = datetime(2026, 11, 26, 9, 30)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _draft(username: str = "Ann", secret: str = "2468", role: Role = Role.GUIDER) -> AccountDraft:
    return AccountDraft(username, f"{username} Guider", role, secret, secret)


def test_the_secret_is_kept_only_as_a_slow_hash(store: Store, tmp_path: Path) -> None:
    assert not has_accounts(store)
    account = create_account(store, _draft(secret="s3cret-pass"), "first run", "2026-11-26")
    assert has_accounts(store)
    assert account.username == "ann"
    # Accounts have their own file (issue 17): losing caseload.json never loses them.
    saved = (tmp_path / "data" / "accounts.json").read_text(encoding="utf-8")
    assert not [p for p in (tmp_path / "data").rglob("*.json") if b"s3cret" in p.read_bytes()]
    assert "s3cret-pass" not in saved
    assert account.secret_hash.startswith("scrypt$") and account.secret_hash in saved


def test_sign_in_with_the_right_secret_in_any_case_of_name(store: Store) -> None:
    create_account(store, _draft(), "first run", "2026-11-26")
    result = sign_in(store, "  ANN ", "2468", NOW)
    assert result.outcome == SignInOutcome.SIGNED_IN
    assert result.account is not None and result.account.display_name == "Ann Guider"
    assert sign_in(store, "ann", "2469", NOW).outcome == SignInOutcome.WRONG
    assert sign_in(store, "nobody", "2468", NOW).outcome == SignInOutcome.WRONG


def test_five_wrong_tries_lock_even_the_right_secret_and_survive_a_restart(
    store: Store, tmp_path: Path
) -> None:
    create_account(store, _draft(), "first run", "2026-11-26")
    for _ in range(MAX_WRONG_TRIES - 1):
        assert sign_in(store, "ann", "0000", NOW).outcome == SignInOutcome.WRONG
    locked = sign_in(store, "ann", "0000", NOW)
    assert locked.outcome == SignInOutcome.LOCKED and locked.minutes_locked == LOCK_MINUTES
    # A new process (a restart, another tablet) reads the same counts from the data folder.
    fresh = open_store(tmp_path / "data")
    still = sign_in(fresh, "ann", "2468", NOW + timedelta(minutes=1))
    assert still.outcome == SignInOutcome.LOCKED and still.account is None
    after = sign_in(fresh, "ann", "2468", NOW + timedelta(minutes=LOCK_MINUTES))
    assert after.outcome == SignInOutcome.SIGNED_IN
    assert read_try_count(fresh, "ann").wrong_tries == 0


def test_a_right_secret_resets_the_count(store: Store) -> None:
    create_account(store, _draft(), "first run", "2026-11-26")
    for _ in range(MAX_WRONG_TRIES - 1):
        sign_in(store, "ann", "1111", NOW)
    assert sign_in(store, "ann", "2468", NOW).outcome == SignInOutcome.SIGNED_IN
    for _ in range(MAX_WRONG_TRIES - 1):
        assert sign_in(store, "ann", "1111", NOW).outcome == SignInOutcome.WRONG


def test_wrong_tries_for_one_account_do_not_lock_another(store: Store) -> None:
    create_account(store, _draft("ann"), "first run", "2026-11-26")
    create_account(store, _draft("bea", role=Role.SUPERVISOR), "ann", "2026-11-26")
    for _ in range(MAX_WRONG_TRIES):
        sign_in(store, "ann", "0000", NOW)
    bea = sign_in(store, "bea", "2468", NOW)
    assert bea.outcome == SignInOutcome.SIGNED_IN
    assert bea.account is not None and bea.account.role == Role.SUPERVISOR


def test_deleting_an_account(store: Store) -> None:
    create_account(store, _draft(), "first run", "2026-11-26")
    sign_in(store, "ann", "0000", NOW)
    delete_account(store, "ann")
    assert find_account(store, "ann") is None
    assert read_try_count(store, "ann").wrong_tries == 0
    assert "ann" not in json.dumps(store.load_settings())


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (AccountDraft("", "Ann", Role.GUIDER, "2468", "2468"), "username"),
        (AccountDraft("a/../b", "Ann", Role.GUIDER, "2468", "2468"), "username"),
        (AccountDraft("x" * 31, "Ann", Role.GUIDER, "2468", "2468"), "username"),
        (AccountDraft("taken", "Ann", Role.GUIDER, "2468", "2468"), "username"),
        (AccountDraft("ann", " ", Role.GUIDER, "2468", "2468"), "display_name"),
        (AccountDraft("ann", "A" * 61, Role.GUIDER, "2468", "2468"), "display_name"),
        (AccountDraft("ann", "Ann", Role.GUIDER, "246", "246"), "secret"),
        (AccountDraft("ann", "Ann", Role.GUIDER, "9" * 129, "9" * 129), "secret"),
        (AccountDraft("ann", "Ann", Role.GUIDER, " 2468", " 2468"), "secret"),
        (AccountDraft("ann", "Ann", Role.GUIDER, "2468", "2486"), "secret_again"),
    ],
)
def test_account_form_says_which_field_needs_changing(draft: AccountDraft, field: str) -> None:
    errors = validate_account_draft(draft, taken={"taken"})
    assert list(errors) == [field]


def test_names_in_other_scripts_are_accepted() -> None:
    draft = AccountDraft("نور", "نور 👶", Role.GUIDER, "2468", "2468")
    assert validate_account_draft(draft, taken=set()) == {}


def test_a_guider_accounts_secret_also_leaves_the_parent_view(store: Store) -> None:
    assert not verify_guider_secret(store, "2468")
    create_account(store, _draft("ann"), "first run", "2026-11-26")
    create_account(store, _draft("sue", "7777", Role.SUPERVISOR), "ann", "2026-11-26")
    assert verify_guider_secret(store, "2468")
    assert not verify_guider_secret(store, "7777")  # a supervisor never holds the tablet
    assert not verify_guider_secret(store, "")
    assert not verify_guider_secret(store, "2469")
