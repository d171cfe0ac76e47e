"""The screens of a shared review, drawn the same way for the guider and in the parent view.

Only what the parent may see is drawn here; the guider's notes, principles and prompt choices
are drawn beside it by the guider's review page. Everything typed is saved as it changes.
Every word is in the family's language (`screen.say`), for the guider as for the parent: the
guider sees what the parent reads, with each prompt's English wording under it.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path

import streamlit as st

from vigreview import parent_words as words
from vigreview.concurrent_edits import EditConflict
from vigreview.cycles import get_cycle
from vigreview.i18n import DEFAULT_LANGUAGE, N_, Translator, translator_for
from vigreview.media import FilmRejected, extract_still
from vigreview.models import Cycle, Family, Film, Moment, MomentKind, NextStepStatus, SharedReview
from vigreview.moments import find_moment, lead_up_start
from vigreview.next_steps import (
    MAX_NEXT_STEP_LENGTH,
    STATUS_FIELD,
    STATUS_WORDS,
    add_next_step,
    check_next_step,
    remove_next_step,
    set_next_step_status,
)
from vigreview.outputs.key_stills import stills_folder
from vigreview.prompts import Prompt
from vigreview.review_steps import (
    ReviewStep,
    StepKind,
    build_review_steps,
    clamp_position,
    earlier_next_steps,
    has_lead_up,
    moments_for_parent,
    next_steps_of,
    prompt_cards,
)
from vigreview.shared_review import (
    MAX_STRENGTHS_LENGTH,
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
from vigreview.ui.edit_conflicts import (
    field_form,
    loaded_values,
    remember_loaded,
    show_stored,
)
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.moment_player import MomentFilm, show_moment_player
from vigreview.ui.players import media_url
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

PLAYER_KEY = "review_moment_player"
BOTTOM_BAR_KEY = "review_bottom_bar"
_PROBLEM = "review_problem"
# The parent's words (and the strengths written with them) as one field
# (vigreview.ui.edit_conflicts), and the text area whose words were just kept together with
# another tablet's.
_WORDS = "words"
_WORDS_JOINED = "review_words_joined"
# The next step whose status another tablet had just changed when this one tapped it.
_STATUS_CHANGED = "review_status_changed"
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
    def say(self) -> Translator:
        """Return the words of the family's language, for everything the parent reads."""
        return translator_for(self.family.language)

    @property
    def baby(self) -> str:
        """Return how the screens name the baby."""
        return self.family.baby_name.strip() or self.say.gettext(N_("your baby"))

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
        keep_message(_PROBLEM, str(error), "error")


def show_save_problem() -> None:
    """Show, once, why the last change could not be saved."""
    show_kept_message(_PROBLEM, icon=":material/warning:")


def _move(family_id: str, cycle_number: int, position: int, last: int) -> None:
    store = get_store()

    def action() -> None:
        move_to(store, family_id, cycle_number, position, datetime.now())
        if position >= last:
            finish_review(store, family_id, cycle_number, datetime.now())

    save_safely(action)
    st.session_state.pop(_STEP_ERRORS, None)


def _progress_dots(screen: ReviewScreen) -> str:
    # Our own markup from numbers only: nothing typed goes in.
    count = len(screen.steps)
    dots = "".join(
        f'<span class="vig-dot{" vig-dot-here" if i == screen.position else ""}"></span>'
        for i in range(count)
    )
    where = html.escape(
        screen.say.gettext(words.SCREEN_OF, number=screen.position + 1, count=count)
    )
    return f'<div class="vig-dots" role="img" aria-label="{where}">{dots}</div>'


def _progress_words(screen: ReviewScreen) -> str:
    step = screen.step
    if step.kind == StepKind.MOMENT:
        return screen.say.gettext(
            words.MOMENT_OF, number=step.moment_number, count=step.moment_count
        )
    return ""


