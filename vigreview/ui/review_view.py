"""The Shared review page in guider view: the review as the parent sees it, plus the guider layer.

The guider layer (notes per moment, principles tagged, prompt choices, how the review went)
is drawn only here, under the parent's screen, and never in the parent view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any

import streamlit as st

from vigreview.dates import format_day
from vigreview.models import Cycle, Family
from vigreview.moments import moments_in_order
from vigreview.next_steps import STATUS_WORDS
from vigreview.principles import describe_tag, principle_of
from vigreview.prompts import GROUP_TITLES, choosable_prompts, default_prompt_ids, find_prompt
from vigreview.review_steps import is_first_review, may_show_working_points, next_steps_of
from vigreview.shared_review import (
    BABY_VOICE_FIELD,
    BABY_VOICE_MAX_CHARS,
    GUIDER_NOTES_FIELD,
    HOW_IT_WENT_FIELD,
    check_baby_voice,
    choose_prompts,
    choose_working_points,
    move_to,
    write_baby_voice,
    write_guider_notes,
    write_how_it_went,
)
from vigreview.trust.handover import has_guider_pin
from vigreview.ui.autosave import save_text_areas_while_typing
from vigreview.ui.edit_conflicts import field_form, save_guarded, show_conflicts, show_stored
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.language_choice import render_language_choice
from vigreview.ui.navigation import DATA_PAGE, FILMS_PAGE
from vigreview.ui.parent_mode import hand_to_parent
from vigreview.ui.reconnect import watch_the_connection
from vigreview.ui.resources import get_store
from vigreview.ui.review_screens import (
    ReviewScreen,
    describe_step,
    make_screen,
    render_back_next,
    render_step,
    save_safely,
    show_save_problem,
)
from vigreview.ui.text import escape_markdown, show_typed_text
from vigreview.validation import MAX_NOTE_LENGTH

_HAND_OVER_PROBLEM = "review_hand_over_problem"
_VOICE_PROBLEM = "review_baby_voice_problem"
GUIDER_LAYER_TITLE = "For you only (guider): notes, principles, prompts"


def _describe_cycle(cycle: Cycle) -> str:
    activity = cycle.activity.value.replace("_", " ")
    return f"Cycle {cycle.number}: {activity}, filmed {format_day(cycle.filmed_on)}"


def _choose_cycle(family: Family) -> Cycle:
    cycles = sorted(family.cycles, key=lambda c: c.number)
    if len(cycles) == 1:
        return cycles[0]
    numbers = [c.number for c in cycles]
    chosen = st.selectbox(
        "Which cycle's review?",
        numbers,
        index=len(numbers) - 1,
        format_func=lambda n: _describe_cycle(next(c for c in cycles if c.number == n)),
        key=f"review_cycle_{family.id}",
    )
    return next(c for c in cycles if c.number == chosen)


def _hand_over(family_id: str, cycle_number: int) -> None:
    problem = hand_to_parent(family_id, cycle_number)
    if problem:
        keep_message(_HAND_OVER_PROBLEM, problem, "error")


def _set_working_points(family_id: str, cycle_number: int, key: str) -> None:
    show = bool(st.session_state.get(key))
    save_safely(lambda: choose_working_points(get_store(), family_id, cycle_number, show))


def _describe_progress(screen: ReviewScreen) -> str:
    review = screen.review
    if review.started_at is None:
        return "Not started yet. It starts when you hand the tablet to the parent or press Next."
    where = f"screen {screen.position + 1} of {len(screen.steps)}"
    if review.finished_at is not None:
        return f"Finished on {format_day(review.finished_at)}; now on {where}."
    return f"Started on {format_day(review.started_at)}; now on {where}."


def _render_controls(screen: ReviewScreen) -> None:
    family, cycle = screen.family, screen.cycle
    st.caption(_describe_progress(screen))
    # The parent's screens, prompts and keepsake follow this; it can change before handing over.
    render_language_choice(family, key=f"review_language_{family.id}")
    hand, points = st.columns([1, 2], vertical_alignment="center")
    # Offered only when it will work: taking the tablet back needs the guider PIN, so say
    # so here, before the visit, not in front of the family.
    ready = has_guider_pin(get_store())
    hand.button(
        "Hand to parent",
        type="primary",
        icon=":material/tablet:",
        on_click=_hand_over,
        args=(family.id, cycle.number),
        width="stretch",
        disabled=not ready,
    )
    if not ready:
        hand.caption(
            "Set a guider PIN first (Data & settings): you need it to take the tablet back."
        )
        hand.page_link(DATA_PAGE, label="Set a guider PIN", icon=":material/settings:")
    key = f"review_working_points_{cycle.number}"
    st.session_state[key] = screen.review.show_working_points and may_show_working_points(
        family, cycle
    )
    points.toggle(
        "Show working points in this review",
        key=key,
        disabled=is_first_review(family, cycle),
        on_change=_set_working_points,
        args=(family.id, cycle.number, key),
    )
    if is_first_review(family, cycle):
        points.caption("Working points are never shown in a family's first review.")
    show_kept_message(_HAND_OVER_PROBLEM, icon=":material/lock:")


def _jump(family_id: str, cycle_number: int, key: str) -> None:
    position = int(st.session_state.get(key) or 0)
    save_safely(lambda: move_to(get_store(), family_id, cycle_number, position, datetime.now()))


def _render_jump(screen: ReviewScreen) -> None:
    key = "review_jump"
    st.session_state[key] = screen.position
    st.selectbox(
        "Go to screen",
        list(range(len(screen.steps))),
        format_func=lambda i: f"{i + 1}. {describe_step(screen, screen.steps[i])}",
        key=key,
        on_change=_jump,
        args=(screen.family.id, screen.cycle.number, key),
    )


def _save_notes(family_id: str, cycle_number: int, moment_id: str, key: str) -> None:
    text = st.session_state.get(key) or ""
    save_safely(
        lambda: save_guarded(
            field_form(key, GUIDER_NOTES_FIELD),
            lambda base: write_guider_notes(
                get_store(),
                family_id,
                cycle_number,
                moment_id,
                text,
                _text_of(base, GUIDER_NOTES_FIELD),
            ),
        )
    )


def _text_of(base: dict[str, Any] | None, field: str) -> str | None:
    return None if base is None else str(base.get(field) or "")


def _guard_text(key: str, field: str, stored: str, label: str, resave: Callable[[], None]) -> None:
    """Before a guider's text box is drawn: another tablet's change, or a conflict to choose."""
    form = field_form(key, field, label)
    show_stored(form, {field: stored})
    show_conflicts(form, resave)


def _save_prompts(family_id: str, cycle_number: int, moment_id: str, key: str) -> None:
    chosen = list(st.session_state.get(key) or [])
    save_safely(lambda: choose_prompts(get_store(), family_id, cycle_number, moment_id, chosen))


def _save_baby_voice(family_id: str, cycle_number: int, moment_id: str, key: str) -> None:
    text = st.session_state.get(key) or ""
    problem = check_baby_voice(text)
    if problem:
        st.session_state[_VOICE_PROBLEM] = problem
        return
    st.session_state.pop(_VOICE_PROBLEM, None)
    save_safely(
        lambda: save_guarded(
            field_form(key, BABY_VOICE_FIELD),
            lambda base: write_baby_voice(
                get_store(),
                family_id,
                cycle_number,
                moment_id,
                text,
                _text_of(base, BABY_VOICE_FIELD),
            ),
        )
    )


def _render_baby_voice(screen: ReviewScreen, moment_id: str, current: str) -> None:
    key = f"review_baby_voice_{screen.cycle.number}_{moment_id}"
    args = (screen.family.id, screen.cycle.number, moment_id, key)
    label = f"Speaking for {screen.baby}"
    _guard_text(key, BABY_VOICE_FIELD, current, label, partial(_save_baby_voice, *args))
    st.text_input(
        f"Speaking for {screen.baby} (optional)",
        key=key,
        max_chars=BABY_VOICE_MAX_CHARS,
        placeholder="I like it when you wait for me",
        help="One short line in the baby's voice. The parent sees it as a speech bubble on "
        "the moment's picture, and in the keepsake. Check it with the parent.",
        on_change=_save_baby_voice,
        args=(screen.family.id, screen.cycle.number, moment_id, key),
    )
    problem = st.session_state.get(_VOICE_PROBLEM)
    if problem:
        st.error(problem, icon=":material/error:")


def _describe_principle_tag(tag: str) -> str:
    principle = principle_of(tag)
    heading = f"{principle.number}. {principle.title}" if principle else "Own tag"
    return f"{heading}: {describe_tag(tag)}"


def _render_moment_layer(screen: ReviewScreen) -> None:
    moment = screen.moment()
    if moment is None:
        return
    _render_baby_voice(screen, moment.id, moment.baby_voice)
    st.markdown("**Principles tagged**")
    tags = [*moment.principles, *moment.own_tags]
    if tags:
        for tag in tags:
            st.markdown(f"- {escape_markdown(_describe_principle_tag(tag))}")
    else:
        st.caption("No principles tagged for this moment.")
    notes_key = f"review_notes_{screen.cycle.number}_{moment.id}"
    args = (screen.family.id, screen.cycle.number, moment.id, notes_key)
    resave = partial(_save_notes, *args)
    _guard_text(notes_key, GUIDER_NOTES_FIELD, moment.guider_notes, "Your notes", resave)
    st.text_area(
        "Your notes on this moment",
        key=notes_key,
        height=120,
        max_chars=MAX_NOTE_LENGTH,
        on_change=_save_notes,
        args=(screen.family.id, screen.cycle.number, moment.id, notes_key),
    )
    prompts_key = f"review_prompts_{screen.cycle.number}_{moment.id}"
    chosen = screen.review.chosen_prompt_ids(moment.id)
    st.session_state[prompts_key] = list(chosen or default_prompt_ids(moment))
    offered = {p.id: p for p in choosable_prompts()}
    st.multiselect(
        "Prompts for this moment",
        list(offered),
        format_func=lambda i: (
            f"{GROUP_TITLES[offered[i].group]}: {offered[i].worded_for(screen.baby)}"
        ),
        key=prompts_key,
        on_change=_save_prompts,
        args=(screen.family.id, screen.cycle.number, moment.id, prompts_key),
    )
    suggested = [find_prompt(i) for i in default_prompt_ids(moment)]
    words = "; ".join(p.worded_for(screen.baby) for p in suggested if p is not None)
    st.caption(f"Suggested for this moment: {escape_markdown(words)} Leave empty to use these.")


def _render_cycle_layer(screen: ReviewScreen) -> None:
    tags = sorted({t for m in screen.cycle.moments if m.show_to_parent for t in m.principles})
    st.markdown("**Principles tagged in this cycle**")
    if tags:
        for tag in tags:
            st.markdown(f"- {escape_markdown(_describe_principle_tag(tag))}")
    else:
        st.caption("No principles tagged yet.")


def _render_guider_layer(screen: ReviewScreen) -> None:
    # Folded away by default: a parent sitting beside the guider must not read it.
    with (
        st.container(key="review_guider_layer"),
        st.expander(GUIDER_LAYER_TITLE, icon=":material/visibility_off:"),
    ):
        st.caption("Nothing in here is ever shown in the parent view.")
        if screen.step.moment_id:
            _render_moment_layer(screen)
        else:
            _render_cycle_layer(screen)


def _save_how_it_went(family_id: str, cycle_number: int, key: str) -> None:
    text = st.session_state.get(key) or ""
    save_safely(
        lambda: save_guarded(
            field_form(key, HOW_IT_WENT_FIELD),
            lambda base: write_how_it_went(
                get_store(), family_id, cycle_number, text, _text_of(base, HOW_IT_WENT_FIELD)
            ),
        )
    )


def _render_how_it_went(screen: ReviewScreen) -> None:
    key = f"review_how_it_went_{screen.cycle.number}"
    with st.expander("How the review went (for supervision, guider only)"):
        _guard_text(
            key,
            HOW_IT_WENT_FIELD,
            screen.review.how_it_went,
            "How the review went",
            partial(_save_how_it_went, screen.family.id, screen.cycle.number, key),
        )
        st.text_area(
            "Notes on how the review went",
            key=key,
            height=140,
            max_chars=MAX_NOTE_LENGTH,
            on_change=_save_how_it_went,
            args=(screen.family.id, screen.cycle.number, key),
        )
        if screen.family.notes:
            st.markdown("**Family notes**")
            show_typed_text(screen.family.notes)


def _describe_rating(value: int | None) -> str:
    return "not given" if value is None else f"{value} out of 10"


def _render_record(screen: ReviewScreen) -> None:
    review = screen.review
    with st.expander("Everything from this review", icon=":material/summarize:"):
        st.markdown(
            f"**How close to the question:** at the start {_describe_rating(review.rating_start)}"
            f", at the end {_describe_rating(review.rating_end)}"
        )
        for moment in moments_in_order(screen.cycle):
            answered = [r for r in moment.reflections if r.words.strip()]
            if not answered:
                continue
            st.markdown(f"**{escape_markdown(moment.title)}**")
            for reflection in answered:
                star = " ★ (words to keep)" if reflection.starred else ""
                st.markdown(
                    f"- {escape_markdown(reflection.prompt)} "
                    f"“{escape_markdown(reflection.words)}”{star}"
                )
        if review.strengths_summary.strip():
            st.markdown("**What went well**")
            show_typed_text(review.strengths_summary)
        steps = next_steps_of(screen.family, screen.cycle)
        if steps:
            st.markdown("**Next steps agreed**")
            for step in steps:
                status = STATUS_WORDS[step.status].lower()
                st.markdown(f"- {escape_markdown(step.text)} ({status})")


def render_review_page() -> None:
    """Draw a cycle's shared review for the guider: controls, the screen, the guider layer."""
    family = load_open_family("Shared review")
    if family is None:
        return
    names = f"{escape_markdown(family.pseudonym)} and {escape_markdown(family.baby_name)}"
    st.title(f"Shared review: {names}", anchor=False)
    if not family.cycles:
        st.info("There is no cycle to review yet. Film one and choose its moments first.")
        st.page_link(FILMS_PAGE, label="Go to Cycles & films", icon=":material/videocam:")
        return
    show_save_problem()
    cycle = _choose_cycle(family)
    screen = make_screen(family, cycle, for_parent=False)
    _render_controls(screen)
    _render_jump(screen)
    # One above the other: beside each other they are too narrow on a tablet with the sidebar.
    with st.container(border=True, key="review_parent_screen"):
        st.caption("What the parent sees")
        render_step(screen)
        render_back_next(screen)
    _render_guider_layer(screen)
    _render_record(screen)
    _render_how_it_went(screen)
    save_text_areas_while_typing()
    watch_the_connection(for_parent=False)
