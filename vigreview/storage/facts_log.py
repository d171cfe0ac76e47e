"""Facts about the world that no restore may undo, kept in one append-only file.

    data_dir/facts.jsonl    one JSON object a line: {"at", "kind", ...details}

A consent withdrawn, footage erased, an account removed: these happened, whatever a backup
says. They are written here as well as into the records, outside everything a backup holds,
so that restoring an older backup can put them back (vigreview.trust.restore). Lines are only
ever added, under a lock and fsynced; a line cut off by a crash is skipped when read.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from vigreview.storage.locks import hold_path_lock

FACTS_FILE_NAME = "facts.jsonl"
_LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class Fact:
    """One thing that happened: its `kind` and what it was about, in `details`."""

    at: datetime
    kind: str
    details: dict[str, Any] = field(default_factory=dict)


def facts_path(data_dir: Path) -> Path:
    """Return where the facts of a data folder are kept."""
    return Path(data_dir) / FACTS_FILE_NAME


def append_fact(data_dir: Path, kind: str, details: dict[str, Any], at: datetime) -> Fact:
    """Add one fact to the end of the log, durably, and return it."""
    path = facts_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps({"at": at.isoformat(), "kind": kind, **details}, ensure_ascii=False)
    lock = Path(data_dir) / "locks" / "facts.lock"
    with (
        hold_path_lock(lock, timeout=_LOCK_TIMEOUT, what="the record of withdrawals"),
        open(path, "ab") as handle,
    ):
        # A write cut off by a crash leaves a line without its newline: start afresh after it.
        if handle.tell() > 0 and not _ends_with_newline(path):
            handle.write(b"\n")
        handle.write(line.encode("utf-8") + b"\n")
        handle.flush()
        os.fsync(handle.fileno())
    return Fact(at=at, kind=kind, details=details)


def _ends_with_newline(path: Path) -> bool:
    with open(path, "rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def read_facts(data_dir: Path) -> list[Fact]:
    """Return every readable fact, oldest first (lines that cannot be read are skipped)."""
    try:
        raw = facts_path(data_dir).read_bytes()
    except FileNotFoundError:
        return []
    facts = []
    for line in raw.splitlines():
        try:
            data = json.loads(line.decode("utf-8"))
            at = datetime.fromisoformat(data.pop("at"))
            kind = str(data.pop("kind"))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
        facts.append(Fact(at=at, kind=kind, details=data))
    return facts
