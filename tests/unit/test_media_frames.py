"""frame_times / nearest_frame_time / step_frame against the film's real frame timestamps."""

from __future__ import annotations

import os
from pathlib import Path

import av
import pytest

from tests.filmmaker import FilmLibrary, make_film
from vigreview.media import frame_times, nearest_frame_time, normalise_film, step_frame


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> FilmLibrary:
    return FilmLibrary(tmp_path_factory.mktemp("frame_films"))


@pytest.fixture(scope="module")
def b_frame_film(films: FilmLibrary, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A normalised film: x264 'veryfast' uses B-frames, so decode order != display order."""
    dest = tmp_path_factory.mktemp("normalised") / "film.mp4"
    normalise_film(films.get("hevc_aac"), dest)
    return dest


def _decoded_times(path: Path) -> list[float]:
    with av.open(str(path)) as container:
        return [frame.time for frame in container.decode(video=0)]


@pytest.mark.parametrize("kind", ["h264_aac", "variable_rate", "vp9_opus"])
def test_frame_times_are_the_decoded_frame_times(films: FilmLibrary, kind: str) -> None:
    film = films.get(kind)
    assert frame_times(film, 0.0, 999.0) == pytest.approx(_decoded_times(film), abs=1e-9)


def test_frame_times_in_display_order_despite_b_frames(b_frame_film: Path) -> None:
    with av.open(str(b_frame_film)) as container:
        decode_order = [p.pts for p in container.demux(video=0) if p.pts is not None]
    assert decode_order != sorted(decode_order)  # the film really has B-frames
    assert frame_times(b_frame_film, 0.0, 999.0) == pytest.approx(_decoded_times(b_frame_film))


def test_frame_times_in_a_window(films: FilmLibrary) -> None:
    times = frame_times(films.get("h264_aac"), 0.5, 1.0)
    assert times == pytest.approx([i / 30 for i in range(15, 31)])


def test_window_edges_tolerate_millisecond_rounding(films: FilmLibrary) -> None:
    # 0.533 is frame 16 (0.5333...) rounded to milliseconds: it still counts as "from" it.
    times = frame_times(films.get("h264_aac"), 0.533, 0.6)
    assert times[0] == pytest.approx(16 / 30)


def test_nearest_frame_time(films: FilmLibrary) -> None:
    film = films.get("h264_aac")
    assert nearest_frame_time(film, 0.51) == pytest.approx(15 / 30)
    assert nearest_frame_time(film, 0.52) == pytest.approx(16 / 30)
    assert nearest_frame_time(film, -3.0) == 0.0
    assert nearest_frame_time(film, 99.0) == pytest.approx(59 / 30)


def test_nearest_on_variable_rate_film(films: FilmLibrary) -> None:
    film = films.get("variable_rate")
    real = _decoded_times(film)
    for t in (0.0, 0.3, 0.77, 1.234, 1.9):
        assert nearest_frame_time(film, t) == pytest.approx(min(real, key=lambda x: abs(x - t)))


def test_step_frame_moves_one_real_frame(films: FilmLibrary) -> None:
    film = films.get("h264_aac")
    assert step_frame(film, 0.5, 1) == pytest.approx(16 / 30)
    assert step_frame(film, 0.5, -1) == pytest.approx(14 / 30)
    # Between frames, the frame on screen is the earlier one.
    assert step_frame(film, 0.51, 1) == pytest.approx(16 / 30)
    assert step_frame(film, 0.51, 0) == pytest.approx(15 / 30)
    # A time rounded down to milliseconds still means that frame.
    assert step_frame(film, 0.533, 1) == pytest.approx(17 / 30)


def test_step_frame_clamps_to_the_film(films: FilmLibrary) -> None:
    film = films.get("h264_aac")
    assert step_frame(film, 0.0, -1) == 0.0
    assert step_frame(film, 0.0, 1000) == pytest.approx(59 / 30)
    assert step_frame(film, 99.0, 1) == pytest.approx(59 / 30)


def test_step_frame_on_variable_rate_film(films: FilmLibrary) -> None:
    film = films.get("variable_rate")
    real = _decoded_times(film)
    time = real[0]
    for expected in real[1:6]:
        time = step_frame(film, time, 1)
        assert time == pytest.approx(expected)
    assert step_frame(film, time, -5) == pytest.approx(real[0])


def test_a_replaced_film_is_read_afresh(tmp_path: Path) -> None:
    film = make_film(tmp_path / "film.mp4", seconds=1.0, audio=None)
    assert len(frame_times(film, 0, 99)) == 30
    longer = make_film(tmp_path / "longer.mp4", seconds=2.0, audio=None)
    os.replace(longer, film)
    assert len(frame_times(film, 0, 99)) == 60
