"""The moment form: start and end to the frame, kind, principles and tags as chips, notes.

Its values live under widget keys that carry a counter (the form's "generation"); clearing
the form moves to the next generation, so the browser's widgets are new and empty after
Save, instead of sending the last moment's values back. Start and end live under plain keys:
a player event can rerun the page with a stale number from the browser.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import streamlit as st

from vigreview.concurrent_edits import EditConflict
from vigreview.media import FilmRejected, step_frame
from vigreview.models import DEFAULT_LEAD_UP_S, Cycle, Film, Moment, MomentKind
from vigreview.moments import (
    MAX_LEAD_UP_S,
    MAX_TAG_LENGTH,
    MAX_TITLE_LENGTH,
    MomentDraft,
    add_moment,
    default_end,
    default_show_to_parent,
    draft_of,
    save_moment_changes,
    validate_moment,
)
from vigreview.principles import PRINCIPLES, describe_tag
from vigreview.storage import StorageError
from vigreview.timeline import format_clock
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
from vigreview.ui.feedback import keep_message, show_field_error
from vigreview.ui.moment_analysis import ANALYSING
from vigreview.ui.players import read_playhead
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown
from vigreview.validation import MAX_NOTE_LENGTH

PLAYER_KEY = "film_player"
PLAYHEAD = "playhead"
_USED_EVENT = "film_player_used_event"  # the player's last event already taken as the playhead
DRAFT_SPAN = "moment_draft_span"  # (start, end) of the moment being marked or edited
EDITING = "editing_moment_id"
SELECTED = "selected_moment_id"  # the moment shown under the timeline
FLASH = "moments_flash"
_GENERATION = "moment_form_generation"
_ERRORS = "moment_errors"
_KNOWN_TAGS = "moment_known_tags"
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


def form_key(name: str) -> str:
    """Return the widget key of one form field in the form's current generation."""
    return f"moment_{name}_{st.session_state.get(_GENERATION, 0)}"


def is_drafting() -> bool:
    """True while a moment is being marked or edited."""
    return DRAFT_SPAN in st.session_state


def take_playhead() -> float:
    """Return the playhead the player sent with this tap (a submit of the player's form).

    An event already taken is not taken again: after a tap on a band cues the player (and
    sets the playhead to the band's start), the player's older event must not undo that.
    """
    event = st.session_state.get(PLAYER_KEY)
    playhead = read_playhead(PLAYER_KEY)
    if playhead is not None and event != st.session_state.get(_USED_EVENT):
        st.session_state[_USED_EVENT] = event
        st.session_state[PLAYHEAD] = playhead
    return float(st.session_state.get(PLAYHEAD) or 0.0)


def clear_form() -> None:
    """Close the form and empty it: the next one starts with fresh, empty widgets."""
    state = st.session_state
    state[_GENERATION] = int(state.get(_GENERATION, 0)) + 1
    for key in (DRAFT_SPAN, EDITING, _ERRORS, _KNOWN_TAGS):
        state.pop(key, None)
    forget_loaded(_MOMENT_FORM)


def set_start_here(duration_s: float) -> None:
    """Set the start at the playhead (and the end 25 s on, if it was not after it)."""
    start = round(take_playhead(), 2)
    end = st.session_state.get(DRAFT_SPAN, (0.0, 0.0))[1]
    if end <= start:
        end = default_end(start, duration_s)
    st.session_state[DRAFT_SPAN] = (start, end)


def set_end_here() -> None:
    """Set the end at the playhead."""
    start = st.session_state.get(DRAFT_SPAN, (0.0, 0.0))[0]
    st.session_state[DRAFT_SPAN] = (start, round(take_playhead(), 2))


def fill_form(moment: Moment) -> None:
    """Open the form on a saved moment, to change it in place."""
    clear_form()
    _put_in_form(moment)
    remember_loaded(_MOMENT_FORM, asdict(draft_of(moment)))
    st.session_state[EDITING] = moment.id
    st.session_state[SELECTED] = moment.id


def _put_in_form(moment: Moment) -> None:
    state = st.session_state
    state[DRAFT_SPAN] = (moment.start_s, moment.end_s)
    state[form_key("title")] = moment.title
    state[form_key("lead_up")] = int(moment.lead_up_s)
    state[form_key("kind")] = moment.kind.value
    state[form_key("show")] = moment.show_to_parent
    for principle in PRINCIPLES:
        ids = {b.id for b in principle.behaviours}
        state[form_key(f"principles_{principle.id}")] = [p for p in moment.principles if p in ids]
    known = list(state.get(_KNOWN_TAGS) or [])
    state[_KNOWN_TAGS] = known + [tag for tag in moment.own_tags if tag not in known]
    state[form_key("tags")] = list(moment.own_tags)
    state[form_key("notes")] = moment.guider_notes


