"""The Moments page: mark moments at the playhead, tag them, and micro-analyse them."""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import streamlit as st

from vigreview.concurrent_edits import EditConflict
from vigreview.cycles import find_cycle
from vigreview.media import FilmRejected, extract_still, step_frame, still_strip
from vigreview.models import Cycle, Family, Film, Moment, MomentKind
from vigreview.moments import (
    MAX_TITLE_LENGTH,
    MomentDraft,
    add_moment,
    default_end,
    default_show_to_parent,
    delete_moment,
    draft_of,
    lead_up_start,
    moments_in_order,
    move_moment,
    parse_own_tags,
    save_moment_changes,
    toggle_key_still,
    validate_moment,
)
from vigreview.principles import PRINCIPLES, describe_tag, principle_of
from vigreview.storage import StorageError
from vigreview.ui.edit_conflicts import (
    GuardedForm,
    catch_up_form,
    describe_value,
    forget_loaded,
    hold_conflict,
    loaded_values,
    remember_loaded,
    show_conflicts,
)
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.navigation import FILMS_PAGE, choose_film, current_film
from vigreview.ui.players import (
    media_url,
    read_playhead,
    show_looped_moment,
    show_scrubbing_player,
    show_still,
)
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown, show_typed_text
from vigreview.validation import MAX_NOTE_LENGTH

PLAYER_KEY = "film_player"
_F = "moment_"  # prefix of the moment form's widget keys
# Start and end are kept under plain (non-widget) keys: a player event can rerun the page with
# a number box's stale value from the browser, which would undo "Start here".
_DRAFT = "moment_draft_"
_ERRORS = "moment_errors"
_EDITING = "editing_moment_id"
_ANALYSING = "analysing_moment_id"
_CLOSER = "closer_still_time"
_FLASH = "moments_flash"
_SPEEDS = {"¼ speed": 0.25, "½ speed": 0.5, "Normal": 1.0}
STILLS_IN_STRIP = 8
_BEHAVIOUR_IDS = [b.id for p in PRINCIPLES for b in p.behaviours]
# The moment being edited, as the form loaded it (vigreview.ui.edit_conflicts).
_MOMENT_FORM = "moment"
_FIELD_LABELS = {
    "title": "Title",
    "start_s": "Start (seconds)",
    "end_s": "End (seconds)",
    "lead_up_s": "Lead-up (seconds)",
    "kind": "Kind of moment",
    "show_to_parent": "Show to the parent",
    "principles": "Principles seen",
    "own_tags": "Your own tags",
    "guider_notes": "Notes for you",
}


def _film_path(family: Family, film: Film) -> Path:
    return get_store().media_dir(family.id) / film.file_name


def _stills_dir(family: Family, film: Film) -> Path:
    return get_store().media_dir(family.id) / "stills" / Path(film.file_name).stem


def _describe_behaviour(behaviour_id: str) -> str:
    principle = principle_of(behaviour_id)
    heading = f"{principle.number}. {principle.title}" if principle else ""
    return f"{heading}: {describe_tag(behaviour_id)}"


def _all_films(family: Family) -> list[tuple[int, Film]]:
    return [(cycle.number, film) for cycle in family.cycles for film in cycle.films]


def _choose_film(family: Family) -> tuple[Cycle, Film] | None:
    films = _all_films(family)
    if not films:
        st.info("There is no film yet. Import one on the Cycles & films page.")
        st.page_link(FILMS_PAGE, label="Go to Cycles & films", icon=":material/videocam:")
        return None
    keys = [(number, film.id) for number, film in films]
    chosen = current_film()
    index = keys.index(chosen) if chosen in keys else len(keys) - 1
    labels = {(number, film.id): f"Cycle {number}: {film.original_name}" for number, film in films}
    picked = st.selectbox("Film", keys, index=index, format_func=lambda k: labels[k])
    if picked != chosen:
        choose_film(*picked)
    cycle = find_cycle(family, picked[0])
    film = next(f for f in cycle.films if f.id == picked[1]) if cycle else None
    return (cycle, film) if cycle and film else None


# The moment form's values live in widget keys, filled by callbacks before the widgets draw.


