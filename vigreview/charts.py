"""Plotly figures from the progress tables (pure: a table in, a figure out).

Every figure copes with an empty table: it keeps its axes and carries a short note instead of
data, so a family with no cycles gets a calm picture, never an error.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from vigreview.principles import PRINCIPLES

# Calm colours that stay apart when printed in grey; the first is the app's theme colour.
PRINCIPLE_COLOURS = ("#2f6f6a", "#e0a458", "#7a9cc6", "#c86b85", "#8fb573", "#9d7fc2")
START_COLOUR = "#e0a458"
END_COLOUR = "#2f6f6a"
WORKED_WELL_COLOUR = "#2f6f6a"
WORKING_POINT_COLOUR = "#c9c2b8"
NEXT_STEP_COLOURS = {"doing": "#2f6f6a", "trying": "#e0a458", "not_now": "#c9c2b8"}
EMPTY_NOTE = "Nothing to show yet"


def _base_layout(figure: go.Figure, title: str, y_title: str) -> go.Figure:
    figure.update_layout(
        title={"text": title},
        yaxis_title=y_title,
        template="plotly_white",
        font={"size": 15},
        margin={"l": 60, "r": 20, "t": 60, "b": 50},
        legend={"orientation": "h", "y": -0.2},
        height=380,
    )
    return figure


def _note_when_empty(figure: go.Figure, empty: bool) -> go.Figure:
    if empty:
        figure.add_annotation(
            text=EMPTY_NOTE, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
        )
    return figure


def make_ratings_figure(frame: pd.DataFrame) -> go.Figure:
    """Draw the parent's rating at the start and the end of each review, cycle by cycle."""
    figure = go.Figure()
    labels = list(frame["label"])
    for column, name, colour in (
        ("start", "At the start of the review", START_COLOUR),
        ("end", "At the end of the review", END_COLOUR),
    ):
        values = [None if pd.isna(v) else int(v) for v in frame[column]]
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=values,
                name=name,
                mode="lines+markers",
                line={"color": colour, "width": 3},
                marker={"size": 12},
                connectgaps=True,
            )
        )
    figure.update_yaxes(range=[-0.5, 10.5], dtick=1)
    _base_layout(figure, "The parent's rating, 0 to 10", "Rating")
    return _note_when_empty(figure, frame[["start", "end"]].isna().all().all())


def make_principles_figure(frame: pd.DataFrame) -> go.Figure:
    """Draw stacked bars: per cycle, the good moments showing each of the six principles."""
    figure = go.Figure()
    for principle, colour in zip(PRINCIPLES, PRINCIPLE_COLOURS, strict=True):
        rows = frame[frame["principle"] == principle.title]
        figure.add_trace(
            go.Bar(
                x=list(rows["label"]),
                y=[int(v) for v in rows["moments"]],
                name=principle.title,
                marker_color=colour,
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(rangemode="tozero", dtick=1)
    _base_layout(figure, "Principles seen", "Moments")
    return _note_when_empty(figure, int(frame["moments"].sum()) == 0)


def make_moments_figure(frame: pd.DataFrame) -> go.Figure:
    """Draw stacked bars of moments per cycle: those that worked well, then working points."""
    figure = go.Figure()
    for column, name, colour in (
        ("worked_well", "Worked well", WORKED_WELL_COLOUR),
        ("working_points", "Working points", WORKING_POINT_COLOUR),
    ):
        figure.add_trace(
            go.Bar(
                x=list(frame["label"]),
                y=[int(v) for v in frame[column]],
                name=name,
                marker_color=colour,
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(rangemode="tozero", dtick=1)
    _base_layout(figure, "Moments chosen", "Moments")
    total = int(frame["worked_well"].sum() + frame["working_points"].sum())
    return _note_when_empty(figure, total == 0)


def make_next_steps_figure(frame: pd.DataFrame) -> go.Figure:
    """Draw one bar per next-step status: doing it, trying it, not for now."""
    colours = [NEXT_STEP_COLOURS.get(status, END_COLOUR) for status in frame["status"]]
    figure = go.Figure(
        go.Bar(
            x=list(frame["words"]),
            y=[int(v) for v in frame["steps"]],
            marker_color=colours,
            name="Next steps",
        )
    )
    figure.update_yaxes(rangemode="tozero", dtick=1)
    _base_layout(figure, "Next steps", "Next steps")
    figure.update_layout(showlegend=False)
    return _note_when_empty(figure, int(frame["steps"].sum()) == 0)
