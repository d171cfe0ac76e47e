"""The audit history: append-only, durable, readable after a restart, never rewritten."""

from __future__ import annotations

import inspect
import threading
from datetime import date, datetime
from pathlib import Path

import pytest

import vigreview.trust.audit as audit
from vigreview.caseload import add_family, open_store
from vigreview.storage import FamilyNotFound, Store
from vigreview.trust.audit import AuditAction, audit_path, read_history, record_event
from vigreview.validation import FamilyDraft


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def _family(store: Store) -> str:
    draft = FamilyDraft("Mia", "Ola", "Ann", date(2026, 1, 5), baby_age_months=3)
    return add_family(store, draft).id


def test_events_are_kept_in_order_and_survive_a_restart(store: Store, tmp_path: Path) -> None:
    family_id = _family(store)
    record_event(store, family_id, "ann", AuditAction.VIEWED, at=datetime(2026, 11, 1, 9, 0))
    record_event(store, family_id, "ann", "exported", "Keepsake PDF <b>", at=datetime(2026, 11, 2))
    events = read_history(open_store(tmp_path / "data"), family_id).events
    assert [(e.who, e.action, e.detail) for e in events] == [
        ("ann", "viewed", ""),
        ("ann", "exported", "Keepsake PDF <b>"),
    ]
    assert events[0].at == datetime(2026, 11, 1, 9, 0)


def test_appending_never_changes_what_was_written(store: Store) -> None:
    family_id = _family(store)
    record_event(store, family_id, "ann", AuditAction.CONSENT_GIVEN, "Filming")
    before = audit_path(store, family_id).read_bytes()
    record_event(store, family_id, "bea", AuditAction.CONSENT_WITHDRAWN, "Filming 👶 مرحبا")
    after = audit_path(store, family_id).read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert after.count(b"\n") == 2


def test_a_line_cut_off_by_a_crash_is_skipped_and_the_next_starts_afresh(store: Store) -> None:
    family_id = _family(store)
    record_event(store, family_id, "ann", AuditAction.VIEWED)
    with open(audit_path(store, family_id), "ab") as handle:
        handle.write(b'{"at": "2026-11-0')
    record_event(store, family_id, "ann", AuditAction.EXPORTED, "CSV")
    history = read_history(store, family_id)
    assert [e.action for e in history.events] == ["viewed", "exported"]
    assert history.unreadable_lines == 1


def test_many_tabs_appending_at_once_lose_nothing(store: Store) -> None:
    family_id = _family(store)

    def append(who: str) -> None:
        for number in range(25):
            record_event(store, family_id, who, AuditAction.VIEWED, str(number))

    threads = [threading.Thread(target=append, args=(f"tab{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    history = read_history(store, family_id)
    assert len(history.events) == 150 and history.unreadable_lines == 0


def test_no_history_for_a_family_that_does_not_exist(store: Store) -> None:
    with pytest.raises(FamilyNotFound):
        record_event(store, "fam-000000000000", "ann", AuditAction.VIEWED)
    assert read_history(store, "fam-000000000000").events == ()


def test_the_module_offers_no_way_to_change_or_remove_events() -> None:
    public = {
        name
        for name, value in vars(audit).items()
        if inspect.isfunction(value) and value.__module__ == audit.__name__
    }
    public = {name for name in public if not name.startswith("_")}
    assert public == {"audit_path", "record_event", "read_history"}
