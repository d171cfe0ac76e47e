"""A child process that saves to a Store and prints one ack line after every save returns.

    python writer.py DATA_DIR workers NAME SHARED_FAMILY ROUNDS
        waits for a line on stdin, creates family fam-<NAME>, then ROUNDS times: adds an item
        to SHARED_FAMILY and to its own family, and every 5th round changes its own status
        (so the caseload index is rewritten too).
    python writer.py DATA_DIR forever RUN SHARED_FAMILY
        saves until it is killed: items on SHARED_FAMILY (every 3rd also flipping its status),
        a new family every 4th save, a deletion every 10th.

Ack lines: "item <family> <key>", "family <id>", "deleting <id>" (before deleting starts),
"deleted <id>". The parent kills or waits
for this process and then checks that everything acknowledged is really on disk.
"""

from __future__ import annotations

import sys
from itertools import count
from pathlib import Path
from typing import Any

from tests.unit.storage_workers.index_keys import INDEX_KEYS
from vigreview.storage import Store

PADDING = "Parent and baby share a look; the guider notes the pause and the smile. " * 80


def ack(line: str) -> None:
    """Tell the parent a save has returned (flushed at once, so a kill cannot lose it)."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def add_item(store: Store, family_id: str, key: str, status: str | None = None) -> None:
    """Add items[key] to the family (and set its status), as one locked update."""

    def change(doc: dict[str, Any]) -> dict[str, Any]:
        items = doc.setdefault("items", {})
        items[key] = len(items)
        if status is not None:
            doc["status"] = status
        return doc

    store.update_family(family_id, change)
    ack(f"item {family_id} {key}")


def make_family(family_id: str) -> dict[str, Any]:
    """Return a new family document with some bulk, so a save takes a little while."""
    return {"id": family_id, "pseudonym": family_id, "status": "open", "notes": PADDING}


def run_workers(store: Store, name: str, shared: str, rounds: int) -> None:
    """One of several writers started together (see the module docstring)."""
    sys.stdin.readline()
    own = f"fam-{name}"
    store.create_family(make_family(own))
    ack(f"family {own}")
    for round_number in range(rounds):
        add_item(store, shared, f"{name}-{round_number}")
        status = ("open", "closed")[round_number % 2] if round_number % 5 == 0 else None
        add_item(store, own, f"{name}-{round_number}", status)


def run_forever(store: Store, run: str, shared: str) -> None:
    """Save until killed (see the module docstring)."""
    created: list[str] = []
    for number in count(1):
        status = ("open", "closed")[number % 2] if number % 3 == 0 else None
        add_item(store, shared, f"r{run}-{number}", status)
        if number % 4 == 0:
            family_id = f"fam-r{run}-{number}"
            store.create_family(make_family(family_id))
            created.append(family_id)
            ack(f"family {family_id}")
        if number % 10 == 0 and created:
            doomed = created.pop(0)
            ack(f"deleting {doomed}")  # from here on, it may or may not be there after a kill
            store.delete_family(doomed)
            ack(f"deleted {doomed}")


def main(arguments: list[str]) -> None:
    """Dispatch on the mode named on the command line."""
    data_dir, mode, *rest = arguments
    store = Store(Path(data_dir), summary_keys=INDEX_KEYS, lock_timeout=60)
    if mode == "workers":
        name, shared, rounds = rest
        run_workers(store, name, shared, int(rounds))
    elif mode == "forever":
        run, shared = rest
        run_forever(store, run, shared)
    else:
        raise SystemExit(f"unknown mode {mode!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