def _set_start_here(duration_s: float) -> None:
    playhead = _take_playhead()
    st.session_state[_DRAFT + "start"] = round(playhead, 2)
    if float(st.session_state.get(_DRAFT + "end") or 0.0) <= playhead:
        st.session_state[_DRAFT + "end"] = default_end(playhead, duration_s)


def _set_end_here() -> None:
    st.session_state[_DRAFT + "end"] = round(_take_playhead(), 2)


def _take_playhead() -> float:
    # The player sends its position only with "Start here" / "End here" (see players.py).
    playhead = read_playhead(PLAYER_KEY)
    if playhead is not None:
        st.session_state["playhead"] = playhead
    return float(st.session_state.get("playhead") or 0.0)


def _step_field(film_path: str, field: str, steps: int) -> None:
    current = float(st.session_state.get(_DRAFT + field) or 0.0)
    try:
        st.session_state[_DRAFT + field] = round(step_frame(Path(film_path), current, steps), 3)
    except FilmRejected as rejection:
        keep_message(_FLASH, rejection.message)


def _on_kind_change() -> None:
    # .get: a rerun from the browser can arrive just after the form was cleared.
    kind = MomentKind(st.session_state.get(_F + "kind") or MomentKind.GOOD)
    st.session_state[_F + "show"] = default_show_to_parent(kind)


def _clear_form() -> None:
    for name in ("title", "notes", "tags", "principles", "lead_up", "kind", "show"):
        st.session_state.pop(_F + name, None)
    for name in ("start", "end"):
        st.session_state.pop(_DRAFT + name, None)
    st.session_state.pop(_EDITING, None)
    st.session_state.pop(_ERRORS, None)
    forget_loaded(_MOMENT_FORM)


def _fill_form(moment: Moment) -> None:
    _put_in_form(moment)
    remember_loaded(_MOMENT_FORM, asdict(draft_of(moment)))


def _put_in_form(moment: Moment) -> None:
    state = st.session_state
    state[_F + "title"] = moment.title
    state[_DRAFT + "start"] = moment.start_s
    state[_DRAFT + "end"] = moment.end_s
    state[_F + "lead_up"] = int(moment.lead_up_s)
    state[_F + "kind"] = moment.kind.value
    state[_F + "show"] = moment.show_to_parent
    state[_F + "principles"] = [p for p in moment.principles if p in _BEHAVIOUR_IDS]
    state[_F + "tags"] = ", ".join(moment.own_tags)
    state[_F + "notes"] = moment.guider_notes
    state[_EDITING] = moment.id
    state.pop(_ERRORS, None)


def _draft_from_form(film: Film, key_stills: tuple[float, ...]) -> MomentDraft:
    state = st.session_state
    return MomentDraft(
        film_id=film.id,
        title=state.get(_F + "title") or "",
        start_s=float(state.get(_DRAFT + "start") or 0.0),
        end_s=float(state.get(_DRAFT + "end") or 0.0),
        lead_up_s=float(state.get(_F + "lead_up", 20)),
        kind=MomentKind(state.get(_F + "kind") or MomentKind.GOOD),
        show_to_parent=bool(state.get(_F + "show", True)),
        principles=tuple(state.get(_F + "principles") or ()),
        own_tags=parse_own_tags(state.get(_F + "tags") or ""),
        key_still_times=key_stills,
        guider_notes=state.get(_F + "notes") or "",
    )


def _save_moment(family_id: str, cycle: Cycle, film: Film) -> None:
    editing = st.session_state.get(_EDITING)
    old = next((m for m in cycle.moments if m.id == editing), None)
    loaded = loaded_values(_MOMENT_FORM)
    base = MomentDraft(**loaded) if loaded else draft_of(old) if old else None
    draft = _draft_from_form(film, base.key_still_times if base else ())
    errors = validate_moment(draft, film.duration_s)
    st.session_state[_ERRORS] = errors
    if errors:
        return
    store = get_store()
    try:
        if old is None or base is None:
            saved = add_moment(store, family_id, cycle.number, draft)
        else:
            saved = save_moment_changes(store, family_id, cycle.number, old.id, base, draft)
    except EditConflict as conflict:
        hold_conflict(_MOMENT_FORM, conflict)
        st.session_state.pop(_ERRORS, None)
        return
    except StorageError as error:
        st.session_state[_ERRORS] = {"form": str(error)}
        return
    _clear_form()
    keep_message(_FLASH, f"Saved “{escape_markdown(saved.title)}”.")
    st.session_state[_ANALYSING] = saved.id


