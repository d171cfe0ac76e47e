"""Look inside a film file: what it is, how long, which way up, and whether it is whole."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import av
import av.error
from av.stream import Disposition

from vigreview.media.errors import FilmRejected
from vigreview.media.limits import ACCEPTED_EXTENSIONS, MAX_FILM_SECONDS

if TYPE_CHECKING:
    from av.audio.stream import AudioStream
    from av.container import InputContainer
    from av.video.stream import VideoStream

# FFmpeg demuxer names we accept as film containers. Anything else that FFmpeg can open
# (a JPEG via "jpeg_pipe", an image sequence, a text file via "tty") is not a film.
FILM_CONTAINERS = frozenset(
    {"mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "avi", "mpegts", "mpeg", "flv", "asf", "ogg"}
)

# What a tablet offers that is not a film, told by the file's name, so a refusal can say
# what the file is. Anything else without a film's extension is "not a video file".
_SOUND_EXTENSIONS = frozenset(
    {".m4a", ".mp3", ".wav", ".aac", ".amr", ".caf", ".flac", ".ogg", ".oga", ".opus", ".wma",
     ".aif", ".aiff", ".3ga"}
)  # fmt: skip
_PICTURE_EXTENSIONS = frozenset(
    {".jpg", ".jpeg", ".png", ".heic", ".heif", ".avif", ".gif", ".webp", ".bmp", ".tif",
     ".tiff", ".dng"}
)  # fmt: skip
_DOCUMENT_EXTENSIONS = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".rtf", ".pages", ".xls", ".xlsx", ".ods", ".csv",
     ".numbers", ".ppt", ".pptx", ".odp", ".key"}
)  # fmt: skip
# The brands an HEIF/AVIF still picture names in its "ftyp" box (it is built like an MP4).
_PICTURE_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")

# How much of the end of a film may be missing before we call it cut short.
_TAIL_TOLERANCE_S = 0.5
# How far before the end we seek to check the last packets are really there.
_TAIL_WINDOW_S = 3.0
# Packets we read looking for the first picture before calling the film broken.
_FIRST_FRAME_PACKET_LIMIT = 300


@dataclass(frozen=True)
class FilmInfo:
    """What a guider's film is, as a player will show it.

    `width` and `height` are as displayed, with `rotation` already applied.
    `rotation` is how many degrees clockwise the stored picture must be turned to stand
    upright (0, 90, 180 or 270); iPhone portrait films say 90, normalised films say 0.
    """

    duration_s: float
    width: int
    height: int
    rotation: int
    video_codec: str
    audio_codec: str | None
    fps: float
    size_bytes: int


def probe_film(path: Path) -> FilmInfo:
    """Describe the film at `path`, or raise FilmRejected saying why it cannot be used.

    Reads the container header, decodes the first picture (to prove it can be decoded and
    to learn its rotation) and checks that the end of the film is really in the file.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FilmRejected.missing() from None
    if size == 0:
        raise FilmRejected.empty()
    container = open_film(path)
    with container:
        video = find_video_stream(container)
        audio = find_audio_stream(container)
        if video is None:
            if audio is not None:
                raise FilmRejected.audio_only()
            raise FilmRejected.not_video()
        duration = measure_duration(container, video)
        if duration is None or duration <= 0:
            raise FilmRejected.damaged()
        if duration > MAX_FILM_SECONDS:
            raise FilmRejected.too_long(duration, MAX_FILM_SECONDS)
        width, height, rotation = _read_first_picture(container, video)
        _check_film_is_whole(container, video, size)
        if rotation in (90, 270):
            width, height = height, width
        return FilmInfo(
            duration_s=duration,
            width=width,
            height=height,
            rotation=rotation,
            video_codec=video.codec_context.name,
            audio_codec=audio.codec_context.name if audio is not None else None,
            fps=measure_fps(video),
            size_bytes=size,
        )


def check_film_name(name: str) -> str:
    """Return the lower-case extension of a film's file name, or raise FilmRejected.

    A file whose name says it is a sound recording, a picture or a document is refused in
    words that say so; the contents are still checked when the film is probed.
    """
    suffix = Path(name).suffix.lower()
    if suffix in ACCEPTED_EXTENSIONS:
        return suffix
    if suffix in _SOUND_EXTENSIONS:
        raise FilmRejected.audio_only()
    if suffix in _PICTURE_EXTENSIONS:
        raise FilmRejected.picture()
    if suffix in _DOCUMENT_EXTENSIONS:
        raise FilmRejected.document()
    raise FilmRejected.not_video()


def open_film(path: Path) -> InputContainer:
    """Open `path` for reading as a film container, or raise FilmRejected."""
    _refuse_pictures_and_documents(path)
    try:
        container = av.open(str(path), mode="r", metadata_errors="ignore")
    except FileNotFoundError:
        raise FilmRejected.missing() from None
    except (av.error.FFmpegError, ValueError, OSError):
        # A phone film whose recording was cut off usually has no index (the MP4 "moov"
        # box is written last), so FFmpeg cannot open it; tell that apart from a non-film.
        if _starts_like_a_film(path):
            raise FilmRejected.damaged() from None
        raise FilmRejected.not_video() from None
    if container.format.name not in FILM_CONTAINERS:
        container.close()
        raise FilmRejected.not_video()
    return container


