"""Change across a family's cycles as pandas tables, each with a one-line reading in plain words.

The tables feed `vigreview.charts`; the readings sit under each chart. Everything here is pure:
a family in, a table or a sentence out. The guider may show these to the parent, so the words
stay warm and never judge.
"""

from __future__ import annotations

import pandas as pd

from vigreview.models import Cycle, Family, MomentKind, NextStepStatus
from vigreview.next_steps import STATUS_WORDS
from vigreview.principles import PRINCIPLES, principle_of

RATING_COLUMNS = ["cycle", "label", "start", "end"]
PRINCIPLE_COLUMNS = ["cycle", "label", "principle", "number", "moments"]
MOMENT_COLUMNS = ["cycle", "label", "worked_well", "working_points"]
NEXT_STEP_COLUMNS = ["status", "words", "steps"]
# Steps that became part of everyday life come first: the good news leads.
_STATUS_ORDER = (NextStepStatus.DOING, NextStepStatus.TRYING, NextStepStatus.NOT_NOW)

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)


def number_in_words(count: int) -> str:
    """Return small counts as words ('three') and larger ones as digits ('14')."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def count_in_words(count: int, thing: str, things: str | None = None) -> str:
    """Return 'one moment', 'three cycles' style counts: words up to twelve, digits after."""
    noun = thing if count == 1 else (things or thing + "s")
    return f"{number_in_words(count)} {noun}"


def cycle_label(number: int) -> str:
    """Return how a cycle is named on a chart axis."""
    return f"Cycle {number}"


def _cycles_in_order(family: Family) -> list[Cycle]:
    return sorted(family.cycles, key=lambda c: c.number)


def build_ratings_frame(family: Family) -> pd.DataFrame:
    """Return one row per cycle: the parent's 0-10 rating at the start and end of its review.

    A rating not given is missing (NaN), so a line simply skips it.
    """
    rows = []
    for cycle in _cycles_in_order(family):
        review = cycle.review
        rows.append(
            {
                "cycle": cycle.number,
                "label": cycle_label(cycle.number),
                "start": review.rating_start if review else None,
                "end": review.rating_end if review else None,
            }
        )
    frame = pd.DataFrame(rows, columns=RATING_COLUMNS)
    return frame.astype({"cycle": "int64", "start": "float64", "end": "float64"})


def ratings_in_order(frame: pd.DataFrame) -> list[tuple[int, int]]:
    """Return (cycle, rating) for every rating given, start before end, cycle by cycle."""
    given = []
    for row in frame.itertuples(index=False):
        for value in (row.start, row.end):
            if pd.notna(value):
                given.append((int(row.cycle), int(value)))
    return given


def read_ratings(frame: pd.DataFrame) -> str:
    """Say in one line how the parent's ratings moved, e.g. 'Ratings rose from 3 to 7 ...'."""
    given = ratings_in_order(frame)
    if not given:
        return (
            "No ratings yet: the parent gives one at the start and at the end of each shared "
            "review."
        )
    if len(given) == 1:
        return f"The first rating was {given[0][1]} out of 10."
    first, last = given[0][1], given[-1][1]
    cycles = count_in_words(len({cycle for cycle, _ in given}), "cycle")
    if last > first:
        return f"Ratings rose from {first} to {last} over {cycles}."
    if last == first:
        return f"Ratings were {first} out of 10 at the first and the latest review, over {cycles}."
    return f"Ratings went from {first} to {last} over {cycles}."


def build_principles_frame(family: Family) -> pd.DataFrame:
    """Return, per cycle and per principle heading, how many good moments showed it.

    Every cycle has a row for each of the six headings (0 when none), so stacked bars always
    line up. A moment tagged with two behaviours of one heading counts once for it.
    """
    rows = []
    for cycle in _cycles_in_order(family):
        counts = {p.id: 0 for p in PRINCIPLES}
        for moment in cycle.moments:
            if moment.kind != MomentKind.GOOD:
                continue
            shown = {p.id for tag in moment.principles if (p := principle_of(tag)) is not None}
            for principle_id in shown:
                counts[principle_id] += 1
        for principle in PRINCIPLES:
            rows.append(
                {
                    "cycle": cycle.number,
                    "label": cycle_label(cycle.number),
                    "principle": principle.title,
                    "number": principle.number,
                    "moments": counts[principle.id],
                }
            )
    frame = pd.DataFrame(rows, columns=PRINCIPLE_COLUMNS)
    return frame.astype({"cycle": "int64", "number": "int64", "moments": "int64"})


