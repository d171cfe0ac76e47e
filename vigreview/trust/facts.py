"""What happened that a restore must not undo: consent withdrawn, footage erased, an account
removed. Noted here by the code that does them; put back after a restore by trust.restore."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum

from vigreview.storage import Store
from vigreview.storage.facts_log import append_fact


class FactKind(StrEnum):
    """The kinds of fact kept in the facts log."""

    CONSENT_WITHDRAWN = "consent_withdrawn"
    FOOTAGE_ERASED = "footage_erased"
    ACCOUNT_REMOVED = "account_removed"


def note_consent_withdrawn(store: Store, family_id: str, purposes: Iterable[str], on: date) -> None:
    """Remember that the family withdrew consent for `purposes` on `on`."""
    details = {"family_id": family_id, "purposes": sorted(str(p) for p in purposes)}
    append_fact(
        store.data_dir,
        FactKind.CONSENT_WITHDRAWN,
        {**details, "on": on.isoformat()},
        datetime.now(),
    )


def note_footage_erased(store: Store, family_id: str, on: date, because: str) -> None:
    """Remember that all of the family's footage was deleted on `on`."""
    details = {"family_id": family_id, "on": on.isoformat(), "because": because}
    append_fact(store.data_dir, FactKind.FOOTAGE_ERASED, details, datetime.now())


def note_account_removed(store: Store, username: str) -> None:
    """Remember that the account `username` was removed."""
    append_fact(store.data_dir, FactKind.ACCOUNT_REMOVED, {"username": username}, datetime.now())
