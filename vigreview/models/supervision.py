"""What a supervisor says back about the moments a trainee guider brought to supervision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SupervisorComment:
    """A supervisor's comments on one moment, written back into the family's record."""

    cycle_number: int
    moment_id: str
    text: str
    supervisor: str
    written_on: date
