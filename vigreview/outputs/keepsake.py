"""The parent's keepsake: a PDF of their best moments, their own words and what comes next.

Only what the parent has already seen and said goes in: the helping question, the key stills
of moments that worked well and were shown to them, the words they starred to keep, the
strengths summary of each review, the guider's line in the baby's voice for a moment (as a
speech bubble over its picture) and the next steps they are doing or trying. Never a guider
note, a working point or a step put off "for now". Names are the ones on the record.

It is written in the family's language (their gettext catalog; Urdu right to left). The
parent's own words, the question and the titles stay exactly as they were typed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fpdf.enums import MethodReturnValue

from vigreview.caseload import load_family
from vigreview.cycles import ACTIVITY_LABELS
from vigreview.i18n import find_language, format_day_in, translator_for
from vigreview.models import Cycle, Family, Moment, MomentKind, NextStepStatus
from vigreview.moments import moments_in_order
from vigreview.outputs.export_rules import check_keepsake_allowed, record_export
from vigreview.outputs.key_stills import find_key_stills
from vigreview.outputs.pdf_document import BODY_PT, INK, THEME, PdfDocument
from vigreview.storage import Store

StillFinder = Callable[[Cycle, Moment], list[Path]]
STILL_HEIGHT_MM = 70


@dataclass(frozen=True)
class KeepsakeMoment:
    """One moment that worked well, its pictures and the parent's words about it."""

    title: str
    stills: tuple[Path, ...]
    words: tuple[str, ...]
    baby_voice: str = ""


@dataclass(frozen=True)
class KeepsakeCycle:
    """One cycle as the keepsake tells it."""

    number: int
    activity: str
    filmed_on: date
    moments: tuple[KeepsakeMoment, ...]
    strengths: str


@dataclass(frozen=True)
class KeepsakeContent:
    """Everything that goes into a keepsake, already chosen for the parent's eyes."""

    parent: str
    baby: str
    helping_question: str
    cycles: tuple[KeepsakeCycle, ...]
    doing: tuple[str, ...]
    trying: tuple[str, ...]
    made_on: date
    language: str = "en"


def is_for_the_parent(moment: Moment) -> bool:
    """Return True for a moment that worked well and was chosen to show the parent."""
    return moment.kind == MomentKind.GOOD and moment.show_to_parent


def starred_words(moment: Moment) -> tuple[str, ...]:
    """Return the parent's words about a moment that they starred to keep."""
    return tuple(r.words.strip() for r in moment.reflections if r.starred and r.words.strip())


def gather_keepsake(family: Family, stills: StillFinder, made_on: date) -> KeepsakeContent:
    """Choose what goes into the family's keepsake (pure but for `stills`)."""
    words = translator_for(family.language)
    cycles = []
    for cycle in sorted(family.cycles, key=lambda c: c.number):
        moments = tuple(
            KeepsakeMoment(m.title, tuple(stills(cycle, m)), starred_words(m), m.baby_voice.strip())
            for m in moments_in_order(cycle)
            if is_for_the_parent(m)
        )
        strengths = cycle.review.strengths_summary.strip() if cycle.review else ""
        if moments or strengths:
            cycles.append(
                KeepsakeCycle(
                    cycle.number,
                    words.gettext(ACTIVITY_LABELS[cycle.activity]),
                    cycle.filmed_on,
                    moments,
                    strengths,
                )
            )
    question = family.current_helping_question()
    return KeepsakeContent(
        parent=family.pseudonym,
        baby=family.baby_name,
        helping_question=question.text if question else "",
        cycles=tuple(cycles),
        doing=tuple(s.text for s in family.next_steps if s.status == NextStepStatus.DOING),
        trying=tuple(s.text for s in family.next_steps if s.status == NextStepStatus.TRYING),
        made_on=made_on,
        language=find_language(family.language).code,
    )


def _block_height(moment: KeepsakeMoment | None) -> float:
    """Return about how tall a moment's title, pictures and first words are, in mm."""
    if moment is None:
        return 20
    return 30 + (STILL_HEIGHT_MM if moment.stills else 0)


BUBBLE_PAD_MM = 3.0
BUBBLE_TAIL_MM = 5.0


