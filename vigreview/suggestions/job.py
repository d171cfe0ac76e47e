"""Finding suggestions on a background thread, one film at a time, with progress.

The Moments page starts a job for a film that has no suggestions yet and polls it by the
film's path; every tab looking at that film sees the same job.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path
from typing import Literal

from vigreview.suggestions.finding import find_suggestions
from vigreview.suggestions.saved import save_suggestions
from vigreview.suggestions.windows import Suggestion

SuggestionState = Literal["running", "done", "failed"]

_log = logging.getLogger(__name__)
_jobs: dict[str, SuggestionJob] = {}
_jobs_lock = threading.Lock()
# One film at a time: two cores are shared with imports and several guiders.
_slot = threading.Semaphore(1)
# Background work yields to the guider's page and to imports.
_NICENESS = 10


class SuggestionJob:
    """Reading one film for suggestions; `progress` (0..1), `state` and `suggestions`."""

    def __init__(self, film: Path, duration_s: float, result_path: Path) -> None:
        self.film = film
        self.duration_s = duration_s
        self.result_path = result_path
        self.progress = 0.0
        self.state: SuggestionState = "running"
        self.suggestions: list[Suggestion] = []
        self._thread = threading.Thread(target=self._run, name="vigreview-suggest", daemon=True)

    def wait(self, timeout: float | None = None) -> None:
        """Block until the job has finished, or `timeout` seconds have passed."""
        self._thread.join(timeout)

    def _run(self) -> None:
        _run_gently()
        try:
            with _slot:
                found = find_suggestions(self.film, self.duration_s, self._set_progress)
                save_suggestions(self.result_path, found)
        except Exception:
            _log.exception("Reading %s for suggestions failed", self.film.name)
            self.state = "failed"
            return
        self.suggestions = found
        self.progress = 1.0
        self.state = "done"

    def _set_progress(self, fraction: float) -> None:
        self.progress = fraction


def _run_gently() -> None:
    """Lower this thread's priority where the system allows it: the page comes first."""
    # Not on every system (e.g. Windows): there it runs at normal priority.
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), _NICENESS)


def start_suggesting(film: Path, duration_s: float, result_path: Path) -> SuggestionJob:
    """Start reading `film` for suggestions (or return the job already doing it)."""
    key = str(Path(film).resolve())
    with _jobs_lock:
        job = _jobs.get(key)
        if job is not None and job.state == "running":
            return job
        job = SuggestionJob(Path(film), duration_s, result_path)
        _jobs[key] = job
    job._thread.start()
    return job


def get_suggestion_job(film: Path) -> SuggestionJob | None:
    """Return the latest job for this film, if one was started in this process."""
    with _jobs_lock:
        return _jobs.get(str(Path(film).resolve()))
