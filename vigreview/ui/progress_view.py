"""The Progress page: the open family's change across cycles, in four charts with a reading each."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from vigreview.caseload import derive_once
from vigreview.charts import (
    make_moments_figure,
    make_next_steps_figure,
    make_principles_figure,
    make_ratings_figure,
)
from vigreview.models import Family
from vigreview.progress import (
    build_moments_frame,
    build_next_steps_frame,
    build_principles_frame,
    build_ratings_frame,
    read_moments,
    read_next_steps,
    read_principles,
    read_ratings,
)
from vigreview.ui.family_context import load_open_family
from vigreview.ui.text import escape_markdown

# Plotly's mode bar offers a PNG download and zooming: nothing a home visit needs.
_CHART_CONFIG = {"displayModeBar": False, "responsive": True}

Chart = tuple[
    str,
    Callable[[Family], pd.DataFrame],
    Callable[[pd.DataFrame], go.Figure],
    Callable[[pd.DataFrame], str],
]
CHARTS: tuple[Chart, ...] = (
    ("ratings", build_ratings_frame, make_ratings_figure, read_ratings),
    ("principles", build_principles_frame, make_principles_figure, read_principles),
    ("moments", build_moments_frame, make_moments_figure, read_moments),
    ("next_steps", build_next_steps_frame, make_next_steps_figure, read_next_steps),
)


def _render_chart(family: Family, chart: Chart) -> None:
    name, build_frame, make_figure, read = chart

    def build(family: Family) -> tuple[go.Figure, str]:
        # Building a plotly figure costs tens of ms: once per saved version of the record.
        frame = build_frame(family)
        return make_figure(frame), read(frame)

    figure, reading = derive_once(family, f"progress_{name}", build)
    with st.container(border=True):
        st.plotly_chart(figure, config=_CHART_CONFIG, key=f"chart_{name}")
        st.markdown(f"**{escape_markdown(reading)}**")


def render_progress_page() -> None:
    """Draw the open family's progress charts, or a friendly word when there is nothing yet."""
    family = load_open_family("Progress")
    if family is None:
        return
    st.title(
        f"Progress: {escape_markdown(family.pseudonym)} and {escape_markdown(family.baby_name)}",
        anchor=False,
    )
    question = family.current_helping_question()
    if question is not None:
        st.markdown(f"Helping question: *{escape_markdown(question.text)}*")
    if not family.cycles:
        st.info(
            "Nothing to show yet: the charts fill in from the first cycle, as moments are "
            "chosen and the parent gives their ratings in the shared review.",
            icon=":material/insights:",
        )
        return
    left, right = st.columns(2)
    for index, chart in enumerate(CHARTS):
        with left if index % 2 == 0 else right:
            _render_chart(family, chart)