def _step(film_path: str, index: int, steps: int) -> None:
    span = list(st.session_state.get(DRAFT_SPAN, (0.0, 0.0)))
    try:
        span[index] = round(step_frame(Path(film_path), float(span[index]), steps), 3)
    except FilmRejected as rejection:
        keep_message(FLASH, rejection.message, "info")
        return
    st.session_state[DRAFT_SPAN] = (span[0], span[1])


def _on_kind_change() -> None:
    kind = MomentKind(st.session_state.get(form_key("kind")) or MomentKind.GOOD)
    st.session_state[form_key("show")] = default_show_to_parent(kind)


def _add_own_tag() -> None:
    typed = " ".join(str(st.session_state.get(form_key("new_tag")) or "").split())
    if not typed:
        return
    known: list[str] = st.session_state.setdefault(_KNOWN_TAGS, [])
    chosen = list(st.session_state.get(form_key("tags")) or [])
    if typed not in known:
        known.append(typed)
    if typed not in chosen:
        chosen.append(typed)
    st.session_state[form_key("tags")] = chosen
    st.session_state[form_key("new_tag")] = ""


def _draft(film: Film, key_stills: tuple[float, ...]) -> MomentDraft:
    state = st.session_state
    start, end = state.get(DRAFT_SPAN, (0.0, 0.0))
    principles = [
        p for principle in PRINCIPLES for p in state.get(_principles_key(principle.id)) or []
    ]
    return MomentDraft(
        film_id=film.id,
        title=state.get(form_key("title")) or "",
        start_s=float(start),
        end_s=float(end),
        lead_up_s=float(state.get(form_key("lead_up"), DEFAULT_LEAD_UP_S)),
        kind=MomentKind(state.get(form_key("kind")) or MomentKind.GOOD),
        show_to_parent=bool(state.get(form_key("show"), True)),
        principles=tuple(principles),
        own_tags=tuple(state.get(form_key("tags")) or ()),
        key_still_times=key_stills,
        guider_notes=state.get(form_key("notes")) or "",
    )


def _save(family_id: str, cycle: Cycle, film: Film) -> None:
    old = edited_moment(cycle)
    # Saved field by field against what the form loaded, so another tablet's changes to
    # other fields are kept and a change to the same field is shown, not overwritten.
    loaded = loaded_values(_MOMENT_FORM)
    base = MomentDraft(**loaded) if loaded else draft_of(old) if old else None
    draft = _draft(film, base.key_still_times if base else ())
    errors = validate_moment(draft, film.duration_s)
    st.session_state[_ERRORS] = errors
    if errors:
        return
    try:
        if old is None or base is None:
            saved = add_moment(get_store(), family_id, cycle.number, draft)
        else:
            saved = save_moment_changes(get_store(), family_id, cycle.number, old.id, base, draft)
    except EditConflict as conflict:
        hold_conflict(_MOMENT_FORM, conflict)
        st.session_state.pop(_ERRORS, None)
        return
    except StorageError as error:
        st.session_state[_ERRORS] = {"form": str(error)}
        return
    clear_form()
    keep_message(FLASH, f"Saved “{escape_markdown(saved.title)}”.")
    st.session_state[SELECTED] = saved.id
    st.session_state[ANALYSING] = saved.id  # straight on to looking closely at it


def render_span(film: Film, film_path: Path) -> None:
    """Show the draft's start and end, each adjustable by one real frame or by typing."""
    span = st.session_state.get(DRAFT_SPAN, (0.0, 0.0))
    for index, (field, label) in enumerate((("start", "Start"), ("end", "End"))):
        back, value, forward = st.columns([1, 2, 1], vertical_alignment="bottom")
        back.button(
            "−1 frame",
            key=f"{field}_back",
            on_click=_step,
            args=(str(film_path), index, -1),
            width="stretch",
        )
        current = float(span[index])
        # No key: the box is rebuilt whenever the draft changes, so it always shows the draft.
        typed = value.number_input(
            f"{label} (seconds)",
            min_value=0.0,
            max_value=max(float(film.duration_s), current),
            value=current,
            step=0.04,
            format="%.2f",
        )
        if typed != current:
            new = list(span)
            new[index] = typed
            st.session_state[DRAFT_SPAN] = (new[0], new[1])
        forward.button(
            "+1 frame",
            key=f"{field}_forward",
            on_click=_step,
            args=(str(film_path), index, 1),
            width="stretch",
        )
    start, end = st.session_state.get(DRAFT_SPAN, span)
    st.markdown(f"From **{format_clock(start)}** to **{format_clock(end)}** ({end - start:.1f} s)")


