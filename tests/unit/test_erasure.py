"""Withdrawing consent and the retention rule delete every kind of footage file, and say so.

Each test scans the whole data folder afterwards: no file may still hold a deleted file's
bytes, and no video or picture of the family may remain.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from vigreview.caseload import (
    add_family,
    change_family,
    close_case,
    load_family,
    open_store,
    record_consent,
)
from vigreview.models import Activity, ConsentPurpose, Cycle, Film
from vigreview.outputs.bundle import bundle_file_name, exports_folder
from vigreview.retention.erasure import withdraw_and_erase
from vigreview.retention.footage import VIDEO_SUFFIXES, FileKind, find_footage, purpose_folder
from vigreview.retention.sweep import DailySweep, RetentionStage, list_retention, sweep_retention
from vigreview.storage import Store
from vigreview.trust.audit import read_history
from vigreview.validation import FamilyDraft

TODAY = date(2026, 11, 26)
ALL = list(ConsentPurpose)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _write(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    content = b"footage-" + secrets.token_bytes(64)
    path.write_bytes(content)
    return content


def _family_with_footage(store: Store, name: str) -> tuple[str, dict[Path, bytes]]:
    """Make a family with every kind of file the app keeps; return its id and files' bytes."""
    draft = FamilyDraft(name, "Ola", "Ann", TODAY - timedelta(days=90), baby_age_months=4)
    family_id = add_family(store, draft).id
    record_consent(store, family_id, ALL, name, TODAY - timedelta(days=90), "Ann")
    media = store.media_dir(family_id)
    family_dir = store.family_dir(family_id)
    files = {
        media / "film-1.mp4": b"",
        media / "original-1.mov": b"",
        media / "stills" / "film-1-12.40.jpg": b"",
        media / "clips" / "moment-1.mp4": b"",
        family_dir / "keepsakes" / "keepsake.pdf": b"",
        family_dir / "exports" / "family.zip": b"",
        purpose_folder(store, family_id, ConsentPurpose.SUPERVISION) / "pack.pdf": b"",
        purpose_folder(store, family_id, ConsentPurpose.TRAINING) / "clip.webm": b"",
        exports_folder(store) / bundle_file_name(family_id, datetime(2026, 11, 1, 9, 30)): b"",
    }
    files = {path: _write(path) for path in files}
    film = Film("f1", "film-1.mp4", "IMG_0001.MOV", datetime(2026, 9, 1), 12.0, 720, 1280)
    cycle = Cycle(1, Activity.PLAY, TODAY - timedelta(days=80), films=(film,))
    change_family(store, family_id, lambda f: replace(f, cycles=(cycle,)))
    return family_id, files


