"""normalise_film: every kind of upload becomes a playable H.264/AAC MP4, or nothing at all."""

from __future__ import annotations

import itertools
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest

from tests.filmmaker import MARKER, FilmLibrary
from vigreview.media import FilmRejected, ImportCancelled, normalise_film, probe_film
from vigreview.media.limits import MAX_SERVABLE_BYTES
from vigreview.media.normalise import (
    choose_output_rate,
    choose_output_size,
    choose_video_bitrate,
)


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> FilmLibrary:
    return FilmLibrary(tmp_path_factory.mktemp("normalise_films"))


def _video_packets(path: Path) -> list[bytes]:
    with av.open(str(path)) as container:
        return [bytes(p) for p in container.demux(video=0) if p.size]


def _marker_corner(path: Path) -> str:
    """Return which corner of the first displayed picture holds the white marker."""
    with av.open(str(path)) as container:
        picture = next(container.decode(video=0)).to_ndarray(format="rgb24")
    h, w, _ = picture.shape
    corners = {
        "top-left": picture[h // 8, w // 8],
        "top-right": picture[h // 8, w - 1 - w // 8],
        "bottom-left": picture[h - 1 - h // 8, w // 8],
        "bottom-right": picture[h - 1 - h // 8, w - 1 - w // 8],
    }
    white = [name for name, rgb in corners.items() if np.abs(rgb - MARKER).max() < 40]
    assert len(white) == 1, corners
    return white[0]


def _assert_playable_mp4(path: Path) -> None:
    """Decode every frame; check codecs, pixel format, no rotation and the index first."""
    with av.open(str(path)) as container:
        assert "mp4" in container.format.name
        video = container.streams.video[0]
        assert video.codec_context.name == "h264"
        assert video.codec_context.pix_fmt == "yuv420p"
        assert video.width % 2 == 0 and video.height % 2 == 0
        rotations = {frame.rotation for frame in container.decode(video)}
        assert rotations == {0}
        for audio in container.streams.audio:
            assert audio.codec_context.name == "aac"
    assert _index_comes_first(path)


def _index_comes_first(path: Path) -> bool:
    """Return True if the MP4 index ("moov") comes before the media data ("mdat")."""
    data = path.read_bytes()
    return 0 <= data.find(b"moov") < data.find(b"mdat")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


PLAYABLE = [
    # kind, remuxed, has sound, displayed size, marker corner
    ("h264_aac", True, True, (320, 240), "top-left"),
    ("h264_no_audio", True, False, (320, 240), "top-left"),
    ("h264_mov_no_faststart", True, True, (320, 240), "top-left"),
    ("hevc_aac", False, True, (320, 240), "top-left"),
    ("hevc_no_audio", False, False, (320, 240), "top-left"),
    ("hevc_portrait", False, True, (180, 320), "top-right"),
    ("h264_upside_down", False, True, (320, 240), "bottom-right"),
    ("vp9_opus", False, True, (320, 240), "top-left"),
    ("h264_mkv", False, True, (320, 240), "top-left"),
    ("variable_rate", False, True, (320, 240), "top-left"),
    ("over_720p", False, False, (1280, 720), "top-left"),
    ("hevc_sixty_fps", False, True, (320, 240), "top-left"),
]


@pytest.mark.parametrize(("kind", "remuxed", "has_sound", "size", "corner"), PLAYABLE)
def test_every_playable_kind_becomes_a_browser_playable_mp4(
    films: FilmLibrary,
    tmp_path: Path,
    kind: str,
    remuxed: bool,
    has_sound: bool,
    size: tuple[int, int],
    corner: str,
) -> None:
    source = films.get(kind)
    before = probe_film(source)
    dest = tmp_path / "film.mp4"
    info = normalise_film(source, dest)
    assert _leftovers(tmp_path) == ["film.mp4"]
    _assert_playable_mp4(dest)
    assert info == probe_film(dest)
    assert info.video_codec == "h264"
    assert info.audio_codec == ("aac" if has_sound else None)
    assert info.rotation == 0
    assert (info.width, info.height) == size
    assert info.duration_s == pytest.approx(before.duration_s, abs=0.2)
    assert _marker_corner(dest) == corner
    assert (_video_packets(dest) == _video_packets(source)) is remuxed


def test_portrait_phone_film_is_turned_upright_in_the_pixels(
    films: FilmLibrary, tmp_path: Path
) -> None:
    dest = tmp_path / "portrait.mp4"
    info = normalise_film(films.get("hevc_portrait"), dest)
    assert info.height > info.width
    assert info.rotation == 0
    with av.open(str(dest)) as container:
        frame = next(container.decode(video=0))
        assert (frame.width, frame.height) == (180, 320)


def test_variable_frame_rate_becomes_steady(films: FilmLibrary, tmp_path: Path) -> None:
    dest = tmp_path / "steady.mp4"
    info = normalise_film(films.get("variable_rate"), dest)
    with av.open(str(dest)) as container:
        stamps = sorted(p.pts for p in container.demux(video=0) if p.pts is not None)
    gaps = {b - a for a, b in itertools.pairwise(stamps)}
    assert len(gaps) == 1
    assert info.fps == pytest.approx(24.0)


def test_sixty_fps_is_halved_to_thirty(films: FilmLibrary, tmp_path: Path) -> None:
    info = normalise_film(films.get("hevc_sixty_fps"), tmp_path / "thirty.mp4")
    assert info.fps == pytest.approx(30.0)


def test_remux_is_fast_and_copies_every_packet(films: FilmLibrary, tmp_path: Path) -> None:
    source = films.get("h264_mov_no_faststart")
    assert not _index_comes_first(source)
    started = time.perf_counter()
    normalise_film(source, tmp_path / "copy.mp4")
    assert time.perf_counter() - started < 1.0
    assert _video_packets(tmp_path / "copy.mp4") == _video_packets(source)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("audio_only", "audio_only"),
        ("truncated", "damaged"),
        ("truncated_faststart", "damaged"),
        ("truncated_webm", "damaged"),
        ("zero_byte", "empty"),
        ("text_renamed", "not_video"),
        ("too_long", "too_long"),
    ],
)
def test_bad_files_are_refused_and_leave_nothing(
    films: FilmLibrary, tmp_path: Path, kind: str, reason: str
) -> None:
    with pytest.raises(FilmRejected) as caught:
        normalise_film(films.get(kind), tmp_path / "film.mp4")
    assert caught.value.reason == reason
    assert _leftovers(tmp_path) == []


@pytest.mark.parametrize("kind", ["h264_aac", "hevc_aac"])
def test_cancel_part_way_leaves_nothing(films: FilmLibrary, tmp_path: Path, kind: str) -> None:
    asked = []

    def cancel_on_second_look() -> bool:
        asked.append(True)
        return len(asked) >= 2

    with pytest.raises(ImportCancelled):
        normalise_film(films.get(kind), tmp_path / "film.mp4", should_cancel=cancel_on_second_look)
    assert len(asked) >= 2
    assert _leftovers(tmp_path) == []


def test_an_error_part_way_removes_the_temp_file(films: FilmLibrary, tmp_path: Path) -> None:
    def break_down(fraction: float) -> None:
        if fraction > 0.3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        normalise_film(films.get("hevc_aac"), tmp_path / "film.mp4", progress=break_down)
    assert _leftovers(tmp_path) == []


def test_a_failed_import_does_not_touch_an_existing_film(
    films: FilmLibrary, tmp_path: Path
) -> None:
    dest = tmp_path / "film.mp4"
    dest.write_bytes(b"the earlier film")
    with pytest.raises(FilmRejected):
        normalise_film(films.get("truncated"), dest)
    assert dest.read_bytes() == b"the earlier film"
    assert _leftovers(tmp_path) == ["film.mp4"]


@pytest.mark.parametrize("kind", ["h264_aac", "hevc_aac"])
def test_progress_rises_to_one(films: FilmLibrary, tmp_path: Path, kind: str) -> None:
    seen: list[float] = []
    normalise_film(films.get(kind), tmp_path / "film.mp4", progress=seen.append)
    assert seen == sorted(seen)
    assert seen[-1] == 1.0
    assert len(seen) >= 3
    assert all(0.0 <= value <= 1.0 for value in seen)


def test_dest_folder_is_created(films: FilmLibrary, tmp_path: Path) -> None:
    dest = tmp_path / "families" / "f1" / "media" / "film.mp4"
    normalise_film(films.get("h264_aac"), dest)
    assert dest.is_file()


@pytest.mark.parametrize(
    ("displayed", "encoded"),
    [
        ((1920, 1080), (1280, 720)),
        ((1080, 1920), (720, 1280)),
        ((3840, 2160), (1280, 720)),
        ((1440, 1080), (960, 720)),
        ((1000, 1000), (720, 720)),
        ((320, 240), (320, 240)),
        ((321, 241), (320, 240)),
    ],
)
def test_output_size_is_at_most_720p_and_even(
    displayed: tuple[int, int], encoded: tuple[int, int]
) -> None:
    assert choose_output_size(*displayed) == encoded


@pytest.mark.parametrize(
    ("average", "chosen"),
    [
        (30.0, Fraction(30)),
        (29.97, Fraction(30000, 1001)),
        (59.94, Fraction(30000, 1001)),
        (60.0, Fraction(30)),
        (50.0, Fraction(25)),
        (120.0, Fraction(30)),
        (24.2, Fraction(24)),
        (0.0, Fraction(30)),
        (12.0, Fraction(12)),
    ],
)
def test_output_rate_is_steady_and_at_most_thirty(average: float, chosen: Fraction) -> None:
    assert choose_output_rate(average) == chosen


@pytest.mark.parametrize("minutes", [1, 5, 15, 20])
def test_bitrate_keeps_films_well_under_the_serving_limit(minutes: int) -> None:
    seconds = minutes * 60
    audio = 128_000
    video = choose_video_bitrate(seconds, audio)
    expected_bytes = (video + audio) * seconds / 8
    assert expected_bytes < 0.9 * MAX_SERVABLE_BYTES
    assert video >= 1_000_000  # still a decent 720p picture at 20 minutes