def render_form(family_id: str, cycle: Cycle, film: Film, film_path: Path) -> None:
    """Draw the moment form for the draft: span, title, kind, principles, tags, notes, Save."""
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    editing = st.session_state.get(EDITING)
    with st.container(border=True, key="moment-form"):
        st.subheader("Change the moment" if editing else "New moment", anchor=False)
        render_span(film, film_path)
        show_field_error(errors, "start")
        show_field_error(errors, "end")
        st.text_input(
            "Title (you can add it later)",
            key=form_key("title"),
            max_chars=MAX_TITLE_LENGTH,
            placeholder="e.g. Noor reaches and Mum names it",
        )
        show_field_error(errors, "title")
        st.radio(
            "Kind of moment",
            [k.value for k in MomentKind],
            format_func=lambda k: "Good moment" if k == MomentKind.GOOD else "Working point",
            key=form_key("kind"),
            horizontal=True,
            on_change=_on_kind_change,
        )
        st.toggle("Show to the parent", value=True, key=form_key("show"))
        st.markdown("**Principles of attuned interaction seen** (tap all that fit)")
        for principle in PRINCIPLES:
            st.pills(
                f"{principle.number}. {principle.title}",
                [b.id for b in principle.behaviours],
                format_func=_behaviour_label,
                selection_mode="multi",
                key=form_key(f"principles_{principle.id}"),
            )
        known = st.session_state.get(_KNOWN_TAGS, [])
        if known:
            st.pills("Your own tags", known, selection_mode="multi", key=form_key("tags"))
        st.text_input(
            "Add your own tag",
            key=form_key("new_tag"),
            max_chars=MAX_TAG_LENGTH,
            on_change=_add_own_tag,
            placeholder="e.g. peekaboo, then press Enter",
        )
        show_field_error(errors, "own_tags")
        st.slider(
            "Lead-up to replay (“what happened just before?”), seconds",
            min_value=0,
            max_value=int(MAX_LEAD_UP_S),
            value=int(DEFAULT_LEAD_UP_S),
            key=form_key("lead_up"),
        )
        show_field_error(errors, "lead_up")
        st.text_area(
            "Notes for you (never shown to the parent)",
            key=form_key("notes"),
            max_chars=MAX_NOTE_LENGTH,
        )
        show_field_error(errors, "form")
        edited = edited_moment(cycle)
        if edited is not None:
            show_conflicts(_guarded_form(film, edited), lambda: _save(family_id, cycle, film))
        save, cancel = st.columns(2)
        save.button(
            "Save changes" if editing else "Save moment",
            type="primary",
            on_click=_save,
            args=(family_id, cycle, film),
            width="stretch",
        )
        cancel.button("Cancel", on_click=clear_form, width="stretch")


def _principles_key(principle_id: str) -> str:
    return form_key(f"principles_{principle_id}")


def _behaviour_label(behaviour_id: str) -> str:
    return next(b.label for p in PRINCIPLES for b in p.behaviours if b.id == behaviour_id)


def edited_moment(cycle: Cycle) -> Moment | None:
    """Return the saved moment the form is editing, if it is editing one."""
    return next((m for m in cycle.moments if m.id == st.session_state.get(EDITING)), None)


def catch_up_with_other_tablets(cycle: Cycle, film: Film) -> None:
    """Show another tablet's changes to the edited moment in the fields not touched here."""
    edited = edited_moment(cycle)
    if edited is not None:
        catch_up_form(_guarded_form(film, edited), asdict(draft_of(edited)))


def _guarded_form(film: Film, moment: Moment) -> GuardedForm:
    """The moment form as vigreview.ui.edit_conflicts sees it: read and filled by field."""

    def read() -> dict[str, Any]:
        key_stills = (loaded_values(_MOMENT_FORM) or {}).get("key_still_times", ())
        return asdict(_draft(film, tuple(key_stills)))

    def fill(values: dict[str, Any]) -> None:
        _put_in_form(replace(moment, **values))

    return GuardedForm(_MOMENT_FORM, read, fill, _FIELD_LABELS, _describe_field)


def _describe_field(field: str, value: Any) -> str:
    if field == "principles":
        return ", ".join(describe_tag(p) for p in value)
    if field == "kind":
        return "Working point" if value == MomentKind.WORKING_POINT else "Good moment"
    return describe_value(value)
