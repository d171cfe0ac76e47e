"""The guider's PIN and the record of which devices are showing a parent view.

A tablet handed to a parent shows only that family's review until the guider's secret is
given. Which devices are in parent view is kept in the store's settings, keyed by an
unguessable token the device carries (in a cookie and in the address), so a reload, the
browser's back button or a typed address cannot leave it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from vigreview.storage import Store
from vigreview.trust.accounts import Role, list_accounts
from vigreview.trust.lockout import (
    TryCount,
    count_from_doc,
    count_to_doc,
    count_wrong_try,
    tries_left,
)
from vigreview.trust.passwords import hash_secret, verify_secret

GUIDER_PIN_KEY = "guider_pin_hash"
PARENT_VIEWS_KEY = "parent_views"
# Wrong tries per parent-view token, kept apart from the views so that a view whose record
# has gone (ended elsewhere, restored away) still counts them.
PARENT_VIEW_TRIES_KEY = "parent_view_tries"
MIN_PIN_LENGTH, MAX_PIN_LENGTH = 4, 8
_PIN_PATTERN = re.compile(r"\d+")


class UnlockOutcome(StrEnum):
    """What happened when someone tried to leave the parent view."""

    UNLOCKED = "unlocked"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class UnlockResult:
    """The outcome of one try, with the tries left or the minutes until trying again."""

    outcome: UnlockOutcome
    tries_left: int = 0
    minutes_left: int = 0


@dataclass(frozen=True)
class ParentView:
    """One device showing one family's review to the parent."""

    token: str
    family_id: str
    cycle_number: int
    started_at: datetime


def check_new_pin(pin: str, repeated: str) -> dict[str, str]:
    """Return a message per field ("pin", "repeated") that needs changing; empty when fine."""
    if not _PIN_PATTERN.fullmatch(pin) or not MIN_PIN_LENGTH <= len(pin) <= MAX_PIN_LENGTH:
        return {"pin": f"Please choose a PIN of {MIN_PIN_LENGTH} to {MAX_PIN_LENGTH} digits."}
    if pin != repeated:
        return {"repeated": "The two PINs are not the same. Please type it again."}
    return {}


def set_guider_pin(store: Store, pin: str) -> None:
    """Save a slow salted hash of the guider's PIN (never the PIN itself)."""
    hashed = hash_secret(pin)
    store.update_settings(lambda settings: {**settings, GUIDER_PIN_KEY: hashed})


def has_guider_pin(store: Store) -> bool:
    """Return True when a guider PIN has been set."""
    return bool(store.load_settings().get(GUIDER_PIN_KEY))


def verify_guider_secret(store: Store, secret: str) -> bool:
    """Return True when `secret` may take the tablet back from the parent view.

    That is the guider PIN set on the Data & settings page, or the PIN or password of any
    guider account. A supervisor's does not count: supervisors never hold family records.
    """
    if not secret:
        return False
    stored = store.load_settings().get(GUIDER_PIN_KEY)
    if isinstance(stored, str) and verify_secret(secret, stored):
        return True
    return any(
        account.role == Role.GUIDER and verify_secret(secret, account.secret_hash)
        for account in list_accounts(store)
    )


def _tries(settings: dict[str, Any]) -> dict[str, Any]:
    tries = settings.get(PARENT_VIEW_TRIES_KEY)
    return dict(tries) if isinstance(tries, dict) else {}


def _views(settings: dict[str, Any]) -> dict[str, Any]:
    views = settings.get(PARENT_VIEWS_KEY)
    return dict(views) if isinstance(views, dict) else {}


def start_parent_view(store: Store, family_id: str, cycle_number: int, now: datetime) -> ParentView:
    """Record a new parent view of one family's review and return it with its fresh token."""
    view = ParentView(secrets.token_urlsafe(24), family_id, cycle_number, now)
    entry = {"family_id": family_id, "cycle_number": cycle_number, "started_at": now.isoformat()}

    def add(settings: dict[str, Any]) -> dict[str, Any]:
        return {**settings, PARENT_VIEWS_KEY: {**_views(settings), view.token: entry}}

    store.update_settings(add)
    return view


def find_parent_view(store: Store, token: str) -> ParentView | None:
    """Return the active parent view with this token, or None (unknown, ended or damaged)."""
    if not token:
        return None
    entry = _views(store.load_settings()).get(token)
    if not isinstance(entry, dict):
        return None
    try:
        return ParentView(
            token=token,
            family_id=str(entry["family_id"]),
            cycle_number=int(entry["cycle_number"]),
            started_at=datetime.fromisoformat(str(entry["started_at"])),
        )
    except (KeyError, TypeError, ValueError):
        return None


def end_parent_view(store: Store, token: str) -> None:
    """Forget the parent view with this token (and its wrong tries)."""

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        views = _views(settings)
        views.pop(token, None)
        tries = _tries(settings)
        tries.pop(token, None)
        return {**settings, PARENT_VIEWS_KEY: views, PARENT_VIEW_TRIES_KEY: tries}

    store.update_settings(drop)


def unlock_parent_view(store: Store, token: str, secret: str, now: datetime) -> UnlockResult:
    """End the parent view when `secret` is the guider's; too many wrong tries lock it a while.

    The wrong tries are counted on the server, per token, before the secret is checked, so
    neither reloading the page nor many tabs trying at once get more tries. They are counted
    for a token whose record has gone too (the tablet is then still locked, see the UI).
    """
    counted: list[TryCount | None] = []

    def count_first(settings: dict[str, Any]) -> dict[str, Any]:
        # Counted under the caseload lock before the secret is checked, so tries from many
        # tabs at once are counted one after another (see accounts._count_try_first).
        tries = _tries(settings)
        current = count_from_doc(tries.get(token))
        if current.is_locked(now):
            counted.append(None)
            return settings
        updated = count_wrong_try(current, now)
        counted.append(updated)
        return {**settings, PARENT_VIEW_TRIES_KEY: {**tries, token: count_to_doc(updated)}}

    store.update_settings(count_first)
    count = counted[0]
    if count is None:
        locked = count_from_doc(_tries(store.load_settings()).get(token))
        return UnlockResult(UnlockOutcome.LOCKED, minutes_left=locked.minutes_left(now))
    if verify_guider_secret(store, secret):
        end_parent_view(store, token)
        return UnlockResult(UnlockOutcome.UNLOCKED)
    if count.is_locked(now):
        return UnlockResult(UnlockOutcome.LOCKED, minutes_left=count.minutes_left(now))
    return UnlockResult(UnlockOutcome.WRONG, tries_left=tries_left(count))


def end_parent_views_of(store: Store, family_id: str) -> None:
    """Forget every parent view of one family (when its record is removed)."""

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        views = {
            token: entry
            for token, entry in _views(settings).items()
            if not (isinstance(entry, dict) and entry.get("family_id") == family_id)
        }
        return {**settings, PARENT_VIEWS_KEY: views}

    store.update_settings(drop)
