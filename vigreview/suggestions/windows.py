"""Scoring stretches of a film for liveliness and choosing the best few as suggestions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SUGGESTION_S = 25.0
MAX_SUGGESTIONS = 5
# Fewer turns than this in 25 s is not a lively exchange; the film then gets no suggestion.
MIN_TURNS = 3
_STEP_S = 1.0
# Movement can lift a window with turns, never make one on its own.
_MOVEMENT_WEIGHT = 2.0
# A window "moves more than usual" when its movement is this many times the film's median.
_BUSY_MOVEMENT_RATIO = 1.5


@dataclass(frozen=True)
class Suggestion:
    """A stretch of film the app suggests looking at, and why."""

    start_s: float
    end_s: float
    turns: int
    busy: bool
    score: float

    @property
    def reason(self) -> str:
        """Say honestly what was found there, in plain words."""
        reason = f"{self.turns} turns between two voices"
        return reason + ", and more movement than usual" if self.busy else reason


def choose_windows(
    turn_times: Sequence[float] | np.ndarray,
    movement_times: Sequence[float] | np.ndarray,
    movement: Sequence[float] | np.ndarray,
    duration_s: float,
    *,
    count: int = MAX_SUGGESTIONS,
) -> list[Suggestion]:
    """Return up to `count` non-overlapping SUGGESTION_S windows, liveliest first.

    A window's score is its number of turns between two voices, plus up to _MOVEMENT_WEIGHT
    for movement above the film's usual level. Windows with fewer than MIN_TURNS turns are
    never suggested. Among equal scores the window whose turns sit nearest its middle wins.
    """
    length = min(SUGGESTION_S, duration_s)
    turns = np.sort(np.asarray(turn_times, dtype=float))
    m_times = np.asarray(movement_times, dtype=float)
    m_energy = np.asarray(movement, dtype=float)
    usual = float(np.median(m_energy)) if len(m_energy) else 0.0
    candidates: list[tuple[float, float, Suggestion]] = []
    for start in np.arange(0.0, max(duration_s - length, 0.0) + 1e-9, _STEP_S):
        end = start + length
        inside = turns[(turns >= start) & (turns < end)]
        if len(inside) < MIN_TURNS:
            continue
        in_window = m_energy[(m_times >= start) & (m_times < end)]
        level = float(in_window.mean()) if len(in_window) else 0.0
        ratio = level / usual if usual > 0 else 0.0
        lift = _MOVEMENT_WEIGHT * min(1.0, max(0.0, ratio - 1.0))
        score = len(inside) + lift
        off_centre = abs(float(inside.mean()) - (start + end) / 2)
        suggestion = Suggestion(
            start_s=round(float(start), 2),
            end_s=round(float(end), 2),
            turns=len(inside),
            busy=ratio >= _BUSY_MOVEMENT_RATIO,
            score=round(score, 3),
        )
        candidates.append((-score, off_centre, suggestion))
    chosen: list[Suggestion] = []
    for _, _, candidate in sorted(candidates, key=lambda c: (c[0], c[1], c[2].start_s)):
        if all(candidate.end_s <= s.start_s or candidate.start_s >= s.end_s for s in chosen):
            chosen.append(candidate)
        if len(chosen) == count:
            break
    return chosen


def still_open(
    suggestions: Sequence[Suggestion], marked: Sequence[tuple[float, float]]
) -> list[Suggestion]:
    """Return the suggestions not already marked: none of a marked moment covers half of it."""

    def covered(s: Suggestion) -> bool:
        length = s.end_s - s.start_s
        return any(min(s.end_s, e) - max(s.start_s, b) >= length / 2 for b, e in marked)

    return [s for s in suggestions if not covered(s)]
