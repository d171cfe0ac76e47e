"""A cycle of the work: filming an activity, choosing moments, reviewing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from vigreview.models.review import Reflection, SharedReview

DEFAULT_LEAD_UP_S = 20.0


class Activity(StrEnum):
    """The everyday activity that was filmed."""

    FEEDING = "feeding"
    PLAY = "play"
    BOOK = "book"
    FOLLOWING_LEAD = "following_lead"
    OTHER = "other"


class MomentKind(StrEnum):
    """A moment that worked well, or (later in the work) one to reflect on gently."""

    GOOD = "good"
    WORKING_POINT = "working_point"


@dataclass(frozen=True)
class Film:
    """One imported film, normalised to H.264/AAC MP4 in the family's media folder."""

    id: str
    file_name: str
    original_name: str
    imported_at: datetime
    duration_s: float
    width: int
    height: int
    kept_original: bool = False
    # Set when the footage was deleted (consent withdrawn or retention ended): the record
    # keeps that the film existed and when it went, never the film itself.
    deleted_on: date | None = None


@dataclass(frozen=True)
class Moment:
    """A stretch of a film the guider chose, with what made it work."""

    id: str
    film_id: str
    title: str
    start_s: float
    end_s: float
    lead_up_s: float = DEFAULT_LEAD_UP_S
    kind: MomentKind = MomentKind.GOOD
    show_to_parent: bool = True
    principles: tuple[str, ...] = ()
    own_tags: tuple[str, ...] = ()
    order: int = 0
    key_still_times: tuple[float, ...] = ()
    guider_notes: str = ""
    reflections: tuple[Reflection, ...] = ()
    # One short line in the baby's voice ("I like it when you wait for me"), written by the
    # guider; shown to the parent as a speech bubble on the moment's still. Empty: none.
    baby_voice: str = ""


@dataclass(frozen=True)
class Cycle:
    """One round of filming, micro-analysis and shared review."""

    number: int
    activity: Activity
    filmed_on: date
    films: tuple[Film, ...] = ()
    moments: tuple[Moment, ...] = ()
    review: SharedReview | None = None
