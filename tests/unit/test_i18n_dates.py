"""Dates in the parent's language."""

from __future__ import annotations

from datetime import date, datetime

from vigreview.i18n import format_day_in


def test_dates_in_each_language() -> None:
    day = date(2026, 11, 26)
    assert format_day_in("en", day) == "26 Nov 2026"
    assert format_day_in("pl", day) == "26 listopada 2026"
    assert format_day_in("ur", day) == "26 نومبر، 2026"
    assert format_day_in("pl", datetime(2026, 3, 2, 9, 30)) == "2 marca 2026"
