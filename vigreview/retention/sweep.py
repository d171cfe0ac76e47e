"""The retention rule: footage of a closed case is deleted a set number of days after closing.

`decide_retention` is pure (a family and a day in, a decision out). `sweep_retention` applies
it to every closed family, and `DailySweep` runs the sweep at start-up and then once a day.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from vigreview.caseload import CaseSummary, list_case_summaries, load_family
from vigreview.dates import format_day
from vigreview.models import CaseStatus, Family
from vigreview.retention.erasure import erase_footage
from vigreview.retention.footage import DeletionReport
from vigreview.storage import StorageError, Store

logger = logging.getLogger(__name__)

WARNING_DAYS = 7
RETENTION_RULE = "The retention rule"


class RetentionStage(StrEnum):
    """Where a family's footage stands under the retention rule."""

    OPEN = "open"  # the case is open: no clock running
    KEEP = "keep"  # closed, deletion more than a week away
    WARN = "warn"  # closed, deletion within a week: the guider is told
    DUE = "due"  # closed, the day has come: delete now
    DELETED = "deleted"  # already deleted since the case was closed


@dataclass(frozen=True)
class RetentionDecision:
    """What to do about one family's footage today."""

    stage: RetentionStage
    due_on: date | None = None
    days_left: int | None = None


def decide_retention(family: Family | CaseSummary, today: date) -> RetentionDecision:
    """Decide whether the family's footage is kept, warned about, due or already deleted."""
    due = family.footage_due_for_deletion_on()
    if family.status != CaseStatus.CLOSED or due is None or family.closed_on is None:
        return RetentionDecision(RetentionStage.OPEN)
    deleted = family.footage_deleted_on
    if deleted is not None and deleted >= family.closed_on:
        return RetentionDecision(RetentionStage.DELETED, due_on=due)
    days_left = (due - today).days
    if days_left <= 0:
        return RetentionDecision(RetentionStage.DUE, due_on=due, days_left=0)
    stage = RetentionStage.WARN if days_left <= WARNING_DAYS else RetentionStage.KEEP
    return RetentionDecision(stage, due_on=due, days_left=days_left)


@dataclass(frozen=True)
class RetentionEntry:
    """A closed family and its decision, for listing what is due and what comes soon."""

    family_id: str
    pseudonym: str
    lead_guider: str
    decision: RetentionDecision


def list_retention(store: Store, today: date) -> list[RetentionEntry]:
    """Return every closed family whose footage is kept, warned about or due, soonest first."""
    entries = []
    # From the caseload index alone: every save keeps each family's dates there.
    for summary in list_case_summaries(store):
        if summary.status != CaseStatus.CLOSED:
            continue
        decision = decide_retention(summary, today)
        if decision.stage in (RetentionStage.KEEP, RetentionStage.WARN, RetentionStage.DUE):
            entries.append(
                RetentionEntry(summary.id, summary.pseudonym, summary.lead_guider, decision)
            )
    return sorted(entries, key=lambda e: (e.decision.due_on or today, e.pseudonym.casefold()))


def sweep_retention(store: Store, today: date) -> dict[str, DeletionReport]:
    """Delete the footage of every family that is due today; return what went, per family."""
    deleted = {}
    for entry in list_retention(store, today):
        if entry.decision.stage != RetentionStage.DUE:
            continue
        family = load_family(store, entry.family_id)
        because = (
            f"The case was closed on {format_day(family.closed_on)} and the footage was kept "
            f"for {family.retention_days} days."
        )
        try:
            deleted[entry.family_id] = erase_footage(
                store, entry.family_id, on=today, who=RETENTION_RULE, because=because
            )
        except (OSError, StorageError):
            # One family's trouble must not stop the others; the next sweep tries again.
            logger.exception("Retention could not delete the footage of %s", entry.family_id)
    return deleted


class DailySweep:
    """Runs `sweep(today)` now, then again whenever the day changes, on a daemon thread."""

    def __init__(
        self,
        sweep: Callable[[date], object],
        *,
        clock: Callable[[], date] = date.today,
        check_every_s: float = 600.0,
    ) -> None:
        self._sweep = sweep
        self._clock = clock
        self._check_every_s = check_every_s
        self._stop = threading.Event()
        self._last_day: date | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Sweep now (before any page is drawn), then keep watching for a new day."""
        self._run_if_new_day()
        self._thread = threading.Thread(target=self._watch, name="retention-sweep", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching (used by tests; the app's thread ends with the process)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def last_day(self) -> date | None:
        """Return the day of the last sweep."""
        return self._last_day

    def _watch(self) -> None:
        while not self._stop.wait(self._check_every_s):
            self._run_if_new_day()

    def _run_if_new_day(self) -> None:
        today = self._clock()
        if today == self._last_day:
            return
        try:
            self._sweep(today)
        except Exception:
            # The thread must outlive one bad day; it tries again at the next check.
            logger.exception("The retention sweep failed")
            return
        self._last_day = today
