"""A friendly made-up film for trying the app without any real family.

Two soft round characters on a warm background: a big one ("parent") and a small one
("baby"). They look about, turn towards each other, and take turns: one "speaks" (its
mouth moves, with a low hum) while the other watches, then the other answers with a
smile and a higher coo. Drawn with numpy, encoded as H.264/AAC 640x360 MP4.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from vigreview.media.probe import FilmInfo, probe_film
from vigreview.media.tempfiles import make_temp_path_beside, remove_quietly

WIDTH, HEIGHT, FPS = 640, 360, 25
AUDIO_RATE = 48_000
# Each turn of the little "conversation" lasts this long.
_TURN_S = 2.5
_BACKGROUND_TOP = np.array([252, 238, 214], np.float32)
_BACKGROUND_BOTTOM = np.array([232, 208, 180], np.float32)
_FLOOR = np.array([205, 178, 150], np.float32)
_INK = np.array([70, 50, 50], np.float32)


@dataclass(frozen=True)
class _Pose:
    """How one character looks in one frame."""

    x: float
    y: float
    gaze: float  # -1 looks left, +1 looks right
    smile: float  # 0 straight mouth .. 1 broad smile
    mouth_open: float  # 0 closed .. 1 open ("speaking")


@dataclass(frozen=True)
class _Character:
    """A soft round character: where it sits, its size and colour, its voice."""

    home_x: float
    home_y: float
    radius: float
    colour: np.ndarray
    voice_hz: float


_PARENT = _Character(215, 200, 95, np.array([236, 150, 120], np.float32), 196.0)
_BABY = _Character(445, 245, 48, np.array([250, 200, 95], np.float32), 523.0)


def make_demo_film(
    dest: Path, *, seconds: float = 40.0, on_progress: Callable[[float], None] | None = None
) -> FilmInfo:
    """Write the demo film to `dest` (replacing it atomically) and describe it.

    `on_progress`, if given, hears how much of the film is drawn (0..1) every second of film.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    temp = make_temp_path_beside(dest)
    try:
        _encode_demo(temp, seconds, on_progress)
        os.replace(temp, dest)
    except BaseException:
        remove_quietly(temp)
        raise
    return probe_film(dest)


def _encode_demo(
    path: Path, seconds: float, on_progress: Callable[[float], None] | None = None
) -> None:
    """Draw and encode every frame and the sound track into an MP4 at `path`."""
    background = _paint_background()
    frames = max(1, round(seconds * FPS))
    with av.open(str(path), "w", format="mp4", options={"movflags": "+faststart"}) as output:
        video = output.add_stream("libx264", rate=FPS)
        video.width, video.height, video.pix_fmt = WIDTH, HEIGHT, "yuv420p"
        video.codec_context.time_base = Fraction(1, FPS)
        video.options = {"preset": "veryfast", "crf": "23", "g": str(2 * FPS)}
        audio = output.add_stream("aac", rate=AUDIO_RATE)
        audio.layout = "mono"
        audio.bit_rate = 96_000
        for index in range(frames):
            t = index / FPS
            picture = background.copy()
            parent, baby = _poses_at(t)
            _draw_character(picture, _PARENT, parent)
            _draw_character(picture, _BABY, baby)
            frame = av.VideoFrame.from_ndarray(picture.astype(np.uint8), format="rgb24")
            frame.pts = index
            output.mux(video.encode(frame))
            if on_progress is not None and index % FPS == 0:
                on_progress(index / frames)
        output.mux(video.encode(None))
        _encode_sound(output, audio, frames / FPS)


def _paint_background() -> np.ndarray:
    """Return a warm vertical gradient with a soft floor, as float RGB."""
    rows = np.linspace(0.0, 1.0, HEIGHT, dtype=np.float32)[:, None]
    wall = _BACKGROUND_TOP * (1 - rows) + _BACKGROUND_BOTTOM * rows
    picture = np.repeat(wall[:, None, :], WIDTH, axis=1)
    floor_from = int(HEIGHT * 0.78)
    picture[floor_from:] = _FLOOR
    return picture