def _scan(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def _assert_gone(gone: dict[Path, bytes], root: Path) -> None:
    # Comparing bytes also finds copies and hard links anywhere in the data folder.
    contents = set(gone.values())
    for path in _scan(root):
        assert path.read_bytes() not in contents, path
    for path in gone:
        assert not path.exists(), path


def test_withdrawing_filming_deletes_every_kind_of_file_and_nothing_else(
    store: Store, tmp_path: Path
) -> None:
    family_id, files = _family_with_footage(store, "Mia")
    _, other_files = _family_with_footage(store, "Zoe")

    preview = find_footage(store, family_id, [ConsentPurpose.FILMING])
    assert preview.count_by_kind() == {FileKind.FILM: 4, FileKind.STILL: 1, FileKind.KEPT: 4}
    report = withdraw_and_erase(store, family_id, [ConsentPurpose.FILMING], on=TODAY, who="ann")
    assert report.describe() == (
        "Deleted 4 films and moment clips, 1 still and 4 keepsakes and exports."
    )
    _assert_gone(files, tmp_path / "data")
    family_dir = store.family_dir(family_id)
    left = _scan(family_dir)
    assert all(p.suffix.lower() not in VIDEO_SUFFIXES | {".jpg", ".pdf", ".zip"} for p in left)
    assert {p.name for p in left} >= {"record.json", "audit.jsonl"}
    # The other family keeps all of its files.
    assert all(path.read_bytes() == content for path, content in other_files.items())
    # The record keeps that the footage existed and went; the history says who and what.
    family = load_family(store, family_id)
    assert not family.has_consent(ConsentPurpose.FILMING, TODAY)
    assert family.cycles[0].films[0].deleted_on == TODAY
    assert family.footage_deleted_on == TODAY
    assert family.footage_deleted_because == "Consent for filming was withdrawn."
    events = read_history(store, family_id).events
    assert [(e.who, e.action) for e in events] == [
        ("ann", "consent withdrawn"),
        ("ann", "footage deleted"),
    ]
    assert "4 films and moment clips" in events[1].detail


def test_withdrawing_supervision_deletes_only_what_was_kept_for_supervision(
    store: Store, tmp_path: Path
) -> None:
    family_id, files = _family_with_footage(store, "Mia")
    pack = purpose_folder(store, family_id, ConsentPurpose.SUPERVISION) / "pack.pdf"
    report = withdraw_and_erase(store, family_id, [ConsentPurpose.SUPERVISION], on=TODAY, who="ann")
    assert report.describe() == "Deleted 1 keepsake or export."
    _assert_gone({pack: files.pop(pack)}, tmp_path / "data")
    assert all(path.read_bytes() == content for path, content in files.items())
    family = load_family(store, family_id)
    assert family.footage_deleted_on is None and family.cycles[0].films[0].deleted_on is None
    assert family.has_consent(ConsentPurpose.FILMING, TODAY)


def test_withdrawing_when_there_is_nothing_to_delete_says_so(store: Store) -> None:
    family_id, _ = _family_with_footage(store, "Mia")
    withdraw_and_erase(store, family_id, [ConsentPurpose.TRAINING], on=TODAY, who="a")
    again = withdraw_and_erase(store, family_id, [ConsentPurpose.TRAINING], on=TODAY, who="a")
    assert again.describe() == "There was no footage to delete."


def test_the_retention_sweep_deletes_on_the_due_day_only(store: Store, tmp_path: Path) -> None:
    family_id, files = _family_with_footage(store, "Mia")
    _, open_files = _family_with_footage(store, "Zoe")
    close_case(store, family_id, TODAY)
    due = TODAY + timedelta(days=60)
    [entry] = list_retention(store, due - timedelta(days=7))
    assert entry.family_id == family_id and entry.decision.stage == RetentionStage.WARN
    assert sweep_retention(store, due - timedelta(days=1)) == {}
    assert all(path.exists() for path in files)
    deleted = sweep_retention(store, due)
    assert list(deleted) == [family_id]
    _assert_gone(files, tmp_path / "data")
    assert all(path.read_bytes() == content for path, content in open_files.items())
    family = load_family(store, family_id)
    assert family.footage_deleted_on == due
    assert "kept for 60 days" in family.footage_deleted_because
    last = read_history(store, family_id).events[-1]
    assert last.who == "The retention rule" and last.action == "footage deleted"
    # Once done it is not due again, so a second sweep that day or later deletes nothing.
    assert sweep_retention(store, due + timedelta(days=3)) == {}
    assert list_retention(store, due) == []


def test_the_daily_sweep_runs_at_start_then_once_per_new_day() -> None:
    days = [TODAY]
    swept: list[date] = []
    sweep = DailySweep(swept.append, clock=lambda: days[0], check_every_s=0.01)
    sweep.start()
    try:
        assert swept == [TODAY]
        days[0] = TODAY + timedelta(days=1)
        for _ in range(200):
            if len(swept) == 2:
                break
            time.sleep(0.01)
        assert swept == [TODAY, TODAY + timedelta(days=1)]
    finally:
        sweep.stop()
    assert sweep.last_day == TODAY + timedelta(days=1)