def render_back_next(screen: ReviewScreen) -> None:
    """Draw the bar with Back, where the review is (moment n of m, dots) and Next.

    In the parent view its style fixes it to the bottom of the screen, in the same place on
    every screen; on the guider's page it sits under the parent's screen.
    """
    last = len(screen.steps) - 1
    args = (screen.family.id, screen.cycle.number)
    with st.container(key=BOTTOM_BAR_KEY):
        back, middle, forward = st.columns([1, 1.4, 1], vertical_alignment="center")
        back.button(
            screen.say.gettext(words.BACK),
            key="review_back",
            icon=":material/arrow_back:",
            disabled=screen.position == 0,
            on_click=_move,
            args=(*args, screen.position - 1, last),
            width="stretch",
        )
        with middle:
            said = _progress_words(screen)
            if said:
                st.markdown(f"**{escape_markdown(said)}**")
            st.html(_progress_dots(screen))
        if screen.position < last:
            forward.button(
                screen.say.gettext(words.NEXT),
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
        StepKind.MOMENT: "Watch and talk",
        StepKind.STRENGTHS: "Strengths",
        StepKind.RATING_END: "Rating at the end",
        StepKind.NEXT_STEPS: "Next steps",
        StepKind.THANKS: "Thank you",
    }
    name = names[step.kind]
    if step.moment_id:
        moment = next((m for m in screen.cycle.moments if m.id == step.moment_id), None)
        title = f" ({moment.title})" if moment else ""
        return f"Moment {step.moment_number}: {name}{title}"
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
        st.info(screen.say.gettext(words.FILM_MISSING))
    else:
        st.warning(
            "The film for this moment is not on this device (it may have been deleted).",
            icon=":material/videocam_off:",
        )


def _film_url(screen: ReviewScreen, path: Path) -> str:
    # The one place the review asks where a film is served: the app's own media route.
    return media_url(screen.family.id, path)


def _stills_dir(screen: ReviewScreen, film: Film) -> Path:
    return stills_folder(get_store(), screen.family.id, film.file_name)


def _key_still(screen: ReviewScreen, moment: Moment) -> Path | None:
    found = _film_of(screen, moment)
    if found is None:
        return None
    film, path = found
    # The guider's first key still, or the middle of the moment when none was chosen.
    times = moment.key_still_times or ((moment.start_s + moment.end_s) / 2,)
    try:
        return extract_still(path, times[0], _stills_dir(screen, film)).path
    except (FilmRejected, OSError, ValueError):
        return None


def _moment_film(screen: ReviewScreen, moment: Moment) -> MomentFilm | None:
    found = _film_of(screen, moment)
    if found is None:
        return None
    film, path = found
    return MomentFilm(
        url=_film_url(screen, path),
        film_path=path,
        stills_dir=_stills_dir(screen, film),
        start_s=moment.start_s,
        end_s=moment.end_s,
        lead_start_s=lead_up_start(moment) if has_lead_up(moment) else None,
        aspect=(film.width / film.height) if film.width and film.height else 16 / 9,
        poster=_key_still(screen, moment),
        baby_voice=moment.baby_voice,
        baby_says=screen.say.gettext(words.BABY_SAYS, baby=screen.baby),
    )


# -- the parent's words -----------------------------------------------------------------------


def _words_key(screen: ReviewScreen, moment: Moment, prompt_id: str) -> str:
    return f"review_words_{screen.cycle.number}_{moment.id}_{prompt_id}"


def _card_key(screen: ReviewScreen, moment: Moment) -> str:
    return f"review_card_{screen.cycle.number}_{moment.id}"


def _opened_key(screen: ReviewScreen, moment: Moment, prompt_id: str) -> str:
    return f"review_words_open_{screen.cycle.number}_{moment.id}_{prompt_id}"


def _save_words(
    family_id: str, cycle_number: int, moment_id: str, prompt_id: str, prompt: str, key: str
) -> None:
    said = st.session_state.get(key) or ""
    shown = (loaded_values(key) or {}).get(_WORDS)

    def action() -> None:
        family = write_words(
            get_store(),
            family_id,
            cycle_number,
            moment_id,
            prompt_id,
            prompt,
            said,
            datetime.now(),
            base_words=shown,
        )
        moment = find_moment(get_cycle(family, cycle_number), moment_id)
        saved = find_reflection(moment, prompt_id)
        _note_kept_words(key, said, saved.words if saved else said)

    save_safely(action)


def _note_kept_words(key: str, said: str, kept: str) -> None:
    # In a text area's callback, before it is drawn again: it can show what was kept.
    remember_loaded(key, {_WORDS: kept})
    if kept != said:  # another tablet's words were kept with these: show them all
        st.session_state[key] = kept
        st.session_state[_WORDS_JOINED] = key


def _show_words_joined(screen: ReviewScreen, key: str) -> None:
    if st.session_state.get(_WORDS_JOINED) == key:
        st.session_state.pop(_WORDS_JOINED)
        # A caption, not a box: the words' column can be narrow beside the film.
        st.caption(escape_markdown(screen.say.gettext(words.WORDS_FROM_ANOTHER_TABLET)))


def _star(family_id: str, cycle_number: int, moment_id: str, prompt_id: str, star: bool) -> None:
    save_safely(
        lambda: keep_words(get_store(), family_id, cycle_number, moment_id, prompt_id, star)
    )


