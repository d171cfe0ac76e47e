"""Store: the caseload index plus one record per family, against real files in tmp_path."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.unit.storage_workers.index_keys import INDEX_KEYS
from vigreview.storage import (
    CURRENT_SCHEMA,
    FamilyNotFound,
    RecordUnreadable,
    StorageError,
    Store,
)


def family(family_id: str = "fam-0001", **fields: Any) -> dict[str, Any]:
    doc = {
        "id": family_id,
        "pseudonym": "Rowan",
        "baby_name": "Ada",
        "status": "open",
        "lead_guider": "sam",
        "opened_on": "2026-11-01",
        "closed_on": None,
        "consents": [],
        "cycles": [{"moments": [{"at": 12.5, "words": "She looked up at you."}]}],
    }
    return {**doc, **fields}


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", summary_keys=INDEX_KEYS)


def test_a_new_store_touches_no_files(tmp_path: Path) -> None:
    store = Store(tmp_path / "data", summary_keys=INDEX_KEYS)
    assert store.list_families() == []
    assert store.load_settings() == {}
    assert store.list_guiders() == []
    assert store.list_backups() == []
    assert not (tmp_path / "data").exists()


def test_create_load_round_trip_stamps_the_schema_version(store: Store) -> None:
    doc = family()
    store.create_family(doc)
    assert store.load_family("fam-0001") == {**doc, "schema_version": CURRENT_SCHEMA, "revision": 1}
    assert "schema_version" not in doc  # the caller's dict is not changed
    assert store.family_exists("fam-0001")
    assert store.media_dir("fam-0001").is_dir()
    assert store.family_dir("fam-0001") == store.families_dir / "fam-0001"
    assert (store.families_dir / "fam-0001" / "record.json").is_file()


def test_list_families_gives_the_summary_keys_only(store: Store) -> None:
    store.create_family(family("fam-0001"))
    store.create_family(family("fam-0002", pseudonym="Kit", status="closed"))
    listed = sorted(store.list_families(), key=lambda entry: entry["id"])
    assert listed[1] == {
        "id": "fam-0002",
        "pseudonym": "Kit",
        "baby_name": "Ada",
        "status": "closed",
        "lead_guider": "sam",
        "opened_on": "2026-11-01",
        "closed_on": None,
        "updated_at": None,
    }
    listed[0]["pseudonym"] = "changed by the caller"
    assert store.list_families()[0]["pseudonym"] == "Rowan"


def test_creating_the_same_family_twice_is_refused(store: Store) -> None:
    store.create_family(family(notes="first"))
    with pytest.raises(StorageError, match="already a family"):
        store.create_family(family(notes="second"))
    assert store.load_family("fam-0001")["notes"] == "first"
    assert len(store.list_families()) == 1


@pytest.mark.parametrize(
    "bad_id",
    ["../etc", "fam/0001", "FAM-0001", "abc", "a" * 65, "fam 0001", "", "..", "fam.0001", None, 7],
)
def test_unsafe_family_ids_are_refused(store: Store, bad_id: Any) -> None:
    with pytest.raises(StorageError, match="cannot be used as a family id"):
        store.create_family(family(bad_id))
    with pytest.raises(StorageError):
        store.load_family(bad_id)
    with pytest.raises(StorageError):
        store.family_dir(bad_id)
    assert not store.data_dir.exists() or not any(store.data_dir.rglob("record.json"))


def test_save_family_replaces_the_record(store: Store) -> None:
    store.create_family(family())
    store.save_family(family(notes="new notes"))
    assert store.load_family("fam-0001")["notes"] == "new notes"


def test_saving_without_a_summary_change_leaves_the_index_untouched(store: Store) -> None:
    store.create_family(family())
    index = store.data_dir / "caseload.json"
    before = (index.read_bytes(), index.stat().st_mtime_ns, index.stat().st_ino)

    store.save_family(family(notes="a long reflection"))
    store.update_family("fam-0001", lambda doc: {**doc, "next_steps": ["wait for her cue"]})
    after = (index.read_bytes(), index.stat().st_mtime_ns, index.stat().st_ino)
    assert after == before

    store.update_family("fam-0001", lambda doc: {**doc, "status": "closed"})
    assert index.stat().st_ino != before[2]
    assert store.list_families()[0]["status"] == "closed"


def test_update_family_changes_the_stored_record(store: Store) -> None:
    store.create_family(family())

    def add_moment(doc: dict[str, Any]) -> dict[str, Any]:
        doc["cycles"][0]["moments"].append({"at": 30.0, "words": "You waited."})
        return doc

    saved = store.update_family("fam-0001", add_moment)
    assert len(saved["cycles"][0]["moments"]) == 2
    assert store.load_family("fam-0001") == saved


def test_a_family_id_cannot_be_changed_by_an_update(store: Store) -> None:
    store.create_family(family())
    with pytest.raises(StorageError, match="id cannot be changed"):
        store.update_family("fam-0001", lambda doc: {**doc, "id": "fam-0002"})
    assert [entry["id"] for entry in store.list_families()] == ["fam-0001"]


def test_missing_families_raise_family_not_found(store: Store) -> None:
    with pytest.raises(FamilyNotFound, match="no saved record"):
        store.load_family("fam-9999")
    with pytest.raises(FamilyNotFound):
        store.update_family("fam-9999", lambda doc: doc)
    with pytest.raises(FamilyNotFound):
        store.save_family(family("fam-9999"))
    with pytest.raises(FamilyNotFound):
        store.delete_family("fam-9999")
    assert not store.family_exists("fam-9999")
    assert not (store.families_dir / "fam-9999" / "record.json").exists()


def test_delete_family_removes_the_folder_and_index_entry(store: Store) -> None:
    store.create_family(family("fam-0001"))
    store.create_family(family("fam-0002"))
    (store.media_dir("fam-0001") / "film.mp4").write_bytes(b"\x00" * 100)
    store.update_family("fam-0001", lambda doc: doc)  # make some backups too

    store.delete_family("fam-0001")
    assert not store.family_dir("fam-0001").exists()
    assert [entry["id"] for entry in store.list_families()] == ["fam-0002"]
    assert not store.family_exists("fam-0001")
    assert [p.name for p in store.families_dir.iterdir()] == ["fam-0002"]
    # A tab that still had the family open cannot bring it back by saving.
    with pytest.raises(FamilyNotFound):
        store.save_family(family("fam-0001"))
    assert not store.family_dir("fam-0001").exists()


def test_a_family_saved_but_not_indexed_is_listed_all_the_same(store: Store) -> None:
    store.create_family(family("fam-0001"))
    store.create_family(family("fam-0002"))
    index = store.data_dir / "caseload.json"
    tables = json.loads(index.read_bytes())
    tables["families"] = {"1": tables["families"]["1"]}  # as if killed before indexing fam-0002
    tables["families"]["9"] = {"id": "fam-gone", "pseudonym": "Ghost"}  # folder deleted
    index.write_text(json.dumps(tables))
    fresh = Store(store.data_dir, summary_keys=INDEX_KEYS)
    assert sorted(entry["id"] for entry in fresh.list_families()) == ["fam-0001", "fam-0002"]


def test_an_index_update_cut_off_after_the_record_is_finished_later(store: Store) -> None:
    store.create_family(family())
    index = store.data_dir / "caseload.json"
    before = index.read_bytes()
    store.update_family("fam-0001", lambda doc: {**doc, "status": "closed"})
    # As if the process died after writing the record, before updating the index:
    index.write_bytes(before)
    (store.data_dir / "pending" / "fam-0001").touch()
    fresh = Store(store.data_dir, summary_keys=INDEX_KEYS)
    assert fresh.list_families()[0]["status"] == "closed"
    assert not (store.data_dir / "pending" / "fam-0001").exists()


def test_rebuild_index_lists_every_family_from_its_record(store: Store) -> None:
    for number in range(3):
        store.create_family(family(f"fam-000{number}", pseudonym=f"P{number}"))
    store.update_settings(lambda settings: {**settings, "centre": "Oak Tree"})
    (store.data_dir / "caseload.json").write_text(json.dumps({"families": {}, "settings": {}}))
    store.rebuild_index()
    assert sorted(entry["pseudonym"] for entry in store.list_families()) == ["P0", "P1", "P2"]


def test_settings_round_trip(store: Store) -> None:
    saved = store.update_settings(lambda settings: {**settings, "retention_days": 30})
    assert saved == {"retention_days": 30}
    store.update_settings(lambda settings: {**settings, "centre": "Oak Tree"})
    assert Store(store.data_dir, summary_keys=INDEX_KEYS).load_settings() == {
        "retention_days": 30,
        "centre": "Oak Tree",
    }
    store.load_settings()["centre"] = "changed by the caller"
    assert store.load_settings()["centre"] == "Oak Tree"


def test_guiders_are_kept_by_username(store: Store) -> None:
    store.save_guider({"username": "sam", "pin_hash": "x1"})
    store.save_guider({"username": "alex", "pin_hash": "y1"})
    store.save_guider({"username": "sam", "pin_hash": "x2"})
    assert store.list_guiders() == [
        {"username": "alex", "pin_hash": "y1"},
        {"username": "sam", "pin_hash": "x2"},
    ]
    store.delete_guider("alex")
    store.delete_guider("nobody")
    assert [
        guider["username"]
        for guider in Store(store.data_dir, summary_keys=INDEX_KEYS).list_guiders()
    ] == ["sam"]
    with pytest.raises(StorageError, match="username"):
        store.save_guider({"pin_hash": "z"})


def test_a_damaged_family_record_is_restored_and_told_once(store: Store) -> None:
    store.create_family(family(notes="v1"))
    store.save_family(family(notes="v2"))
    record = store.families_dir / "fam-0001" / "record.json"
    record.write_bytes(record.read_bytes()[:40])

    assert store.load_family("fam-0001")["notes"] == "v1"
    [recovery] = store.take_recoveries()
    assert store.take_recoveries() == []
    text = recovery.describe()
    assert text.startswith("The saved file for family fam-0001 was damaged (the file was cut")
    assert "Anything typed after that time may need entering again." in text
    assert recovery.kept_aside.parent == record.parent


def test_an_unreadable_family_raises_in_plain_words(store: Store) -> None:
    store.create_family(family())
    store.save_family(family(notes="so there is a backup"))
    folder = store.families_dir / "fam-0001"
    for path in [folder / "record.json", *(folder / "backups").iterdir()]:
        path.write_bytes(b"\x00\x00")
    with pytest.raises(RecordUnreadable) as raised:
        store.load_family("fam-0001")
    assert "none of its backups could be read" in str(raised.value)
    assert store.family_exists("fam-0001")
    assert [entry["id"] for entry in store.list_families()] == ["fam-0001"]
    with pytest.raises(RecordUnreadable):
        store.update_family("fam-0001", lambda doc: doc)


def test_a_damaged_index_is_restored_from_its_backup(store: Store) -> None:
    store.create_family(family("fam-0001"))
    store.create_family(family("fam-0002"))
    (store.data_dir / "caseload.json").write_text("[]")
    fresh = Store(store.data_dir, summary_keys=INDEX_KEYS)
    assert sorted(entry["id"] for entry in fresh.list_families()) == ["fam-0001", "fam-0002"]
    [recovery] = fresh.take_recoveries()
    assert recovery.describe().startswith("The caseload list was damaged")


def test_an_index_beyond_repair_is_rebuilt_from_records_and_the_newest_backup(
    store: Store,
) -> None:
    store.create_family(family("fam-0001", pseudonym="Rowan"))
    store.save_guider({"username": "sam", "pin_hash": "x"})
    store.update_settings(lambda settings: {"centre": "Oak Tree"})
    store.backup_now()
    store.create_family(family("fam-0002", pseudonym="Kit"))  # made after the backup
    index = store.data_dir / "caseload.json"
    for path in [index, *(store.data_dir / "backups").glob("caseload.json.*")]:
        path.write_bytes(b"")

    fresh = Store(store.data_dir, summary_keys=INDEX_KEYS)
    assert sorted(entry["pseudonym"] for entry in fresh.list_families()) == ["Kit", "Rowan"]
    assert fresh.list_guiders() == [{"username": "sam", "pin_hash": "x"}]
    assert fresh.load_settings() == {"centre": "Oak Tree"}
    [recovery] = fresh.take_recoveries()
    assert recovery.rebuilt
    assert recovery.kept_aside.name.startswith("caseload.json.corrupt-")
    assert "rebuilt it from the families' own records" in recovery.describe()
    assert "brought back from the backup" in recovery.describe()


def test_an_index_beyond_repair_and_no_backup_says_what_to_set_up_again(store: Store) -> None:
    store.create_family(family())
    (store.data_dir / "caseload.json").write_bytes(b"{")
    for path in (store.data_dir / "backups").glob("caseload.json.*"):
        path.unlink()
    fresh = Store(store.data_dir, summary_keys=INDEX_KEYS)
    assert [entry["id"] for entry in fresh.list_families()] == ["fam-0001"]
    [recovery] = fresh.take_recoveries()
    assert "need setting up again" in recovery.describe()


def test_threads_updating_one_family_and_their_own_lose_nothing(store: Store) -> None:
    store.create_family(family("fam-shared", items={}))
    other_store = Store(
        store.data_dir, summary_keys=INDEX_KEYS
    )  # a second Store object in the same process

    def work(number: int) -> None:
        own = f"fam-t{number}"
        chosen = (store, other_store)[number % 2]
        chosen.create_family(family(own, items={}))
        for round_number in range(15):
            key = f"t{number}-{round_number}"
            for family_id in ("fam-shared", own):
                chosen.update_family(
                    family_id, lambda doc, key=key: {**doc, "items": {**doc["items"], key: 1}}
                )

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shared = store.load_family("fam-shared")["items"]
    assert set(shared) == {f"t{n}-{r}" for n in range(8) for r in range(15)}
    for number in range(8):
        assert len(store.load_family(f"fam-t{number}")["items"]) == 15
    assert len(store.list_families()) == 9
