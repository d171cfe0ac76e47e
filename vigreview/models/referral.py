"""The end-of-work summary for the referrer, as the guider last edited it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ReferrerSummary:
    """The summary's sections in the guider's words; each starts as a draft from the record."""

    helping_question: str
    cycles: str
    ratings: str
    strengths: str
    next_steps: str
    edited_on: date | None = None
