"""Make small test films with PyAV: every kind a guider might upload, good and bad.

Pictures are solid colours from PALETTE, changing every frame (frame i shows
PALETTE[i % len(PALETTE)]), with a white MARKER square in the stored picture's
top-left corner so tests can tell which way up a picture ended up. Sound is a
quiet sine tone. Nothing here is a real family.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

# Colours far apart in RGB, so a lossy encode still leaves each one nearest to itself.
PALETTE: tuple[tuple[int, int, int], ...] = (
    (220, 40, 40),
    (40, 200, 40),
    (40, 60, 220),
    (230, 220, 50),
    (200, 50, 210),
    (40, 210, 220),
    (120, 120, 120),
    (240, 140, 40),
)
MARKER = (255, 255, 255)
AUDIO_RATE = 48_000
# Fine enough that 24, 25, 30 and 60 fps frame times are whole ticks.
TIME_BASE = Fraction(1, 90_000)

_FORMAT_BY_SUFFIX = {".mp4": "mp4", ".m4v": "mp4", ".mov": "mov", ".3gp": "3gp", ".webm": "webm"}
_FORMAT_BY_SUFFIX[".mkv"] = "matroska"


def colour_of_frame(index: int) -> tuple[int, int, int]:
    """Return the solid colour filmmaker paints on frame `index`."""
    return PALETTE[index % len(PALETTE)]


def nearest_palette_index(rgb: Sequence[float]) -> int:
    """Return the index in PALETTE of the colour closest to `rgb`."""
    distances = [sum((a - float(b)) ** 2 for a, b in zip(c, rgb, strict=True)) for c in PALETTE]
    return int(np.argmin(distances))


def paint_frame(index: int, width: int, height: int, *, marker: bool = True) -> np.ndarray:
    """Return an RGB picture: the frame's palette colour with a marker square top-left."""
    picture = np.empty((height, width, 3), np.uint8)
    picture[:, :] = colour_of_frame(index)
    if marker:
        picture[: height // 4, : width // 4] = MARKER
    return picture


def make_film(
    path: Path,
    *,
    codec: str = "libx264",
    width: int = 320,
    height: int = 240,
    seconds: float = 2.0,
    fps: int = 30,
    audio: str | None = "aac",
    rotation_cw: int = 0,
    frame_times: Sequence[float] | None = None,
    faststart: bool = True,
    crf: int = 18,
) -> Path:
    """Write a test film to `path` (container from the suffix) and return the path.

    `rotation_cw` stores display-matrix metadata asking players to turn the picture that
    many degrees clockwise, as phones do for portrait films. `frame_times` (seconds) gives
    a variable frame rate; otherwise frames are evenly spaced at `fps`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = _FORMAT_BY_SUFFIX[path.suffix.lower()]
    options = {"movflags": "+faststart"} if faststart and fmt in ("mp4", "mov", "3gp") else {}
    times = (
        list(frame_times)
        if frame_times is not None
        else [i / fps for i in range(round(seconds * fps))]
    )
    with av.open(str(path), "w", format=fmt, options=options) as container:
        video = container.add_stream(codec, rate=fps)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.codec_context.time_base = TIME_BASE
        video.options = _encoder_options(codec, crf)
        if rotation_cw:
            # PyAV takes a counter-clockwise angle, as FFmpeg reports phone films (-90).
            video.set_display_rotation(-rotation_cw)
        sound = None
        if audio is not None:
            sound = container.add_stream(audio, rate=AUDIO_RATE)
            sound.layout = "stereo"
        for index, time_s in enumerate(times):
            frame = av.VideoFrame.from_ndarray(paint_frame(index, width, height), format="rgb24")
            frame.pts = round(time_s / TIME_BASE)
            frame.time_base = TIME_BASE
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            total = times[-1] + 1 / fps if frame_times is not None else seconds
            write_tone(container, sound, total)
    return path


def make_audio_only(path: Path, *, seconds: float = 1.0) -> Path:
    """Write a sound recording with no picture (AAC in an MP4 container)."""
    with av.open(str(path), "w", format="mp4") as container:
        sound = container.add_stream("aac", rate=AUDIO_RATE)
        sound.layout = "stereo"
        write_tone(container, sound, seconds)
    return path


def make_truncated(path: Path, *, keep: float = 0.5, faststart: bool = False) -> Path:
    """Write a film (H.264/AAC, or VP9/Opus for .webm) and cut the file short.

    This is what an interrupted copy leaves. In an MP4 without faststart the index is at
    the end, so it is lost (the usual phone case); with faststart the index survives but
    points past the end of the file; a WebM simply stops part-way.
    """
    whole = path.with_name(path.stem + ".whole" + path.suffix)
    if path.suffix == ".webm":
        make_film(whole, codec="libvpx-vp9", audio="libopus", seconds=3.0)
    else:
        make_film(whole, seconds=3.0, faststart=faststart)
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def make_zero_byte(path: Path) -> Path:
    """Write an empty file."""
    path.write_bytes(b"")
    return path


def make_text_file(path: Path) -> Path:
    """Write a short text document (to be named like a film)."""
    path.write_text("Notes from the visit.\nNot a film at all.\n", encoding="utf-8")
    return path


def make_long_sparse_film(path: Path, *, seconds: float = 21 * 60) -> Path:
    """Write a tiny film that lasts `seconds`: two frames, one at each end."""
    return make_film(
        path, width=160, height=90, audio=None, frame_times=[0.0, seconds - 1.0], fps=1
    )


def variable_frame_times(seconds: float = 2.0) -> list[float]:
    """Return frame times that alternate 1/30 s and 1/20 s apart, as phones do under load."""
    times, time_s, index = [], 0.0, 0
    while time_s < seconds:
        times.append(round(time_s, 3))
        time_s += 1 / 30 if index % 2 == 0 else 1 / 20
        index += 1
    return times


def _encoder_options(codec: str, crf: int) -> dict[str, str]:
    """Return quiet, fast encoder options for each codec we write."""
    if codec == "libx264":
        return {"preset": "ultrafast", "crf": str(crf)}
    if codec in ("libx265", "hevc"):
        return {"preset": "ultrafast", "crf": str(crf), "x265-params": "log-level=error"}
    if codec == "libvpx-vp9":
        return {"deadline": "realtime", "cpu-used": "8", "crf": "30", "b": "0"}
    return {}


def write_tone(
    container: av.container.OutputContainer, sound: av.AudioStream, seconds: float
) -> None:
    """Encode and mux `seconds` of a quiet 440 Hz tone into `sound`."""
    total = round(seconds * AUDIO_RATE)
    block = 1024
    for start in range(0, total, block):
        count = min(block, total - start)
        t = np.arange(start, start + count) / AUDIO_RATE
        wave = (0.1 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
        frame = av.AudioFrame.from_ndarray(np.stack([wave, wave]), format="fltp", layout="stereo")
        frame.sample_rate = AUDIO_RATE
        frame.pts = start
        frame.time_base = Fraction(1, AUDIO_RATE)
        container.mux(sound.encode(frame))
    container.mux(sound.encode(None))


class FilmLibrary:
    """Makes each named kind of test film once, in one folder, on first use."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._made: dict[str, Path] = {}

    def get(self, kind: str) -> Path:
        """Return the path of the test film of this kind (see KINDS), making it if needed."""
        if kind not in self._made:
            name, make = KINDS[kind]
            self._made[kind] = make(self.folder / name)
        return self._made[kind]


# Every kind of upload the media layer must handle: name -> (file name, maker).
KINDS: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "h264_aac": ("h264_aac.mp4", lambda p: make_film(p)),
    "h264_no_audio": ("h264_no_audio.mp4", lambda p: make_film(p, audio=None)),
    "h264_mov_no_faststart": ("h264.mov", lambda p: make_film(p, faststart=False)),
    "hevc_aac": ("hevc_aac.mov", lambda p: make_film(p, codec="libx265")),
    "hevc_no_audio": ("hevc_no_audio.mp4", lambda p: make_film(p, codec="libx265", audio=None)),
    "hevc_portrait": (
        "hevc_portrait.mov",
        lambda p: make_film(p, codec="libx265", width=320, height=180, rotation_cw=90),
    ),
    "h264_upside_down": ("upside_down.mp4", lambda p: make_film(p, rotation_cw=180)),
    "vp9_opus": ("vp9_opus.webm", lambda p: make_film(p, codec="libvpx-vp9", audio="libopus")),
    "h264_mkv": ("h264.mkv", lambda p: make_film(p)),
    "variable_rate": (
        "variable_rate.mp4",
        lambda p: make_film(p, frame_times=variable_frame_times()),
    ),
    "over_720p": (
        "over_720p.mp4",
        lambda p: make_film(p, width=1440, height=810, seconds=0.5, audio=None),
    ),
    "hevc_sixty_fps": (
        "hevc_sixty_fps.mp4",
        lambda p: make_film(p, codec="libx265", fps=60, seconds=1.0),
    ),
    "audio_only": ("audio_only.mp4", lambda p: make_audio_only(p)),
    "truncated": ("truncated.mp4", lambda p: make_truncated(p)),
    "truncated_faststart": ("truncated_fs.mp4", lambda p: make_truncated(p, faststart=True)),
    "truncated_webm": ("truncated.webm", lambda p: make_truncated(p)),
    "zero_byte": ("zero.mp4", make_zero_byte),
    "text_renamed": ("notes.mp4", make_text_file),
    "too_long": ("too_long.mp4", lambda p: make_long_sparse_film(p)),
}
