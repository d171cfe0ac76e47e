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
class MomentPrompts:
    """The reflective prompts the guider chose for one moment of a review, in order."""

    moment_id: str
    prompt_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class SharedReview:
    """Guider and parent watching one cycle's moments together.

    `position` is the index of the screen the review is on, so it can be resumed anywhere.
    `prompt_choices` holds the guider's choice of prompts per moment; a moment without a
    choice gets the default prompts.
    """

    started_at: datetime | None = None
    finished_at: datetime | None = None
    show_working_points: bool = False
    rating_start: int | None = None
    rating_end: int | None = None
    strengths_summary: str = ""
    how_it_went: str = ""
    position: int = 0
    prompt_choices: tuple[MomentPrompts, ...] = ()

    def chosen_prompt_ids(self, moment_id: str) -> tuple[str, ...] | None:
        """Return the prompts the guider chose for `moment_id`, or None if none were chosen."""
        for choice in self.prompt_choices:
            if choice.moment_id == moment_id:
                return choice.prompt_ids
        return None