def _edited_moment(cycle: Cycle) -> Moment | None:
    return next((m for m in cycle.moments if m.id == st.session_state.get(_EDITING)), None)


def _moment_form(film: Film, moment: Moment) -> GuardedForm:
    """The moment form as vigreview.ui.edit_conflicts sees it: read and filled by field."""

    def read() -> dict[str, Any]:
        key_stills = (loaded_values(_MOMENT_FORM) or {}).get("key_still_times", ())
        return asdict(_draft_from_form(film, tuple(key_stills)))

    def fill(values: dict[str, Any]) -> None:
        _put_in_form(replace(moment, **values))

    return GuardedForm(_MOMENT_FORM, read, fill, _FIELD_LABELS, _describe_field)


def _describe_field(field: str, value: Any) -> str:
    if field == "principles":
        return ", ".join(describe_tag(p) for p in value)
    if field == "kind":
        return "Working point" if value == MomentKind.WORKING_POINT else "Good moment"
    return describe_value(value)


@st.fragment
def _render_marking(film: Film, film_path: Path, url: str) -> None:
    player = show_scrubbing_player(url, key=PLAYER_KEY)
    shown = _take_playhead()
    here_start, here_end = player.columns(2)
    here_start.form_submit_button(
        "Start here",
        icon=":material/first_page:",
        width="stretch",
        on_click=_set_start_here,
        args=(film.duration_s,),
    )
    here_end.form_submit_button(
        "End here",
        icon=":material/last_page:",
        width="stretch",
        on_click=_set_end_here,
    )
    st.markdown(f"Playhead at **{shown:.1f} s** of {film.duration_s:.1f} s")
    for field, label in (("start", "Start (seconds)"), ("end", "End (seconds)")):
        back, value, forward = st.columns([1, 3, 1], vertical_alignment="bottom")
        back.button(
            "−1 frame",
            key=f"{field}_back",
            on_click=_step_field,
            args=(str(film_path), field, -1),
            width="stretch",
        )
        draft = float(st.session_state.get(_DRAFT + field) or 0.0)
        # No key: the box is rebuilt whenever the draft changes, so it always shows the draft.
        typed = value.number_input(
            label,
            min_value=0.0,
            max_value=max(float(film.duration_s), draft),
            value=draft,
            step=0.04,
            format="%.2f",
        )
        if typed != draft:
            st.session_state[_DRAFT + field] = typed
        forward.button(
            "+1 frame",
            key=f"{field}_forward",
            on_click=_step_field,
            args=(str(film_path), field, 1),
            width="stretch",
        )


def _render_form(family: Family, cycle: Cycle, film: Film) -> None:
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    show_field_error(errors, "start")
    show_field_error(errors, "end")
    st.text_input(
        "Title *",
        key=_F + "title",
        max_chars=MAX_TITLE_LENGTH,
        placeholder="e.g. Noor reaches and Mum names it",
    )
    show_field_error(errors, "title")
    kind_col, show_col = st.columns(2, vertical_alignment="bottom")
    kind_col.radio(
        "Kind of moment",
        [k.value for k in MomentKind],
        format_func=lambda k: "Good moment" if k == MomentKind.GOOD else "Working point",
        key=_F + "kind",
        horizontal=True,
        on_change=_on_kind_change,
    )
    show_col.toggle("Show to the parent", value=True, key=_F + "show")
    st.slider(
        "Lead-up to replay (“what happened just before?”), seconds",
        min_value=0,
        max_value=60,
        value=20,
        key=_F + "lead_up",
    )
    show_field_error(errors, "lead_up")
    st.multiselect(
        "Principles of attuned interaction seen",
        _BEHAVIOUR_IDS,
        format_func=_describe_behaviour,
        key=_F + "principles",
        placeholder="Choose what made it work",
    )
    st.text_input("Your own tags (separate with commas)", key=_F + "tags")
    show_field_error(errors, "own_tags")
    st.text_area(
        "Notes for you (never shown to the parent)", key=_F + "notes", max_chars=MAX_NOTE_LENGTH
    )
    show_field_error(errors, "form")
    edited = _edited_moment(cycle)
    if edited is not None:
        show_conflicts(_moment_form(film, edited), lambda: _save_moment(family.id, cycle, film))
    save, cancel = st.columns(2)
    label = "Save changes" if st.session_state.get(_EDITING) else "Save moment"
    save.button(
        label,
        type="primary",
        on_click=_save_moment,
        args=(family.id, cycle, film),
        width="stretch",
    )
    if st.session_state.get(_EDITING):
        cancel.button("Stop editing", on_click=_clear_form, width="stretch")


