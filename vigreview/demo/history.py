"""Three cycles of invented history for the demo family, so progress has something to show.

Fills in what the demo does not have yet and leaves alone what it has: a helping question,
a finished shared review for each of three cycles with ratings rising, principles tagged on the
moments, the parent's starred words, next steps at each status and a supervisor's comment.
Cycles 2 and 3 reuse a copy of cycle 1's drawn film when there is one. Every word is made up.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from vigreview.caseload import change_family
from vigreview.cycles import new_film_file_name
from vigreview.models import (
    Activity,
    Cycle,
    Family,
    Film,
    HelpingQuestion,
    Moment,
    MomentKind,
    NextStep,
    NextStepStatus,
    Reflection,
    SharedReview,
    SupervisorComment,
)
from vigreview.moments import moments_in_order
from vigreview.storage import Store


@dataclass(frozen=True)
class _DemoCycle:
    activity: Activity
    days_after_opening: int
    ratings: tuple[int, int]
    strengths: str
    how_it_went: str
    moments: tuple[tuple[str, float, float, tuple[str, ...], str], ...]


QUESTION = "I want to understand what Noor is telling me"
_CYCLES = (
    _DemoCycle(
        Activity.PLAY,
        7,
        (3, 5),
        "You noticed when Noor looked up at you and you smiled straight back.",
        "Jade was quiet at first and then laughed at the second moment.",
        (
            (
                "Noor looks up and Jade smiles back",
                2.0,
                12.0,
                ("attentive.looking_interested", "receiving.smiling"),
                "She was looking for me and I was there.",
            ),
        ),
    ),
    _DemoCycle(
        Activity.FEEDING,
        21,
        (5, 6),
        "You waited for Noor to finish each turn, and she kept the conversation going.",
        "Jade named what she saw before I asked. Talked about waiting.",
        (
            (
                "Noor pauses and Jade waits",
                4.0,
                14.0,
                ("encouraging.waiting", "developing.short_turns", "receiving.nodding"),
                "When I wait, she tells me when she wants more.",
            ),
            (
                "Jade names Noor's face",
                16.0,
                26.0,
                ("encouraging.naming_positively", "attentive.wondering"),
                "I said 'you're thinking about it' and she smiled.",
            ),
        ),
    ),
    _DemoCycle(
        Activity.BOOK,
        35,
        (6, 8),
        "You followed Noor's lead through the book and made it a game you both enjoyed.",
        "Jade led the review herself and chose her own next step.",
        (
            (
                "Noor pats the page and Jade joins in",
                2.0,
                12.0,
                ("receiving.repeating", "developing.fun", "guiding.scaffolding"),
                "She's showing me what she likes. I never saw that before.",
            ),
            (
                "A second turn on the same picture",
                14.0,
                24.0,
                ("developing.second_turn", "guiding.offering_choices", "receiving.smiling"),
                "We can do this at bedtime too.",
            ),
        ),
    ),
)
# The parent's words for moments the demo already had (the drawn film's moments).
_WORDS_FOR_EXISTING_MOMENTS = (
    "She was looking for me and I was there.",
    "I waited and she answered me!",
    "We were both laughing.",
)
_NEXT_STEPS = (
    ("Wait a moment before answering Noor's sounds", 1, NextStepStatus.DOING),
    ("Say out loud what I think Noor is feeling", 2, NextStepStatus.DOING),
    ("Share a book with Noor at bedtime", 3, NextStepStatus.TRYING),
    ("Go to the baby group on Tuesdays", 3, NextStepStatus.NOT_NOW),
)


def _demo_moment(
    number: int, position: int, film_id: str, spec: tuple[str, float, float, tuple[str, ...], str]
) -> Moment:
    title, start, end, principles, words = spec
    return Moment(
        id=f"mom-demo-{number}-{position}",
        film_id=film_id,
        title=title,
        start_s=start,
        end_s=end,
        principles=principles,
        order=position,
        key_still_times=(round((start + end) / 2, 1),),
        guider_notes="Invented notes for the demo.",
        reflections=(
            Reflection("see.you_did", "What did you do here?", words, starred=True),
            Reflection("feel.baby_feeling", "What might Noor be feeling?", "Happy, I think."),
        ),
    )


def _with_words(moment: Moment, words: str) -> Moment:
    """Give a good moment the parent's starred words, if it has none of its own."""
    if moment.kind != MomentKind.GOOD or moment.reflections:
        return moment
    return replace(
        moment, reflections=(Reflection("see.you_did", "What did you do here?", words, True),)
    )


def _review(filmed_on: date, spec: _DemoCycle) -> SharedReview:
    at = datetime.combine(filmed_on + timedelta(days=3), time(10, 30))
    return SharedReview(
        started_at=at,
        finished_at=at + timedelta(minutes=50),
        rating_start=spec.ratings[0],
        rating_end=spec.ratings[1],
        strengths_summary=spec.strengths,
        how_it_went=spec.how_it_went,
    )


def _copy_film(store: Store, family_id: str, film: Film, number: int) -> Film:
    """Return a record of a copy of `film` for cycle `number` (a small drawn film)."""
    media = store.media_dir(family_id)
    copy_name = new_film_file_name()
    shutil.copyfile(media / film.file_name, media / copy_name)
    return replace(film, id=f"film-demo-{number}", file_name=copy_name)


def _fill_in(store: Store, family: Family, today: date) -> Family:
    cycles = {c.number: c for c in family.cycles}
    first_film = next(
        (
            f
            for c in family.cycles
            for f in c.films
            if (store.media_dir(family.id) / f.file_name).is_file()
        ),
        None,
    )
    for number, spec in enumerate(_CYCLES, start=1):
        filmed_on = min(family.opened_on + timedelta(days=spec.days_after_opening), today)
        cycle = cycles.get(number)
        if cycle is None:
            films = (_copy_film(store, family.id, first_film, number),) if first_film else ()
            film_id = films[0].id if films else ""
            moments = tuple(_demo_moment(number, i, film_id, m) for i, m in enumerate(spec.moments))
            cycle = Cycle(number, spec.activity, filmed_on, films=films, moments=moments)
        else:
            words = _WORDS_FOR_EXISTING_MOMENTS
            moments = tuple(
                _with_words(m, words[i % len(words)]) for i, m in enumerate(moments_in_order(cycle))
            )
            cycle = replace(cycle, moments=moments)
        if cycle.review is None:
            cycle = replace(cycle, review=_review(cycle.filmed_on, spec))
        cycles[number] = cycle
    steps = family.next_steps or tuple(
        NextStep(f"step-demo-{i}", text, cycle_number, cycles[cycle_number].filmed_on, status)
        for i, (text, cycle_number, status) in enumerate(_NEXT_STEPS)
    )
    comments = family.supervisor_comments
    if not comments and cycles[2].moments:
        comments = (
            SupervisorComment(
                2,
                moments_in_order(cycles[2])[0].id,
                "A lovely example of waiting: notice how Noor fills the pause.",
                "Demo Supervisor",
                cycles[2].filmed_on + timedelta(days=2),
            ),
        )
    return replace(
        family,
        helping_questions=family.helping_questions
        or (HelpingQuestion(QUESTION, family.opened_on),),
        cycles=tuple(cycles[n] for n in sorted(cycles)),
        next_steps=steps,
        supervisor_comments=comments,
    )


def add_demo_history(store: Store, family_id: str, today: date) -> Family:
    """Give the demo family three reviewed cycles of invented history (see the docstring)."""
    return change_family(store, family_id, lambda family: _fill_in(store, family, today))
