"""The film's timeline: m:ss times and where moments' bands sit."""

from __future__ import annotations

import pytest

from vigreview.timeline import (
    format_clock,
    format_span,
    lane_columns,
    place_bands,
    playhead_fraction,
)


@pytest.mark.parametrize(
    ("seconds", "text"), [(0.0, "0:00"), (9.99, "0:09"), (83.6, "1:23"), (600.0, "10:00")]
)
def test_times_read_as_minutes_and_seconds(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_a_span_reads_from_start_to_end() -> None:
    assert format_span(2.0, 12.0) == "0:02–0:12"


def test_bands_sit_where_their_moments_are_in_the_film() -> None:
    bands = place_bands([("b", 150.0, 175.0), ("a", 0.0, 30.0)], 300.0)
    assert [(b.key, b.left, b.width, b.lane) for b in bands] == [
        ("a", 0.0, 0.1, 0),
        ("b", 0.5, 25 / 300, 0),
    ]


def test_overlapping_bands_go_on_separate_lanes_and_are_clipped_to_the_film() -> None:
    bands = place_bands([("a", 10.0, 40.0), ("b", 30.0, 55.0), ("c", 41.0, 70.0)], 60.0)
    assert [(b.key, b.lane) for b in bands] == [("a", 0), ("b", 1), ("c", 0)]
    assert bands[2].end_s == 60.0 and bands[2].left + bands[2].width == pytest.approx(1.0)


def test_empty_or_outside_spans_are_left_out() -> None:
    assert place_bands([("a", 70.0, 80.0), ("b", 5.0, 5.0)], 60.0) == []
    assert place_bands([("a", 1.0, 2.0)], 0.0) == []


def test_a_lane_is_laid_out_as_gaps_and_bands_filling_the_film() -> None:
    bands = place_bands([("a", 10.0, 20.0), ("b", 30.0, 40.0)], 50.0)
    columns = lane_columns(bands)
    assert [(band.key if band else None, round(width, 3)) for band, width in columns] == [
        (None, 0.2),
        ("a", 0.2),
        (None, 0.2),
        ("b", 0.2),
        (None, 0.2),
    ]
    assert sum(width for _, width in columns) == pytest.approx(1.0)


def test_the_playhead_stays_on_the_timeline() -> None:
    assert playhead_fraction(30.0, 120.0) == 0.25
    assert playhead_fraction(130.0, 120.0) == 1.0
    assert playhead_fraction(5.0, 0.0) == 0.0
