"""Making the demo caseload on a background thread, with its progress."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from vigreview.caseload import is_data_folder_empty, open_store
from vigreview.demo import preparation
from vigreview.demo.preparation import DemoPreparation


def test_the_demo_is_made_in_the_background_with_rising_progress(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    heard: list[float] = []
    making = DemoPreparation(store, date(2026, 11, 26))
    real_note = making._note
    making._note = lambda fraction, step: (heard.append(fraction), real_note(fraction, step))  # type: ignore[method-assign]
    assert making.progress().done is False
    making.start()
    assert making.wait(600)
    ended = making.progress()
    assert ended.done and ended.failure is None and ended.fraction == 1.0
    assert heard == sorted(heard) and heard[0] == 0.0 and heard[-1] == 1.0
    assert not is_data_folder_empty(store)
    assert {f["id"] for f in store.list_families()} >= {"demo-jade-noor", "demo-sam-alfie"}


def test_a_failure_ends_the_preparation_and_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> list[str]:
        raise OSError("disk full")

    monkeypatch.setattr(preparation, "seed_demo_caseload", broken)
    making = DemoPreparation(open_store(tmp_path / "data"), date(2026, 11, 26))
    making.start()
    assert making.wait(30)
    assert making.progress().done and making.progress().failure == "disk full"
