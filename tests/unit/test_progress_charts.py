"""Progress tables, their readings and their plotly figures for 0, 1 and 3 cycles."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tests.made_up_families import make_family
from vigreview.charts import (
    EMPTY_NOTE,
    make_moments_figure,
    make_next_steps_figure,
    make_principles_figure,
    make_ratings_figure,
)
from vigreview.models import SharedReview
from vigreview.principles import PRINCIPLES
from vigreview.progress import (
    build_moments_frame,
    build_next_steps_frame,
    build_principles_frame,
    build_ratings_frame,
    count_in_words,
    read_moments,
    read_next_steps,
    read_principles,
    read_ratings,
)


def _traces(figure: Any) -> dict[str, dict[str, list[Any]]]:
    """Return each trace's x and y from fig.to_dict(), by trace name."""
    data = figure.to_dict()["data"]
    return {t["name"]: {"x": list(t["x"]), "y": list(t["y"])} for t in data}


def _notes(figure: Any) -> list[str]:
    return [a["text"] for a in figure.to_dict()["layout"].get("annotations", [])]


def test_three_cycles_ratings_in_the_figure_and_reading() -> None:
    frame = build_ratings_frame(make_family(3))
    traces = _traces(make_ratings_figure(frame))
    assert traces["At the start of the review"] == {
        "x": ["Cycle 1", "Cycle 2", "Cycle 3"],
        "y": [3, 4, 5],
    }
    assert traces["At the end of the review"]["y"] == [4, 6, 7]
    assert read_ratings(frame) == "Ratings rose from 3 to 7 over three cycles."
    assert _notes(make_ratings_figure(frame)) == []


def test_one_cycle_ratings() -> None:
    frame = build_ratings_frame(make_family(1))
    assert _traces(make_ratings_figure(frame))["At the end of the review"] == {
        "x": ["Cycle 1"],
        "y": [4],
    }
    assert read_ratings(frame) == "Ratings rose from 3 to 4 over one cycle."


def test_no_cycles_gives_empty_figures_with_a_calm_note_and_friendly_readings() -> None:
    family = make_family(0)
    frames = (
        build_ratings_frame(family),
        build_principles_frame(family),
        build_moments_frame(family),
    )
    figures = (
        make_ratings_figure(frames[0]),
        make_principles_figure(frames[1]),
        make_moments_figure(frames[2]),
        make_next_steps_figure(build_next_steps_frame(family)),
    )
    for frame in frames:
        assert frame.empty
    for figure in figures:
        assert _notes(figure) == [EMPTY_NOTE]
        assert all(value == 0 for trace in _traces(figure).values() for value in trace["y"])
    assert read_ratings(frames[0]).startswith("No ratings yet")
    assert read_principles(frames[1]).startswith("No principles tagged yet")
    assert read_moments(frames[2]).startswith("No moments chosen yet")
    assert read_next_steps(build_next_steps_frame(family)).startswith("No next steps agreed yet")


def test_principles_are_stacked_under_the_six_headings_counting_good_moments_only() -> None:
    frame = build_principles_frame(make_family(3))
    figure = make_principles_figure(frame)
    assert figure.to_dict()["layout"]["barmode"] == "stack"
    traces = _traces(figure)
    assert list(traces) == [p.title for p in PRINCIPLES]
    # Receiving (smiling + nodding on one moment) counts that moment once per cycle.
    assert traces["Receiving initiatives"]["y"] == [1, 1, 1]
    assert traces["Being attentive"]["y"] == [1, 1, 1]
    # The working point's "giving time" tag is not a strength seen, so it is not counted...
    assert traces["Developing attuned interactions"]["y"] == [1, 1, 1]
    # ... and guiding only appears from cycle 2.
    assert traces["Guiding"]["y"] == [0, 1, 1]
    assert traces["Deepening discussion"]["y"] == [0, 0, 0]
    assert read_principles(frame) == (
        "Seen most often: Being attentive, Receiving initiatives and Developing attuned "
        "interactions (three moments each). Four principles of the six seen so far."
    )


def test_moments_per_cycle_split_by_kind() -> None:
    frame = build_moments_frame(make_family(3))
    traces = _traces(make_moments_figure(frame))
    assert traces["Worked well"] == {"x": ["Cycle 1", "Cycle 2", "Cycle 3"], "y": [2, 2, 2]}
    assert traces["Working points"]["y"] == [1, 1, 1]
    assert read_moments(frame) == (
        "Nine moments chosen over three cycles: six that worked well and three working points."
    )


def test_next_steps_by_status() -> None:
    frame = build_next_steps_frame(make_family(3))
    traces = _traces(make_next_steps_figure(frame))
    assert traces["Next steps"] == {"x": ["Doing it", "Trying it", "Not for now"], "y": [1, 1, 1]}
    assert read_next_steps(frame) == (
        "Of three next steps, one is part of everyday life now, one is being tried and one is "
        "for another time."
    )


@pytest.mark.parametrize(
    ("ratings", "reading"),
    [
        (((6, 5), (4, 4)), "Ratings went from 6 to 4 over two cycles."),
        (((5, None), (None, 5)), "Ratings were 5 out of 10 at the first and the latest review, "),
        (((None, 7), (None, None)), "The first rating was 7 out of 10."),
    ],
)
def test_readings_for_falls_steadiness_and_gaps(
    ratings: tuple[tuple[int | None, int | None], ...], reading: str
) -> None:
    family = make_family(len(ratings))
    cycles = tuple(
        replace(c, review=SharedReview(rating_start=s, rating_end=e))
        for c, (s, e) in zip(family.cycles, ratings, strict=True)
    )
    frame = build_ratings_frame(replace(family, cycles=cycles))
    assert read_ratings(frame).startswith(reading)


def test_a_cycle_without_a_review_leaves_a_gap_not_an_error() -> None:
    family = make_family(2)
    family = replace(family, cycles=(family.cycles[0], replace(family.cycles[1], review=None)))
    traces = _traces(make_ratings_figure(build_ratings_frame(family)))
    assert traces["At the start of the review"]["y"] == [3, None]


def test_counts_in_words() -> None:
    assert count_in_words(1, "cycle") == "one cycle"
    assert count_in_words(3, "cycle") == "three cycles"
    assert count_in_words(14, "moment") == "14 moments"
    assert count_in_words(2, "is", "are") == "two are"
