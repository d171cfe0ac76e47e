"""From a film on disk to its suggested moments: sound, voices, turns, movement, windows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vigreview.suggestions.movement import measure_movement
from vigreview.suggestions.sound import describe_sound, read_sound
from vigreview.suggestions.voices import find_turns, find_utterances, label_voices
from vigreview.suggestions.windows import Suggestion, choose_windows

# Share of the work (for the progress bar): decoding pictures costs far more than sound.
_SOUND_SHARE = 0.15


def find_suggestions(
    film: Path, duration_s: float, progress: Callable[[float], None] | None = None
) -> list[Suggestion]:
    """Read the film's sound and picture and return its liveliest windows, best first."""

    def report(offset: float, share: float) -> Callable[[float], None]:
        return lambda fraction: progress(offset + share * fraction) if progress else None

    sound = describe_sound(read_sound(film, report(0.0, _SOUND_SHARE)))
    utterances = find_utterances(label_voices(sound), sound.hop_s)
    turns = find_turns(utterances)
    movement = measure_movement(film, report(_SOUND_SHARE, 1.0 - _SOUND_SHARE))
    return choose_windows(turns, movement.times_s, movement.energy, duration_s)