def _open_words(key: str) -> None:
    st.session_state[key] = True


def _render_words(screen: ReviewScreen, moment: Moment, prompt_id: str, prompt: str) -> None:
    key = _words_key(screen, moment, prompt_id)
    reflection = find_reflection(moment, prompt_id)
    written = reflection is not None and bool(reflection.words.strip())
    opened = _opened_key(screen, moment, prompt_id)
    if not written and not st.session_state.get(opened) and key not in st.session_state:
        # Usually the guider writes what the parent says: a quiet way in, not a blank test.
        st.button(
            screen.say.gettext(words.ADD_YOUR_WORDS),
            key=f"review_add_words_{moment.id}_{prompt_id}",
            type="tertiary",
            icon=":material/edit:",
            on_click=_open_words,
            args=(opened,),
        )
        return
    # Words saved on another tablet show here unless these were changed meanwhile.
    show_stored(field_form(key, _WORDS), {_WORDS: reflection.words if reflection else ""})
    _show_words_joined(screen, key)
    st.text_area(
        screen.say.gettext(words.YOUR_WORDS_LABEL),
        key=key,
        height=120,
        label_visibility="collapsed",
        placeholder=screen.say.gettext(words.YOUR_WORDS_LABEL),
        on_change=_save_words,
        args=(screen.family.id, screen.cycle.number, moment.id, prompt_id, prompt, key),
    )
    starred = reflection is not None and reflection.starred
    with st.container(key=f"review_star_{'on' if starred else 'off'}"):
        st.button(
            f"★ {screen.say.gettext(words.WORDS_KEPT)}"
            if starred
            else f"☆ {screen.say.gettext(words.KEEP_WORDS)}",
            key=f"review_star_{moment.id}_{prompt_id}",
            type="primary" if starred else "secondary",
            disabled=not written,
            on_click=_star,
            args=(screen.family.id, screen.cycle.number, moment.id, prompt_id, not starred),
            help=None,
        )


def _next_card(key: str, count: int) -> None:
    st.session_state[key] = (int(st.session_state.get(key, 0)) + 1) % count


def _question_of(screen: ReviewScreen, prompt: Prompt) -> str:
    return prompt.worded_for(screen.baby, screen.family.language)


def _render_prompt_card(screen: ReviewScreen, moment: Moment) -> None:
    cards = prompt_cards(moment, screen.review.chosen_prompt_ids(moment.id))
    if not cards:
        return
    key = _card_key(screen, moment)
    prompt = cards[int(st.session_state.get(key, 0)) % len(cards)]
    question = _question_of(screen, prompt)
    with st.container(key="review_prompt_card", border=True):
        st.subheader(escape_markdown(question), anchor=False)
        if not screen.for_parent and screen.say.language != DEFAULT_LANGUAGE:
            # The guider's page only: what the parent is reading, in English.
            english = prompt.worded_for(screen.baby, DEFAULT_LANGUAGE.code)
            st.caption(f"In English: {escape_markdown(english)}")
        _render_words(screen, moment, prompt.id, question)
        if len(cards) > 1:
            st.button(
                screen.say.gettext(words.ANOTHER_QUESTION),
                key="review_another_question",
                icon=":material/autorenew:",
                on_click=_next_card,
                args=(key, len(cards)),
            )


def _render_moment(screen: ReviewScreen) -> None:
    moment = screen.moment()
    if moment is None:
        return
    with st.container(key="review_moment_layout"):
        film_column, card_column = st.columns([3, 1], vertical_alignment="top")
        with film_column:
            found = _moment_film(screen, moment)
            if found is None:
                _show_missing_film(screen)
            else:
                show_moment_player(found, key=f"{PLAYER_KEY}_{moment.id}", say=screen.say)
        with card_column:
            with st.container(key="review_moment_title"):
                st.markdown(f"**{escape_markdown(moment.title)}**")
                if moment.kind == MomentKind.WORKING_POINT:
                    st.caption(screen.say.gettext(words.WORKING_POINT_NOTE))
            _render_prompt_card(screen, moment)


# -- question, ratings, strengths and next steps ----------------------------------------------


