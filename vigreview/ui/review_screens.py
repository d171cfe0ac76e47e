"""The screens of a shared review, drawn the same way for the guider and in the parent view.

Only what the parent may see is drawn here; the guider's notes, principles and prompt choices
are drawn beside it by the guider's review page. Everything typed is saved as it changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import streamlit as st

from vigreview.media import FilmRejected, extract_still
from vigreview.models import Cycle, Family, Film, Moment, MomentKind, NextStepStatus, SharedReview
from vigreview.moments import lead_up_start
from vigreview.next_steps import (
    STATUS_WORDS,
    add_next_step,
    check_next_step,
    remove_next_step,
    set_next_step_status,
)
from vigreview.prompts import JUST_BEFORE_PROMPT_ID, find_prompt
from vigreview.review_steps import (
    ReviewStep,
    StepKind,
    build_review_steps,
    clamp_position,
    earlier_next_steps,
    moments_for_parent,
    next_steps_of,
)
from vigreview.shared_review import (
    RATING_MAX,
    RATING_MIN,
    RatingWhen,
    find_reflection,
    finish_review,
    keep_words,
    move_to,
    rate,
    words_to_keep,
    write_strengths_summary,
    write_words,
)
from vigreview.storage import StorageError
from vigreview.ui.players import media_url, show_looped_moment, show_still
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

SLOW_MOTION_KEY = "review_slow_motion"
SLOW_SPEED = 0.5
# Pixels: small enough that a moment screen fits a landscape tablet without scrolling.
VIDEO_HEIGHT = 360
LEAD_UP_HEIGHT = 260
_PROBLEM = "review_problem"
_STEP_ERRORS = "review_step_errors"


@dataclass(frozen=True)
class ReviewScreen:
    """One screen of a review as it is about to be drawn, and for whom."""

    family: Family
    cycle: Cycle
    steps: tuple[ReviewStep, ...]
    position: int
    for_parent: bool

    @property
    def step(self) -> ReviewStep:
        """Return the step this screen shows."""
        return self.steps[self.position]

    @property
    def review(self) -> SharedReview:
        """Return the cycle's review (an empty one if it was never started)."""
        return self.cycle.review or SharedReview()

    @property
    def baby(self) -> str:
        """Return how the screens name the baby."""
        return self.family.baby_name.strip() or "your baby"

    def moment(self) -> Moment | None:
        """Return the moment this screen is about, if it is about one."""
        return next((m for m in self.cycle.moments if m.id == self.step.moment_id), None)


def make_screen(family: Family, cycle: Cycle, *, for_parent: bool) -> ReviewScreen:
    """Return the screen the cycle's review is on (its saved position, kept in range)."""
    steps = build_review_steps(family, cycle)
    review = cycle.review or SharedReview()
    return ReviewScreen(family, cycle, steps, clamp_position(review.position, steps), for_parent)


def save_safely(action: Callable[[], object]) -> None:
    """Run a saving callback; a storage problem is shown in words on the next run."""
    try:
        action()
    except StorageError as error:
        st.session_state[_PROBLEM] = str(error)


def show_save_problem() -> None:
    """Show, once, why the last change could not be saved."""
    problem = st.session_state.pop(_PROBLEM, None)
    if problem:
        st.error(problem, icon=":material/warning:")


def _move(family_id: str, cycle_number: int, position: int, last: int) -> None:
    store = get_store()

    def action() -> None:
        move_to(store, family_id, cycle_number, position, datetime.now())
        if position >= last:
            finish_review(store, family_id, cycle_number, datetime.now())

    save_safely(action)
    st.session_state.pop(_STEP_ERRORS, None)


def render_back_next(screen: ReviewScreen) -> None:
    """Draw the Back and Next buttons that walk the review one screen at a time."""
    last = len(screen.steps) - 1
    args = (screen.family.id, screen.cycle.number)
    back, _gap, forward = st.columns([1, 1, 1], vertical_alignment="center")
    back.button(
        "Back",
        key="review_back",
        icon=":material/arrow_back:",
        disabled=screen.position == 0,
        on_click=_move,
        args=(*args, screen.position - 1, last),
        width="stretch",
    )
    if screen.position < last:
        forward.button(
            "Next",
            key="review_next",
            type="primary",
            icon=":material/arrow_forward:",
            on_click=_move,
            args=(*args, screen.position + 1, last),
            width="stretch",
        )


