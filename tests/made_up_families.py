"""Invented families with 0 to N cycles of moments, words, reviews and next steps, for tests.

Built straight from the models, so tests of progress, keepsakes and exports do not depend on
other pages. Distinctive words (GUIDER_NOTE, WORKING_POINT_TITLE, UNSTARRED_WORDS ...) let a
test prove what was, and what was not, carried into an export.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from vigreview.models import (
    Activity,
    Consent,
    ConsentPurpose,
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
)

OPENED = date(2026, 9, 1)
BIRTH_DATE = date(2026, 5, 17)
PSEUDONYM = "Jadeite Example"
BABY = "Noorabel"
HELPING_QUESTION = "I want to learn to read my baby's cues"
GUIDER_NOTE = "Guider-only note: mum seemed tired, check sleep"
HOW_IT_WENT = "Review went gently; she warmed up after the second clip"
WORKING_POINT_TITLE = "Phone rings mid-feed"
WORKING_POINT_WORDS = "I looked away there"
STARRED_WORDS = "She was telling me she was full — I saw it!"
UNSTARRED_WORDS = "Not sure what I did"
# Ratings at the start and end of each cycle's review: rising across cycles.
RATINGS = ((3, 4), (4, 6), (5, 7))
ALL_PURPOSES = tuple(ConsentPurpose)


def make_consents(purposes: tuple[ConsentPurpose, ...] = ALL_PURPOSES) -> tuple[Consent, ...]:
    """Return consents given on the day the work opened."""
    return tuple(Consent(p, OPENED, "Jadeite", "Ann Guider") for p in purposes)


def make_cycle(number: int, film_name: str = "") -> Cycle:
    """Return cycle `number` with two good moments, one working point and a finished review."""
    filmed = OPENED + timedelta(days=14 * number)
    film_id = f"film-{number}"
    films = (
        (
            Film(
                id=film_id,
                file_name=film_name,
                original_name=f"IMG_{number}.MOV",
                imported_at=datetime.combine(filmed, datetime.min.time()),
                duration_s=2.0,
                width=320,
                height=240,
            ),
        )
        if film_name
        else ()
    )
    good = Moment(
        id=f"mom-{number}a",
        film_id=film_id,
        title=f"{BABY} reaches for the cup ({number})",
        start_s=0.2,
        end_s=1.5,
        principles=("receiving.smiling", "attentive.looking_interested", "receiving.nodding"),
        own_tags=("turn-taking",),
        order=0,
        key_still_times=(round(0.2 + 0.4 * (number - 1), 1),),
        guider_notes=GUIDER_NOTE,
        reflections=(
            Reflection("see", "What did you do here?", STARRED_WORDS, starred=True),
            Reflection("feel", "What might your baby be feeling?", UNSTARRED_WORDS),
        ),
    )
    second = Moment(
        id=f"mom-{number}b",
        film_id=film_id,
        title="Singing together",
        start_s=1.0,
        end_s=1.9,
        principles=("developing.fun",) + (("guiding.scaffolding",) if number >= 2 else ()),
        order=1,
        reflections=(Reflection("think", "What happened just before?", f"We sang {number}", True),),
    )
    working = Moment(
        id=f"mom-{number}w",
        film_id=film_id,
        title=WORKING_POINT_TITLE,
        start_s=0.1,
        end_s=1.0,
        kind=MomentKind.WORKING_POINT,
        show_to_parent=False,
        principles=("attentive.giving_time",),
        order=2,
        key_still_times=(0.8,),
        reflections=(Reflection("see", "What did you do here?", WORKING_POINT_WORDS, True),),
    )
    start, end = RATINGS[(number - 1) % len(RATINGS)]
    review = SharedReview(
        started_at=datetime.combine(filmed + timedelta(days=3), datetime.min.time()),
        finished_at=datetime.combine(filmed + timedelta(days=3), datetime.min.time()),
        rating_start=start,
        rating_end=end,
        strengths_summary=f"You waited for {BABY} and answered her sounds ({number}).",
        how_it_went=HOW_IT_WENT,
    )
    return Cycle(
        number=number,
        activity=Activity.FEEDING,
        filmed_on=filmed,
        films=films,
        moments=(good, second, working),
        review=review,
    )


def make_family(
    cycles: int = 3,
    *,
    family_id: str = "fam-made-up-1",
    purposes: tuple[ConsentPurpose, ...] = ALL_PURPOSES,
    film_name: str = "",
) -> Family:
    """Return a family with `cycles` cycles, a helping question and next steps for each."""
    steps = []
    statuses = (NextStepStatus.DOING, NextStepStatus.TRYING, NextStepStatus.NOT_NOW)
    for number in range(1, cycles + 1):
        steps.append(
            NextStep(
                id=f"step-{number}",
                text=f"Pause and wait for {BABY} to answer ({number})",
                agreed_in_cycle=number,
                agreed_on=OPENED + timedelta(days=14 * number + 3),
                status=statuses[(number - 1) % len(statuses)],
            )
        )
    return Family(
        id=family_id,
        pseudonym=PSEUDONYM,
        baby_name=BABY,
        lead_guider="Ann Guider",
        opened_on=OPENED,
        baby_birth_date=BIRTH_DATE,
        referred_by="Health visitor",
        consents=make_consents(purposes),
        helping_questions=(HelpingQuestion(HELPING_QUESTION, OPENED),) if cycles else (),
        cycles=tuple(make_cycle(n, film_name) for n in range(1, cycles + 1)),
        next_steps=tuple(steps),
        notes="Private guider notes about the family",
    )