def _render_question(screen: ReviewScreen) -> None:
    say = screen.say
    question = screen.family.current_helping_question()
    st.header(say.gettext("Your helping question"), anchor=False)
    if question is None:
        st.markdown(
            escape_markdown(
                say.gettext("There is no helping question yet. You can write it together first.")
            )
        )
    else:
        with st.container(key="review_question_text"):
            st.markdown(escape_markdown(question.text))
    count = len(moments_for_parent(screen.family, screen.cycle))
    if count:
        today = say.ngettext(
            "Today we will watch {count} moment of you and {baby} together, and think about "
            "what you see.",
            "Today we will watch {count} moments of you and {baby} together, and think about "
            "what you see.",
            count,
            baby=screen.baby,
        )
        st.markdown(escape_markdown(today))
    else:
        st.markdown(
            escape_markdown(say.gettext("There are no moments to watch in this review yet."))
        )


def _rate(family_id: str, cycle_number: int, when: RatingWhen, value: int) -> None:
    save_safely(lambda: rate(get_store(), family_id, cycle_number, when, value))


def _render_rating(screen: ReviewScreen, when: RatingWhen) -> None:
    say = screen.say
    if when == RatingWhen.START:
        st.header(say.gettext(words.RATING_START_QUESTION), anchor=False)
        current = screen.review.rating_start
    else:
        st.header(say.gettext(words.RATING_END_QUESTION), anchor=False)
        current = screen.review.rating_end
    question = screen.family.current_helping_question()
    if question is not None:
        st.markdown(f"*{escape_markdown(question.text)}*")
    with st.container(key=f"review_rating_{when.value}"):
        columns = st.columns(RATING_MAX - RATING_MIN + 1, gap="small")
        for value, column in zip(range(RATING_MIN, RATING_MAX + 1), columns, strict=True):
            column.button(
                # The chosen number is solid and ticked, not only a shade darker.
                f"✓{value}" if value == current else str(value),
                key=f"review_rate_{when.value}_{value}",
                type="primary" if value == current else "secondary",
                on_click=_rate,
                args=(screen.family.id, screen.cycle.number, when, value),
                width="stretch",
            )
    with st.container(key="review_scale_ends"):
        low, high = st.columns(2)
        low.markdown(f"**0** · {escape_markdown(say.gettext(words.RATING_LOW))}")
        high.markdown(f"{escape_markdown(say.gettext(words.RATING_HIGH))} · **10**")
    st.caption(escape_markdown(say.gettext(words.RATING_HINT)))


def _set_status(family_id: str, step_id: str, key: str) -> None:
    value = st.session_state.get(key)
    if not value:
        return
    chosen = NextStepStatus(value)
    shown = (loaded_values(key) or {}).get(STATUS_FIELD)

    def action() -> None:
        base = NextStepStatus(shown) if shown else None
        try:
            set_next_step_status(get_store(), family_id, step_id, chosen, base)
        except EditConflict as conflict:
            # Changed on another tablet since this one showed it: show theirs, tap again to change.
            theirs = conflict.conflicts[0].theirs
            value_now = theirs.value if theirs else None
            st.session_state[key] = value_now
            remember_loaded(key, {STATUS_FIELD: value_now})
            st.session_state[_STATUS_CHANGED] = key
            return
        remember_loaded(key, {STATUS_FIELD: value})

    save_safely(action)


def _status_choice(value: str, chosen: object, say: Translator) -> str:
    # The chosen one carries a tick as well as its solid colour.
    said = say.gettext(STATUS_WORDS[NextStepStatus(value)])
    return f"✓ {said}" if value == chosen else said


def _render_last_steps(screen: ReviewScreen) -> None:
    say = screen.say
    st.header(say.gettext("Last time, you planned to try"), anchor=False)
    for step in earlier_next_steps(screen.family, screen.cycle):
        with st.container(border=True):
            st.markdown(f"**{escape_markdown(step.text)}**")
            key = f"review_status_{step.id}"
            show_stored(field_form(key, STATUS_FIELD), {STATUS_FIELD: step.status.value})
            if st.session_state.get(_STATUS_CHANGED) == key:
                st.session_state.pop(_STATUS_CHANGED)
                st.info(say.gettext(words.CHANGED_ON_ANOTHER_TABLET), icon=":material/devices:")
            chosen = st.session_state.get(key)
            st.segmented_control(
                say.gettext("How is it going?"),
                [s.value for s in NextStepStatus],
                # The chosen one carries a tick as well as its solid colour.
                format_func=partial(_status_choice, chosen=chosen, say=say),
                key=key,
                on_change=_set_status,
                args=(screen.family.id, step.id, key),
            )


def _save_summary(family_id: str, cycle_number: int, key: str) -> None:
    text = st.session_state.get(key) or ""
    shown = (loaded_values(key) or {}).get(_WORDS)

    def action() -> None:
        family = write_strengths_summary(get_store(), family_id, cycle_number, text, shown)
        review = get_cycle(family, cycle_number).review
        _note_kept_words(key, text, review.strengths_summary if review else text)

    save_safely(action)