def describe_step(screen: ReviewScreen, step: ReviewStep) -> str:
    """Return a short name for a screen, for the guider's list of screens."""
    names = {
        StepKind.QUESTION: "The helping question",
        StepKind.LAST_STEPS: "How the last next steps went",
        StepKind.RATING_START: "Rating at the start",
        StepKind.WATCH: "Watch",
        StepKind.LEAD_UP: "What happened just before",
        StepKind.PROMPT: "Prompt",
        StepKind.STRENGTHS: "Strengths",
        StepKind.RATING_END: "Rating at the end",
        StepKind.NEXT_STEPS: "Next steps",
        StepKind.THANKS: "Thank you",
    }
    name = names[step.kind]
    if step.kind == StepKind.PROMPT:
        prompt = find_prompt(step.prompt_id)
        name = prompt.worded_for(screen.baby) if prompt else name
    if step.moment_id:
        return f"Moment {step.moment_number}: {name}"
    return name


# -- the film ---------------------------------------------------------------------------------


def _film_of(screen: ReviewScreen, moment: Moment) -> tuple[Film, Path] | None:
    film = next((f for f in screen.cycle.films if f.id == moment.film_id), None)
    if film is None or film.deleted_on is not None:
        return None
    path = get_store().media_dir(screen.family.id) / film.file_name
    return (film, path) if path.exists() else None


def _show_missing_film(screen: ReviewScreen) -> None:
    if screen.for_parent:
        st.info("This film isn't on this tablet just now. Your guider can tell you about it.")
    else:
        st.warning(
            "The film for this moment is not on this device (it may have been deleted).",
            icon=":material/videocam_off:",
        )


def _film_url(screen: ReviewScreen, moment: Moment) -> str | None:
    found = _film_of(screen, moment)
    if found is None:
        return None
    return media_url(screen.family.id, found[1])


def _key_still(screen: ReviewScreen, moment: Moment) -> Path | None:
    found = _film_of(screen, moment)
    if found is None:
        return None
    film, path = found
    # The guider's first key still, or the middle of the moment when none was chosen.
    times = moment.key_still_times or ((moment.start_s + moment.end_s) / 2,)
    stills_dir = get_store().media_dir(screen.family.id) / "stills" / Path(film.file_name).stem
    try:
        return extract_still(path, times[0], stills_dir).path
    except (FilmRejected, OSError, ValueError):
        return None


def _toggle_slow_motion() -> None:
    st.session_state[SLOW_MOTION_KEY] = not st.session_state.get(SLOW_MOTION_KEY, False)


def _moment_heading(screen: ReviewScreen, moment: Moment) -> None:
    step = screen.step
    where = f"Moment {step.moment_number} of {step.moment_count}"
    if moment.kind == MomentKind.WORKING_POINT:
        where += " · a moment to wonder about together"
    st.caption(where)
    st.subheader(escape_markdown(moment.title), anchor=False)


def _render_watch(screen: ReviewScreen) -> None:
    moment = screen.moment()
    if moment is None:
        return
    _moment_heading(screen, moment)
    url = _film_url(screen, moment)
    if url is None:
        _show_missing_film(screen)
        return
    slow = bool(st.session_state.get(SLOW_MOTION_KEY, False))
    # Side by side, so the film, its controls and Back/Next fit a landscape tablet too.
    film, beside = st.columns([3, 1], vertical_alignment="top")
    with film:
        speed = SLOW_SPEED if slow else 1.0
        show_looped_moment(url, moment.start_s, moment.end_s, speed=speed, height=VIDEO_HEIGHT)
    beside.button(
        "Normal speed" if slow else "Slow motion",
        key="review_slow_motion_button",
        icon=":material/speed:" if slow else ":material/slow_motion_video:",
        on_click=_toggle_slow_motion,
        width="stretch",
        wrap=True,  # a portrait tablet's narrow column would otherwise cut the words short
    )
    still_path = _key_still(screen, moment)
    if still_path is not None:
        with beside:
            show_still(
                media_url(screen.family.id, still_path),
                alt=f"A still picture of the moment: {moment.title}",
            )
        beside.caption("A picture to keep from this moment")
    st.caption("The moment plays over and over. Watch it as many times as you like.")


# -- the parent's words -----------------------------------------------------------------------


def _words_key(screen: ReviewScreen, moment: Moment, prompt_id: str) -> str:
    return f"review_words_{screen.cycle.number}_{moment.id}_{prompt_id}"


def _save_words(
    family_id: str, cycle_number: int, moment_id: str, prompt_id: str, prompt: str, key: str
) -> None:
    words = st.session_state.get(key) or ""
    save_safely(
        lambda: write_words(
            get_store(),
            family_id,
            cycle_number,
            moment_id,
            prompt_id,
            prompt,
            words,
            datetime.now(),
        )
    )


def _star(family_id: str, cycle_number: int, moment_id: str, prompt_id: str, star: bool) -> None:
    save_safely(
        lambda: keep_words(get_store(), family_id, cycle_number, moment_id, prompt_id, star)
    )


