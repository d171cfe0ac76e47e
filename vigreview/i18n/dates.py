"""Dates in the parent's language: "26 Nov 2026", "26 listopada 2026", "26 نومبر 2026"."""

from __future__ import annotations

from datetime import date, datetime

from babel.dates import format_date

from vigreview.dates import format_day
from vigreview.i18n.languages import DEFAULT_LANGUAGE, find_language


def format_day_in(code: str, day: date) -> str:
    """Return `day` the way a reader of this language writes it (English stays UK style)."""
    language = find_language(code)
    if language == DEFAULT_LANGUAGE:
        return format_day(day)
    if isinstance(day, datetime):
        day = day.date()
    return format_date(day, format="long", locale=language.code)
