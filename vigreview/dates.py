"""Dates in the plain UK form people read: 26 Nov 2026."""

from __future__ import annotations

from datetime import date, datetime


def format_day(day: date | None, *, missing: str = "not recorded") -> str:
    """Return `day` as '26 Nov 2026', or `missing` when there is none."""
    if day is None:
        return missing
    if isinstance(day, datetime):
        day = day.date()
    return f"{day.day} {day:%b %Y}"
