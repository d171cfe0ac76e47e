"""The media package's shape: its public names, and nothing happening at import time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import vigreview.media as media
from vigreview.media import FilmRejected, make_demo_film, probe_film

ROOT = Path(__file__).resolve().parents[2]

PROMISED = {
    "FilmInfo", "FilmRejected", "ImportCancelled", "probe_film", "normalise_film", "ImportJob",
    "start_import", "frame_times", "nearest_frame_time", "step_frame", "extract_still",
    "still_strip", "Still",
    "make_demo_film", "ACCEPTED_EXTENSIONS", "MAX_FILM_SECONDS",
}  # fmt: skip


def test_the_promised_names_are_exported() -> None:
    assert set(media.__all__) >= PROMISED
    for name in media.__all__:
        assert hasattr(media, name), name


def test_limits() -> None:
    assert media.ACCEPTED_EXTENSIONS == (".mp4", ".mov", ".m4v", ".3gp", ".webm", ".mkv")
    assert media.MAX_FILM_SECONDS == 20 * 60


def test_importing_does_nothing(tmp_path: Path) -> None:
    code = (
        "import os, threading; before = set(os.listdir('.'));"
        "import vigreview.media;"
        "assert threading.active_count() == 1, threading.enumerate();"
        "assert set(os.listdir('.')) == before;"
        "import sys; assert 'streamlit' not in sys.modules"
    )
    env_path = str(ROOT)
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_a_limit_or_a_refusal_loads_no_film_code(tmp_path: Path) -> None:
    # Each name loads its own module on first use: the server's start names the upload limit
    # and must not wait for PyAV and numpy (bench/first_run.py).
    code = (
        "from vigreview.media import MAX_FILM_SECONDS, FilmRejected;"
        "from vigreview.media.limits import MAX_UPLOAD_BYTES;"
        "import sys; loaded = {'av', 'numpy'} & set(sys.modules);"
        "assert not loaded, loaded"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = media.no_such_name  # type: ignore[attr-defined]


def test_demo_film_is_a_playable_h264_aac_film(tmp_path: Path) -> None:
    info = make_demo_film(tmp_path / "demo.mp4", seconds=3.0)
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")
    assert (info.width, info.height, info.rotation) == (640, 360, 0)
    assert info.duration_s == pytest.approx(3.0, abs=0.1)
    assert probe_film(tmp_path / "demo.mp4") == info
    assert [p.name for p in tmp_path.iterdir()] == ["demo.mp4"]


def test_demo_film_moves(tmp_path: Path) -> None:
    import av
    import numpy as np

    make_demo_film(tmp_path / "demo.mp4", seconds=3.0)
    with av.open(str(tmp_path / "demo.mp4")) as container:
        frames = list(container.decode(video=0))
        pictures = [frames[i].to_ndarray(format="rgb24").astype(int) for i in (0, 1, -1)]
    # The characters move between frames, and the scene changes over the turns.
    assert np.abs(pictures[1] - pictures[0]).max() > 20
    assert np.abs(pictures[-1] - pictures[0]).mean() > 0.5


@pytest.mark.slow
def test_full_length_demo_film_is_forty_seconds(tmp_path: Path) -> None:
    # How long it takes to draw is measured by bench/first_run.py (demo_ready_s), not here:
    # a timed assertion flakes on a shared machine.
    info = make_demo_film(tmp_path / "demo.mp4")
    assert info.duration_s == pytest.approx(40.0, abs=0.1)


def test_rejection_messages_speak_to_the_guider() -> None:
    for message in (
        FilmRejected.empty().message,
        FilmRejected.not_video().message,
        FilmRejected.audio_only().message,
        FilmRejected.picture().message,
        FilmRejected.document().message,
        FilmRejected.damaged().message,
        FilmRejected.too_long(47 * 60, 20 * 60).message,
        FilmRejected.too_big(300 * 1024 * 1024, 200 * 1024 * 1024).message,
        FilmRejected.missing().message,
    ):
        assert message.endswith(".")
        assert "Please" in message or "try" in message
        for jargon in ("codec", "moov", "container", "HEVC", "H.264", "Errno"):
            assert jargon not in message