# ---- the list of moments and micro-analysis --------------------------------------------------


def _remember(key: str, value: object) -> None:
    st.session_state[key] = value


def _delete(family_id: str, cycle_number: int, moment: Moment) -> None:
    delete_moment(get_store(), family_id, cycle_number, moment.id)
    if st.session_state.get(_ANALYSING) == moment.id:
        st.session_state.pop(_ANALYSING)
    if st.session_state.get(_EDITING) == moment.id:
        _clear_form()
    keep_message(_FLASH, f"Deleted “{escape_markdown(moment.title)}”.")


def _render_moment_row(family: Family, cycle: Cycle, moment: Moment) -> None:
    with st.container(border=True):
        kind = "Working point" if moment.kind == MomentKind.WORKING_POINT else "Good moment"
        shown = "shown to parent" if moment.show_to_parent else "not shown to parent"
        st.markdown(
            f"**{escape_markdown(moment.title)}** · {moment.start_s:.1f}–{moment.end_s:.1f} s · "
            f"{kind} · {shown} · {len(moment.key_still_times)} key stills"
        )
        tags = [describe_tag(p) for p in moment.principles] + list(moment.own_tags)
        if tags:
            st.caption(escape_markdown(" · ".join(tags)))
        cols = st.columns(5)
        cols[0].button(
            "Analyse",
            key=f"analyse_{moment.id}",
            width="stretch",
            on_click=_remember,
            args=(_ANALYSING, moment.id),
        )
        cols[1].button(
            "Edit",
            key=f"edit_{moment.id}",
            width="stretch",
            on_click=_fill_form,
            args=(moment,),
        )
        cols[2].button(
            "Earlier",
            key=f"up_{moment.id}",
            width="stretch",
            icon=":material/arrow_upward:",
            on_click=move_moment,
            args=(get_store(), family.id, cycle.number, moment.id, -1),
        )
        cols[3].button(
            "Later",
            key=f"down_{moment.id}",
            width="stretch",
            icon=":material/arrow_downward:",
            on_click=move_moment,
            args=(get_store(), family.id, cycle.number, moment.id, 1),
        )
        with cols[4].popover("Delete", width="stretch"):
            st.markdown("Delete this moment and the parent's words about it?")
            st.button(
                "Yes, delete",
                key=f"delete_{moment.id}",
                type="primary",
                on_click=_delete,
                args=(family.id, cycle.number, moment),
            )


