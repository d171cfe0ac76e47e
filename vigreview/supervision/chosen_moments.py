"""What a supervisor may see: the chosen moments of families who consented to supervision.

A supervision pack holds no names beyond the pseudonym, no notes and no consent details:
only what the guider chose to bring, and only while the parent's consent stands.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from vigreview.caseload import load_family
from vigreview.models import ConsentPurpose, Family, MomentKind
from vigreview.principles import describe_tag
from vigreview.storage import StorageError, Store

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PackMoment:
    """One moment as a supervisor sees it."""

    cycle_number: int
    moment_id: str
    title: str
    length_s: float
    working_point: bool
    principles: tuple[str, ...]


@dataclass(frozen=True)
class SupervisionPack:
    """One family's moments for supervision."""

    family_id: str
    pseudonym: str
    lead_guider: str
    cycles: int
    moments: tuple[PackMoment, ...]


def build_pack(family: Family) -> SupervisionPack:
    """Return the family's supervision pack (call only with supervision consent in force)."""
    moments = tuple(
        PackMoment(
            cycle_number=cycle.number,
            moment_id=moment.id,
            title=moment.title,
            length_s=max(0.0, moment.end_s - moment.start_s),
            working_point=moment.kind == MomentKind.WORKING_POINT,
            principles=tuple(describe_tag(tag) for tag in moment.principles),
        )
        for cycle in family.cycles
        for moment in sorted(cycle.moments, key=lambda m: m.order)
    )
    return SupervisionPack(
        family.id, family.pseudonym, family.lead_guider, len(family.cycles), moments
    )


def list_supervision_packs(store: Store, today: date) -> list[SupervisionPack]:
    """Return a pack for every family whose supervision consent is in force today."""
    packs = []
    for entry in store.list_families():
        try:
            family = load_family(store, str(entry["id"]))
        except StorageError as error:
            logger.warning("Supervision skips family %s: %s", entry.get("id"), error)
            continue
        if family.has_consent(ConsentPurpose.SUPERVISION, today):
            packs.append(build_pack(family))
    return sorted(packs, key=lambda p: p.pseudonym.casefold())
