"""The shared review: helping question, the parent's words, ratings and next steps."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


@dataclass(frozen=True)
class HelpingQuestion:
    """The change the parent wants, agreed with the guider; every version is kept."""

    text: str
    written_on: date


@dataclass(frozen=True)
class Reflection:
    """One reflective prompt about a moment and the parent's own words in answer."""

    prompt_id: str
    prompt: str
    words: str = ""
    starred: bool = False
    written_at: datetime | None = None


class NextStepStatus(StrEnum):
    """How a next step is going, carried into the next cycle."""

    TRYING = "trying"
    DOING = "doing"
    NOT_NOW = "not_now"


@dataclass(frozen=True)
class NextStep:
    """Something the parent will try or keep doing, tied to the helping question."""

    id: str
    text: str
    agreed_in_cycle: int
    agreed_on: date
    status: NextStepStatus = NextStepStatus.TRYING


@dataclass(frozen=True)
class SharedReview:
    """Guider and parent watching one cycle's moments together."""

    started_at: datetime | None = None
    finished_at: datetime | None = None
    show_working_points: bool = False
    rating_start: int | None = None
    rating_end: int | None = None
    strengths_summary: str = ""
    how_it_went: str = ""
    position: int = 0
