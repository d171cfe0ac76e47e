"""Schema versions: old records are brought forward, newer ones are refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.unit.storage_workers.index_keys import INDEX_KEYS
from vigreview.storage import (
    CURRENT_SCHEMA,
    MIGRATIONS,
    RecordFile,
    RecordTooNew,
    StorageError,
    Store,
    migrate,
    migrations,
)


def write_raw_record(store: Store, doc: dict[str, Any]) -> None:
    """Put a record on disk as an older (or newer) app would have saved it."""
    RecordFile(store.family_dir(doc["id"]) / "record.json").write(doc)


def test_the_current_schema_is_two_with_a_step_from_each_older_one() -> None:
    assert CURRENT_SCHEMA == 2
    assert set(MIGRATIONS) == {0, 1}


def test_version_zero_gains_a_version_an_empty_consents_list_and_english() -> None:
    old = {"id": "fam-0001", "pseudonym": "Rowan"}
    assert migrate(old) == {
        "id": "fam-0001",
        "pseudonym": "Rowan",
        "consents": [],
        "language": "en",
        "schema_version": 2,
    }
    assert old == {"id": "fam-0001", "pseudonym": "Rowan"}  # not changed in place


def test_version_zero_keeps_consents_it_already_had() -> None:
    consents = [{"purpose": "filming", "given_on": "2026-01-02"}]
    assert migrate({"id": "fam-0001", "consents": consents})["consents"] == consents


def test_version_one_gains_the_parents_language_as_english() -> None:
    assert migrate({"id": "fam-0001", "schema_version": 1}) == {
        "id": "fam-0001",
        "language": "en",
        "schema_version": 2,
    }


def test_version_one_keeps_a_language_it_already_had() -> None:
    assert migrate({"id": "fam-0001", "language": "ur", "schema_version": 1})["language"] == "ur"


def test_a_current_record_is_left_as_it_is() -> None:
    doc = {"id": "fam-0001", "schema_version": 2}
    assert migrate(doc) == doc


def test_load_family_migrates_a_stored_version_zero_record(tmp_path: Path) -> None:
    store = Store(tmp_path, summary_keys=INDEX_KEYS)
    write_raw_record(store, {"id": "fam-0001", "pseudonym": "Rowan"})
    loaded = store.load_family("fam-0001")
    assert loaded["consents"] == []
    assert loaded["language"] == "en"
    assert loaded["schema_version"] == 2
    saved = store.update_family("fam-0001", lambda doc: {**doc, "notes": "n"})
    assert saved["schema_version"] == 2
    stored = json.loads((store.family_dir("fam-0001") / "record.json").read_bytes())
    assert stored["record"]["1"]["schema_version"] == 2


def test_a_chain_of_migrations_runs_step_by_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def split_name(doc: dict[str, Any]) -> dict[str, Any]:
        first, _, last = doc.pop("pseudonym").partition(" ")
        return {**doc, "first": first, "last": last, "schema_version": 3}

    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", 3)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, split_name)
    store = Store(tmp_path, summary_keys=INDEX_KEYS)
    write_raw_record(store, {"id": "fam-0001", "pseudonym": "Rowan Ash"})
    assert store.load_family("fam-0001") == {
        "id": "fam-0001",
        "consents": [],
        "language": "en",
        "first": "Rowan",
        "last": "Ash",
        "schema_version": 3,
    }
    store.create_family({"id": "fam-0002"})
    assert store.load_family("fam-0002")["schema_version"] == 3


def test_a_migration_that_skips_a_version_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", 4)
    monkeypatch.setitem(migrations.MIGRATIONS, 2, lambda doc: {**doc, "schema_version": 4})
    with pytest.raises(StorageError, match="went wrong"):
        migrate({"id": "fam-0001", "schema_version": 2})


def test_a_missing_step_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(migrations, "CURRENT_SCHEMA", 3)
    with pytest.raises(StorageError, match="cannot bring a version 2 record up to date"):
        migrate({"id": "fam-0001", "schema_version": 2})


def test_a_newer_record_is_refused_and_left_alone(tmp_path: Path) -> None:
    store = Store(tmp_path, summary_keys=INDEX_KEYS)
    newer = {"id": "fam-0001", "schema_version": CURRENT_SCHEMA + 1, "shape": "unknown"}
    write_raw_record(store, newer)
    record = store.family_dir("fam-0001") / "record.json"
    before = record.read_bytes()
    with pytest.raises(RecordTooNew, match="newer version of VIG Review"):
        store.load_family("fam-0001")
    with pytest.raises(RecordTooNew):
        store.update_family("fam-0001", lambda doc: doc)
    with pytest.raises(RecordTooNew):
        store.save_family({"id": "fam-0001", "pseudonym": "older app"})
    assert record.read_bytes() == before


@pytest.mark.parametrize("version", ["1", -1, True, 1.0, None])
def test_a_strange_version_mark_is_refused_in_plain_words(version: Any) -> None:
    with pytest.raises(StorageError, match="version mark"):
        migrate({"id": "fam-0001", "schema_version": version})