def _speech_bubble(document: PdfDocument, baby: str, line: str) -> None:
    """Draw the baby's line as a speech bubble whose tail points down at the picture below."""
    pdf = document.pdf
    text = document.clean(f"{baby}: “{line}”")
    pdf.set_font(document.font_family_for(text), "", BODY_PT + 1)
    width = min(pdf.get_string_width(text) + 2 * (BUBBLE_PAD_MM + pdf.c_margin) + 1, pdf.epw * 0.8)
    line_mm = (BODY_PT + 1) * 0.5
    wrapped = pdf.multi_cell(
        width - 2 * BUBBLE_PAD_MM, line_mm, text, dry_run=True, output=MethodReturnValue.LINES
    )
    lines = len(wrapped) if isinstance(wrapped, list) else 1
    height = lines * line_mm + 2 * BUBBLE_PAD_MM
    if pdf.will_page_break(height + BUBBLE_TAIL_MM + 10):
        pdf.add_page()
    x, y = pdf.l_margin + 4, pdf.get_y() + 1
    pdf.set_draw_color(*THEME)
    pdf.set_fill_color(255, 253, 244)
    pdf.set_line_width(0.5)
    pdf.rect(x, y, width, height, style="DF", round_corners=True, corner_radius=4)
    tail = (
        (x + 8, y + height - 0.3),
        (x + 16, y + height - 0.3),
        (x + 9, y + height + BUBBLE_TAIL_MM),
    )
    pdf.polygon(tail, style="DF")
    pdf.set_text_color(*INK)
    pdf.set_xy(x + BUBBLE_PAD_MM, y + BUBBLE_PAD_MM)
    pdf.multi_cell(width - 2 * BUBBLE_PAD_MM, line_mm, text, markdown=False, align="L")
    pdf.set_y(y + height + BUBBLE_TAIL_MM + 1)


def render_keepsake(content: KeepsakeContent) -> bytes:
    """Lay the keepsake out as an A4 PDF, in the family's language, and return it."""
    words = translator_for(content.language)
    names = {"parent": content.parent, "baby": content.baby}
    made_on = format_day_in(content.language, content.made_on)
    title = words.gettext("Moments to keep: {parent} and {baby}", **names)
    document = PdfDocument(
        title=title,
        footer=words.gettext("Made for {parent} and {baby} · {date}", date=made_on, **names),
        right_to_left=words.language.is_rtl,
        page_label=words.gettext("page {page}"),
    )
    document.title(title, subtitle=made_on)
    document.paragraph(
        words.gettext(
            "These are some of the moments from your films when things went really well "
            "between you and {baby}, with the words you chose to keep.",
            baby=content.baby,
        )
    )
    if content.helping_question:
        document.heading(words.gettext("Your question"))
        document.quote(content.helping_question)
    for cycle in content.cycles:
        # A heading, the first moment's title and its pictures stay on one page.
        first = cycle.moments[0] if cycle.moments else None
        document.keep_space(_block_height(first) + 20)
        filmed_on = format_day_in(content.language, cycle.filmed_on)
        document.heading(
            words.gettext("{activity}, {date}", activity=cycle.activity, date=filmed_on)
        )
        for moment in cycle.moments:
            document.keep_space(_block_height(moment))
            document.subheading(moment.title)
            if moment.baby_voice:
                _speech_bubble(document, content.baby, moment.baby_voice)
            document.images(list(moment.stills), height_mm=STILL_HEIGHT_MM)
            for kept in moment.words:
                document.quote(kept)
        if cycle.strengths:
            document.label_and_text(words.gettext("What we saw together"), cycle.strengths)
    if content.doing or content.trying:
        steps = len(content.doing) + len(content.trying)
        document.keep_space(40 + 8 * steps)
        document.heading(words.gettext("What you are doing next"))
        if content.doing:
            document.subheading(words.gettext("Things you do now"))
            document.bullets(list(content.doing))
        if content.trying:
            document.subheading(words.gettext("Things you are trying"))
            document.bullets(list(content.trying))
    document.space(6)
    document.paragraph(
        words.gettext("Thank you for sharing these moments, {parent}.", parent=content.parent)
    )
    return document.to_bytes()


def make_keepsake(store: Store, family_id: str, who: str, on: date) -> bytes:
    """Return the family's keepsake PDF and note the export in its history.

    Raises ExportNotAllowed when the parent's shared-review consent is not on record today.
    """
    family = load_family(store, family_id)
    check_keepsake_allowed(family, on)

    def stills(cycle: Cycle, moment: Moment) -> list[Path]:
        return find_key_stills(store, family_id, cycle, moment)

    pdf = render_keepsake(gather_keepsake(family, stills, on))
    record_export(store, family_id, who, "Keepsake PDF for the parent")
    return pdf
