"""Checks of a data folder shared by the concurrency and kill tests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from vigreview.storage import Store

REPO_ROOT = Path(__file__).resolve().parents[3]
WRITER = Path(__file__).resolve().parent / "writer.py"


def start_writer(*arguments: str) -> subprocess.Popen[str]:
    """Start writer.py in a new Python process with stdin/stdout pipes."""
    environment = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    return subprocess.Popen(
        [sys.executable, str(WRITER), *arguments],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


@dataclass
class Acks:
    """What writers said they had saved."""

    items: dict[str, set[str]] = field(default_factory=dict)
    families: set[str] = field(default_factory=set)
    deleting: set[str] = field(default_factory=set)
    deleted: set[str] = field(default_factory=set)

    def read(self, output: str) -> int:
        """Take in a writer's output; return how many whole ack lines it held."""
        whole_lines = output.split("\n")[:-1]  # a line cut off by a kill has no newline
        for line in whole_lines:
            kind, *words = line.split()
            if kind == "item":
                self.items.setdefault(words[0], set()).add(words[1])
            elif kind == "family":
                self.families.add(words[0])
            elif kind == "deleting":
                self.deleting.add(words[0])
            elif kind == "deleted":
                self.deleted.add(words[0])
        return len(whole_lines)


def list_stored_files(data_dir: Path) -> list[Path]:
    """Return every current file and backup the store keeps (not temp or lock files)."""
    found = []
    for path in data_dir.rglob("*"):
        if not path.is_file() or path.name.startswith("."):
            continue
        if ".json" in path.name and ".corrupt-" not in path.name:
            found.append(path)
    return found


def find_unparseable(data_dir: Path) -> list[Path]:
    """Return the stored JSON files (current and backups) that are not whole JSON objects."""
    bad = []
    for path in list_stored_files(data_dir):
        try:
            parsed = json.loads(path.read_bytes())
        except ValueError:
            bad.append(path)
            continue
        if not isinstance(parsed, dict):
            bad.append(path)
    return bad


def find_missing_acks(store: Store, acks: Acks) -> list[str]:
    """Return every acknowledged save that is not in the store."""
    missing = []
    for family_id, keys in acks.items.items():
        if family_id in acks.deleting:
            continue
        items = store.load_family(family_id).get("items", {})
        missing += [f"{family_id}:{key}" for key in sorted(keys - set(items))]
    for family_id in sorted(acks.families - acks.deleting):
        if not store.family_exists(family_id):
            missing.append(f"family {family_id}")
    for family_id in sorted(acks.deleted):
        if store.family_exists(family_id):
            missing.append(f"deletion of {family_id}")
    return missing


def find_index_mismatches(store: Store) -> list[str]:
    """Return families whose index entry does not match their record (or is missing)."""
    listed = {entry["id"]: entry for entry in store.list_families()}
    problems = []
    # A folder cut off while being deleted is renamed ".deleting-..." and is no family.
    on_disk = {
        path.parent.name
        for path in store.families_dir.glob("*/record.json")
        if not path.parent.name.startswith(".")
    }
    if set(listed) != on_disk:
        problems.append(f"index lists {sorted(set(listed) ^ on_disk)} wrongly")
    for family_id in on_disk & set(listed):
        record = store.load_family(family_id)
        wanted = {key: record.get(key) for key in store.summary_keys}
        got = {key: listed[family_id][key] for key in store.summary_keys}
        if wanted != got:
            problems.append(f"{family_id}: index {got} but record {wanted}")
    return problems