def _turn_at(t: float) -> tuple[int, float]:
    """Return which turn of the conversation `t` falls in, and how far through it (0..1)."""
    return int(t // _TURN_S), (t % _TURN_S) / _TURN_S


def _speaker_at(t: float) -> str | None:
    """Return who is "speaking" at `t`: nobody for the first turn, then each in turn."""
    turn, _ = _turn_at(t)
    if turn == 0:
        return None
    return "parent" if turn % 2 == 1 else "baby"


def _poses_at(t: float) -> tuple[_Pose, _Pose]:
    """Return the parent's and the baby's pose at time `t`."""
    turn, through = _turn_at(t)
    speaker = _speaker_at(t)
    # In the first turn both look about; afterwards they turn towards each other.
    towards = min(1.0, max(0.0, (t - _TURN_S * 0.6) / (_TURN_S * 0.4)))
    wander = math.sin(t * 1.7)
    parent_gaze = (1 - towards) * -0.6 * wander + towards * 1.0
    baby_gaze = (1 - towards) * 0.6 * wander + towards * -1.0
    talk = abs(math.sin(through * math.pi * 5))
    parent = _Pose(
        x=_PARENT.home_x + 6 * towards,
        y=_PARENT.home_y + 3 * math.sin(t * 1.3),
        gaze=parent_gaze,
        smile=0.6 + 0.4 * (speaker == "baby"),
        mouth_open=talk if speaker == "parent" else 0.0,
    )
    bounce = abs(math.sin(through * math.pi * 3)) if speaker == "baby" else 0.0
    baby = _Pose(
        x=_BABY.home_x - 4 * towards,
        y=_BABY.home_y - 14 * bounce + 2 * math.sin(t * 2.1),
        gaze=baby_gaze,
        smile=1.0 if speaker == "baby" else (0.5 if turn > 0 else 0.2),
        mouth_open=0.6 * talk if speaker == "baby" else 0.0,
    )
    return parent, baby


@functools.lru_cache(maxsize=8)
def _soft_disc(radius: float) -> np.ndarray:
    """Return the coverage (0..1, soft 1.5 px edge) of a disc centred in its square."""
    size = math.ceil(radius) * 2 + 4
    centre = (size - 1) / 2
    ys, xs = np.mgrid[0:size, 0:size].astype(np.float32)
    return (np.clip(radius - np.hypot(xs - centre, ys - centre), 0.0, 1.5) / 1.5)[..., None]


@functools.lru_cache(maxsize=4)
def _shaded_body(radius: float, colour: tuple[float, float, float]) -> np.ndarray:
    """Return the body's colour, darker towards the bottom, in the disc's square."""
    size = _soft_disc(radius).shape[0]
    rows = np.linspace(-1.0, 1.0, size, dtype=np.float32)[:, None, None]
    shaded = np.array(colour, np.float32) * (1.0 - 0.15 * (rows + 1.0) / 2)
    # Blends of colours in 0..255 stay in 0..255, so the uint8 frames never wrap round.
    return np.clip(shaded * np.ones((1, size, 1), np.float32), 0.0, 255.0)


def _blend(picture: np.ndarray, x: float, y: float, cover: np.ndarray, colour: np.ndarray) -> None:
    """Paint `colour` through `cover` (a square centred on x, y), clipped to the picture."""
    size = cover.shape[0]
    top, left = round(y) - size // 2, round(x) - size // 2
    y0, x0 = max(0, top), max(0, left)
    y1, x1 = min(picture.shape[0], top + size), min(picture.shape[1], left + size)
    if y0 >= y1 or x0 >= x1:
        return
    cut = (slice(y0 - top, y1 - top), slice(x0 - left, x1 - left))
    part = cover[cut]
    paint = colour[cut] if colour.ndim == 3 else colour
    region = picture[y0:y1, x0:x1]
    region += part * (paint - region)


def _draw_character(picture: np.ndarray, who: _Character, pose: _Pose) -> None:
    """Paint a soft round body with eyes and a mouth onto `picture` (float RGB)."""
    r = who.radius
    colour = (float(who.colour[0]), float(who.colour[1]), float(who.colour[2]))
    _blend(picture, pose.x, pose.y, _soft_disc(r), _shaded_body(r, colour))
    eye_y = pose.y - 0.2 * r
    for side in (-1, 1):
        eye_x = pose.x + side * 0.32 * r + pose.gaze * 0.12 * r
        _blend(picture, eye_x, eye_y, _soft_disc(round(0.11 * r, 1)), _INK)
    # The mouth: a curve below the eyes that bends up with the smile and opens to talk.
    half_width = 0.3 * r
    mouth_x = round(pose.x + pose.gaze * 0.08 * r)
    mouth_y = round(pose.y + 0.3 * r)
    top, left = mouth_y - 4, int(mouth_x - half_width)
    bottom, right = mouth_y + int(0.35 * r) + 4, int(mouth_x + half_width) + 1
    top, left = max(0, top), max(0, left)
    bottom, right = min(HEIGHT, bottom), min(WIDTH, right)
    if top >= bottom or left >= right:
        return
    ys, xs = np.mgrid[top:bottom, left:right].astype(np.float32)
    across = ((xs - mouth_x) / half_width).clip(-1, 1)
    curve = mouth_y + pose.smile * 0.12 * r * (1 - across**2)
    lower = curve + pose.mouth_open * 0.2 * r * (1 - across**2)
    thickness = max(1.5, 0.05 * r)
    line = (np.abs(ys - curve) < thickness) | ((ys > curve) & (ys < lower))
    mouth = line.astype(np.float32)[..., None]
    region = picture[top:bottom, left:right]
    region += mouth * (_INK - region)


def _encode_sound(
    output: av.container.OutputContainer, audio: av.AudioStream, seconds: float
) -> None:
    """Encode a gentle hum for the parent's turns and a higher coo for the baby's."""
    total = round(seconds * AUDIO_RATE)
    block = 1024
    for start in range(0, total, block):
        count = min(block, total - start)
        t = np.arange(start, start + count, dtype=np.float64) / AUDIO_RATE
        turn = (t // _TURN_S).astype(np.int64)
        through = (t % _TURN_S) / _TURN_S
        # Syllables: a soft swell five times a turn, silent at the turn's edges.
        envelope = np.sin(through * math.pi * 5) ** 2 * np.sin(through * math.pi) ** 0.5
        wave = np.zeros(count, np.float64)
        for who, parity in ((_PARENT, 1), (_BABY, 0)):
            # Same turns as _speaker_at: nobody in turn 0, then parent (odd), baby (even).
            speaking = ((turn > 0) & (turn % 2 == parity)).astype(np.float64)
            pitch = who.voice_hz * (1 + 0.06 * np.sin(2 * math.pi * 0.7 * t))
            wave += 0.12 * speaking * envelope * np.sin(2 * math.pi * pitch * t)
        frame = av.AudioFrame.from_ndarray(
            wave.astype(np.float32)[None, :], format="fltp", layout="mono"
        )
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        output.mux(audio.encode(frame))
    output.mux(audio.encode(None))
