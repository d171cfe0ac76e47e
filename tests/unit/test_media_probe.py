"""probe_film: what each kind of upload is, and the plain-words refusal for each bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.filmmaker import FilmLibrary
from vigreview.media import MAX_FILM_SECONDS, FilmRejected, probe_film


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> FilmLibrary:
    return FilmLibrary(tmp_path_factory.mktemp("probe_films"))


@pytest.mark.parametrize(
    ("kind", "video", "audio", "size"),
    [
        ("h264_aac", "h264", "aac", (320, 240)),
        ("h264_no_audio", "h264", None, (320, 240)),
        ("hevc_aac", "hevc", "aac", (320, 240)),
        ("hevc_no_audio", "hevc", None, (320, 240)),
        ("vp9_opus", "vp9", "opus", (320, 240)),
        ("hevc_portrait", "hevc", "aac", (180, 320)),
    ],
)
def test_probe_describes_playable_films(
    films: FilmLibrary, kind: str, video: str, audio: str | None, size: tuple[int, int]
) -> None:
    info = probe_film(films.get(kind))
    assert (info.video_codec, info.audio_codec) == (video, audio)
    assert (info.width, info.height) == size
    assert info.duration_s == pytest.approx(2.0, abs=0.05)
    assert info.fps == pytest.approx(30.0, abs=0.1)
    assert info.size_bytes == films.get(kind).stat().st_size


def test_portrait_phone_film_reports_rotation_and_displayed_size(films: FilmLibrary) -> None:
    info = probe_film(films.get("hevc_portrait"))
    assert info.rotation == 90
    assert info.height > info.width


def test_upside_down_film_reports_half_turn(films: FilmLibrary) -> None:
    info = probe_film(films.get("h264_upside_down"))
    assert info.rotation == 180
    assert (info.width, info.height) == (320, 240)


def test_variable_rate_film_reports_its_average_rate(films: FilmLibrary) -> None:
    info = probe_film(films.get("variable_rate"))
    assert 20 < info.fps < 30


@pytest.mark.parametrize(
    ("kind", "reason", "words"),
    [
        ("audio_only", "audio_only", "no picture in it - it looks like a sound recording"),
        ("truncated", "damaged", "cut short or damaged"),
        ("truncated_faststart", "damaged", "cut short or damaged"),
        ("truncated_webm", "damaged", "cut short or damaged"),
        ("zero_byte", "empty", "This file is empty (0 bytes)"),
        ("text_renamed", "not_video", "This isn't a video file we can open"),
        ("too_long", "too_long", "This film is 21 minutes long; films up to 20 minutes"),
    ],
)
def test_probe_refuses_bad_files_in_plain_words(
    films: FilmLibrary, kind: str, reason: str, words: str
) -> None:
    with pytest.raises(FilmRejected) as caught:
        probe_film(films.get(kind))
    assert caught.value.reason == reason
    assert words in caught.value.message
    assert str(caught.value) == caught.value.message


def test_a_photo_named_like_a_film_is_not_a_video(tmp_path: Path) -> None:
    import av
    import numpy as np

    photo = tmp_path / "photo.mp4"
    av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8)).save(tmp_path / "photo.jpg")
    (tmp_path / "photo.jpg").rename(photo)
    with pytest.raises(FilmRejected) as caught:
        probe_film(photo)
    assert caught.value.reason == "not_video"


def test_a_missing_file_is_refused_kindly(tmp_path: Path) -> None:
    with pytest.raises(FilmRejected) as caught:
        probe_film(tmp_path / "gone.mp4")
    assert caught.value.reason == "missing"
    assert "choose the video file again" in caught.value.message


def test_too_long_message_rounds_minutes_up() -> None:
    message = FilmRejected.too_long(47 * 60 - 5, MAX_FILM_SECONDS).message
    assert message == (
        "This film is 47 minutes long; films up to 20 minutes can be imported. "
        "Please trim it on the tablet first."
    )
    assert "21 minutes" in FilmRejected.too_long(20 * 60 + 1, MAX_FILM_SECONDS).message
