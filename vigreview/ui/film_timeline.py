"""The film's timeline under the player: a band per moment and per suggestion, and the playhead.

Each band is a submit button of the player's form (drawn inside it), so a tap plays that
stretch and reruns the page once, never on the player's own events; bands are laid out as
columns whose widths follow the film (see vigreview.timeline).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from vigreview.models import Moment, MomentKind
from vigreview.suggestions import Suggestion
from vigreview.timeline import Band, format_clock, lane_columns, place_bands, playhead_fraction


def render_playhead(playhead_s: float, duration_s: float) -> None:
    """Draw where the playhead is along the film, with the time in m:ss."""
    left = playhead_fraction(playhead_s, duration_s) * 100
    # Only numbers go into this markup, never anything typed.
    st.html(
        f'<div class="vig-playhead-track" aria-hidden="true">'
        f'<div class="vig-playhead" style="left:{left:.2f}%"></div></div>'
    )
    st.markdown(f"Playhead at **{format_clock(playhead_s)}** of {format_clock(duration_s)}")


def render_timeline(
    duration_s: float,
    moments: Sequence[Moment],
    suggestions: Sequence[Suggestion],
    *,
    on_moment: Callable[[Moment], None],
    on_suggestion: Callable[[Suggestion], None],
) -> None:
    """Draw the moments (numbered, good moments and working points told apart) and suggestions.

    Call it inside the player's form: the bands are that form's submit buttons.
    """
    with st.container(key="film-timeline"):
        by_key: dict[str, Moment | Suggestion] = {}
        spans: list[tuple[str, float, float]] = []
        for number, moment in enumerate(moments, start=1):
            kind = "work" if moment.kind == MomentKind.WORKING_POINT else "good"
            key = f"tl-{kind}-{number}-{moment.id}"
            by_key[key] = moment
            spans.append((key, moment.start_s, moment.end_s))
        for number, suggestion in enumerate(suggestions, start=1):
            key = f"tl-sugg-{number}"
            by_key[key] = suggestion
            spans.append((key, suggestion.start_s, suggestion.end_s))
        bands = place_bands(spans, duration_s)
        for lane in sorted({b.lane for b in bands}):
            _render_lane([b for b in bands if b.lane == lane], by_key, on_moment, on_suggestion)
        left, right = st.columns(2)
        left.caption("0:00")
        right.html(f'<p class="vig-timeline-end">{format_clock(duration_s)}</p>')


def _render_lane(
    bands: list[Band],
    by_key: dict[str, Moment | Suggestion],
    on_moment: Callable[[Moment], None],
    on_suggestion: Callable[[Suggestion], None],
) -> None:
    layout = lane_columns(bands)
    columns = st.columns([max(width, 0.001) for _, width in layout], gap=None)
    for column, (band, _) in zip(columns, layout, strict=True):
        if band is None:
            continue
        item = by_key[band.key]
        number = band.key.split("-")[2]
        if isinstance(item, Suggestion):
            column.form_submit_button(
                f"S{number}",
                key=band.key,
                width="stretch",
                help=f"Suggestion {format_clock(item.start_s)}: {item.reason}",
                on_click=on_suggestion,
                args=(item,),
            )
        else:
            column.form_submit_button(
                number,
                key=band.key,
                width="stretch",
                help=f"Moment {number} at {format_clock(item.start_s)}",
                on_click=on_moment,
                args=(item,),
            )
