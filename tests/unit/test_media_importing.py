"""start_import / ImportJob: the background import the UI polls across reruns."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from typing import Any

import pytest

from tests.filmmaker import FilmLibrary
from vigreview.media import FilmInfo, FilmRejected, ImportJob, get_import_job, start_import
from vigreview.media import importing as importing_module

WAIT_S = 60


@pytest.fixture(scope="module")
def films(tmp_path_factory: pytest.TempPathFactory) -> FilmLibrary:
    return FilmLibrary(tmp_path_factory.mktemp("import_films"))


def _upload(films: FilmLibrary, kind: str, folder: Path) -> Path:
    """Copy a test film to where the app puts an upload."""
    source = films.get(kind)
    upload = folder / f".upload-1234{source.suffix}"
    shutil.copyfile(source, upload)
    return upload


def _finish(job: ImportJob) -> ImportJob:
    job.wait(WAIT_S)
    assert job.finished, "the import did not finish in time"
    return job


def test_import_prepares_the_film_and_deletes_the_upload(
    films: FilmLibrary, tmp_path: Path
) -> None:
    upload = _upload(films, "hevc_aac", tmp_path)
    dest = tmp_path / "media" / "film.mp4"
    recorded: list[FilmInfo] = []
    job = _finish(start_import(upload, dest, on_done=recorded.append))
    assert job.state == "done"
    assert job.message is None
    assert job.progress == 1.0
    assert job.result is not None and job.result.video_codec == "h264"
    assert recorded == [job.result]
    assert dest.is_file()
    assert not upload.exists()
    assert sorted(p.name for p in dest.parent.iterdir()) == ["film.mp4"]


def test_job_can_be_found_again_by_id(films: FilmLibrary, tmp_path: Path) -> None:
    job = start_import(_upload(films, "h264_aac", tmp_path), tmp_path / "film.mp4")
    assert get_import_job(job.id) is job
    _finish(job)
    assert get_import_job(job.id) is job
    assert get_import_job("no-such-job") is None


def test_keep_original_moves_the_upload_beside_the_film(films: FilmLibrary, tmp_path: Path) -> None:
    upload = _upload(films, "hevc_aac", tmp_path)
    upload_bytes = upload.read_bytes()
    dest = tmp_path / "media" / "film-7.mp4"
    job = _finish(start_import(upload, dest, keep_original=True))
    assert job.state == "done"
    assert not upload.exists()
    assert job.original_path == dest.parent / "film-7.original.mov"
    assert job.original_path.read_bytes() == upload_bytes


def test_a_refused_film_fails_with_its_message_and_leaves_nothing(
    films: FilmLibrary, tmp_path: Path
) -> None:
    upload = _upload(films, "audio_only", tmp_path)
    dest = tmp_path / "media" / "film.mp4"
    called: list[FilmInfo] = []
    job = _finish(start_import(upload, dest, on_done=called.append))
    assert job.state == "failed"
    assert job.message == FilmRejected.audio_only().message
    assert job.result is None
    assert called == []
    assert not dest.parent.exists() or list(dest.parent.iterdir()) == []
    assert not upload.exists()  # sensitive: a retry means choosing the file again


def test_cancel_while_waiting_for_another_import(films: FilmLibrary, tmp_path: Path) -> None:
    upload = _upload(films, "hevc_aac", tmp_path)
    dest = tmp_path / "film.mp4"
    assert importing_module._conversion_slot.acquire(timeout=WAIT_S)
    try:
        job = start_import(upload, dest)
        job.cancel()
        job.wait(5)
    finally:
        importing_module._conversion_slot.release()
    _finish(job)
    assert job.state == "cancelled"
    assert not dest.exists()


def test_cancel_part_way_leaves_nothing(
    films: FilmLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_normalise = importing_module.normalise_film
    job_started = threading.Event()
    holder: list[ImportJob] = []

    def normalise_and_cancel(src: Path, dest: Path, **kwargs: Any) -> FilmInfo:
        report = kwargs.pop("progress")

        def report_then_cancel(fraction: float) -> None:
            report(fraction)
            job_started.wait(WAIT_S)
            holder[0].cancel()

        return real_normalise(src, dest, progress=report_then_cancel, **kwargs)

    monkeypatch.setattr(importing_module, "normalise_film", normalise_and_cancel)
    upload = _upload(films, "hevc_aac", tmp_path)
    dest = tmp_path / "media" / "film.mp4"
    holder.append(start_import(upload, dest))
    job_started.set()
    job = _finish(holder[0])
    assert job.state == "cancelled"
    assert job.message is None
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["media"]  # upload deleted too


def test_an_unexpected_error_fails_kindly(
    films: FilmLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> FilmInfo:
        raise MemoryError("out of memory")

    monkeypatch.setattr(importing_module, "normalise_film", broken)
    job = _finish(start_import(_upload(films, "h264_aac", tmp_path), tmp_path / "film.mp4"))
    assert job.state == "failed"
    assert job.message is not None and "Please try again" in job.message


def test_a_failing_on_done_fails_the_job(films: FilmLibrary, tmp_path: Path) -> None:
    def record_fails(info: FilmInfo) -> None:
        raise OSError("record is locked")

    job = _finish(
        start_import(
            _upload(films, "h264_aac", tmp_path), tmp_path / "film.mp4", on_done=record_fails
        )
    )
    assert job.state == "failed"
    assert job.message is not None and "could not be added" in job.message


def test_imports_run_one_at_a_time(
    films: FilmLibrary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_normalise = importing_module.normalise_film
    running = []
    overlaps = []
    lock = threading.Lock()

    def watched(src: Path, dest: Path, **kwargs: Any) -> FilmInfo:
        with lock:
            running.append(dest)
            overlaps.append(len(running))
        try:
            return real_normalise(src, dest, **kwargs)
        finally:
            with lock:
                running.remove(dest)

    monkeypatch.setattr(importing_module, "normalise_film", watched)
    jobs = []
    for i in range(3):
        folder = tmp_path / str(i)
        folder.mkdir()
        jobs.append(start_import(_upload(films, "hevc_aac", folder), tmp_path / f"film-{i}.mp4"))
    for job in jobs:
        assert _finish(job).state == "done"
    assert overlaps == [1, 1, 1]
