"""probe_film: what each kind of upload is, and the plain-words refusal for each bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.filmmaker import FilmLibrary
from vigreview.media import MAX_FILM_SECONDS, FilmRejected, check_film_name, probe_film


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


def test_a_photo_named_like_a_film_is_refused_as_a_picture(tmp_path: Path) -> None:
    import av
    import numpy as np

    photo = tmp_path / "photo.mp4"
    av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8)).save(tmp_path / "photo.jpg")
    (tmp_path / "photo.jpg").rename(photo)
    with pytest.raises(FilmRejected) as caught:
        probe_film(photo)
    assert caught.value.reason == "picture"
    assert "still picture" in caught.value.message


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


def _png(path: Path) -> Path:
    import av
    import numpy as np

    av.VideoFrame.from_ndarray(np.zeros((32, 32, 3), np.uint8)).save(path)
    return path


@pytest.mark.parametrize(
    ("head", "reason"),
    [
        (b"%PDF-1.7\n", "document"),
        (b"PK\x03\x04\x14\x00\x06\x00", "document"),  # .docx, .xlsx, .pages
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "document"),  # old Word and Excel
        (b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "picture"),  # iPhone photo
        (b"GIF89a\x01\x00", "picture"),
    ],
)
def test_pictures_and_documents_renamed_mp4_are_refused_for_what_they_are(
    tmp_path: Path, head: bytes, reason: str
) -> None:
    renamed = tmp_path / "IMG_0001.mp4"
    renamed.write_bytes(head + bytes(4096))
    with pytest.raises(FilmRejected) as caught:
        probe_film(renamed)
    assert caught.value.reason == reason


def test_a_png_is_refused_as_a_picture(tmp_path: Path) -> None:
    with pytest.raises(FilmRejected) as caught:
        probe_film(_png(tmp_path / "screenshot.png"))
    assert caught.value.reason == "picture"


@pytest.mark.parametrize(
    ("name", "reason", "words"),
    [
        ("Voice memo.m4a", "audio_only", "it looks like a sound recording"),
        ("song.MP3", "audio_only", "it looks like a sound recording"),
        ("IMG_0042.HEIC", "picture", "This file is a still picture (a photo), not a film."),
        ("photo.jpeg", "picture", "still picture"),
        ("screenshot.png", "picture", "still picture"),
        ("consent form.pdf", "document", "This file is a document, not a film."),
        ("notes.docx", "document", "document"),
        ("archive.xyz", "not_video", "This isn't a video file we can open"),
    ],
)
def test_film_names_that_are_not_films_are_refused_for_what_they_are(
    name: str, reason: str, words: str
) -> None:
    with pytest.raises(FilmRejected) as caught:
        check_film_name(name)
    assert caught.value.reason == reason
    assert words in caught.value.message


@pytest.mark.parametrize("name", ["IMG_0007.MOV", "clip.mp4", "a.m4v", "b.webm", "c.3gp"])
def test_film_names_are_accepted(name: str) -> None:
    assert check_film_name(name) == Path(name).suffix.lower()
