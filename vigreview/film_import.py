"""Bringing a film from the tablet into a cycle: checks, background import, saving the record."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vigreview.caseload import load_family
from vigreview.cycles import (
    FilmingNotConsented,
    can_add_film,
    make_film_record,
    new_film_file_name,
    record_film,
)
from vigreview.media import FilmInfo, FilmRejected, ImportJob, check_film_name, start_import
from vigreview.media.limits import MAX_UPLOAD_BYTES
from vigreview.media.tempfiles import remove_quietly
from vigreview.models import Film
from vigreview.storage import StorageError, Store
from vigreview.suggestions import start_suggesting, suggestions_path

MAX_SHOWN_NAME = 120


@dataclass
class ImportOutcome:
    """What happened once the film was ready: saved to the cycle, or why not."""

    film: Film | None = None
    problem: str | None = None


@dataclass
class FilmImport:
    """One film being imported, followed by the page across reruns."""

    job: ImportJob
    family_id: str
    cycle_number: int
    original_name: str
    outcome: ImportOutcome = field(default_factory=ImportOutcome)

    @property
    def finished(self) -> bool:
        """Return True once the import has ended, however it ended."""
        return self.job.state != "running"


def shown_name(upload_name: str) -> str:
    """Return the uploaded file's name as text to show: never a path, never too long."""
    name = upload_name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "film"
    return name[:MAX_SHOWN_NAME]


def accepted_extension(upload_name: str) -> str:
    """Return the upload's lower-case extension, or raise FilmRejected if we don't take it."""
    return check_film_name(shown_name(upload_name))


def check_film_upload(
    store: Store, family_id: str, upload_name: str, size_bytes: int | None, today: date
) -> str:
    """Return the upload's extension when the family may have this file as a film.

    Checked before a byte is written: the parent's filming consent (FilmingNotConsented),
    then the kind of file by its name and its size (FilmRejected, in plain words).
    """
    _require_filming_consent(store, family_id, today)
    suffix = accepted_extension(upload_name)
    if size_bytes is not None and size_bytes > MAX_UPLOAD_BYTES:
        raise FilmRejected.upload_too_big(MAX_UPLOAD_BYTES)
    return suffix


def _require_filming_consent(store: Store, family_id: str, today: date) -> None:
    if not can_add_film(load_family(store, family_id), today):
        raise FilmingNotConsented(
            "The parent's consent to filming is not on record, so no film can be added. "
            "Please record consent on the family's page first."
        )


def begin_film_import(
    store: Store,
    family_id: str,
    cycle_number: int,
    upload: Path,
    upload_name: str,
    *,
    keep_original: bool,
    today: date,
) -> FilmImport:
    """Check consent and the file type again, and start importing `upload`.

    `upload` is a file the upload route wrote to the family's media folder under a random
    name (vigreview.media.uploads); the name the tablet gave it is kept only as text, so a
    crafted file name can never become a path. A refused upload is deleted: without consent
    no footage may stay.
    """
    try:
        _require_filming_consent(store, family_id, today)
        accepted_extension(upload_name)
    except (StorageError, FilmRejected):
        remove_quietly(upload)
        raise
    source = Path(upload)
    media_dir = store.media_dir(family_id)
    dest = media_dir / new_film_file_name()
    outcome = ImportOutcome()

    def save_film(info: FilmInfo) -> None:
        # Runs on the import thread, so the film is recorded even if the tab was closed.
        film = make_film_record(
            dest.name,
            shown_name(upload_name),
            info.duration_s,
            info.width,
            info.height,
            kept_original=keep_original,
        )
        try:
            record_film(store, family_id, cycle_number, film, today)
        except StorageError as error:
            remove_film_files(dest)
            outcome.problem = str(error)
            return
        outcome.film = film
        # Straight on to reading the film for suggested moments, so they are usually ready
        # by the time the guider opens Moments.
        start_suggesting(dest, info.duration_s, suggestions_path(media_dir, dest.name))

    job = start_import(source, dest, keep_original=keep_original, on_done=save_film)
    return FilmImport(job, family_id, cycle_number, shown_name(upload_name), outcome)


def remove_film_files(film_path: Path) -> None:
    """Delete a normalised film and anything kept beside it under its name."""
    for path in film_path.parent.glob(film_path.stem + "*"):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
