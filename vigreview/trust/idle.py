"""When a guider's tablet has been left alone long enough to lock itself."""

from __future__ import annotations

DEFAULT_IDLE_MINUTES = 10
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 240


def has_gone_idle(last_activity: float, now: float, idle_minutes: int) -> bool:
    """Return True when `now` is at least `idle_minutes` after `last_activity` (in seconds)."""
    return now - last_activity >= idle_minutes * 60


def seconds_until_idle(last_activity: float, now: float, idle_minutes: int) -> float:
    """Return how many seconds are left before the tablet locks (never below zero)."""
    return max(0.0, last_activity + idle_minutes * 60 - now)


def parse_idle_minutes(raw: str | None) -> int:
    """Read the idle time from configuration text; a blank value means the default.

    Raises ValueError, in words a person can act on, for anything that is not a whole number
    of minutes in range.
    """
    if raw is None or not raw.strip():
        return DEFAULT_IDLE_MINUTES
    try:
        minutes = int(raw.strip())
    except ValueError:
        minutes = -1
    if not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise ValueError(
            f"VIGREVIEW_IDLE_MINUTES should be a whole number of minutes from "
            f"{MIN_IDLE_MINUTES} to {MAX_IDLE_MINUTES}; it is {raw.strip()!r}."
        )
    return minutes
