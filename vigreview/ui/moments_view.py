"""The Moments page: the film with its timeline, one-tap marking, suggestions, and the moments.

The form (moment_form) and the close look (moment_analysis) open in place, right under the
timeline, for the moment chosen there or in the list.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from vigreview.cycles import find_cycle
from vigreview.models import Cycle, Family, Film, Moment, MomentKind
from vigreview.moments import (
    MomentDraft,
    add_moment,
    default_title,
    delete_moment,
    moment_around,
    moments_in_order,
    move_moment,
    restore_moment,
)
from vigreview.principles import describe_tag
from vigreview.storage import StorageError
from vigreview.suggestions import (
    Suggestion,
    get_suggestion_job,
    load_suggestions,
    start_suggesting,
    still_open,
    suggestions_path,
)
from vigreview.timeline import format_span
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.film_timeline import render_playhead, render_timeline
from vigreview.ui.moment_analysis import ANALYSING, film_path, render_analysis
from vigreview.ui.moment_form import (
    EDITING,
    FLASH,
    PLAYER_KEY,
    PLAYHEAD,
    SELECTED,
    catch_up_with_other_tablets,
    clear_form,
    fill_form,
    is_drafting,
    render_form,
    set_end_here,
    set_start_here,
    take_playhead,
)
from vigreview.ui.navigation import FILMS_PAGE, choose_film, current_film
from vigreview.ui.players import media_url, show_scrubbing_player
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

_CUE = "film_cue"  # (start, end) the player is cued to, after a tap on a band
_SUGGESTION = "chosen_suggestion"
_IGNORED = "ignored_suggestions"
_DELETED = "last_deleted_moment"  # (cycle number, moment) for Undo


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
        st.session_state.pop(_CUE, None)
    cycle = find_cycle(family, picked[0])
    film = next(f for f in cycle.films if f.id == picked[1]) if cycle else None
    return (cycle, film) if cycle and film else None


# ---- taps on the timeline and the one-tap buttons ---------------------------------------------
# These are submit buttons of the player's form: the player's events wait in the browser and
# reach Python only with such a tap, so playing the film reruns nothing (see players.py).


def _cue(start_s: float, end_s: float) -> None:
    take_playhead()  # the player's pending event is spent here, not taken later as news
    st.session_state[_CUE] = (start_s, end_s)
    st.session_state[PLAYHEAD] = start_s


def _select_moment(moment: Moment) -> None:
    _cue(moment.start_s, moment.end_s)
    st.session_state[SELECTED] = moment.id
    st.session_state.pop(_SUGGESTION, None)
    if st.session_state.get(EDITING) not in (None, moment.id):
        clear_form()


def _select_suggestion(suggestion: Suggestion) -> None:
    _cue(suggestion.start_s, suggestion.end_s)
    st.session_state[_SUGGESTION] = suggestion
    st.session_state.pop(SELECTED, None)


def _save_new(family_id: str, cycle_number: int, film: Film, start: float, end: float) -> None:
    draft = MomentDraft(film_id=film.id, title=default_title(start), start_s=start, end_s=end)
    try:
        saved = add_moment(get_store(), family_id, cycle_number, draft)
    except StorageError as error:
        keep_message(FLASH, str(error), "error")
        return
    fill_form(saved)
    keep_message(
        FLASH, f"Marked {format_span(start, end)}. Add a title and principles now or later."
    )


def _mark_here(family_id: str, cycle_number: int, film: Film) -> None:
    playhead = take_playhead()
    _save_new(family_id, cycle_number, film, *moment_around(playhead, film.duration_s))


def _accept(family_id: str, cycle_number: int, film: Film, suggestion: Suggestion) -> None:
    st.session_state.pop(_SUGGESTION, None)
    _save_new(family_id, cycle_number, film, suggestion.start_s, suggestion.end_s)


def _ignore(suggestion: Suggestion) -> None:
    st.session_state.setdefault(_IGNORED, set()).add((suggestion.start_s, suggestion.end_s))
    st.session_state.pop(_SUGGESTION, None)


def _delete(family_id: str, cycle_number: int, moment: Moment) -> None:
    delete_moment(get_store(), family_id, cycle_number, moment.id)
    for key in (ANALYSING, SELECTED):
        if st.session_state.get(key) == moment.id:
            st.session_state.pop(key)
    if st.session_state.get(EDITING) == moment.id:
        clear_form()
    st.session_state[_DELETED] = (cycle_number, moment)
    keep_message(FLASH, f"Deleted “{escape_markdown(moment.title)}”.")


def _undo_delete(family_id: str) -> None:
    cycle_number, moment = st.session_state.pop(_DELETED)
    restore_moment(get_store(), family_id, cycle_number, moment)
    st.session_state[SELECTED] = moment.id
    keep_message(FLASH, f"“{escape_markdown(moment.title)}” is back.")


def _toggle_analysis(moment_id: str) -> None:
    opened = st.session_state.get(ANALYSING) == moment_id
    st.session_state[ANALYSING] = None if opened else moment_id
    st.session_state[SELECTED] = moment_id


# ---- drawing ----------------------------------------------------------------------------------


def _film_suggestions(family: Family, film: Film, path: Path) -> list[Suggestion] | None:
    """Return the film's suggestions, or None while they are still being found."""
    kept = load_suggestions(suggestions_path(get_store().media_dir(family.id), film.file_name))
    if kept is not None:
        return kept
    job = get_suggestion_job(path)
    if job is None:
        result = suggestions_path(get_store().media_dir(family.id), film.file_name)
        start_suggesting(path, film.duration_s, result)
    elif job.state == "done":
        return job.suggestions
    elif job.state == "failed":
        return []
    return None


