"""A full disk: one error type, and whether the last write on this machine met one.

All tabs share one disk, so whether writes are failing is kept for the whole process: every
page can then say so (not only the one whose save failed), until a write works again.
"""

from __future__ import annotations

import errno
import threading

from vigreview.storage.errors import StorageError

DISK_FULL_MESSAGE = (
    "This machine is full, so nothing new can be saved right now. Nothing that was already "
    "saved has been lost. Please free some space (delete old downloads or copy films to a "
    "drive), then try again."
)
# ENOSPC: no space left; EDQUOT: over the user's disk quota (same remedy).
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})


class DiskFull(StorageError):
    """A write failed because the disk (or the user's quota) is full; nothing was changed."""


class _WriteState:
    """Whether the latest write failed for lack of space (guarded: tabs are threads)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._full = False

    def note(self, *, full: bool) -> None:
        with self._guard:
            self._full = full

    def is_full(self) -> bool:
        with self._guard:
            return self._full


_STATE = _WriteState()


def is_disk_full(error: OSError) -> bool:
    """Return True when `error` says the disk (or quota) is full."""
    return error.errno in _FULL_ERRNOS


def disk_full_error(error: OSError) -> DiskFull:
    """Note that writes are failing and return the DiskFull to raise in `error`'s place."""
    _STATE.note(full=True)
    return DiskFull(DISK_FULL_MESSAGE)


def note_write_worked() -> None:
    """Note that a write just worked, so the machine is no longer full."""
    _STATE.note(full=False)


def writes_are_failing() -> bool:
    """Return True while the latest write on this machine failed for lack of space."""
    return _STATE.is_full()