def find_video_stream(container: InputContainer) -> VideoStream | None:
    """Return the film's picture stream, ignoring cover art attached to sound files."""
    for stream in container.streams.video:
        if stream.disposition & Disposition.attached_pic:
            continue
        if stream.codec_context is None:
            continue
        return stream
    return None


def find_audio_stream(container: InputContainer) -> AudioStream | None:
    """Return the first sound stream we can decode, if any."""
    for stream in container.streams.audio:
        if stream.codec_context is not None:
            return stream
    return None


def measure_duration(container: InputContainer, video: VideoStream) -> float | None:
    """Return the film's length in seconds as players report it (the longest stream)."""
    if container.duration is not None and container.duration > 0:
        return container.duration / av.time_base
    if video.duration is not None and video.time_base is not None:
        return float(video.duration * video.time_base)
    return None


def measure_fps(video: VideoStream) -> float:
    """Return the average frame rate (frames per second), or 0.0 if the file does not say."""
    rate = video.average_rate or video.guessed_rate
    return float(rate) if rate else 0.0


def rotation_from_frame(frame: av.VideoFrame) -> int:
    """Return the clockwise turn (0/90/180/270) the frame's display matrix asks for.

    FFmpeg reports the matrix as a counter-clockwise angle (iPhone portrait: -90); players
    turn the picture the opposite way, so negate it and snap to a quarter turn.
    """
    counter_clockwise = frame.rotation
    return round(-counter_clockwise / 90.0) % 4 * 90


def _read_first_picture(container: InputContainer, video: VideoStream) -> tuple[int, int, int]:
    """Decode the first picture; return its stored width, height and clockwise rotation."""
    packets_read = 0
    try:
        for packet in container.demux(video):
            for frame in packet.decode():
                if isinstance(frame, av.VideoFrame) and frame.width > 0 and frame.height > 0:
                    return frame.width, frame.height, rotation_from_frame(frame)
            packets_read += 1
            if packets_read > _FIRST_FRAME_PACKET_LIMIT:
                break
    except (av.error.FFmpegError, ValueError):
        pass
    raise FilmRejected.damaged()


def _check_film_is_whole(container: InputContainer, video: VideoStream, size: int) -> None:
    """Raise FilmRejected.damaged if the end of the film is missing from the file."""
    # MP4/MOV: the index lists every sample's byte position; all must lie inside the file.
    for stream in container.streams:
        entries = stream.index_entries
        if entries is not None and len(entries) > 0:
            last = entries[len(entries) - 1]
            if last.pos + last.size > size:
                raise FilmRejected.damaged()
    # Any container: the packets near the end must really be there.
    expected_end = _expected_video_end(container, video)
    if expected_end is None or video.time_base is None:
        return
    seen_end = _read_last_video_time(container, video, expected_end)
    if seen_end is None or seen_end < expected_end - _TAIL_TOLERANCE_S:
        raise FilmRejected.damaged()


def _expected_video_end(container: InputContainer, video: VideoStream) -> float | None:
    """Return the time (seconds) at which the video stream should end, if the file says."""
    if video.duration is not None and video.time_base is not None:
        start = float(video.start_time * video.time_base) if video.start_time else 0.0
        return start + float(video.duration * video.time_base)
    if container.duration is not None:
        start = (container.start_time or 0) / av.time_base
        return start + container.duration / av.time_base
    return None


def _read_last_video_time(
    container: InputContainer, video: VideoStream, expected_end: float
) -> float | None:
    """Seek near the end and return the end time of the last video packet actually present."""
    time_base = video.time_base
    assert time_base is not None
    target = max(0.0, expected_end - _TAIL_WINDOW_S)
    seen_end: float | None = None
    try:
        container.seek(int(target / time_base), stream=video, backward=True)
        for packet in container.demux(video):
            if packet.pts is None:
                continue
            end = float((packet.pts + (packet.duration or 0)) * time_base)
            seen_end = end if seen_end is None else max(seen_end, end)
    except (av.error.FFmpegError, ValueError):
        return seen_end
    return seen_end


def _refuse_pictures_and_documents(path: Path) -> None:
    """Raise FilmRejected if the file begins like a still picture or a document.

    Told by the contents, so a photo or a PDF renamed to .mp4 gets the same plain refusal
    as one with its own name (FFmpeg would open a photo as a one-frame "video").
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return  # opening the film says what is wrong
    if (
        head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"BM", b"II*\x00", b"MM\x00*"))
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head[4:8] == b"ftyp" and head[8:12] in _PICTURE_BRANDS)
    ):
        raise FilmRejected.picture()
    if head.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        raise FilmRejected.document()


def _starts_like_a_film(path: Path) -> bool:
    """Return True if the file begins like an MP4/MOV/3GP, Matroska/WebM or AVI file."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    if head[4:8] in (b"ftyp", b"moov", b"mdat", b"free", b"wide", b"skip"):
        return True
    if head[:4] == b"\x1a\x45\xdf\xa3":
        return True
    return head[:4] == b"RIFF" and head[8:12] == b"AVI "