def _check_suggestions() -> None:
    """Nothing to do: the tap itself reruns the page, which reads the job's progress again."""


def _render_finding(path: Path) -> None:
    # A bar drawn once, not a live one: a fragment polling on this page is a rerun the browser
    # asks for, and one arriving around a tap in the sidebar blanked the next page.
    job = get_suggestion_job(path)
    progress = job.progress if job is not None else 0.0
    st.progress(
        progress,
        text=f"Listening and looking for lively moments… {progress:.0%} "
        "(on this machine; nothing leaves it)",
    )
    st.button(
        "Check for suggestions again",
        icon=":material/refresh:",
        on_click=_check_suggestions,
        help="They are added to the timeline when the whole film has been read.",
    )


def _render_suggestions_state(
    found: list[Suggestion] | None, offered: list[Suggestion], path: Path
) -> None:
    if found is None:
        _render_finding(path)
    elif offered:
        st.caption(
            f"S1–S{len(offered)} on the timeline are suggestions: stretches where two voices "
            "take turns. Tap one to watch it."
        )
    elif not found:
        st.caption("No lively turn-taking was found in this film's sound, so nothing is suggested.")


def _render_suggestion_card(
    family: Family, cycle: Cycle, film: Film, suggestion: Suggestion
) -> None:
    with st.container(border=True, key="suggestion-card"):
        st.markdown(
            f"**Suggestion: {format_span(suggestion.start_s, suggestion.end_s)}** · "
            f"{suggestion.reason}"
        )
        st.caption(
            "Found by the app from the film's sound and movement. It is only a suggestion: "
            "watch it and decide."
        )
        accept, ignore = st.columns(2)
        accept.button(
            "Mark as a moment",
            key="accept_suggestion",
            type="primary",
            icon=":material/add:",
            width="stretch",
            on_click=_accept,
            args=(family.id, cycle.number, film, suggestion),
        )
        ignore.button(
            "Not this one",
            key="ignore_suggestion",
            width="stretch",
            on_click=_ignore,
            args=(suggestion,),
        )


def _render_player(
    family: Family,
    cycle: Cycle,
    film: Film,
    url: str,
    moments: list[Moment],
    suggestions: list[Suggestion],
) -> None:
    cue = st.session_state.get(_CUE)
    # A media fragment cues the player to the tapped band's stretch.
    cued_url = f"{url}#t={cue[0]:.2f},{cue[1]:.2f}" if cue else url
    # Everything that needs the playhead is a submit button of the player's form.
    with show_scrubbing_player(cued_url, key=PLAYER_KEY):
        render_playhead(float(st.session_state.get(PLAYHEAD) or 0.0), film.duration_s)
        render_timeline(
            film.duration_s,
            moments,
            suggestions,
            on_moment=_select_moment,
            on_suggestion=_select_suggestion,
        )
        st.form_submit_button(
            "Mark this moment",
            type="primary",
            icon=":material/bookmark_add:",
            width="stretch",
            on_click=_mark_here,
            args=(family.id, cycle.number, film),
            help="Marks 25 seconds around the playhead; change it after.",
        )
        here_start, here_end = st.columns(2)
        here_start.form_submit_button(
            "Start here",
            icon=":material/first_page:",
            width="stretch",
            on_click=set_start_here,
            args=(film.duration_s,),
        )
        here_end.form_submit_button(
            "End here", icon=":material/last_page:", width="stretch", on_click=set_end_here
        )