def _render_words(screen: ReviewScreen, moment: Moment, prompt_id: str, prompt: str) -> None:
    key = _words_key(screen, moment, prompt_id)
    reflection = find_reflection(moment, prompt_id)
    if key not in st.session_state:
        st.session_state[key] = reflection.words if reflection else ""
    st.text_area(
        prompt,
        key=key,
        height=150,
        max_chars=2000,
        label_visibility="collapsed",
        placeholder="Your own words",
        on_change=_save_words,
        args=(screen.family.id, screen.cycle.number, moment.id, prompt_id, prompt, key),
    )
    starred = reflection is not None and reflection.starred
    st.button(
        "Words to keep" if starred else "Keep these words",
        key=f"review_star_{moment.id}_{prompt_id}",
        icon=":material/star:" if starred else ":material/star_outline:",
        type="primary" if starred else "secondary",
        disabled=reflection is None or not reflection.words.strip(),
        on_click=_star,
        args=(screen.family.id, screen.cycle.number, moment.id, prompt_id, not starred),
    )


def _render_lead_up(screen: ReviewScreen) -> None:
    moment = screen.moment()
    if moment is None:
        return
    _moment_heading(screen, moment)
    prompt = find_prompt(JUST_BEFORE_PROMPT_ID)
    question = prompt.worded_for(screen.baby) if prompt else "What happened just before this?"
    film, words = st.columns([1, 1], vertical_alignment="top")
    with film:
        url = _film_url(screen, moment)
        if url is None:
            _show_missing_film(screen)
        else:
            start = lead_up_start(moment)
            show_looped_moment(url, start, moment.start_s, speed=1.0, height=LEAD_UP_HEIGHT)
            st.caption("The few seconds just before the moment.")
    with words:
        st.header(question, anchor=False)
        _render_words(screen, moment, JUST_BEFORE_PROMPT_ID, question)


def _render_prompt(screen: ReviewScreen) -> None:
    moment = screen.moment()
    if moment is None:
        return
    prompt = find_prompt(screen.step.prompt_id)
    reflection = find_reflection(moment, screen.step.prompt_id)
    if prompt is not None:
        question = prompt.worded_for(screen.baby)
    else:
        question = reflection.prompt if reflection else screen.step.prompt_id
    _moment_heading(screen, moment)
    still_path = _key_still(screen, moment)
    if still_path is None:
        words = st.container()
    else:
        picture, words = st.columns([1, 2], vertical_alignment="top")
        with picture:
            show_still(
                media_url(screen.family.id, still_path),
                alt=f"A still picture of the moment: {moment.title}",
            )
    with words:
        st.header(question, anchor=False)
        _render_words(screen, moment, screen.step.prompt_id, question)


# -- question, ratings, strengths and next steps ----------------------------------------------


def _render_question(screen: ReviewScreen) -> None:
    question = screen.family.current_helping_question()
    st.header(
        "Your helping question" if screen.for_parent else "The helping question", anchor=False
    )
    if question is None:
        st.markdown("There is no helping question yet. You can write it together first.")
    else:
        with st.container(key="review_question_text"):
            st.markdown(escape_markdown(question.text))
    count = len(moments_for_parent(screen.family, screen.cycle))
    if count:
        moments = "moment" if count == 1 else "moments"
        st.markdown(
            f"Today we will watch {count} {moments} of you and {escape_markdown(screen.baby)} "
            "together, and think about what you see."
        )
    else:
        st.markdown("There are no moments to watch in this review yet.")


def _rate(family_id: str, cycle_number: int, when: RatingWhen, value: int) -> None:
    save_safely(lambda: rate(get_store(), family_id, cycle_number, when, value))


def _render_rating(screen: ReviewScreen, when: RatingWhen) -> None:
    if when == RatingWhen.START:
        st.header("How close do you feel to your question today?", anchor=False)
        current = screen.review.rating_start
    else:
        st.header("After watching together, how close do you feel now?", anchor=False)
        current = screen.review.rating_end
    question = screen.family.current_helping_question()
    if question is not None:
        st.markdown(f"*{escape_markdown(question.text)}*")
    with st.container(key=f"review_rating_{when.value}"):
        columns = st.columns(RATING_MAX - RATING_MIN + 1, gap="small")
        for value, column in zip(range(RATING_MIN, RATING_MAX + 1), columns, strict=True):
            column.button(
                str(value),
                key=f"review_rate_{when.value}_{value}",
                type="primary" if value == current else "secondary",
                on_click=_rate,
                args=(screen.family.id, screen.cycle.number, when, value),
                width="stretch",
            )
    with st.container(key="review_scale_ends"):
        low, high = st.columns(2)
        low.caption("0 · not close yet")
        high.caption("10 · very close")
    st.caption("Tap a number. There are no right or wrong answers.")


def _set_status(family_id: str, step_id: str, key: str) -> None:
    value = st.session_state.get(key)
    if value:
        save_safely(
            lambda: set_next_step_status(get_store(), family_id, step_id, NextStepStatus(value))
        )


