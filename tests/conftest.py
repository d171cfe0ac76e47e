"""Shared fixtures: every test gets its own data folder, never the real ./data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

APP_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point VIGREVIEW_DATA at an empty temp folder for this test."""
    folder = tmp_path / "data"
    monkeypatch.setenv("VIGREVIEW_DATA", str(folder))
    yield folder