def _render_moment_card(
    family: Family, cycle: Cycle, film: Film, url: str, moment: Moment, number: int
) -> None:
    selected = st.session_state.get(SELECTED) == moment.id
    with st.container(border=True, key=f"moment-card-{moment.id}"):
        kind = "Working point" if moment.kind == MomentKind.WORKING_POINT else "Good moment"
        shown = "shown to parent" if moment.show_to_parent else "not shown to parent"
        st.markdown(
            f"**{number}. {escape_markdown(moment.title)}** · "
            f"{format_span(moment.start_s, moment.end_s)} · {kind} · {shown} · "
            f"{len(moment.key_still_times)} key stills"
        )
        tags = [describe_tag(p) for p in moment.principles] + list(moment.own_tags)
        if tags:
            st.markdown(escape_markdown(" · ".join(tags)))
        cols = st.columns(3)
        analysing = st.session_state.get(ANALYSING) == moment.id
        cols[0].button(
            "Close" if analysing else "Analyse",
            key=f"analyse_{moment.id}",
            icon=":material/frame_inspect:",
            width="stretch",
            on_click=_toggle_analysis,
            args=(moment.id,),
        )
        cols[1].button(
            "Edit",
            key=f"edit_{moment.id}",
            icon=":material/edit:",
            width="stretch",
            on_click=fill_form,
            args=(moment,),
        )
        with cols[2].popover("Delete", icon=":material/delete:", width="stretch"):
            st.markdown("Delete this moment and the parent's words about it?")
            st.button(
                "Yes, delete",
                key=f"delete_{moment.id}",
                type="primary",
                on_click=_delete,
                args=(family.id, cycle.number, moment),
            )
        earlier, later = st.columns(2)
        earlier.button(
            "Earlier",
            key=f"up_{moment.id}",
            width="stretch",
            icon=":material/arrow_upward:",
            on_click=move_moment,
            args=(get_store(), family.id, cycle.number, moment.id, -1),
        )
        later.button(
            "Later",
            key=f"down_{moment.id}",
            width="stretch",
            icon=":material/arrow_downward:",
            on_click=move_moment,
            args=(get_store(), family.id, cycle.number, moment.id, 1),
        )
        if selected and st.session_state.get(EDITING) == moment.id:
            render_form(family.id, cycle, film, film_path(family, film))
        if analysing:
            render_analysis(family, cycle, film, url, moment)


def render_moments_page() -> None:
    """Draw the film, its timeline, one-tap marking, suggestions and the cycle's moments."""
    family = load_open_family("Moments")
    if family is None:
        return
    st.title(f"Moments: {escape_markdown(family.pseudonym)}", anchor=False)
    chosen = _choose_film(family)
    if chosen is None:
        return
    cycle, film = chosen
    path = film_path(family, film)
    if not path.exists():
        st.warning("This film's footage is no longer on this device (it may have been deleted).")
        return
    # Messages that come and go sit in fixed slots (containers), so what follows keeps its
    # place in the page: the player is not rebuilt, nor the form doubled while a rerun draws.
    with st.container():
        show_kept_message(FLASH)
        if _DELETED in st.session_state:
            st.button(
                "Undo delete", icon=":material/undo:", on_click=_undo_delete, args=(family.id,)
            )
    catch_up_with_other_tablets(cycle, film)
    url = media_url(family.id, path)
    ordered = [m for m in moments_in_order(cycle) if m.film_id == film.id]
    found = _film_suggestions(family, film, path)
    ignored = st.session_state.get(_IGNORED, set())
    offered = [
        s
        for s in still_open(found or [], [(m.start_s, m.end_s) for m in ordered])
        if (s.start_s, s.end_s) not in ignored
    ]
    st.subheader("Mark a moment", anchor=False)
    _render_player(family, cycle, film, url, ordered, offered)
    with st.container():
        _render_suggestions_state(found, offered, path)
        suggestion = st.session_state.get(_SUGGESTION)
        if isinstance(suggestion, Suggestion):
            _render_suggestion_card(family, cycle, film, suggestion)
    if is_drafting() and not st.session_state.get(EDITING):
        render_form(family.id, cycle, film, path)
    st.subheader(f"Moments in cycle {cycle.number} ({len(ordered)})", anchor=False)
    if not ordered:
        st.caption(
            "No moments yet. Play the film and tap “Mark this moment” when something good happens."
        )
    selected = next((m for m in ordered if m.id == st.session_state.get(SELECTED)), None)
    # The chosen moment comes first, right under the timeline; the rest follow in order.
    numbers = {m.id: n for n, m in enumerate(ordered, start=1)}
    for moment in ([selected] if selected else []) + [m for m in ordered if m is not selected]:
        _render_moment_card(family, cycle, film, url, moment, numbers[moment.id])
