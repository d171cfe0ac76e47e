"""The end-of-work summary for the referrer: drafted from the record, edited, exported as PDF.

The draft says what the record says (the helping question, how many cycles, the parent's
ratings first to last, the strengths seen, the next steps) and nothing the guider kept for
themselves: no guider notes, no working points. The guider edits every section before export;
the edited text is kept on the family's record so it survives leaving the page.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vigreview.caseload import change_family
from vigreview.cycles import ACTIVITY_LABELS
from vigreview.dates import format_day
from vigreview.models import Family, ReferrerSummary
from vigreview.next_steps import STATUS_WORDS
from vigreview.outputs.export_rules import record_export
from vigreview.outputs.pdf_document import PdfDocument
from vigreview.progress import (
    build_principles_frame,
    build_ratings_frame,
    count_in_words,
    ratings_in_order,
)
from vigreview.storage import Store

SECTION_TITLES = {
    "helping_question": "The helping question",
    "cycles": "The work",
    "ratings": "How the parent rated progress",
    "strengths": "Strengths seen",
    "next_steps": "Next steps",
}
MAX_SECTION_LENGTH = 3000


def _draft_cycles(family: Family) -> str:
    cycles = sorted(family.cycles, key=lambda c: c.number)
    if not cycles:
        return "No cycles of filming and shared review took place."
    reviewed = sum(1 for c in cycles if c.review is not None and c.review.finished_at)
    activities = sorted({ACTIVITY_LABELS[c.activity].lower() for c in cycles})
    span = (
        f"on {format_day(cycles[0].filmed_on)}"
        if len(cycles) == 1
        else f"between {format_day(cycles[0].filmed_on)} and {format_day(cycles[-1].filmed_on)}"
    )
    return (
        f"{count_in_words(len(cycles), 'cycle').capitalize()} of filming {span} "
        f"({', '.join(activities)}), with {count_in_words(reviewed, 'shared review')} "
        f"completed, working with {family.pseudonym} and {family.baby_name} from "
        f"{format_day(family.opened_on)}."
    )


def _draft_ratings(family: Family) -> str:
    given = ratings_in_order(build_ratings_frame(family))
    if not given:
        return "No ratings were recorded."
    if len(given) == 1:
        return f"The parent rated their progress {given[0][1]} out of 10 (cycle {given[0][0]})."
    (first_cycle, first), (last_cycle, last) = given[0], given[-1]
    return (
        f"Asked how close they felt to their helping question (0 to 10), the parent said "
        f"{first} in cycle {first_cycle} and {last} in cycle {last_cycle}."
    )


def _draft_strengths(family: Family) -> str:
    frame = build_principles_frame(family)
    totals = frame.groupby("principle", sort=False)["moments"].sum()
    lines = [
        f"{name}: seen in {count_in_words(int(count), 'moment')}"
        for name, count in totals.items()
        if count
    ]
    for cycle in sorted(family.cycles, key=lambda c: c.number):
        if cycle.review and cycle.review.strengths_summary.strip():
            lines.append(f"Cycle {cycle.number}: {cycle.review.strengths_summary.strip()}")
    return "\n".join(lines) if lines else "No strengths were recorded yet."


def _draft_next_steps(family: Family) -> str:
    if not family.next_steps:
        return "No next steps were agreed."
    return "\n".join(f"{s.text} ({STATUS_WORDS[s.status].lower()})" for s in family.next_steps)


def draft_summary(family: Family) -> ReferrerSummary:
    """Return a first draft of every section, from the record."""
    question = family.current_helping_question()
    return ReferrerSummary(
        helping_question=question.text if question else "No helping question was written.",
        cycles=_draft_cycles(family),
        ratings=_draft_ratings(family),
        strengths=_draft_strengths(family),
        next_steps=_draft_next_steps(family),
    )


def current_summary(family: Family) -> ReferrerSummary:
    """Return the guider's last edit of the summary, or a fresh draft if there is none."""
    return family.referrer_summary or draft_summary(family)


def check_summary(summary: ReferrerSummary) -> dict[str, str]:
    """Return a plain message per section that cannot be exported as it is."""
    errors = {}
    for field, title in SECTION_TITLES.items():
        text = str(getattr(summary, field))
        if not text.strip():
            errors[field] = f"Please write something under '{title}', even 'None'."
        elif len(text) > MAX_SECTION_LENGTH:
            errors[field] = f"Please keep '{title}' to {MAX_SECTION_LENGTH} characters or fewer."
    return errors


def save_summary(store: Store, family_id: str, summary: ReferrerSummary, on: date) -> Family:
    """Keep the guider's edit of the summary on the family's record."""
    edited = replace(summary, edited_on=on)
    return change_family(store, family_id, lambda f: replace(f, referrer_summary=edited))


def forget_edits(store: Store, family_id: str) -> Family:
    """Drop the guider's edits, so the summary is drafted afresh from the record."""
    return change_family(store, family_id, lambda f: replace(f, referrer_summary=None))


def render_summary(family: Family, summary: ReferrerSummary, on: date) -> bytes:
    """Lay the summary out as an A4 PDF and return it."""
    names = f"{family.pseudonym} and {family.baby_name}"
    document = PdfDocument(
        title=f"End-of-work summary: {names}",
        footer=f"VIG Review · end-of-work summary · {format_day(on)}",
    )
    details = f"Guider: {family.lead_guider}"
    if family.referred_by:
        details += f" · referred by: {family.referred_by}"
    document.title(f"End-of-work summary: {names}", subtitle=f"{details} · {format_day(on)}")
    document.paragraph(
        "Video Interaction Guidance (VIG): the parent and baby were filmed together, and the "
        "moments that went best were watched back with the parent in shared reviews.",
        soft=True,
    )
    for field, title in SECTION_TITLES.items():
        document.heading(title)
        lines = [line for line in str(getattr(summary, field)).splitlines() if line.strip()]
        if field in ("strengths", "next_steps") and len(lines) > 1:
            document.bullets(lines)
        else:
            document.paragraph("\n".join(lines))
    return document.to_bytes()


def export_summary(
    store: Store, family_id: str, summary: ReferrerSummary, who: str, on: date
) -> bytes:
    """Save the edited summary, return it as a PDF and note the export in the history."""
    family = save_summary(store, family_id, summary, on)
    pdf = render_summary(family, summary, on)
    record_export(store, family_id, who, "End-of-work summary PDF for the referrer")
    return pdf
