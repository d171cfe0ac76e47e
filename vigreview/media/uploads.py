"""A film written to the family's media folder as it arrives, never held whole in memory.

The bytes go to a hidden temporary file beside the upload's final name, which they get only
once every byte has arrived. Anything that stops an upload part-way (the guider cancels, the
link drops, the file turns out too big, the disk fills) deletes the temporary file: a family's
folder never keeps part of a film.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from vigreview.media.tempfiles import make_temp_path_beside, remove_quietly

# Completed uploads waiting for their import: hidden, random, with the film's extension only.
_UPLOAD_NAME = re.compile(r"\.upload-[0-9a-f]{16}\.[a-z0-9]{1,5}")
# ...and one still arriving (vigreview.media.tempfiles.make_temp_path_beside names it).
_UPLOAD_OR_PART_NAME = re.compile(
    rf"{_UPLOAD_NAME.pattern}|\.{_UPLOAD_NAME.pattern}\.[0-9a-f]+\.part"
)
# An upload the page never took up (its tab closed the moment it arrived), or the part of one
# the server was stopped in the middle of, is gone after this long. A day: no upload takes
# that long, and no page waits that long to start the import.
STALE_UPLOAD_SECONDS = 24 * 60 * 60


class UploadTooBig(Exception):
    """More bytes arrived than the upload may have."""


class UploadCutShort(Exception):
    """The upload ended before the number of bytes the tablet said it would send."""


def new_upload_path(media_dir: Path, suffix: str) -> Path:
    """Return an unused, unguessable path in `media_dir` for an upload ending in `suffix`."""
    return Path(media_dir) / f".upload-{secrets.token_hex(8)}{suffix}"


def find_upload(media_dir: Path, name: str) -> Path | None:
    """Return the completed upload called `name` in `media_dir`, or None.

    `name` comes back from the tablet, so only a name of our own making counts: never a path,
    never a film or any other file of the family's.
    """
    if not isinstance(name, str) or not _UPLOAD_NAME.fullmatch(name):
        return None
    path = Path(media_dir) / name
    return path if path.is_file() else None


def remove_stale_uploads(media_dir: Path, now: float) -> list[str]:
    """Delete uploads and upload parts in `media_dir` older than STALE_UPLOAD_SECONDS.

    Returns the names deleted. Only files of our own making count, never a family's film.
    """
    removed = []
    for path in Path(media_dir).glob(".*upload-*"):
        if not _UPLOAD_OR_PART_NAME.fullmatch(path.name):
            continue
        try:
            if now - path.stat().st_mtime > STALE_UPLOAD_SECONDS:
                path.unlink()
                removed.append(path.name)
        except FileNotFoundError:
            continue
    return removed


class ArrivingFile:
    """The upload being written: `write` each piece as it comes, then `finish`.

    Used as a context manager; leaving it without a successful `finish` (an exception, a
    cancelled task) deletes everything written so far.
    """

    def __init__(self, dest: Path, *, max_bytes: int) -> None:
        self.dest = Path(dest)
        self.received = 0
        self._max_bytes = max_bytes
        self._temp = make_temp_path_beside(self.dest)
        self._out: BinaryIO | None = None
        self._done = False

    def __enter__(self) -> ArrivingFile:
        self._out = self._temp.open("xb")
        return self

    def write(self, data: bytes) -> None:
        """Add `data` to the file; raise UploadTooBig once past the limit (nothing is kept)."""
        self.received += len(data)
        if self.received > self._max_bytes:
            raise UploadTooBig
        self._file().write(data)

    def finish(self, expected_bytes: int | None) -> Path:
        """Make the whole file durable and give it its final name; return that path.

        Raises UploadCutShort when fewer (or more) bytes arrived than `expected_bytes`.
        """
        out = self._file()
        if expected_bytes is not None and self.received != expected_bytes:
            raise UploadCutShort
        out.flush()
        os.fsync(out.fileno())
        out.close()
        os.replace(self._temp, self.dest)
        self._done = True
        return self.dest

    def _file(self) -> BinaryIO:
        if self._out is None or self._out.closed:
            raise RuntimeError("the arriving file is used outside its with block")
        return self._out

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._out is not None and not self._out.closed:
            self._out.close()
        if not self._done:
            remove_quietly(self._temp)
