"""The guider PIN (hashed, checked) and the record of devices in parent view."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from vigreview.caseload import open_store
from vigreview.storage import Store
from vigreview.trust.handover import (
    GUIDER_PIN_KEY,
    UnlockOutcome,
    check_new_pin,
    end_parent_view,
    end_parent_views_of,
    find_parent_view,
    has_guider_pin,
    set_guider_pin,
    start_parent_view,
    unlock_parent_view,
    verify_guider_secret,
)
from vigreview.trust.lockout import LOCK_MINUTES, MAX_WRONG_TRIES

NOW = datetime(2026, 1, 6, 10, 30)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def test_without_a_pin_nothing_unlocks(store: Store) -> None:
    assert not has_guider_pin(store)
    assert not verify_guider_secret(store, "")
    assert not verify_guider_secret(store, "1234")


def test_the_pin_is_stored_only_as_a_slow_hash(store: Store) -> None:
    set_guider_pin(store, "482913")
    assert has_guider_pin(store)
    stored = store.load_settings()[GUIDER_PIN_KEY]
    assert stored.startswith("scrypt$") and "482913" not in stored
    on_disk = (store.data_dir / "caseload.json").read_text(encoding="utf-8")
    assert "482913" not in on_disk
    assert verify_guider_secret(store, "482913")
    assert not verify_guider_secret(store, "482914")
    assert not verify_guider_secret(store, "")


def test_changing_the_pin_retires_the_old_one(store: Store) -> None:
    set_guider_pin(store, "1111")
    set_guider_pin(store, "2222")
    assert verify_guider_secret(open_store(store.data_dir), "2222")
    assert not verify_guider_secret(store, "1111")


@pytest.mark.parametrize(
    ("pin", "repeated", "field"),
    [
        ("123", "123", "pin"),
        ("123456789", "123456789", "pin"),
        ("12a4", "12a4", "pin"),
        ("", "", "pin"),
        ("1234", "1243", "repeated"),
    ],
)
def test_new_pins_are_checked(pin: str, repeated: str, field: str) -> None:
    assert field in check_new_pin(pin, repeated)


def test_a_good_new_pin_passes() -> None:
    assert check_new_pin("2468", "2468") == {}
    assert check_new_pin("24681357", "24681357") == {}


def test_parent_views_are_found_by_token_until_ended(store: Store) -> None:
    first = start_parent_view(store, "fam-a", 2, NOW)
    second = start_parent_view(store, "fam-b", 1, NOW)
    assert len(first.token) >= 32 and first.token != second.token
    reopened = open_store(store.data_dir)
    assert find_parent_view(reopened, first.token) == first
    assert find_parent_view(reopened, "not-a-token") is None
    assert find_parent_view(reopened, "") is None
    end_parent_view(store, first.token)
    assert find_parent_view(store, first.token) is None
    assert find_parent_view(store, second.token) == second
    end_parent_views_of(store, "fam-b")
    assert find_parent_view(store, second.token) is None


def test_other_settings_survive_parent_views_and_pins(store: Store) -> None:
    store.update_settings(lambda s: {**s, "retention_days": 30})
    set_guider_pin(store, "2468")
    view = start_parent_view(store, "fam-a", 1, NOW)
    end_parent_view(store, view.token)
    assert store.load_settings()["retention_days"] == 30
    assert json.dumps(store.load_settings())  # still plain JSON


def test_a_damaged_parent_view_entry_is_ignored(store: Store) -> None:
    store.update_settings(lambda s: {**s, "parent_views": {"tok": {"family_id": "x"}}})
    assert find_parent_view(store, "tok") is None


def test_unlocking_needs_the_pin_and_ends_the_view(store: Store) -> None:
    set_guider_pin(store, "2468")
    view = start_parent_view(store, "fam-a", 1, NOW)
    wrong = unlock_parent_view(store, view.token, "1357", NOW)
    assert (wrong.outcome, wrong.tries_left) == (UnlockOutcome.WRONG, MAX_WRONG_TRIES - 1)
    assert find_parent_view(store, view.token) == view
    assert unlock_parent_view(store, view.token, "2468", NOW).outcome == UnlockOutcome.UNLOCKED
    assert find_parent_view(store, view.token) is None


def test_five_wrong_pins_lock_unlocking_for_a_while(store: Store) -> None:
    set_guider_pin(store, "2468")
    view = start_parent_view(store, "fam-a", 1, NOW)
    outcomes = [unlock_parent_view(store, view.token, "0000", NOW).outcome for _ in range(5)]
    assert outcomes == [UnlockOutcome.WRONG] * 4 + [UnlockOutcome.LOCKED]
    # Even the right PIN waits while locked, and a fresh store (a reload) remembers the count.
    locked = unlock_parent_view(open_store(store.data_dir), view.token, "2468", NOW)
    assert (locked.outcome, locked.minutes_left) == (UnlockOutcome.LOCKED, LOCK_MINUTES)
    later = NOW + timedelta(minutes=LOCK_MINUTES, seconds=1)
    assert unlock_parent_view(store, view.token, "2468", later).outcome == UnlockOutcome.UNLOCKED
