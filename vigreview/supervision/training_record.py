"""A trainee guider's training record: cycles completed, clients, supervision sessions logged.

Shown against the AVIGuk stage targets (stage 1: 6 cycles, stage 2: 9, stage 3: 12). Cycles
and clients come from the caseload (a cycle counts once its shared review is finished);
supervision sessions are logged by the guider and kept with the settings, since a session
covers several families.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import date
from typing import Any

from cattrs.errors import BaseValidationError
from cattrs.preconf.json import make_converter

from vigreview.caseload import list_trainee_summaries
from vigreview.progress import count_in_words
from vigreview.storage import Store
from vigreview.validation import MAX_NAME_LENGTH

logger = logging.getLogger(__name__)

SESSIONS_KEY = "supervision_sessions"
STAGE_TARGETS: tuple[tuple[int, int], ...] = ((1, 6), (2, 9), (3, 12))
MAX_SESSION_NOTE_LENGTH = 500

_converter = make_converter()


@dataclass(frozen=True)
class SupervisionSession:
    """One supervision session a trainee guider had."""

    id: str
    held_on: date
    trainee: str
    supervisor: str
    moments_discussed: int = 0
    note: str = ""


@dataclass(frozen=True)
class StageProgress:
    """How far the cycles completed go towards one stage's target."""

    stage: int
    target: int
    done: int

    @property
    def reached(self) -> bool:
        """Return True once the target is met."""
        return self.done >= self.target

    @property
    def share(self) -> float:
        """Return progress towards the target, from 0.0 to 1.0."""
        return min(1.0, self.done / self.target)


@dataclass(frozen=True)
class TrainingRecord:
    """A trainee's counts and their progress towards each stage."""

    trainee: str
    cycles_completed: int
    clients: int
    sessions: tuple[SupervisionSession, ...]
    stages: tuple[StageProgress, ...]


def check_session(held_on: date, trainee: str, supervisor: str, today: date) -> dict[str, str]:
    """Return a plain message per field that needs changing before the session is logged."""
    errors = {}
    if held_on > today:
        errors["held_on"] = "A session can only be logged once it has happened."
    for field, value, who in (
        ("trainee", trainee, "guider"),
        ("supervisor", supervisor, "supervisor"),
    ):
        if not value.strip():
            errors[field] = f"Please enter the {who}'s name."
        elif len(value) > MAX_NAME_LENGTH:
            errors[field] = f"Please keep the name to {MAX_NAME_LENGTH} characters or fewer."
    return errors


def list_sessions(store: Store, trainee: str | None = None) -> list[SupervisionSession]:
    """Return the logged sessions (of one trainee, or all), oldest first."""
    raw = store.load_settings().get(SESSIONS_KEY) or []
    sessions = []
    for doc in raw:
        try:
            sessions.append(_converter.structure(doc, SupervisionSession))
        except (BaseValidationError, KeyError, TypeError, ValueError) as error:
            # One odd entry must not hide the rest of the log.
            logger.warning("A supervision session could not be read: %s", error)
    if trainee is not None:
        sessions = [s for s in sessions if s.trainee.casefold() == trainee.casefold()]
    return sorted(sessions, key=lambda s: s.held_on)


def log_session(
    store: Store,
    held_on: date,
    trainee: str,
    supervisor: str,
    moments_discussed: int = 0,
    note: str = "",
) -> SupervisionSession:
    """Add a supervision session to the log and return it."""
    session = SupervisionSession(
        id="sup-" + secrets.token_hex(4),
        held_on=held_on,
        trainee=trainee.strip(),
        supervisor=supervisor.strip(),
        moments_discussed=max(0, moments_discussed),
        note=note.strip()[:MAX_SESSION_NOTE_LENGTH],
    )

    def add(settings: dict[str, Any]) -> dict[str, Any]:
        logged = list(settings.get(SESSIONS_KEY) or [])
        logged.append(_converter.unstructure(session))
        return {**settings, SESSIONS_KEY: logged}

    store.update_settings(add)
    return session


def build_training_record(store: Store, trainee: str) -> TrainingRecord:
    """Count the trainee's finished cycles and clients, and their logged sessions.

    From the caseload index alone (each family's count of finished shared reviews).
    """
    families = list_trainee_summaries(store, trainee)
    cycles = sum(s.finished_reviews for s in families)
    clients = sum(1 for s in families if s.finished_reviews)
    stages = tuple(StageProgress(stage, target, cycles) for stage, target in STAGE_TARGETS)
    return TrainingRecord(trainee, cycles, clients, tuple(list_sessions(store, trainee)), stages)


def read_training_record(record: TrainingRecord) -> str:
    """Say in one line where the trainee stands against the stage targets."""
    reached = [s for s in record.stages if s.reached]
    next_stage = next((s for s in record.stages if not s.reached), None)
    cycles = count_in_words(record.cycles_completed, "cycle").capitalize()
    done = f"{cycles} completed with {count_in_words(record.clients, 'client')}"
    if next_stage is None:
        return f"{done}: every stage target is met."
    to_go = next_stage.target - next_stage.done
    so_far = f"stage {reached[-1].stage} target met; " if reached else ""
    return (
        f"{done}: {so_far}{to_go} more needed for stage {next_stage.stage} "
        f"({next_stage.target} cycles)."
    )
