"""Looking closely at one moment: replay it slowed and looped, stills frame by frame, key stills."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from vigreview.media import FilmRejected, extract_still, step_frame, still_strip
from vigreview.models import Cycle, Family, Film, Moment
from vigreview.moments import lead_up_start, toggle_key_still
from vigreview.outputs.key_stills import stills_folder
from vigreview.timeline import format_clock
from vigreview.ui.players import media_url, show_looped_moment, show_still
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown, show_typed_text

ANALYSING = "analysing_moment_id"
_CLOSER = "closer_still_time"
_SPEEDS = {"¼ speed": 0.25, "½ speed": 0.5, "Normal": 1.0}
STILLS_IN_STRIP = 8


def film_path(family: Family, film: Film) -> Path:
    """Return where the film's file is on this machine."""
    return get_store().media_dir(family.id) / film.file_name


def _stills_dir(family: Family, film: Film) -> Path:
    return stills_folder(get_store(), family.id, film.file_name)


def _look_closer(time_s: float) -> None:
    st.session_state[_CLOSER] = time_s


def _toggle_key_still(family_id: str, cycle_number: int, moment_id: str, time_s: float) -> None:
    toggle_key_still(get_store(), family_id, cycle_number, moment_id, time_s)


def _step_closer(path: Path, time_s: float, steps: int) -> None:
    st.session_state[_CLOSER] = step_frame(path, time_s, steps)


def render_analysis(family: Family, cycle: Cycle, film: Film, url: str, moment: Moment) -> None:
    """Replay the moment (or its lead-up) looped at a chosen speed, with a strip of stills."""
    title = escape_markdown(moment.title)
    st.markdown(f"**Looking closely: {title}**")
    speed_label = st.segmented_control(
        "Speed", list(_SPEEDS), default="½ speed", key="analysis_speed"
    )
    lead_up = st.toggle("Replay the lead-up: what happened just before?", key="analysis_lead_up")
    start = lead_up_start(moment) if lead_up else moment.start_s
    end = moment.start_s if lead_up and moment.start_s > start else moment.end_s
    show_looped_moment(url, start, end, speed=_SPEEDS.get(speed_label or "Normal", 1.0))
    path = film_path(family, film)
    try:
        stills = still_strip(
            path, moment.start_s, moment.end_s, STILLS_IN_STRIP, _stills_dir(family, film)
        )
    except FilmRejected as rejection:
        st.error(rejection.message)
        return
    st.markdown("**Stills across the moment** (taken from the film frame by frame)")
    columns = st.columns(4)
    for index, still in enumerate(stills):
        column = columns[index % 4]
        is_key = round(still.time_s, 3) in moment.key_still_times
        key_mark = " ★" if is_key else ""
        with column:
            show_still(
                media_url(family.id, still.path),
                alt=f"Still {index + 1} of {moment.title}, at {format_clock(still.time_s)}"
                + (", a key still" if is_key else ""),
                caption=f"{format_clock(still.time_s)}{key_mark}",
            )
        column.button(
            "Look closer",
            key=f"closer_{index}",
            width="stretch",
            on_click=_look_closer,
            args=(still.time_s,),
        )
    closer = st.session_state.get(_CLOSER)
    if closer is not None:
        _render_closer(family, cycle, film, moment, float(closer))
    if moment.guider_notes:
        st.markdown("**Your notes**")
        show_typed_text(moment.guider_notes)


def _render_closer(family: Family, cycle: Cycle, film: Film, moment: Moment, time_s: float) -> None:
    path = film_path(family, film)
    still = extract_still(path, time_s, _stills_dir(family, film))
    show_still(
        media_url(family.id, still.path),
        alt=f"Frame at {still.time_s:.3f} s, looked at closely",
        caption=f"Frame at {still.time_s:.3f} s",
        width=480,
    )
    back, forward = st.columns(2)
    back.button(
        "One frame back",
        icon=":material/chevron_left:",
        width="stretch",
        on_click=_step_closer,
        args=(path, still.time_s, -1),
    )
    forward.button(
        "One frame on",
        icon=":material/chevron_right:",
        width="stretch",
        on_click=_step_closer,
        args=(path, still.time_s, 1),
    )
    is_key = round(still.time_s, 3) in moment.key_still_times
    st.button(
        "Not a key still" if is_key else "Key still for the parent",
        icon=":material/star:",
        width="stretch",
        type="secondary" if is_key else "primary",
        on_click=_toggle_key_still,
        args=(family.id, cycle.number, moment.id, still.time_s),
    )
