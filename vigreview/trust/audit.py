"""Each family's audit history: who viewed, exported, deleted or changed consent, and when.

One append-only file per family, `families/<id>/audit.jsonl`, one JSON object a line
(at, who, action, detail). Lines are only ever added, under a lock and fsynced; nothing in the
app rewrites or removes them, and the history outlives the footage it talks about.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from vigreview.storage import FamilyNotFound, Store
from vigreview.storage.disk_space import disk_full_error, is_disk_full
from vigreview.storage.locks import hold_path_lock

AUDIT_FILE_NAME = "audit.jsonl"
_LOCK_TIMEOUT = 30.0


class AuditAction(StrEnum):
    """The kinds of event the history keeps (callers may add their own words too)."""

    VIEWED = "viewed"
    EXPORTED = "exported"
    CONSENT_GIVEN = "consent given"
    CONSENT_WITHDRAWN = "consent withdrawn"
    FOOTAGE_DELETED = "footage deleted"
    CASE_CLOSED = "case closed"
    CASE_REOPENED = "case reopened"


@dataclass(frozen=True)
class AuditEvent:
    """One line of a family's history."""

    at: datetime
    who: str
    action: str
    detail: str = ""


@dataclass(frozen=True)
class AuditHistory:
    """A family's events, oldest first, and how many lines could not be read."""

    events: tuple[AuditEvent, ...]
    unreadable_lines: int = 0


def audit_path(store: Store, family_id: str) -> Path:
    """Return where the family's history is kept."""
    return store.family_dir(family_id) / AUDIT_FILE_NAME


def _lock_path(store: Store, family_id: str) -> Path:
    # Beside the store's other locks, outside the family folder, named by a hash (as they are).
    digest = hashlib.sha256(family_id.encode()).hexdigest()[:20]
    return store.locks_dir / f"audit-{digest}.lock"


def record_event(
    store: Store,
    family_id: str,
    who: str,
    action: str,
    detail: str = "",
    *,
    at: datetime | None = None,
) -> AuditEvent:
    """Add one event to the end of the family's history, durably, and return it."""
    folder = store.family_dir(family_id)
    if not folder.is_dir():
        raise FamilyNotFound(f"There is no saved record for family {family_id}.")
    event = AuditEvent(at=at or datetime.now(), who=who, action=str(action), detail=detail)
    line = json.dumps(
        {"at": event.at.isoformat(), "who": who, "action": event.action, "detail": detail},
        ensure_ascii=False,
    )
    path = folder / AUDIT_FILE_NAME
    try:
        with (
            hold_path_lock(
                _lock_path(store, family_id), timeout=_LOCK_TIMEOUT, what="the family's history"
            ),
            open(path, "ab") as handle,
        ):
            # A write cut off by a crash leaves a line without its newline: start afresh.
            if handle.tell() > 0 and not _ends_with_newline(path):
                handle.write(b"\n")
            handle.write(line.encode("utf-8") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as error:
        if is_disk_full(error):
            raise disk_full_error(error) from error
        raise
    return event


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def read_history(store: Store, family_id: str) -> AuditHistory:
    """Return the family's events, oldest first; lines that cannot be read are counted."""
    path = audit_path(store, family_id)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return AuditHistory(events=())
    events: list[AuditEvent] = []
    unreadable = 0
    for line in raw.splitlines():
        if not line.strip():
            continue
        try:
            data = json.loads(line.decode("utf-8"))
            events.append(
                AuditEvent(
                    at=datetime.fromisoformat(data["at"]),
                    who=str(data["who"]),
                    action=str(data["action"]),
                    detail=str(data.get("detail") or ""),
                )
            )
        except (ValueError, KeyError, TypeError):
            unreadable += 1
    return AuditHistory(events=tuple(events), unreadable_lines=unreadable)
