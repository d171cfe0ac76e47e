"""The guider's caseload at a glance: one pandas row per family, with what to do next.

Each row says how many cycles, when the last shared review was, where consent stands, the next
action (and its date when there is one) and whether the family's footage is due for deletion
under the retention rule, so those families can be flagged and dealt with first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from vigreview.caseload import load_caseload_families
from vigreview.models import CaseStatus, ConsentPurpose, Family
from vigreview.retention.erasure import PURPOSE_WORDS
from vigreview.retention.sweep import RetentionStage, decide_retention
from vigreview.storage import Store
from vigreview.trust.ownership import Viewer

COLUMNS = [
    "id",
    "family",
    "baby",
    "guider",
    "status",
    "cycles",
    "last_review",
    "consent",
    "next_action",
    "due_by",
    "footage_due",
]
# Cycles after which closing the case is the usual next step (VIG is usually 2-3 cycles).
USUAL_CYCLES = 3


def describe_consent(family: Family, today: date) -> str:
    """Return where consent stands in a few words: 'filming, shared review; withdrawn: training'."""
    active = [PURPOSE_WORDS[p] for p in ConsentPurpose if family.has_consent(p, today)]
    withdrawn = [
        PURPOSE_WORDS[p]
        for p in ConsentPurpose
        if (c := family.consent_for(p)) is not None and c.withdrawn_on and not c.is_active(today)
    ]
    words = ", ".join(active) if active else "none given"
    return f"{words}; withdrawn: {', '.join(withdrawn)}" if withdrawn else words


def last_review_on(family: Family) -> date | None:
    """Return the day of the latest shared review (finished, or started if not finished)."""
    days = [
        when.date()
        for c in family.cycles
        if c.review is not None and (when := c.review.finished_at or c.review.started_at)
    ]
    return max(days) if days else None


@dataclass(frozen=True)
class NextAction:
    """What the guider does next for a family, and by when if there is a date for it."""

    words: str
    due_by: date | None = None
    footage_due: bool = False


def decide_next_action(family: Family, today: date) -> NextAction:
    """Return the next thing to do for the family, judged from its record."""
    if family.status == CaseStatus.CLOSED:
        decision = decide_retention(family, today)
        if decision.stage == RetentionStage.DELETED:
            return NextAction("Nothing: the footage has been deleted")
        if decision.stage == RetentionStage.DUE:
            return NextAction("Delete the footage now", decision.due_on, footage_due=True)
        flagged = decision.stage == RetentionStage.WARN
        return NextAction("Footage is deleted on the due date", decision.due_on, flagged)
    if not family.has_consent(ConsentPurpose.FILMING, today):
        return NextAction("Record consent to filming")
    if family.current_helping_question() is None:
        return NextAction("Agree the helping question")
    if not family.cycles:
        return NextAction("Film cycle 1")
    cycle = max(family.cycles, key=lambda c: c.number)
    reviewed = cycle.review is not None and cycle.review.finished_at is not None
    if not reviewed and not cycle.moments:
        if not cycle.films:
            return NextAction(f"Import the film of cycle {cycle.number}")
        return NextAction(f"Choose the moments of cycle {cycle.number}")
    if not reviewed:
        return NextAction(f"Shared review of cycle {cycle.number}")
    if cycle.number >= USUAL_CYCLES:
        return NextAction(f"Film cycle {cycle.number + 1}, or close the case")
    return NextAction(f"Film cycle {cycle.number + 1}")


def overview_row(family: Family, today: date) -> dict[str, object]:
    """Return the family's row of the overview."""
    action = decide_next_action(family, today)
    return {
        "id": family.id,
        "family": family.pseudonym,
        "baby": family.baby_name,
        "guider": family.lead_guider,
        "status": "Open" if family.status == CaseStatus.OPEN else "Closed",
        "cycles": len(family.cycles),
        "last_review": last_review_on(family),
        "consent": describe_consent(family, today),
        "next_action": action.words,
        "due_by": action.due_by,
        "footage_due": action.footage_due,
    }


def build_overview(store: Store, today: date, viewer: Viewer | None = None) -> pd.DataFrame:
    """Return one row per family `viewer` may see (everyone's for None), flagged first."""
    rows = [overview_row(f, today) for f in load_caseload_families(store, viewer)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    if frame.empty:
        return frame
    frame["footage_due"] = frame["footage_due"].astype(bool)
    frame["cycles"] = frame["cycles"].astype("int64")
    order = frame["family"].str.casefold()
    return (
        frame.assign(_order=order)
        .sort_values(["footage_due", "status", "_order"], ascending=[False, False, True])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def filter_overview(
    frame: pd.DataFrame,
    search: str = "",
    status: str | None = None,
    only_footage_due: bool = False,
) -> pd.DataFrame:
    """Return the rows whose names match `search`, with `status`, and (if asked) flagged."""
    kept = frame
    needle = search.strip().casefold()
    if needle:
        haystack = (kept["family"] + " " + kept["baby"] + " " + kept["guider"]).str.casefold()
        kept = kept[haystack.str.contains(needle, regex=False)]
    if status:
        kept = kept[kept["status"] == status]
    if only_footage_due:
        kept = kept[kept["footage_due"]]
    return kept.reset_index(drop=True)


def read_overview(frame: pd.DataFrame) -> str:
    """Say in one line how many families there are and how many need their footage deleted."""
    if frame.empty:
        return "No families yet."
    open_count = int((frame["status"] == "Open").sum())
    due = int(frame["footage_due"].sum())
    line = f"{len(frame)} families, {open_count} open."
    if due:
        line += f" {due} with footage due for deletion within a week: see the flagged rows."
    return line
