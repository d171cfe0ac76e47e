"""Test films whose lively stretches are known: two pitched 'voices' taking turns.

A lower voice (180 Hz, like an adult speaking) and a higher one (420 Hz, like a baby's
babble) are tones with a few harmonics, in bursts. Elsewhere there is near-silence, hiss or
one voice talking on its own. Nothing here is a real family.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from tests.filmmaker import AUDIO_RATE

ADULT_HZ = 180.0
BABY_HZ = 420.0
# (start, end) of the stretch where the two voices take turns in make_turn_taking_film.
TURNS_WINDOW_S = (45.0, 65.0)
SECOND_TURNS_WINDOW_S = (104.0, 112.0)


def voice(pitch_hz: float, seconds: float, loudness: float = 0.25) -> np.ndarray:
    """Return a pitched burst with harmonics, softened at both ends."""
    t = np.arange(round(seconds * AUDIO_RATE)) / AUDIO_RATE
    wave = sum(np.sin(2 * np.pi * pitch_hz * k * t) / k for k in (1, 2, 3))
    fade = np.minimum(1.0, np.minimum(t, seconds - t) / 0.03)
    return (loudness * wave * fade / 1.8).astype(np.float32)


def place(track: np.ndarray, at_s: float, sound: np.ndarray) -> None:
    """Add `sound` into `track` starting at `at_s` seconds."""
    first = round(at_s * AUDIO_RATE)
    track[first : first + len(sound)] += sound[: len(track) - first]


def take_turns(track: np.ndarray, start_s: float, end_s: float) -> int:
    """Alternate the lower and higher voice from start_s to end_s; return the turns made."""
    at, speaker, bursts = start_s, 0, 0
    while True:
        length = 1.0 if speaker == 0 else 0.7
        if at + length > end_s:
            return max(0, bursts - 1)
        place(track, at, voice(ADULT_HZ if speaker == 0 else BABY_HZ, length))
        at += length + 0.4
        speaker, bursts = 1 - speaker, bursts + 1


def talk_alone(track: np.ndarray, start_s: float, end_s: float) -> None:
    """One voice talking in bursts with short pauses, nobody answering."""
    at = start_s
    while at + 1.0 <= end_s:
        place(track, at, voice(ADULT_HZ, 1.0))
        at += 1.3


def hiss(track: np.ndarray, start_s: float, end_s: float, loudness: float = 0.05) -> None:
    """Add white noise (a kettle, a fan, rustling) between start_s and end_s."""
    rng = np.random.default_rng(3)
    first, last = round(start_s * AUDIO_RATE), round(end_s * AUDIO_RATE)
    track[first:last] += (loudness * rng.standard_normal(last - first)).astype(np.float32)


def make_turn_taking_film(path: Path, seconds: float = 120.0) -> Path:
    """A film with many turns in TURNS_WINDOW_S, a few in SECOND_TURNS_WINDOW_S, none elsewhere."""
    track = quiet_track(seconds)
    hiss(track, 15.0, 35.0)
    take_turns(track, *TURNS_WINDOW_S)
    talk_alone(track, 75.0, 98.0)
    take_turns(track, *SECOND_TURNS_WINDOW_S)
    return write_film(path, track, seconds)


def make_film_without_turns(path: Path, seconds: float = 60.0) -> Path:
    """A film with hiss, one voice on its own and a lot of movement, but no turns."""
    track = quiet_track(seconds)
    hiss(track, 0.0, 20.0)
    talk_alone(track, 25.0, 55.0)
    return write_film(path, track, seconds, moving=[(0.0, seconds)])


def quiet_track(seconds: float) -> np.ndarray:
    """Return a room's near-silence: very faint noise."""
    rng = np.random.default_rng(1)
    return (0.001 * rng.standard_normal(round(seconds * AUDIO_RATE))).astype(np.float32)


def write_film(
    path: Path,
    track: np.ndarray,
    seconds: float,
    *,
    moving: Sequence[tuple[float, float]] = (),
    width: int = 160,
    height: int = 96,
    fps: int = 10,
) -> Path:
    """Write an H.264 + AAC MP4: a grey picture with a square moving during `moving`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as output:
        video = output.add_stream("libx264", rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.options = {"preset": "ultrafast", "crf": "23"}
        sound = output.add_stream("aac", rate=AUDIO_RATE)
        sound.layout = "stereo"
        for index in range(round(seconds * fps)):
            time_s = index / fps
            picture = np.full((height, width, 3), 90, np.uint8)
            if any(start <= time_s < end for start, end in moving):
                x = int((width - 24) * (0.5 + 0.5 * np.sin(time_s * 3)))
                picture[30:54, x : x + 24] = 230
            frame = av.VideoFrame.from_ndarray(picture, format="rgb24")
            frame.pts = index
            frame.time_base = Fraction(1, fps)
            output.mux(video.encode(frame))
        output.mux(video.encode(None))
        block = 1024
        clipped = np.clip(track, -1.0, 1.0)
        for first in range(0, len(clipped), block):
            part = clipped[first : first + block]
            frame = av.AudioFrame.from_ndarray(
                np.stack([part, part]), format="fltp", layout="stereo"
            )
            frame.sample_rate = AUDIO_RATE
            frame.pts = first
            frame.time_base = Fraction(1, AUDIO_RATE)
            output.mux(sound.encode(frame))
        output.mux(sound.encode(None))
    return path
