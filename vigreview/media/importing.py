"""Import a film in the background, so the app stays usable while it is prepared.

The UI starts a job, keeps its id (e.g. in session state) and polls it across reruns
with get_import_job(). Only one film is prepared at a time: this machine has two cores
and several guiders, and two conversions at once would each take twice as long.
"""

from __future__ import annotations

import logging
import os
import secrets
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from vigreview.media.errors import FilmRejected, ImportCancelled
from vigreview.media.normalise import normalise_film
from vigreview.media.probe import FilmInfo

ImportState = Literal["running", "done", "failed", "cancelled"]

_log = logging.getLogger(__name__)

_UNEXPECTED_FAILURE = (
    "Something went wrong while preparing this film, so it was not imported. Please try "
    "again; if it happens again, the film may need to be saved again on the tablet."
)
_FINISHING_FAILURE = (
    "The film was prepared but could not be added to the family's record. Please try again."
)
# Finished jobs kept for the UI to read; older ones are forgotten.
_FINISHED_JOBS_KEPT = 50

_jobs: dict[str, ImportJob] = {}
_jobs_lock = threading.Lock()
# One conversion at a time (see the module docstring).
_conversion_slot = threading.Semaphore(1)


class ImportJob:
    """One film being imported on a background thread.

    `progress` (0..1), `state`, `message` (a FilmRejected message or another plain-words
    reason when failed) and `result` (the prepared film, when done) are updated by the
    worker thread and safe to read at any time. `result` is set before `state` becomes
    "done". `original_path` is where the original was kept, if it was.
    """

    def __init__(
        self,
        src: Path,
        dest: Path,
        *,
        keep_original: bool,
        on_done: Callable[[FilmInfo], None] | None,
    ) -> None:
        self.id = secrets.token_urlsafe(12)
        self.src = Path(src)
        self.dest = Path(dest)
        self.progress = 0.0
        self.state: ImportState = "running"
        self.message: str | None = None
        self.result: FilmInfo | None = None
        self.original_path: Path | None = None
        self.finished_at: float | None = None
        self._keep_original = keep_original
        self._on_done = on_done
        self._cancel_requested = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"vigreview-import-{self.id}", daemon=True
        )

    @property
    def finished(self) -> bool:
        """True once the job is done, failed or cancelled."""
        return self.state != "running"

    def cancel(self) -> None:
        """Ask the job to stop; it stops within a fraction of a second and keeps nothing."""
        self._cancel_requested.set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job has finished, or `timeout` seconds have passed."""
        self._thread.join(timeout)

    def _start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        try:
            if not self._wait_for_conversion_slot():
                self._finish("cancelled")
                return
            try:
                info = normalise_film(
                    self.src,
                    self.dest,
                    progress=self._set_progress,
                    should_cancel=self._cancel_requested.is_set,
                )
            finally:
                _conversion_slot.release()
        except FilmRejected as rejected:
            self._finish("failed", rejected.message)
            return
        except ImportCancelled:
            self._finish("cancelled")
            return
        except Exception:
            _log.exception("Importing %s failed", self.src.name)
            self._finish("failed", _UNEXPECTED_FAILURE)
            return
        try:
            self._put_source_away()
            if self._on_done is not None:
                self._on_done(info)
        except Exception:
            # The prepared film stays at dest: the caller's record may already name it.
            _log.exception("Finishing the import of %s failed", self.src.name)
            self._finish("failed", _FINISHING_FAILURE)
            return
        self.result = info
        self.progress = 1.0
        self._finish("done")

    def _wait_for_conversion_slot(self) -> bool:
        """Wait for our turn to convert; return False if cancelled while waiting."""
        while not _conversion_slot.acquire(timeout=0.2):
            if self._cancel_requested.is_set():
                return False
        if self._cancel_requested.is_set():
            _conversion_slot.release()
            return False
        return True

    def _set_progress(self, fraction: float) -> None:
        self.progress = fraction

    def _put_source_away(self) -> None:
        """Delete the uploaded file, or keep it beside the film as <film>.original<ext>."""
        if not self._keep_original:
            self.src.unlink(missing_ok=True)
            return
        # Named after the film, not plain "original<ext>": a family's media folder holds
        # several films, and files named after a film are deleted with it.
        original = self.dest.with_name(f"{self.dest.stem}.original{self.src.suffix.lower()}")
        try:
            os.replace(self.src, original)
        except OSError:
            shutil.move(self.src, original)  # uploads may sit on another filesystem
        self.original_path = original

    def _finish(self, state: ImportState, message: str | None = None) -> None:
        if state != "done":
            # The upload is sensitive and large; a retry means choosing the file again.
            self.src.unlink(missing_ok=True)
        self.message = message
        self.finished_at = time.monotonic()
        self.state = state


def start_import(
    src: Path,
    dest: Path,
    *,
    keep_original: bool = False,
    on_done: Callable[[FilmInfo], None] | None = None,
) -> ImportJob:
    """Start preparing the uploaded file `src` as a playable film at `dest`.

    On success the upload is deleted, unless `keep_original` (then it is moved beside
    `dest` as `<dest stem>.original<ext>`, see `ImportJob.original_path`), and
    `on_done(info)` runs on the worker thread before the job reports "done". On failure
    or cancel nothing is left at `dest` and the upload is deleted too.
    """
    job = ImportJob(src, dest, keep_original=keep_original, on_done=on_done)
    with _jobs_lock:
        _forget_old_jobs()
        _jobs[job.id] = job
    job._start()
    return job


def get_import_job(job_id: str) -> ImportJob | None:
    """Return the import job with this id, if it is still remembered."""
    with _jobs_lock:
        return _jobs.get(job_id)


def _forget_old_jobs() -> None:
    """Drop the oldest finished jobs beyond _FINISHED_JOBS_KEPT (call with the lock held)."""
    finished = sorted(
        (job for job in _jobs.values() if job.finished_at is not None),
        key=lambda job: job.finished_at or 0.0,
    )
    for job in finished[: max(0, len(finished) - _FINISHED_JOBS_KEPT)]:
        del _jobs[job.id]
