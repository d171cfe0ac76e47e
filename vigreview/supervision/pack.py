"""The trainee guider's supervision pack: chosen moments, why they worked, and what came back.

Only families whose supervision consent stands on the day are offered, and the consent is
checked again when the pack is made. For each chosen moment the pack gives the principles that
made it work (the guider's rationale, behaviour by behaviour), the guider's notes on the moment
and on how the shared review went, its key stills, and the supervisor's comments written back
into the app. Pseudonyms only: no dates of birth, no referral or family notes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from vigreview.caseload import (
    CaseSummary,
    change_family,
    derive_from_family,
    list_case_summaries,
    list_trainee_summaries,
    load_family,
)
from vigreview.cycles import ACTIVITY_LABELS, get_cycle
from vigreview.dates import format_day
from vigreview.models import Cycle, Family, Moment, MomentKind, SupervisorComment
from vigreview.moments import find_moment, moments_in_order
from vigreview.outputs.export_rules import may_take_to_supervision, record_export
from vigreview.outputs.key_stills import find_key_stills
from vigreview.outputs.pdf_document import PdfDocument
from vigreview.principles import PRINCIPLES, describe_tag, principle_of
from vigreview.storage import StorageError, Store

logger = logging.getLogger(__name__)

MAX_COMMENT_LENGTH = 2000
StillFinder = Callable[[Family, Cycle, Moment], list[Path]]


@dataclass(frozen=True)
class MomentChoice:
    """One moment chosen for supervision."""

    family_id: str
    cycle_number: int
    moment_id: str


@dataclass(frozen=True)
class CandidateMoment:
    """A moment that may be chosen, with what the chooser needs to see."""

    choice: MomentChoice
    pseudonym: str
    lead_guider: str
    title: str
    working_point: bool

    @property
    def label(self) -> str:
        """Return how the moment is listed: family, cycle, title and kind."""
        kind = " (working point)" if self.working_point else ""
        return f"{self.pseudonym} · cycle {self.choice.cycle_number} · {self.title}{kind}"


@dataclass(frozen=True)
class PackEntry:
    """One moment as the supervision pack shows it."""

    pseudonym: str
    baby: str
    baby_age_months: int | None
    cycle_number: int
    activity: str
    title: str
    working_point: bool
    length_s: float
    rationale: tuple[tuple[str, tuple[str, ...]], ...]
    own_tags: tuple[str, ...]
    guider_notes: str
    how_it_went: str
    comments: tuple[SupervisorComment, ...]
    stills: tuple[Path, ...]


def _families_in_supervision(
    store: Store, today: date, guider: str | None
) -> Iterable[CaseSummary]:
    found = list_trainee_summaries(store, guider) if guider else list_case_summaries(store)
    return (summary for summary in found if may_take_to_supervision(summary, today))


def list_family_moments(family: Family) -> tuple[CandidateMoment, ...]:
    """Return every moment of the family as it may be offered, cycle by cycle, in order."""
    return tuple(
        CandidateMoment(
            MomentChoice(family.id, cycle.number, moment.id),
            family.pseudonym,
            family.lead_guider,
            moment.title,
            moment.kind == MomentKind.WORKING_POINT,
        )
        for cycle in sorted(family.cycles, key=lambda c: c.number)
        for moment in moments_in_order(cycle)
    )


def list_candidate_moments(
    store: Store, today: date, guider: str | None = None
) -> list[CandidateMoment]:
    """Return every moment of families whose supervision consent stands today.

    `guider` limits the list to that guider's families (None: every guider's). Consent is
    read from the caseload index; only those families' records are opened, and a record's
    moments are listed again only once it was saved since (see derive_from_family).
    """
    candidates: list[CandidateMoment] = []
    for summary in _families_in_supervision(store, today, guider):
        try:
            candidates.extend(derive_from_family(store, summary.id, list_family_moments))
        except StorageError as error:
            # One damaged record must not hide the other families' moments.
            logger.warning("Supervision skips family %s: %s", summary.id, error)
    return sorted(candidates, key=lambda c: (c.pseudonym.casefold(), c.choice.cycle_number))


def explain_rationale(moment: Moment) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the moment's tags grouped under the six principles, in the framework's order."""
    grouped: dict[str, list[str]] = {}
    for tag in moment.principles:
        principle = principle_of(tag)
        if principle is not None:
            grouped.setdefault(principle.id, []).append(describe_tag(tag))
    return tuple((p.title, tuple(grouped[p.id])) for p in PRINCIPLES if p.id in grouped)


def comments_on(family: Family, cycle_number: int, moment_id: str) -> tuple[SupervisorComment, ...]:
    """Return the supervisor's comments on one moment, oldest first."""
    return tuple(
        c
        for c in family.supervisor_comments
        if c.cycle_number == cycle_number and c.moment_id == moment_id
    )


def make_entry(family: Family, cycle: Cycle, moment: Moment, stills: list[Path]) -> PackEntry:
    """Return the pack's view of one moment (pure)."""
    return PackEntry(
        pseudonym=family.pseudonym,
        baby=family.baby_name,
        baby_age_months=family.baby_age_on(cycle.filmed_on),
        cycle_number=cycle.number,
        activity=ACTIVITY_LABELS[cycle.activity],
        title=moment.title,
        working_point=moment.kind == MomentKind.WORKING_POINT,
        length_s=max(0.0, moment.end_s - moment.start_s),
        rationale=explain_rationale(moment),
        own_tags=moment.own_tags,
        guider_notes=moment.guider_notes.strip(),
        how_it_went=cycle.review.how_it_went.strip() if cycle.review else "",
        comments=comments_on(family, cycle.number, moment.id),
        stills=tuple(stills),
    )


