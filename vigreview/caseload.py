"""The guider's caseload: adding families, loading and changing their records."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from vigreview.codec import family_from_doc, family_to_doc
from vigreview.models import CaseStatus, Consent, ConsentPurpose, Family
from vigreview.storage import StorageError, Store
from vigreview.trust.facts import note_consent_withdrawn
from vigreview.trust.handover import end_parent_views_of
from vigreview.validation import FamilyDraft

logger = logging.getLogger(__name__)

# The caseload index holds only these, so that listing hundreds of families stays quick and
# saving a family rewrites the index only when one of them changes.
SUMMARY_KEYS = (
    "pseudonym",
    "baby_name",
    "status",
    "lead_guider",
    "opened_on",
    "closed_on",
)


def open_store(data_dir: Any) -> Store:
    """Open the store for a data folder with the caseload's summary fields."""
    return Store(data_dir, summary_keys=SUMMARY_KEYS)


def new_family_id() -> str:
    """Return a fresh, unguessable family id that is also a safe folder name."""
    return "fam-" + secrets.token_hex(6)


def add_family(store: Store, draft: FamilyDraft) -> Family:
    """Create and save a new open family from a validated draft."""
    family = Family(
        id=new_family_id(),
        pseudonym=draft.pseudonym.strip(),
        baby_name=draft.baby_name.strip(),
        lead_guider=draft.lead_guider.strip(),
        opened_on=draft.opened_on,
        baby_birth_date=draft.baby_birth_date,
        baby_age_months=None if draft.baby_birth_date else draft.baby_age_months,
        referred_by=draft.referred_by.strip(),
    )
    store.create_family(family_to_doc(family))
    return family


def load_family(store: Store, family_id: str) -> Family:
    """Load one family's record."""
    return family_from_doc(store.load_family(family_id))


def change_family(store: Store, family_id: str, change: Callable[[Family], Family]) -> Family:
    """Apply `change` to the stored family under the store's lock and save the result."""

    def apply(doc: dict[str, Any]) -> dict[str, Any]:
        changed = replace(change(family_from_doc(doc)), updated_at=datetime.now())
        return family_to_doc(changed)

    return family_from_doc(store.update_family(family_id, apply))


def record_consent(
    store: Store,
    family_id: str,
    purposes: Iterable[ConsentPurpose],
    given_by: str,
    given_on: date,
    recorded_by: str,
) -> Family:
    """Record that the parent consented to each purpose on `given_on`."""
    new = tuple(
        Consent(purpose=p, given_on=given_on, given_by=given_by.strip(), recorded_by=recorded_by)
        for p in purposes
    )
    return change_family(store, family_id, lambda f: replace(f, consents=f.consents + new))


def mark_withdrawn(family: Family, purposes: Iterable[ConsentPurpose], on: date) -> Family:
    """Return the family with its active consent for each purpose withdrawn on `on`."""
    chosen = set(purposes)
    consents = tuple(
        replace(c, withdrawn_on=on) if c.purpose in chosen and c.is_active(on) else c
        for c in family.consents
    )
    return replace(family, consents=consents)


def withdraw_consent(
    store: Store, family_id: str, purposes: Iterable[ConsentPurpose], on: date
) -> Family:
    """Mark the active consent for each purpose as withdrawn on `on`.

    The withdrawal is also kept in the facts log, so no restore undoes it, and any parent
    view of the family ends: what the parent agreed to see has changed.
    """
    chosen = tuple(purposes)
    changed = change_family(store, family_id, lambda f: mark_withdrawn(f, chosen, on))
    note_consent_withdrawn(store, family_id, chosen, on)
    end_parent_views_of(store, family_id)
    return changed


def close_case(store: Store, family_id: str, on: date) -> Family:
    """Close the case, which starts the footage retention clock."""
    return change_family(
        store, family_id, lambda f: replace(f, status=CaseStatus.CLOSED, closed_on=on)
    )


def reopen_case(store: Store, family_id: str) -> Family:
    """Reopen a closed case, which stops the retention clock."""
    return change_family(
        store, family_id, lambda f: replace(f, status=CaseStatus.OPEN, closed_on=None)
    )


@dataclass(frozen=True)
class CaseloadRow:
    """One family as listed on the Families page."""

    id: str
    pseudonym: str
    baby_name: str
    lead_guider: str
    status: str
    opened_on: date | None


def _read_day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def list_caseload(
    store: Store, search: str = "", status: str | None = None, lead_guider: str | None = None
) -> list[CaseloadRow]:
    """Return the families whose names match `search` and whose status is `status` (or any).

    With `lead_guider`, only that guider's own caseload (matched ignoring case and spaces).
    """
    needle = search.strip().casefold()
    owner = lead_guider.strip().casefold() if lead_guider is not None else None
    rows = []
    for entry in store.list_families():
        row = CaseloadRow(
            id=str(entry["id"]),
            pseudonym=str(entry.get("pseudonym") or ""),
            baby_name=str(entry.get("baby_name") or ""),
            lead_guider=str(entry.get("lead_guider") or ""),
            status=str(entry.get("status") or CaseStatus.OPEN),
            opened_on=_read_day(entry.get("opened_on")),
        )
        haystack = f"{row.pseudonym} {row.baby_name} {row.lead_guider}".casefold()
        if needle and needle not in haystack:
            continue
        if status and row.status != status:
            continue
        if owner is not None and row.lead_guider.strip().casefold() != owner:
            continue
        rows.append(row)
    return sorted(rows, key=lambda r: (r.status != CaseStatus.OPEN, r.pseudonym.casefold()))


def load_caseload_families(store: Store, lead_guider: str | None = None) -> Iterator[Family]:
    """Yield every family (or only `lead_guider`'s, matched without case), loaded in full.

    A family whose record can't be read is skipped with a warning in the log, so one damaged
    file never hides the rest of the caseload; its own page says what happened to it.
    """
    for entry in store.list_families():
        guider = str(entry.get("lead_guider") or "")
        if lead_guider is not None and guider.casefold() != lead_guider.casefold():
            continue
        try:
            yield load_family(store, str(entry["id"]))
        except StorageError as error:
            logger.warning("Skipping family %s: %s", entry.get("id"), error)