def read_principles(frame: pd.DataFrame) -> str:
    """Say which principle was seen most, and how many of the six were seen at all."""
    totals = frame.groupby("principle", sort=False)["moments"].sum()
    totals = totals[totals > 0]
    if totals.empty:
        return "No principles tagged yet: they show here once moments are tagged."
    most = totals.max()
    leaders = [name for name, value in totals.items() if value == most]
    seen = count_in_words(len(totals), "principle")
    moments = count_in_words(int(most), "moment")
    if len(leaders) == 1:
        lead = f"Seen most often: {leaders[0]} ({moments})."
    else:
        lead = f"Seen most often: {', '.join(leaders[:-1])} and {leaders[-1]} ({moments} each)."
    return f"{lead} {seen.capitalize()} of the six seen so far."


def build_moments_frame(family: Family) -> pd.DataFrame:
    """Return, per cycle, how many moments that worked well and working points were chosen."""
    rows = []
    for cycle in _cycles_in_order(family):
        good = sum(1 for m in cycle.moments if m.kind == MomentKind.GOOD)
        rows.append(
            {
                "cycle": cycle.number,
                "label": cycle_label(cycle.number),
                "worked_well": good,
                "working_points": len(cycle.moments) - good,
            }
        )
    frame = pd.DataFrame(rows, columns=MOMENT_COLUMNS)
    return frame.astype({"cycle": "int64", "worked_well": "int64", "working_points": "int64"})


def read_moments(frame: pd.DataFrame) -> str:
    """Say how many moments were chosen over how many cycles."""
    good = int(frame["worked_well"].sum())
    working = int(frame["working_points"].sum())
    if good + working == 0:
        return "No moments chosen yet: they show here once the film's best moments are marked."
    cycles = count_in_words(len(frame), "cycle")
    total = count_in_words(good + working, "moment")
    if working == 0:
        return f"{total.capitalize()} chosen over {cycles}, every one a moment that worked well."
    working_words = count_in_words(working, "working point")
    return (
        f"{total.capitalize()} chosen over {cycles}: {number_in_words(good)} that worked well "
        f"and {working_words}."
    )


def build_next_steps_frame(family: Family) -> pd.DataFrame:
    """Return how many next steps are at each status (every status listed, 0 when none)."""
    rows = [
        {
            "status": status.value,
            "words": STATUS_WORDS[status],
            "steps": sum(1 for s in family.next_steps if s.status == status),
        }
        for status in _STATUS_ORDER
    ]
    return pd.DataFrame(rows, columns=NEXT_STEP_COLUMNS).astype({"steps": "int64"})


def read_next_steps(frame: pd.DataFrame) -> str:
    """Say how the next steps are going, in the order doing, trying, not for now."""
    counts = dict(zip(frame["status"], frame["steps"], strict=True))
    total = sum(int(v) for v in counts.values())
    if total == 0:
        return "No next steps agreed yet: they are agreed at the end of each shared review."
    parts = []
    doing = int(counts.get(NextStepStatus.DOING.value, 0))
    trying = int(counts.get(NextStepStatus.TRYING.value, 0))
    not_now = int(counts.get(NextStepStatus.NOT_NOW.value, 0))
    if doing:
        parts.append(f"{count_in_words(doing, 'is', 'are')} part of everyday life now")
    if trying:
        parts.append(f"{count_in_words(trying, 'is', 'are')} being tried")
    if not_now:
        parts.append(f"{count_in_words(not_now, 'is', 'are')} for another time")
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Of {count_in_words(total, 'next step')}, {listed}."
