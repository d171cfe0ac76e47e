"""Lockouts hold when many wrong tries arrive at once (issue 17, finding 5).

Each try is counted under the store's lock before its secret is checked, so a burst from
many tablets or tabs checks at most MAX_WRONG_TRIES secrets before the lock starts.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest

from vigreview.caseload import open_store
from vigreview.storage import Store
from vigreview.trust import accounts, handover
from vigreview.trust.accounts import AccountDraft, Role, SignInOutcome, create_account, sign_in
from vigreview.trust.handover import (
    UnlockOutcome,
    set_guider_pin,
    start_parent_view,
    unlock_parent_view,
)
from vigreview.trust.lockout import MAX_WRONG_TRIES

NOW = datetime(2026, 11, 26, 9, 30)
TRIES = 20


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _count_checks(monkeypatch: pytest.MonkeyPatch, module: object) -> list[str]:
    """Count every secret checked; each check is slowed, as a real slow hash is under load."""
    checked: list[str] = []
    real: Callable[[str, str], bool] = module.verify_secret  # type: ignore[attr-defined]
    guard = threading.Lock()

    def slow_check(secret: str, hashed: str) -> bool:
        with guard:
            checked.append(secret)
        time.sleep(0.05)
        return real(secret, hashed)

    monkeypatch.setattr(module, "verify_secret", slow_check)
    return checked


def test_twenty_parallel_wrong_passwords_lock_and_the_right_one_after_is_refused(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = AccountDraft("ann", "Ann Guider", Role.GUIDER, "right-2468", "right-2468")
    create_account(store, draft, "first run", "2026-11-26")
    checked = _count_checks(monkeypatch, accounts)
    with ThreadPoolExecutor(max_workers=TRIES) as pool:
        outcomes = list(pool.map(lambda n: sign_in(store, "ann", f"wrong-{n}", NOW), range(TRIES)))
    assert len(checked) <= MAX_WRONG_TRIES
    assert [r.outcome for r in outcomes].count(SignInOutcome.WRONG) == MAX_WRONG_TRIES - 1
    assert [r.outcome for r in outcomes].count(SignInOutcome.LOCKED) == TRIES - MAX_WRONG_TRIES + 1
    after = sign_in(store, "ann", "right-2468", NOW)
    assert after.outcome == SignInOutcome.LOCKED and after.account is None


def test_twenty_parallel_wrong_pins_lock_the_parent_view_and_the_right_one_after_is_refused(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_guider_pin(store, "482913")
    view = start_parent_view(store, "fam-aaaaaaaaaaaa", 1, NOW)
    checked = _count_checks(monkeypatch, handover)
    with ThreadPoolExecutor(max_workers=TRIES) as pool:
        outcomes = list(
            pool.map(lambda n: unlock_parent_view(store, view.token, f"{n:06d}", NOW), range(TRIES))
        )
    assert len(checked) <= MAX_WRONG_TRIES
    assert [r.outcome for r in outcomes].count(UnlockOutcome.LOCKED) == TRIES - MAX_WRONG_TRIES + 1
    after = unlock_parent_view(store, view.token, "482913", NOW)
    assert after.outcome == UnlockOutcome.LOCKED
    assert handover.find_parent_view(store, view.token) is not None


def test_a_right_secret_within_the_allowed_tries_still_signs_in_and_clears_the_count(
    store: Store,
) -> None:
    draft = AccountDraft("ann", "Ann Guider", Role.GUIDER, "right-2468", "right-2468")
    create_account(store, draft, "first run", "2026-11-26")
    for n in range(MAX_WRONG_TRIES - 1):
        assert sign_in(store, "ann", f"wrong-{n}", NOW).outcome == SignInOutcome.WRONG
    assert sign_in(store, "ann", "right-2468", NOW).outcome == SignInOutcome.SIGNED_IN
    assert accounts.read_try_count(store, "ann").wrong_tries == 0