def _render_last_steps(screen: ReviewScreen) -> None:
    st.header("Last time, you planned to try", anchor=False)
    for step in earlier_next_steps(screen.family, screen.cycle):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(step.text)}**")
            key = f"review_status_{step.id}"
            if key not in st.session_state:
                st.session_state[key] = step.status.value
            st.segmented_control(
                "How is it going?",
                [s.value for s in NextStepStatus],
                format_func=lambda v: STATUS_WORDS[NextStepStatus(v)],
                key=key,
                on_change=_set_status,
                args=(screen.family.id, step.id, key),
            )


def _save_summary(family_id: str, cycle_number: int, key: str) -> None:
    text = st.session_state.get(key) or ""
    save_safely(lambda: write_strengths_summary(get_store(), family_id, cycle_number, text))


def _render_strengths(screen: ReviewScreen) -> None:
    st.header("What went well today", anchor=False)
    shown = {m.id for m in moments_for_parent(screen.family, screen.cycle)}
    kept = [(m, r) for m, r in words_to_keep(screen.cycle) if m.id in shown]
    if kept:
        st.subheader("Your words to keep", anchor=False)
        for _moment, reflection in kept:
            with st.container(border=True):
                st.markdown(f"“{escape_markdown(reflection.words)}”")
                st.caption(escape_markdown(reflection.prompt))
    key = f"review_strengths_{screen.cycle.number}"
    if key not in st.session_state:
        st.session_state[key] = screen.review.strengths_summary
    st.text_area(
        "What we saw you doing well",
        key=key,
        height=150,
        max_chars=3000,
        placeholder="Write together the good things you saw today",
        on_change=_save_summary,
        args=(screen.family.id, screen.cycle.number, key),
    )


def _add_step(family_id: str, cycle_number: int, key: str) -> None:
    text = st.session_state.get(key) or ""
    problem = check_next_step(text)
    if problem:
        st.session_state[_STEP_ERRORS] = problem
        return
    save_safely(lambda: add_next_step(get_store(), family_id, cycle_number, text, date.today()))
    st.session_state[key] = ""
    st.session_state.pop(_STEP_ERRORS, None)


def _remove_step(family_id: str, step_id: str) -> None:
    save_safely(lambda: remove_next_step(get_store(), family_id, step_id))


def _render_next_steps(screen: ReviewScreen) -> None:
    st.header("Your next steps", anchor=False)
    st.markdown("What would you like to try, or keep doing, before we meet again?")
    for step in next_steps_of(screen.family, screen.cycle):
        with st.container(border=True):
            text, action = st.columns([4, 1], vertical_alignment="center")
            text.markdown(f"**{escape_markdown(step.text)}**")
            action.button(
                "Remove",
                key=f"review_remove_step_{step.id}",
                on_click=_remove_step,
                args=(screen.family.id, step.id),
                width="stretch",
            )
    key = f"review_new_step_{screen.cycle.number}"
    st.text_input(
        "A next step",
        key=key,
        max_chars=200,
        placeholder=f"For example: wait for {screen.baby} to look at me before I talk",
    )
    problem = st.session_state.get(_STEP_ERRORS)
    if problem:
        st.error(problem, icon=":material/error:")
    st.button(
        "Add this step",
        key="review_add_step",
        icon=":material/add:",
        on_click=_add_step,
        args=(screen.family.id, screen.cycle.number, key),
    )


def _render_thanks(screen: ReviewScreen) -> None:
    st.header("Thank you", anchor=False)
    st.markdown(
        f"Thank you for watching these moments of you and {escape_markdown(screen.baby)} together."
    )
    steps = next_steps_of(screen.family, screen.cycle)
    if steps:
        st.markdown("**Your next steps**")
        for step in steps:
            st.markdown(f"- {escape_markdown(step.text)}")
    if screen.for_parent:
        st.markdown("Please hand the tablet back to your guider now.")


_RENDERERS: dict[StepKind, Callable[[ReviewScreen], None]] = {
    StepKind.QUESTION: _render_question,
    StepKind.LAST_STEPS: _render_last_steps,
    StepKind.RATING_START: lambda screen: _render_rating(screen, RatingWhen.START),
    StepKind.WATCH: _render_watch,
    StepKind.LEAD_UP: _render_lead_up,
    StepKind.PROMPT: _render_prompt,
    StepKind.STRENGTHS: _render_strengths,
    StepKind.RATING_END: lambda screen: _render_rating(screen, RatingWhen.END),
    StepKind.NEXT_STEPS: _render_next_steps,
    StepKind.THANKS: _render_thanks,
}


def render_step(screen: ReviewScreen) -> None:
    """Draw the screen the review is on: only what the parent may see."""
    with st.container(key=f"review_step_{screen.step.kind.value}"):
        _RENDERERS[screen.step.kind](screen)
