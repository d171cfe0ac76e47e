"""What may leave the app, checked on the day of the export, and the note that it did.

A keepsake shows the parent's film, so it needs their shared-review consent; a supervision
pack needs their supervision consent. Consent withdrawn by the day means not offered. Every
export adds a line to the family's history (vigreview.trust.audit).
"""

from __future__ import annotations

from datetime import date

from vigreview.caseload import CaseSummary
from vigreview.models import ConsentPurpose, Family
from vigreview.storage import Store
from vigreview.trust.audit import AuditAction, record_event


class ExportNotAllowed(Exception):
    """An export the family's consent does not cover; `message` says so in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def may_make_keepsake(family: Family, on: date) -> bool:
    """Return True when the parent's shared-review consent stands on `on`."""
    return family.has_consent(ConsentPurpose.SHARED_REVIEW, on)


def may_take_to_supervision(family: Family | CaseSummary, on: date) -> bool:
    """Return True when the parent's supervision consent stands on `on`."""
    return family.has_consent(ConsentPurpose.SUPERVISION, on)


def check_keepsake_allowed(family: Family, on: date) -> None:
    """Raise ExportNotAllowed unless a keepsake may be made today."""
    if not may_make_keepsake(family, on):
        raise ExportNotAllowed(
            "A keepsake needs the parent's consent to watching the film together (shared "
            "review), and it is not on record today, so no keepsake was made."
        )


def record_export(store: Store, family_id: str, who: str, what: str) -> None:
    """Add 'exported: <what>' to the family's history."""
    record_event(store, family_id, who, AuditAction.EXPORTED, what)
