"""RecordFile: one document in a TinyDB file, written atomically, locked, backed up, repaired."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock

from vigreview.storage import (
    RecordFile,
    RecordUnreadable,
    Recovery,
    StorageBusy,
    StorageError,
    atomic,
)


def make_record(tmp_path: Path, **options: Any) -> RecordFile:
    return RecordFile(tmp_path / "fam-0001" / "record.json", **options)


def backup(record: RecordFile, generation: int) -> Path:
    return record.path.parent / "backups" / f"record.json.{generation}"


def test_a_missing_record_reads_as_none_and_does_not_exist(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    assert record.read() is None
    assert not record.exists()
    assert not record.path.parent.exists()  # reading never creates anything


def test_write_then_read_round_trips_the_document(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    doc = {"id": "fam-0001", "name": "Zoë", "moments": [{"at": 1.5, "tags": ["eye contact"]}]}
    record.write(doc)
    assert record.exists()
    assert record.read() == doc
    assert make_record(tmp_path).read() == doc  # a new object reads it from disk
    stored = json.loads(record.path.read_text(encoding="utf-8"))
    assert stored == {"record": {"1": doc}}  # TinyDB's own format


def test_update_passes_the_current_document_and_saves_the_result(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    seen: list[dict[str, Any] | None] = []

    def add_one(current: dict[str, Any] | None) -> dict[str, Any]:
        seen.append(current)
        return {"count": (current or {}).get("count", 0) + 1}

    assert record.update(add_one) == {"count": 1}
    assert record.update(add_one) == {"count": 2}
    assert seen == [None, {"count": 1}]
    assert record.read() == {"count": 2}


def test_a_change_that_raises_writes_nothing(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    record.write({"v": 1})

    def fail(current: dict[str, Any] | None) -> dict[str, Any]:
        raise ValueError("no")

    with pytest.raises(ValueError):
        record.update(fail)
    assert record.read() == {"v": 1}
    assert not backup(record, 1).exists()


def test_each_write_keeps_the_last_three_versions_as_backups(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    for version in range(1, 6):
        record.write({"v": version})
    versions = [json.loads(backup(record, n).read_bytes())["record"]["1"]["v"] for n in (1, 2, 3)]
    assert versions == [4, 3, 2]
    assert not backup(record, 4).exists()
    assert [p.name for p in record.path.parent.iterdir() if p.name.startswith(".")] == []


def test_a_value_json_cannot_hold_is_refused_in_plain_words(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    record.write({"v": 1})
    with pytest.raises(StorageError, match="Nothing was changed"):
        record.write({"v": object()})
    with pytest.raises(StorageError):
        record.write({"v": float("nan")})
    assert record.read() == {"v": 1}


DAMAGE = {
    "truncated": b'{"record": {"1": {"id": "fam-0001", "no',
    "empty": b"",
    "garbage bytes": bytes(range(256)) * 4,
    "not utf-8": b'{"record": {"1": {"name": "\xff\xfe"}}}',
    "a list": b"[]",
    "record table is a list": b'{"record": []}',
    "no tables": b"{}",
    "empty record table": b'{"record": {}}',
    "document is a string": b'{"record": {"1": "hello"}}',
}


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_damaged_file_is_kept_aside_and_the_newest_good_backup_restored(
    tmp_path: Path, damage: bytes
) -> None:
    record = make_record(tmp_path)
    record.write({"v": 1})
    record.write({"v": 2})
    record.path.write_bytes(damage)

    fresh = make_record(tmp_path)
    assert fresh.read() == {"v": 1}  # backup .1 held version 1

    [recovery] = fresh.take_recoveries()
    assert fresh.take_recoveries() == []  # each repair is told once
    assert recovery.path == record.path
    assert recovery.restored_from == backup(record, 1)
    assert recovery.kept_aside.name.startswith("record.json.corrupt-")
    assert recovery.kept_aside.read_bytes() == damage  # the damaged copy, byte for byte
    message = recovery.describe()
    assert str(recovery.kept_aside) in message
    assert "restored the version saved on" in message
    assert f"{recovery.restored_saved_at:%H:%M}" in message
    assert "Traceback" not in message
    assert record.read() == {"v": 1}  # repaired on disk, not just in memory
    assert fresh.take_recoveries() == []


def test_a_damaged_backup_is_skipped_for_an_older_good_one(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    for version in (1, 2, 3):
        record.write({"v": version})
    record.path.write_bytes(b"{")
    backup(record, 1).write_bytes(b"")
    assert record.read() == {"v": 1}
    [recovery] = record.take_recoveries()
    assert recovery.restored_from == backup(record, 2)


@pytest.mark.parametrize("damage", [b"", b"[]", b'{"record": []}', b"\x00" * 100])
def test_damage_with_no_good_backup_raises_and_creates_nothing(
    tmp_path: Path, damage: bytes
) -> None:
    record = make_record(tmp_path)
    record.path.parent.mkdir(parents=True)
    record.path.write_bytes(damage)

    with pytest.raises(RecordUnreadable) as raised:
        record.read()
    error = raised.value
    assert error.kept_aside.read_bytes() == damage
    assert str(error.kept_aside) in str(error)
    assert "Data & settings" in str(error)
    assert not record.path.exists()  # no empty database put in its place
    assert record.exists()  # but the family is not forgotten either

    # Later reads and updates keep refusing rather than starting empty.
    with pytest.raises(RecordUnreadable):
        make_record(tmp_path).read()
    with pytest.raises(RecordUnreadable):
        record.update(lambda current: {"started": "empty"})
    assert not record.path.exists()
    assert record.take_recoveries() == []


def test_a_whole_new_document_may_replace_an_unreadable_one(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    record.path.parent.mkdir(parents=True)
    record.path.write_bytes(b"garbage")
    record.write({"v": "new"})
    assert record.read() == {"v": "new"}
    assert [p.read_bytes() for p in record.list_kept_aside()] == [b"garbage"]
    assert not backup(record, 1).exists()  # the damaged file was not rotated into the backups


def test_a_missing_file_with_backups_is_restored_not_started_empty(tmp_path: Path) -> None:
    record = make_record(tmp_path)
    record.write({"v": 1})
    record.write({"v": 2})
    record.path.unlink()
    assert record.update(lambda current: {"v": (current or {"v": 0})["v"] + 10}) == {"v": 11}
    [recovery] = record.take_recoveries()
    assert recovery.reason == "the file was missing"
    assert "kept the damaged copy" not in recovery.describe()


def test_recoveries_go_to_the_callback_when_given(tmp_path: Path) -> None:
    heard: list[Recovery] = []
    record = make_record(tmp_path, on_recovery=heard.append)
    record.write({"v": 1})
    record.write({"v": 2})
    record.path.write_bytes(b"nope")
    record.read()
    assert len(heard) == 1
    assert record.take_recoveries() == []


def test_another_thread_holding_the_lock_gives_a_plain_busy_message(tmp_path: Path) -> None:
    record = make_record(tmp_path, lock_timeout=0.2)
    record.write({"v": 1})
    holding, release = threading.Event(), threading.Event()

    def hold() -> None:
        with record.locked():
            holding.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:
        with pytest.raises(StorageBusy, match="try again"):
            record.write({"v": 2})
    finally:
        release.set()
        holder.join()
    record.write({"v": 3})
    assert record.read() == {"v": 3}


def test_another_process_holding_the_file_lock_gives_a_plain_busy_message(
    tmp_path: Path,
) -> None:
    record = make_record(tmp_path, lock_timeout=0.2)
    record.write({"v": 1})
    # A second FileLock object has its own descriptor: flock treats it like another process.
    with FileLock(str(record.lock_path)), pytest.raises(StorageBusy) as raised:
        record.update(lambda current: {"v": 2})
    assert "Another tab or device" in str(raised.value)
    assert record.read() == {"v": 1}


def test_the_same_thread_may_take_the_lock_again(tmp_path: Path) -> None:
    record = make_record(tmp_path, lock_timeout=0.5)
    with record.locked(), record.locked():
        record.write({"v": 1})
        assert record.update(lambda current: {"v": 2}) == {"v": 2}


def test_updates_from_many_threads_are_all_kept(tmp_path: Path) -> None:
    records = [make_record(tmp_path), make_record(tmp_path)]  # two objects, one file

    def add(key: str) -> None:
        records[hash(key) % 2].update(lambda current: {**(current or {}), key: True})

    threads = [
        threading.Thread(target=lambda n=n: [add(f"t{n}-{i}") for i in range(25)]) for n in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(records[0].read() or {}) == {f"t{n}-{i}" for n in range(8) for i in range(25)}


class SimulatedCrash(BaseException):
    """Stands for the power going off: nothing after it runs."""


def count_file_operations(monkeypatch: pytest.MonkeyPatch, crash_at: int | None) -> list[str]:
    """Patch the calls a write makes; crash at call number `crash_at`; return the calls seen."""
    seen: list[str] = []
    for name in ("replace", "link", "fsync"):
        real = getattr(os, name)

        def operation(*args: Any, _real: Any = real, _name: str = name) -> Any:
            seen.append(_name)
            if crash_at is not None and len(seen) == crash_at:
                raise SimulatedCrash
            return _real(*args)

        monkeypatch.setattr(atomic.os, name, operation)
    return seen


def test_a_crash_at_any_step_of_a_write_leaves_the_old_or_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dry_run = make_record(tmp_path / "dry")
    dry_run.write({"v": 1})
    dry_run.write({"v": 2})
    with monkeypatch.context() as patch:
        steps = count_file_operations(patch, crash_at=None)
        dry_run.write({"v": 3})
    assert len(steps) >= 6, steps

    for crash_at in range(1, len(steps) + 1):
        folder = tmp_path / f"crash-{crash_at}"
        record = make_record(folder)
        record.write({"v": 1})
        record.write({"v": 2})
        with monkeypatch.context() as patch, pytest.raises(SimulatedCrash):
            count_file_operations(patch, crash_at=crash_at)
            record.write({"v": 3})
        after = make_record(folder)
        assert after.read() in ({"v": 2}, {"v": 3}), (crash_at, steps)
        assert after.take_recoveries() == [], (crash_at, steps)  # never even needed repair
        for generation in (1, 2, 3):
            if backup(after, generation).exists():
                json.loads(backup(after, generation).read_bytes())
