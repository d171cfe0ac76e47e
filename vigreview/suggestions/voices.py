"""Two voices told apart by pitch and loudness, and the turns they take."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from vigreview.suggestions.sound import SoundFrames

# Two voices count as different only if their typical pitches are at least this far apart
# (0.4 octave, about five semitones: an adult's speaking voice and a baby's are an octave).
MIN_PITCH_GAP_OCTAVES = 0.4
# In the voice clustering, 12 dB of loudness weighs as much as an octave of pitch.
_DB_PER_OCTAVE = 12.0
# Shorter runs of one voice are clicks or mislabelled frames, not a turn.
MIN_UTTERANCE_S = 0.15
# Unvoiced gaps this short (between syllables) do not end an utterance.
MAX_SYLLABLE_GAP_S = 0.12
# An answer that comes within this long after the other voice stopped is a turn.
MAX_TURN_GAP_S = 2.0
_KMEANS_ROUNDS = 20


@dataclass(frozen=True)
class Utterance:
    """One stretch of one voice: 0 (the lower voice) or 1 (the higher one)."""

    voice: int
    start_s: float
    end_s: float


def label_voices(sound: SoundFrames) -> np.ndarray:
    """Return per frame -1 (no voice), 0 (the lower voice) or 1 (the higher voice).

    Voiced frames are split into two groups by pitch (in octaves) and loudness with a small
    k-means; if the two groups' pitches are too close, the film has one voice: all 0.
    """
    labels = np.full(len(sound.pitch_hz), -1, np.int8)
    voiced = sound.voiced
    if voiced.sum() < 2:
        return labels
    octaves = np.log2(sound.pitch_hz[voiced].astype(np.float64))
    points = np.column_stack([octaves, sound.loudness_db[voiced] / _DB_PER_OCTAVE])
    low, high = np.percentile(octaves, [10, 90])
    centres = np.array([[low, points[:, 1].mean()], [high, points[:, 1].mean()]])
    groups = np.zeros(len(points), np.int8)
    for _ in range(_KMEANS_ROUNDS):
        distances = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2)
        groups = np.argmin(distances, axis=1).astype(np.int8)
        for group in (0, 1):
            if (groups == group).any():
                centres[group] = points[groups == group].mean(axis=0)
    if abs(centres[1, 0] - centres[0, 0]) < MIN_PITCH_GAP_OCTAVES:
        groups[:] = 0
    elif centres[0, 0] > centres[1, 0]:
        groups = 1 - groups
    labels[voiced] = groups
    return labels


def find_utterances(labels: np.ndarray, hop_s: float) -> list[Utterance]:
    """Group frames of one voice into utterances, bridging short gaps between syllables."""
    utterances: list[Utterance] = []
    bridge = round(MAX_SYLLABLE_GAP_S / hop_s)
    voice, start, last = -1, 0, -1
    for index in np.flatnonzero(labels >= 0):
        label = int(labels[index])
        if label != voice or index - last > bridge + 1:
            if voice >= 0:
                utterances.append(Utterance(voice, start * hop_s, (last + 1) * hop_s))
            voice, start = label, int(index)
        last = int(index)
    if voice >= 0:
        utterances.append(Utterance(voice, start * hop_s, (last + 1) * hop_s))
    return [u for u in utterances if u.end_s - u.start_s >= MIN_UTTERANCE_S]


def find_turns(utterances: list[Utterance]) -> list[float]:
    """Return the times where one voice answers the other soon after (or while) it spoke."""
    turns: list[float] = []
    for before, after in pairwise(utterances):
        if after.voice != before.voice and after.start_s - before.end_s <= MAX_TURN_GAP_S:
            turns.append(after.start_s)
    return turns
