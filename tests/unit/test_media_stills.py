"""Stills: the exact frame, as a JPEG, cached on disk; strips in one decoding pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from tests.filmmaker import FilmLibrary, nearest_palette_index
from vigreview.media import extract_still, frame_times, normalise_film, still_strip
from vigreview.media import stills as stills_module

FPS = 30


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> FilmLibrary:
    return FilmLibrary(tmp_path_factory.mktemp("still_films"))


@pytest.fixture(scope="module", params=["source", "normalised"])
def film(request: pytest.FixtureRequest, films: FilmLibrary) -> Path:
    """A colour-per-frame film: as written (no B-frames) and normalised (with B-frames)."""
    if request.param == "source":
        return films.get("h264_aac")
    dest = films.folder / "normalised" / "film.mp4"
    if not dest.exists():
        normalise_film(films.get("hevc_aac"), dest)
    return dest


def _frame_index_in(still: Path) -> int:
    """Return which frame a still shows, from the colour at its centre."""
    with Image.open(still) as picture:
        rgb = picture.convert("RGB").getpixel((picture.width * 3 // 4, picture.height * 3 // 4))
    assert isinstance(rgb, tuple)
    return nearest_palette_index(rgb)


@pytest.mark.parametrize("frame", [0, 1, 7, 15, 16, 30, 45, 59])
def test_still_shows_the_frame_at_its_exact_time(film: Path, tmp_path: Path, frame: int) -> None:
    still = extract_still(film, frame / FPS, tmp_path)
    assert still.time_s == pytest.approx(frame / FPS)
    assert _frame_index_in(still.path) == frame % 8
    with Image.open(still.path) as picture:
        assert picture.format == "JPEG"


def test_still_between_frames_is_the_frame_on_screen(film: Path, tmp_path: Path) -> None:
    still = extract_still(film, 20.6 / FPS, tmp_path)
    assert still.time_s == pytest.approx(20 / FPS)
    assert _frame_index_in(still.path) == 20 % 8


def test_still_name_comes_from_the_time_in_ms(film: Path, tmp_path: Path) -> None:
    still = extract_still(film, 0.5, tmp_path, width=160)
    assert still.path.parent == tmp_path
    assert "00000500ms" in still.path.name
    assert still.path.name.endswith("_160w.jpg")


def test_still_width_is_kept_and_never_enlarged(film: Path, tmp_path: Path) -> None:
    with Image.open(extract_still(film, 0.5, tmp_path, width=160).path) as picture:
        assert picture.size == (160, 120)
    with Image.open(extract_still(film, 0.5, tmp_path, width=480).path) as picture:
        assert picture.size == (320, 240)


def test_second_still_is_read_from_the_cache(
    film: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = extract_still(film, 1.0, tmp_path)
    made_at = first.path.stat().st_mtime_ns

    def no_decoding(*args: object, **kwargs: object) -> list[int]:
        raise AssertionError("decoded a cached still")

    monkeypatch.setattr(stills_module, "_save_frames_from", no_decoding)
    again = extract_still(film, 1.0 + 0.2 / FPS, tmp_path)
    assert again == first
    assert again.path.stat().st_mtime_ns == made_at


def test_strip_is_evenly_spread_on_real_frames(film: Path, tmp_path: Path) -> None:
    strip = still_strip(film, 0.5, 1.5, 5, tmp_path)
    real = frame_times(film, 0.0, 99.0)
    assert [s.time_s for s in strip] == pytest.approx([0.5, 0.75, 1.0, 1.25, 1.5], abs=0.51 / FPS)
    for still in strip:
        assert min(abs(still.time_s - t) for t in real) < 1e-9
        assert _frame_index_in(still.path) == round(still.time_s * FPS) % 8
        with Image.open(still.path) as picture:
            assert picture.width == 320


def test_strip_decodes_in_one_pass_and_then_comes_from_the_cache(
    film: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    passes: list[int] = []
    real_pass = stills_module._save_frames_from

    def counted_pass(*args: object, **kwargs: object) -> list[int]:
        passes.append(1)
        return real_pass(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stills_module, "_save_frames_from", counted_pass)
    first = still_strip(film, 0.0, 1.9, 12, tmp_path, width=160)
    assert len(first) == 12
    assert len(passes) == 1
    assert still_strip(film, 0.0, 1.9, 12, tmp_path, width=160) == first
    assert len(passes) == 1


def test_strip_with_more_stills_than_frames_shows_each_frame_once(
    film: Path, tmp_path: Path
) -> None:
    strip = still_strip(film, 0.5, 0.6, 10, tmp_path)
    assert [round(s.time_s * FPS) for s in strip] == [15, 16, 17, 18]


def test_strip_of_nothing_is_empty(film: Path, tmp_path: Path) -> None:
    assert still_strip(film, 0.5, 1.0, 0, tmp_path) == []


def test_portrait_still_is_upright(films: FilmLibrary, tmp_path: Path) -> None:
    dest = tmp_path / "portrait.mp4"
    normalise_film(films.get("hevc_portrait"), dest)
    with Image.open(extract_still(dest, 0.5, tmp_path / "stills").path) as picture:
        assert picture.height > picture.width
