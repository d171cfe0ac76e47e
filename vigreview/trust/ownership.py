"""Who may see a family: the one rule, used by every list, page and export.

A family belongs to its lead guider's account, by account id (the sign-in name, which never
changes and is unique), never by a display name, which anyone could share. The demo families
belong to the demo without an account. Nobody signed in sees no family; a supervisor sees
families only through supervision packs (vigreview.supervision), never here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from vigreview.trust.accounts import DEMO_LEAD_ID, Account, Role

# The account id of the demo without an account. The first account made adopts the demo's
# families (vigreview.caseload.adopt_demo_families).
DEMO_ACCOUNT_ID = DEMO_LEAD_ID
# Demo family ids start with this (vigreview.demo.families).
_DEMO_FAMILY_PREFIX = "demo-"


@dataclass(frozen=True)
class Viewer:
    """Who is asking to see families: an account id, its role, and whether it administers."""

    account_id: str
    role: Role
    administrator: bool = False


def find_lead_id(entry: Mapping[str, Any], accounts: Iterable[Account]) -> str:
    """Return the account id that leads a family (an index entry or a record), "" if none.

    Records saved before lead guiders were account ids name their lead by display name: the
    demo families belong to the demo, and another family to the one account with that name
    (matched ignoring case). No match, or several, leaves it unassigned until an administrator
    reassigns it: nobody else sees it.
    """
    saved = str(entry.get("lead_guider_id") or "")
    if saved:
        return saved
    if str(entry.get("id") or "").startswith(_DEMO_FAMILY_PREFIX):
        return DEMO_ACCOUNT_ID
    name = str(entry.get("lead_guider") or "").strip().casefold()
    matches = [a.username for a in accounts if a.display_name.strip().casefold() == name]
    return matches[0] if name and len(matches) == 1 else ""


def may_see_family(viewer: Viewer | None, lead_id: str) -> bool:
    """Return True when `viewer` may open a family led by the account `lead_id`.

    Its lead guider may; an administrator may also see a family with no lead, to reassign it.
    Nobody signed in (None) and supervisors may not.
    """
    if viewer is None or viewer.role != Role.GUIDER:
        return False
    if lead_id:
        return lead_id == viewer.account_id
    return viewer.administrator


def viewer_for_trainee(accounts: Iterable[Account], name: str) -> Viewer:
    """Return the viewer whose families a trainee's supervision pack and record count.

    Supervision names the trainee as the pack shows them (a display name or sign-in name);
    the demo's name stands for the demo. An unknown or shared name sees nothing.
    """
    wanted = name.strip().casefold()
    if wanted in {DEMO_ACCOUNT_ID, "demo guider"}:
        return Viewer(DEMO_ACCOUNT_ID, Role.GUIDER)
    matches = [
        a
        for a in accounts
        if a.role == Role.GUIDER and wanted in {a.username, a.display_name.strip().casefold()}
    ]
    if len(matches) != 1:
        return Viewer("", Role.GUIDER)
    return Viewer(matches[0].username, Role.GUIDER)