@dataclass(frozen=True)
class GatheredPack:
    """The pack's moments, and the families left out because their consent did not stand."""

    entries: tuple[PackEntry, ...]
    left_out: tuple[str, ...]
    family_ids: tuple[str, ...]


def gather_pack(
    store: Store, choices: Iterable[MomentChoice], today: date, stills: StillFinder
) -> GatheredPack:
    """Load every chosen moment whose family's supervision consent stands today."""
    entries: list[PackEntry] = []
    left_out: list[str] = []
    included: list[str] = []
    families: dict[str, Family | None] = {}
    for choice in choices:
        if choice.family_id not in families:
            loaded = load_family(store, choice.family_id)
            allowed = may_take_to_supervision(loaded, today)
            families[choice.family_id] = loaded if allowed else None
            (included if allowed else left_out).append(loaded.id if allowed else loaded.pseudonym)
        family = families[choice.family_id]
        if family is None:
            continue
        cycle = get_cycle(family, choice.cycle_number)
        moment = find_moment(cycle, choice.moment_id)
        entries.append(make_entry(family, cycle, moment, stills(family, cycle, moment)))
    return GatheredPack(tuple(entries), tuple(left_out), tuple(included))


def render_pack(entries: Iterable[PackEntry], trainee: str, made_on: date) -> bytes:
    """Lay the supervision pack out as an A4 PDF and return it."""
    document = PdfDocument(
        title=f"Supervision pack: {trainee}",
        footer=f"Supervision pack · {trainee} · {format_day(made_on)} · confidential",
    )
    document.title(f"Supervision pack: {trainee}", subtitle=format_day(made_on))
    document.paragraph(
        "Moments chosen for supervision, from families who agreed to it. Pseudonyms only; "
        "please keep this pack confidential and delete it after supervision.",
        soft=True,
    )
    for number, entry in enumerate(entries, start=1):
        # The heading, the line under it and the stills stay on one page.
        document.keep_space(90 if entry.stills else 40)
        document.heading(f"{number}. {entry.title}")
        age = f", baby about {entry.baby_age_months} months" if entry.baby_age_months else ""
        kind = "Working point" if entry.working_point else "A moment that worked well"
        document.paragraph(
            f"{entry.pseudonym} with {entry.baby}{age} · cycle {entry.cycle_number} · "
            f"{entry.activity} · {kind} · {entry.length_s:.0f} seconds",
            soft=True,
        )
        document.images(list(entry.stills), height_mm=50)
        document.subheading(
            "Principles to reflect on"
            if entry.working_point
            else "Why it was chosen: the principles seen"
        )
        if entry.rationale:
            document.bullets(
                [f"{title}: {'; '.join(behaviours)}" for title, behaviours in entry.rationale]
            )
        else:
            document.paragraph("No principles tagged yet.", soft=True)
        if entry.own_tags:
            document.label_and_text("The guider's own tags", ", ".join(entry.own_tags))
        document.label_and_text(
            "The guider's notes on the moment", entry.guider_notes or "None written."
        )
        document.label_and_text(
            "How the shared review went", entry.how_it_went or "None written yet."
        )
        document.subheading("Supervisor's comments")
        if entry.comments:
            for comment in entry.comments:
                document.quote(comment.text)
                document.paragraph(
                    f"{comment.supervisor}, {format_day(comment.written_on)}", soft=True
                )
        else:
            document.paragraph("None yet: add them in the app after supervision.", soft=True)
    return document.to_bytes()


@dataclass(frozen=True)
class MadePack:
    """A finished pack and the families whose moments were left out."""

    pdf: bytes
    moments: int
    left_out: tuple[str, ...]


def make_supervision_pack(
    store: Store, choices: Iterable[MomentChoice], trainee: str, who: str, today: date
) -> MadePack:
    """Return the pack for the chosen moments within consent; note it in each family's history."""

    def stills(family: Family, cycle: Cycle, moment: Moment) -> list[Path]:
        return find_key_stills(store, family.id, cycle, moment, width=640)

    gathered = gather_pack(store, choices, today, stills)
    pdf = render_pack(gathered.entries, trainee, today)
    for family_id in gathered.family_ids:
        record_export(store, family_id, who, f"Supervision pack for {trainee}")
    return MadePack(pdf, len(gathered.entries), gathered.left_out)


def check_comment(text: str) -> str | None:
    """Return a plain message if the comment cannot be saved as it is."""
    if not text.strip():
        return "Please write the supervisor's comments first."
    if len(text) > MAX_COMMENT_LENGTH:
        return f"Please keep the comments to {MAX_COMMENT_LENGTH} characters or fewer."
    return None


def add_supervisor_comment(
    store: Store, choice: MomentChoice, text: str, supervisor: str, on: date
) -> Family:
    """Write a supervisor's comments on a moment back into the family's record.

    Raises ValueError (plain words) for an empty or over-long comment, and StorageError when
    the moment has gone.
    """
    problem = check_comment(text) or (
        None if supervisor.strip() else "Please enter the supervisor's name."
    )
    if problem:
        raise ValueError(problem)
    comment = SupervisorComment(
        choice.cycle_number, choice.moment_id, text.strip(), supervisor.strip(), on
    )

    def add(family: Family) -> Family:
        find_moment(get_cycle(family, choice.cycle_number), choice.moment_id)
        return replace(family, supervisor_comments=(*family.supervisor_comments, comment))

    return change_family(store, choice.family_id, add)