def _render_strengths(screen: ReviewScreen) -> None:
    say = screen.say
    st.header(say.gettext("What went well today"), anchor=False)
    shown = {m.id for m in moments_for_parent(screen.family, screen.cycle)}
    kept = [(m, r) for m, r in words_to_keep(screen.cycle) if m.id in shown]
    if kept:
        st.subheader(say.gettext("Your words to keep"), anchor=False)
        for _moment, reflection in kept:
            with st.container(border=True):
                st.markdown(f"“{escape_markdown(reflection.words)}”")
                st.caption(escape_markdown(reflection.prompt))
    key = f"review_strengths_{screen.cycle.number}"
    show_stored(field_form(key, _WORDS), {_WORDS: screen.review.strengths_summary})
    _show_words_joined(screen, key)
    st.text_area(
        say.gettext("What we saw you doing well"),
        key=key,
        height=150,
        max_chars=MAX_STRENGTHS_LENGTH,
        placeholder=say.gettext("Write together the good things you saw today"),
        on_change=_save_summary,
        args=(screen.family.id, screen.cycle.number, key),
    )


def _add_step(family_id: str, cycle_number: int, key: str, language: str) -> None:
    text = st.session_state.get(key) or ""
    problem = check_next_step(text, language)
    if problem:
        st.session_state[_STEP_ERRORS] = problem
        return
    save_safely(lambda: add_next_step(get_store(), family_id, cycle_number, text, date.today()))
    st.session_state[key] = ""
    st.session_state.pop(_STEP_ERRORS, None)


def _remove_step(family_id: str, step_id: str) -> None:
    save_safely(lambda: remove_next_step(get_store(), family_id, step_id))


def _render_next_steps(screen: ReviewScreen) -> None:
    say = screen.say
    st.header(say.gettext("Your next steps"), anchor=False)
    st.markdown(
        escape_markdown(
            say.gettext("What would you like to try, or keep doing, before we meet again?")
        )
    )
    for step in next_steps_of(screen.family, screen.cycle):
        with st.container(border=True):
            text, action = st.columns([4, 1], vertical_alignment="center")
            text.markdown(f"**{escape_markdown(step.text)}**")
            action.button(
                say.gettext("Remove"),
                key=f"review_remove_step_{step.id}",
                on_click=_remove_step,
                args=(screen.family.id, step.id),
                width="stretch",
            )
    key = f"review_new_step_{screen.cycle.number}"
    st.text_input(
        say.gettext("A next step"),
        key=key,
        max_chars=MAX_NEXT_STEP_LENGTH,
        placeholder=say.gettext(
            "For example: wait for {baby} to look at me before I talk", baby=screen.baby
        ),
    )
    problem = st.session_state.get(_STEP_ERRORS)
    if problem:
        st.error(problem, icon=":material/error:")
    st.button(
        say.gettext("Add this step"),
        key="review_add_step",
        icon=":material/add:",
        on_click=_add_step,
        args=(screen.family.id, screen.cycle.number, key, screen.family.language),
    )


def _render_thanks(screen: ReviewScreen) -> None:
    say = screen.say
    st.header(say.gettext("Thank you"), anchor=False)
    thanks = say.gettext(
        "Thank you for watching these moments of you and {baby} together.", baby=screen.baby
    )
    st.markdown(escape_markdown(thanks))
    steps = next_steps_of(screen.family, screen.cycle)
    if steps:
        st.markdown(f"**{escape_markdown(say.gettext('Your next steps'))}**")
        for step in steps:
            st.markdown(f"- {escape_markdown(step.text)}")
    if screen.for_parent:
        st.markdown(escape_markdown(say.gettext("Please hand the tablet back to your guider now.")))


_RENDERERS: dict[StepKind, Callable[[ReviewScreen], None]] = {
    StepKind.QUESTION: _render_question,
    StepKind.LAST_STEPS: _render_last_steps,
    StepKind.RATING_START: lambda screen: _render_rating(screen, RatingWhen.START),
    StepKind.MOMENT: _render_moment,
    StepKind.STRENGTHS: _render_strengths,
    StepKind.RATING_END: lambda screen: _render_rating(screen, RatingWhen.END),
    StepKind.NEXT_STEPS: _render_next_steps,
    StepKind.THANKS: _render_thanks,
}


def render_step(screen: ReviewScreen) -> None:
    """Draw the screen the review is on: only what the parent may see."""
    with st.container(key=f"review_step_{screen.step.kind.value}"):
        _RENDERERS[screen.step.kind](screen)
