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
from vigreview.trust.accounts import Account, Role, delete_account, list_accounts
from vigreview.trust.audit import record_event
from vigreview.trust.facts import note_consent_withdrawn
from vigreview.trust.handover import end_parent_views_of
from vigreview.trust.ownership import (
    DEMO_ACCOUNT_ID,
    Viewer,
    find_lead_id,
    may_see_family,
    viewer_for_trainee,
)
from vigreview.validation import FamilyDraft

logger = logging.getLogger(__name__)

REASSIGNED = "lead guider changed"
# Who nobody signed in is: may_see_family lets it see no family.
NOBODY = Viewer(account_id="", role=Role.GUIDER)

# The caseload index holds only these, so that listing hundreds of families stays quick and
# saving a family rewrites the index only when one of them changes.
SUMMARY_KEYS = (
    "pseudonym",
    "baby_name",
    "status",
    "lead_guider",
    "lead_guider_id",
    "opened_on",
    "closed_on",
)


def open_store(data_dir: Any) -> Store:
    """Open the store for a data folder with the caseload's summary fields."""
    return Store(data_dir, summary_keys=SUMMARY_KEYS)


def new_family_id() -> str:
    """Return a fresh, unguessable family id that is also a safe folder name."""
    return "fam-" + secrets.token_hex(6)


def add_family(store: Store, draft: FamilyDraft, lead_guider_id: str = "") -> Family:
    """Create and save a new open family from a validated draft, led by `lead_guider_id`."""
    family = Family(
        lead_guider_id=lead_guider_id,
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


def _visible_entries(store: Store, viewer: Viewer | None) -> list[dict[str, Any]]:
    """Return the index entries `viewer` may see (vigreview.trust.ownership); all for None."""
    entries = store.list_families()
    if viewer is None:
        return entries
    accounts = list_accounts(store)
    return [e for e in entries if may_see_family(viewer, find_lead_id(e, accounts))]


def list_caseload(
    store: Store, search: str = "", status: str | None = None, viewer: Viewer | None = None
) -> list[CaseloadRow]:
    """Return the families whose names match `search` and whose status is `status` (or any).

    With `viewer`, only the families that viewer may see (see may_see_family). Without one,
    every family: for the app's own housekeeping, never for a page (pages pass who is signed
    in, see vigreview.ui.signed_in.current_viewer).
    """
    needle = search.strip().casefold()
    rows = []
    for entry in _visible_entries(store, viewer):
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
        rows.append(row)
    return sorted(rows, key=lambda r: (r.status != CaseStatus.OPEN, r.pseudonym.casefold()))


def may_open_family(store: Store, viewer: Viewer | None, family_id: str) -> bool:
    """Return True when `viewer` may open this family (it exists and may_see_family says so)."""
    return any(e.get("id") == family_id for e in _visible_entries(store, viewer or NOBODY))


def load_caseload_families(store: Store, viewer: Viewer | None = None) -> Iterator[Family]:
    """Yield every family `viewer` may see (every family for None), loaded in full.

    A family whose record can't be read is skipped with a warning in the log, so one damaged
    file never hides the rest of the caseload; its own page says what happened to it.
    """
    for entry in _visible_entries(store, viewer):
        try:
            yield load_family(store, str(entry["id"]))
        except StorageError as error:
            logger.warning("Skipping family %s: %s", entry.get("id"), error)


def count_families_led(store: Store, username: str) -> int:
    """Return how many families the account `username` leads."""
    accounts = list_accounts(store)
    return sum(1 for e in store.list_families() if find_lead_id(e, accounts) == username)


def remove_guider_account(store: Store, username: str, by: Viewer) -> None:
    """Remove an account: only an administrator, never their own, once it leads no family.

    Raises StorageError in plain words otherwise; nothing is changed then.
    """
    if not by.administrator:
        raise StorageError("Only an administrator can remove an account. Nothing was changed.")
    if username == by.account_id:
        raise StorageError("You cannot remove your own account. Nothing was changed.")
    led = count_families_led(store, username)
    if led:
        raise StorageError(
            f"This account leads {led} famil{'y' if led == 1 else 'ies'}. Please give "
            "each to another guider on its Family page first. Nothing was changed."
        )
    delete_account(store, username)


def adopt_demo_families(store: Store, account: Account) -> None:
    """Give the demo's families to the first account, made by whoever was trying the demo."""
    accounts = list_accounts(store)
    for entry in store.list_families():
        if find_lead_id(entry, accounts) == DEMO_ACCOUNT_ID:
            change_family(
                store,
                str(entry["id"]),
                lambda f: replace(
                    f, lead_guider_id=account.username, lead_guider=account.display_name
                ),
            )


def load_trainee_families(store: Store, trainee: str) -> Iterator[Family]:
    """Yield the families a trainee's supervision pack and training record count.

    With accounts, the trainee is an account (by its unique name, see viewer_for_trainee) and
    may_see_family decides. With none (the demo on this machine) the lead guider's name does.
    """
    accounts = list_accounts(store)
    if accounts:
        yield from load_caseload_families(store, viewer_for_trainee(accounts, trainee))
        return
    wanted = trainee.strip().casefold()
    for family in load_caseload_families(store):
        if family.lead_guider.strip().casefold() == wanted:
            yield family


def reassign_family(store: Store, family_id: str, to: Account, by: Viewer, who: str) -> Family:
    """Make `to` the family's lead guider; only an administrator or the current lead may.

    Raises StorageError in plain words when `by` may not, or `to` is not a guider. The change
    goes into the family's history.
    """
    family = load_family(store, family_id)
    current = find_lead_id(family_to_doc(family), list_accounts(store))
    if not (by.administrator or (current and current == by.account_id)):
        raise StorageError(
            "Only the family's lead guider or an administrator can hand the family to "
            "another guider. Nothing was changed."
        )
    if to.role != Role.GUIDER:
        raise StorageError("A family can only be led by a guider account. Nothing was changed.")
    changed = change_family(
        store,
        family_id,
        lambda f: replace(f, lead_guider_id=to.username, lead_guider=to.display_name),
    )
    detail = f"Lead guider now {to.display_name} ({to.username}), was {family.lead_guider}."
    record_event(store, family_id, who, REASSIGNED, detail)
    return changed
