"""Deleting a family's footage when consent is withdrawn or the retention time ends.

The files go, the record says that they went (each film's `deleted_on`, the family's
`footage_deleted_on`), and the audit history says who did it, when and what was deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from pathlib import Path

from vigreview.caseload import change_family, withdraw_consent
from vigreview.models import ConsentPurpose, Cycle, Family
from vigreview.retention.footage import WHOLE_FOOTAGE_PURPOSES, DeletionReport, delete_footage
from vigreview.storage import Store
from vigreview.storage.atomic import fsync_directory
from vigreview.trust.audit import AuditAction, record_event
from vigreview.trust.facts import note_footage_erased
from vigreview.trust.handover import end_parent_views_of

PURPOSE_WORDS = {
    ConsentPurpose.FILMING: "filming",
    ConsentPurpose.SHARED_REVIEW: "shared review",
    ConsentPurpose.SUPERVISION: "supervision",
    ConsentPurpose.TRAINING: "training",
}


def describe_purposes(purposes: Iterable[ConsentPurpose]) -> str:
    """Return the purposes in plain words, in the consent form's order: 'filming and training'."""
    chosen = set(purposes)
    words = [PURPOSE_WORDS[p] for p in ConsentPurpose if p in chosen]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _mark_films_deleted(cycle: Cycle, on: date) -> Cycle:
    films = tuple(f if f.deleted_on else replace(f, deleted_on=on) for f in cycle.films)
    return replace(cycle, films=films)


def mark_footage_deleted(family: Family, on: date, because: str) -> Family:
    """Return the family's record saying all its films were deleted on `on` (kept if said)."""
    if family.footage_deleted_on is not None:
        return replace(family, cycles=tuple(_mark_films_deleted(c, on) for c in family.cycles))
    return replace(
        family,
        cycles=tuple(_mark_films_deleted(c, on) for c in family.cycles),
        footage_deleted_on=on,
        footage_deleted_because=because,
    )


def erase_footage(
    store: Store,
    static_dir: Path,
    family_id: str,
    *,
    on: date,
    who: str,
    because: str,
    purposes: Iterable[ConsentPurpose] = tuple(WHOLE_FOOTAGE_PURPOSES),
) -> DeletionReport:
    """Delete every file `purposes` cover, note it in the record and the history, say what went.

    With filming or shared review among `purposes` that is all of the family's footage;
    otherwise only what was kept for those purposes.
    """
    chosen = frozenset(purposes)
    whole = bool(chosen & WHOLE_FOOTAGE_PURPOSES)
    deleted: list[DeletionReport] = []

    def delete_and_note(family: Family) -> Family:
        # Done under the family's lock, so a film being saved at the same moment waits and then
        # meets the withdrawn consent, instead of slipping in between the scan and the note.
        report = delete_footage(store, family_id, static_dir, chosen)
        deleted.append(report)
        for folder in {item.path.parent for item in report.files if item.path.parent.is_dir()}:
            fsync_directory(folder)
        return mark_footage_deleted(family, on, because) if whole else family

    change_family(store, family_id, delete_and_note)
    if whole:
        note_footage_erased(store, family_id, on, because)
    end_parent_views_of(store, family_id)  # the films a parent might be watching are gone
    report = deleted[0]
    record_event(
        store, family_id, who, AuditAction.FOOTAGE_DELETED, f"{because} {report.describe()}"
    )
    return report


def withdraw_and_erase(
    store: Store,
    static_dir: Path,
    family_id: str,
    purposes: Iterable[ConsentPurpose],
    *,
    on: date,
    who: str,
) -> DeletionReport:
    """Withdraw consent for `purposes`, then delete every file that consent covered."""
    chosen = tuple(purposes)
    words = describe_purposes(chosen)
    withdraw_consent(store, family_id, chosen, on)
    record_event(store, family_id, who, AuditAction.CONSENT_WITHDRAWN, f"Withdrawn: {words}.")
    because = f"Consent for {words} was withdrawn."
    return erase_footage(
        store, static_dir, family_id, on=on, who=who, because=because, purposes=chosen
    )
