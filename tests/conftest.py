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


@pytest.fixture(autouse=True)
def static_films_left_as_found() -> Iterator[None]:
    """Remove the films a test published into the app's static/films/ folder.

    The app serves films from static/ beside app.py, so AppTests and browser tests of the real
    app publish there; without this, every run would leave hard links to test films behind.
    """
    films = APP_ROOT / "static" / "films"
    before = set(films.iterdir()) if films.is_dir() else set()
    yield
    if films.is_dir():
        for path in set(films.iterdir()) - before:
            path.unlink(missing_ok=True)
