"""Whole-caseload backups: zip round trip, and damaged backups refused with nothing changed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.unit.storage_workers.index_keys import INDEX_KEYS
from vigreview.storage import CURRENT_SCHEMA, StorageError, Store


def family(family_id: str, **fields: Any) -> dict[str, Any]:
    return {"id": family_id, "pseudonym": family_id.upper(), "status": "open", **fields}


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` except lock files, by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data", summary_keys=INDEX_KEYS)
    store.create_family(family("fam-0001", notes="first"))
    store.create_family(family("fam-0002"))
    store.save_guider({"username": "sam", "pin_hash": "h"})
    store.update_settings(lambda settings: {"centre": "Oak Tree"})
    (store.media_dir("fam-0001") / "film.mp4").write_bytes(b"film")
    return store


def test_backup_now_zips_the_index_and_every_record_but_no_media(store: Store) -> None:
    backup = store.backup_now()
    assert backup.parent == store.data_dir / "backups"
    assert backup.name.startswith("vigreview-backup-") and backup.suffix == ".zip"
    with zipfile.ZipFile(backup) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        record = json.loads(archive.read("families/fam-0001/record.json"))
    assert names == {
        "manifest.json",
        "caseload.json",
        "families/fam-0001/record.json",
        "families/fam-0002/record.json",
    }
    assert manifest["families"] == 2 and manifest["schema_version"] == CURRENT_SCHEMA
    assert record["record"]["1"]["notes"] == "first"


def test_list_backups_is_newest_first(store: Store) -> None:
    made = [store.backup_now() for _ in range(3)]  # same second: names get -2, -3
    assert len(set(made)) == 3
    assert store.list_backups() == list(reversed(made))


def test_restore_brings_back_records_settings_and_guiders(store: Store) -> None:
    backup = store.backup_now()
    store.save_family(family("fam-0001", notes="changed after the backup"))
    store.delete_family("fam-0002")
    store.create_family(family("fam-0003"))
    store.delete_guider("sam")
    store.update_settings(lambda settings: {"centre": "somewhere else"})

    store.restore_backup(backup)

    assert store.load_family("fam-0001")["notes"] == "first"
    assert store.load_family("fam-0002")["pseudonym"] == "FAM-0002"
    assert store.family_exists("fam-0003")  # made since the backup: kept
    assert sorted(entry["id"] for entry in store.list_families()) == [
        "fam-0001",
        "fam-0002",
        "fam-0003",
    ]
    assert store.list_guiders() == [{"username": "sam", "pin_hash": "h"}]
    assert store.load_settings() == {"centre": "Oak Tree"}
    assert (store.media_dir("fam-0001") / "film.mp4").read_bytes() == b"film"
    assert len(store.list_backups()) == 2  # a safety backup was taken first

    safety = store.list_backups()[0]
    store.restore_backup(safety)
    assert store.load_family("fam-0001")["notes"] == "changed after the backup"


def write_zip(path: Path, entries: dict[str, Any]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content if isinstance(content, bytes) else json.dumps(content))
    return path


GOOD_CASELOAD = {"families": {}, "settings": {}, "guiders": {}}
GOOD_RECORD = {"record": {"1": {"id": "fam-0001", "schema_version": 1, "notes": "from zip"}}}
BAD_BACKUPS: dict[str, dict[str, Any] | bytes] = {
    "not a zip": b"this is not a zip file",
    "cut-off zip": b"PK\x03\x04" + b"\x00" * 20,
    "no caseload": {"families/fam-0001/record.json": GOOD_RECORD},
    "caseload is a list": {"caseload.json": []},
    "record is garbage": {"caseload.json": GOOD_CASELOAD, "families/fam-0001/record.json": b"{"},
    "record has wrong shape": {
        "caseload.json": GOOD_CASELOAD,
        "families/fam-0001/record.json": {"record": []},
    },
    "record has no document": {
        "caseload.json": GOOD_CASELOAD,
        "families/fam-0001/record.json": {"record": {}},
    },
    "record too new": {
        "caseload.json": GOOD_CASELOAD,
        "families/fam-0001/record.json": {
            "record": {"1": {"id": "fam-0001", "schema_version": 99}}
        },
    },
    "unsafe folder name": {
        "caseload.json": GOOD_CASELOAD,
        "families/../record.json": GOOD_RECORD,
        "families/UP/record.json": GOOD_RECORD,
    },
    "manifest is not an object": {"caseload.json": GOOD_CASELOAD, "manifest.json": [1, 2]},
}


@pytest.mark.parametrize("content", BAD_BACKUPS.values(), ids=BAD_BACKUPS.keys())
def test_a_bad_backup_is_refused_and_nothing_changes(
    store: Store, tmp_path: Path, content: dict[str, Any] | bytes
) -> None:
    bad = tmp_path / "vigreview-backup-20260101-000000.zip"
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        write_zip(bad, content)
    before = snapshot(store.data_dir)

    with pytest.raises(StorageError) as raised:
        store.restore_backup(bad)
    assert raised.value.message.startswith(f"The backup {bad.name} cannot be restored")
    assert "Nothing was changed" in str(raised.value)
    assert snapshot(store.data_dir) == before  # not even a safety backup was made


def test_a_backup_with_a_flipped_byte_is_refused(store: Store) -> None:
    backup = store.backup_now()
    data = bytearray(backup.read_bytes())
    with zipfile.ZipFile(backup) as archive:
        info = archive.getinfo("families/fam-0001/record.json")
    data[info.header_offset + 30 + len(info.filename) + 2] ^= 0xFF  # inside the compressed data
    backup.write_bytes(bytes(data))
    before = snapshot(store.data_dir)
    with pytest.raises(StorageError, match="cannot be restored"):
        store.restore_backup(backup)
    assert snapshot(store.data_dir) == before


def test_a_good_hand_made_backup_restores(store: Store, tmp_path: Path) -> None:
    good = write_zip(
        tmp_path / "hand-made.zip",
        {"caseload.json": GOOD_CASELOAD, "families/fam-0001/record.json": GOOD_RECORD},
    )
    store.restore_backup(good)
    assert store.load_family("fam-0001")["notes"] == "from zip"
