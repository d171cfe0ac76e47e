"""What can go wrong with stored data, in words a guider can act on."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Saving or loading failed; `message` (and `str(error)`) says why in plain words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class StorageBusy(StorageError):
    """Another tab or device held the file's lock for longer than we were willing to wait."""


class RecordUnreadable(StorageError):
    """A saved file is damaged and no backup of it could be read either.

    `path` is the file, `kept_aside` where its damaged copy was kept (or `path` itself when
    there was nothing to keep) and `reason` what was wrong with it.
    """

    def __init__(self, message: str, *, path: Path, kept_aside: Path, reason: str) -> None:
        super().__init__(message)
        self.path = path
        self.kept_aside = kept_aside
        self.reason = reason


class RecordTooNew(StorageError):
    """A record was saved by a newer version of the app than this one."""


class FamilyNotFound(StorageError):
    """There is no saved record for this family."""