def _render_analysis(family: Family, cycle: Cycle, film: Film, url: str, moment: Moment) -> None:
    st.subheader(f"Looking closely: {escape_markdown(moment.title)}", anchor=False)
    speed_label = st.segmented_control(
        "Speed", list(_SPEEDS), default="½ speed", key="analysis_speed"
    )
    lead_up = st.toggle("Replay the lead-up: what happened just before?", key="analysis_lead_up")
    start = lead_up_start(moment) if lead_up else moment.start_s
    end = moment.start_s if lead_up and moment.start_s > start else moment.end_s
    show_looped_moment(url, start, end, speed=_SPEEDS.get(speed_label or "Normal", 1.0))
    film_path = _film_path(family, film)
    try:
        stills = still_strip(
            film_path, moment.start_s, moment.end_s, STILLS_IN_STRIP, _stills_dir(family, film)
        )
    except FilmRejected as rejection:
        st.error(rejection.message)
        return
    st.markdown("**Stills across the moment** (taken from the film frame by frame)")
    columns = st.columns(4)
    for index, still in enumerate(stills):
        column = columns[index % 4]
        key_mark = " ★" if round(still.time_s, 3) in moment.key_still_times else ""
        with column:
            show_still(
                media_url(family.id, still.path),
                alt=f"Still at {still.time_s:.2f} s",
                caption=f"{still.time_s:.2f} s{key_mark}",
            )
        column.button(
            "Look closer",
            key=f"closer_{index}",
            width="stretch",
            on_click=_remember,
            args=(_CLOSER, still.time_s),
        )
    closer = st.session_state.get(_CLOSER)
    if closer is not None:
        _render_closer(family, cycle, film, moment, float(closer))


def _toggle_key_still(family_id: str, cycle_number: int, moment_id: str, time_s: float) -> None:
    toggle_key_still(get_store(), family_id, cycle_number, moment_id, time_s)


def _step_closer(film_path: Path, time_s: float, steps: int) -> None:
    st.session_state[_CLOSER] = step_frame(film_path, time_s, steps)


def _render_closer(family: Family, cycle: Cycle, film: Film, moment: Moment, time_s: float) -> None:
    film_path = _film_path(family, film)
    still = extract_still(film_path, time_s, _stills_dir(family, film))
    show_still(
        media_url(family.id, still.path),
        alt=f"Frame at {still.time_s:.3f} s",
        caption=f"Frame at {still.time_s:.3f} s",
        width=480,
    )
    back, forward, key = st.columns(3)
    back.button(
        "One frame back",
        icon=":material/chevron_left:",
        width="stretch",
        on_click=_step_closer,
        args=(film_path, still.time_s, -1),
    )
    forward.button(
        "One frame on",
        icon=":material/chevron_right:",
        width="stretch",
        on_click=_step_closer,
        args=(film_path, still.time_s, 1),
    )
    is_key = round(still.time_s, 3) in moment.key_still_times
    key.button(
        "Not a key still" if is_key else "Key still for the parent",
        icon=":material/star:",
        width="stretch",
        type="secondary" if is_key else "primary",
        on_click=_toggle_key_still,
        args=(family.id, cycle.number, moment.id, still.time_s),
    )


def render_moments_page() -> None:
    """Draw the film player, the moment form, the cycle's moments and the close look."""
    family = load_open_family("Moments")
    if family is None:
        return
    st.title(f"Moments: {escape_markdown(family.pseudonym)}", anchor=False)
    chosen = _choose_film(family)
    if chosen is None:
        return
    cycle, film = chosen
    film_path = _film_path(family, film)
    if not film_path.exists():
        st.warning("This film's footage is no longer on this device (it may have been deleted).")
        return
    show_kept_message(_FLASH)
    url = media_url(family.id, film_path)
    editing = st.session_state.get(_EDITING)
    st.subheader("Edit the moment" if editing else "Mark a moment", anchor=False)
    edited = _edited_moment(cycle)
    if edited is not None:  # another tablet's changes show in the fields not touched here
        catch_up_form(_moment_form(film, edited), asdict(draft_of(edited)))
    _render_marking(film, film_path, url)
    _render_form(family, cycle, film)
    ordered = [m for m in moments_in_order(cycle) if m.film_id == film.id]
    st.subheader(f"Moments in cycle {cycle.number} ({len(ordered)})", anchor=False)
    if not ordered:
        st.caption(
            "No moments yet. Play the film and press “Start here” when something good happens."
        )
    for moment in ordered:
        _render_moment_row(family, cycle, moment)
    analysing = next((m for m in ordered if m.id == st.session_state.get(_ANALYSING)), None)
    if analysing is not None:
        _render_analysis(family, cycle, film, url, analysing)
        if analysing.guider_notes:
            st.markdown("**Your notes**")
            show_typed_text(analysing.guider_notes)
