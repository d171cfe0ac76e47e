"""A film's sound as numbers: mono samples, then loudness and pitch every 20 ms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np

SAMPLE_RATE = 16_000
HOP_S = 0.02
# 40 ms frames: long enough to hold two periods of an adult's lowest voice (80 Hz).
_FRAME = 640
_HOP = round(HOP_S * SAMPLE_RATE)
_FFT = 2048
LOWEST_PITCH_HZ = 80.0
HIGHEST_PITCH_HZ = 800.0
# How alike a frame must be to itself one period later to count as voiced (1 = a pure tone);
# noise, rustling and clatter stay well below it.
VOICED_PERIODICITY = 0.6
# Voiced frames must also stand this far above the film's quiet background.
VOICED_ABOVE_FLOOR_DB = 10.0
_CHUNK_FRAMES = 2000
_CLIMB_STEPS = 16


@dataclass(frozen=True)
class SoundFrames:
    """Loudness (dBFS) and pitch (Hz, NaN where nobody is voicing) every HOP_S seconds."""

    loudness_db: np.ndarray
    pitch_hz: np.ndarray
    hop_s: float = HOP_S

    @property
    def voiced(self) -> np.ndarray:
        """True for frames where a voice (or any pitched sound) is heard."""
        return ~np.isnan(self.pitch_hz)


def read_sound(film: Path, progress: Callable[[float], None] | None = None) -> np.ndarray:
    """Return the film's sound as mono float32 samples at SAMPLE_RATE (empty if it has none)."""
    chunks: list[np.ndarray] = []
    with av.open(str(film)) as container:
        if not container.streams.audio:
            return np.zeros(0, np.float32)
        stream = container.streams.audio[0]
        duration = float(container.duration or 0) / av.time_base
        resampler = av.AudioResampler(format="flt", layout="mono", rate=SAMPLE_RATE)
        for frame in container.decode(stream):
            for mono in resampler.resample(frame):
                chunks.append(mono.to_ndarray().reshape(-1))
            if progress is not None and duration > 0 and frame.time is not None:
                progress(min(1.0, frame.time / duration))
        for mono in resampler.resample(None):
            chunks.append(mono.to_ndarray().reshape(-1))
    return np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, np.float32)


def describe_sound(samples: np.ndarray) -> SoundFrames:
    """Measure loudness and pitch (normalised autocorrelation) in 40 ms frames every 20 ms."""
    count = max(0, 1 + (len(samples) - _FRAME) // _HOP)
    if count == 0:
        empty = np.zeros(0, np.float32)
        return SoundFrames(loudness_db=empty, pitch_hz=empty)
    window = np.hanning(_FRAME).astype(np.float32)
    # Dividing by the window's own autocorrelation keeps long periods from looking weaker.
    window_ac = np.fft.irfft(np.abs(np.fft.rfft(window, _FFT)) ** 2)[: _FRAME // 2]
    shortest = int(SAMPLE_RATE / HIGHEST_PITCH_HZ)
    longest = int(SAMPLE_RATE / LOWEST_PITCH_HZ)
    loudness = np.empty(count, np.float32)
    pitch = np.full(count, np.nan, np.float32)
    periodicity = np.zeros(count, np.float32)
    for first in range(0, count, _CHUNK_FRAMES):
        last = min(count, first + _CHUNK_FRAMES)
        starts = np.arange(first, last) * _HOP
        frames = samples[starts[:, None] + np.arange(_FRAME)[None, :]]
        rms = np.sqrt(np.mean(frames**2, axis=1))
        loudness[first:last] = 20 * np.log10(np.maximum(rms, 1e-6))
        centred = (frames - frames.mean(axis=1, keepdims=True)) * window
        ac = np.fft.irfft(np.abs(np.fft.rfft(centred, _FFT, axis=1)) ** 2, axis=1)[:, : _FRAME // 2]
        energy = np.maximum(ac[:, :1], 1e-12)
        normalised = (ac / energy) / (window_ac / window_ac[0])
        lags = normalised[:, shortest : longest + 1]
        best = lags.max(axis=1)
        # The first peak close to the best one is the period; later ones are its multiples.
        lag = np.argmax(lags >= 0.9 * best[:, None], axis=1)
        rows = np.arange(last - first)
        for _ in range(_CLIMB_STEPS):  # from the first lag past 0.9, up to the peak itself
            after = np.minimum(lag + 1, lags.shape[1] - 1)
            lag = np.where(lags[rows, after] > lags[rows, lag], after, lag)
        periodicity[first:last] = best
        pitch[first:last] = SAMPLE_RATE / (shortest + lag)
    floor = float(np.percentile(loudness, 10))
    voiced = (periodicity >= VOICED_PERIODICITY) & (loudness >= floor + VOICED_ABOVE_FLOOR_DB)
    voiced &= loudness > -60.0
    pitch[~voiced] = np.nan
    return SoundFrames(loudness_db=loudness, pitch_hz=pitch)
