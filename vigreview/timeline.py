"""A film's timeline: times as m:ss, and where each moment's band sits along the film."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def format_clock(seconds: float) -> str:
    """Return a time in the film as minutes and seconds, e.g. 83.6 -> '1:23'."""
    whole = max(0, int(seconds))
    minutes, secs = divmod(whole, 60)
    return f"{minutes}:{secs:02d}"


def format_span(start_s: float, end_s: float) -> str:
    """Return a stretch of film as 'm:ss–m:ss'."""
    return f"{format_clock(start_s)}–{format_clock(end_s)}"


@dataclass(frozen=True)
class Band:
    """One stretch drawn on the timeline: `left` and `width` are fractions of the film."""

    key: str
    start_s: float
    end_s: float
    left: float
    width: float
    lane: int


def place_bands(spans: Sequence[tuple[str, float, float]], duration_s: float) -> list[Band]:
    """Place (key, start, end) spans along a film of `duration_s`, in time order.

    Spans are clipped to the film. A span that overlaps one already placed goes on the next
    free lane below, so no two bands on one lane overlap.
    """
    if duration_s <= 0:
        return []
    lane_ends: list[float] = []
    bands: list[Band] = []
    for key, start, end in sorted(spans, key=lambda s: (s[1], s[2])):
        start, end = max(0.0, start), min(duration_s, end)
        if end <= start:
            continue
        lane = next((i for i, lane_end in enumerate(lane_ends) if lane_end <= start), None)
        if lane is None:
            lane = len(lane_ends)
            lane_ends.append(end)
        else:
            lane_ends[lane] = end
        bands.append(Band(key, start, end, start / duration_s, (end - start) / duration_s, lane))
    return bands


def lane_columns(bands: Sequence[Band]) -> list[tuple[Band | None, float]]:
    """Return one lane's bands with the gaps between them, as (band or None, width) in order.

    The widths add up to 1 (the whole film), ready to lay out side by side.
    """
    columns: list[tuple[Band | None, float]] = []
    at = 0.0
    for band in sorted(bands, key=lambda b: b.left):
        if band.left > at:
            columns.append((None, band.left - at))
        columns.append((band, band.width))
        at = band.left + band.width
    if at < 1.0:
        columns.append((None, 1.0 - at))
    return columns


def playhead_fraction(playhead_s: float, duration_s: float) -> float:
    """Return how far through the film the playhead is, from 0 to 1."""
    if duration_s <= 0:
        return 0.0
    return min(1.0, max(0.0, playhead_s / duration_s))
