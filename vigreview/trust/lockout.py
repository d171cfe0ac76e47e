"""Locking an account for a few minutes after too many wrong PINs or passwords.

The counts are kept with the store's settings, on the server, so reloading the page or
opening a new tab does not reset them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

MAX_WRONG_TRIES = 5
LOCK_MINUTES = 5


@dataclass(frozen=True)
class TryCount:
    """Wrong tries in a row for one account, and until when it is locked (if it is)."""

    wrong_tries: int = 0
    locked_until: datetime | None = None

    def is_locked(self, now: datetime) -> bool:
        """Return True while the account is locked."""
        return self.locked_until is not None and now < self.locked_until

    def minutes_left(self, now: datetime) -> int:
        """Return the whole minutes (rounded up) until the lock lifts; 0 when not locked."""
        if not self.is_locked(now) or self.locked_until is None:
            return 0
        seconds = (self.locked_until - now).total_seconds()
        return max(1, int(-(-seconds // 60)))


def count_wrong_try(count: TryCount, now: datetime) -> TryCount:
    """Return the count after one more wrong try; the fifth in a row locks the account."""
    tries = 0 if count.locked_until is not None and not count.is_locked(now) else count.wrong_tries
    tries += 1
    if tries >= MAX_WRONG_TRIES:
        return TryCount(wrong_tries=tries, locked_until=now + timedelta(minutes=LOCK_MINUTES))
    return TryCount(wrong_tries=tries)


def tries_left(count: TryCount) -> int:
    """Return how many wrong tries remain before the account locks."""
    return max(0, MAX_WRONG_TRIES - count.wrong_tries)


def count_to_doc(count: TryCount) -> dict[str, Any]:
    """Return the count as a JSON-able dict."""
    until = count.locked_until.isoformat() if count.locked_until else None
    return {"wrong_tries": count.wrong_tries, "locked_until": until}


def count_from_doc(doc: Any) -> TryCount:
    """Read a count saved by `count_to_doc`; anything unreadable counts as no wrong tries."""
    if not isinstance(doc, dict):
        return TryCount()
    try:
        tries = int(doc.get("wrong_tries") or 0)
        until_text = doc.get("locked_until")
        until = datetime.fromisoformat(until_text) if until_text else None
    except (TypeError, ValueError):
        return TryCount()
    return TryCount(wrong_tries=max(0, tries), locked_until=until)
