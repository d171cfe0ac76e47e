"""A TinyDB file that is written atomically, locked, backed up and repaired when damaged."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tinydb import TinyDB

from vigreview.storage.atomic import (
    fsync_directory,
    list_backup_paths,
    remove_stale_temps,
    write_atomically,
)
from vigreview.storage.errors import RecordUnreadable, StorageError
from vigreview.storage.locks import hold_path_lock
from vigreview.storage.recovery import Recovery, name_what_was_saved, start_sentence
from vigreview.storage.snapshot_storage import open_snapshot
from vigreview.storage.tinydb_format import DamagedFile, Tables, decode_tables, encode_tables

logger = logging.getLogger(__name__)

DEFAULT_LOCK_TIMEOUT = 30.0


@dataclass(frozen=True)
class FileSignature:
    """What identifies one version of a file: files are only ever replaced, never changed."""

    inode: int
    size: int
    modified_ns: int
    changed_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> FileSignature:
        """Return the signature of a file from its stat result."""
        return cls(stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def make_aside_path(path: Path) -> Path:
    """Return an unused `<name>.corrupt-<timestamp>` path beside `path`."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 2
    while candidate.exists():
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
        counter += 1
    return candidate


class DatabaseFile:
    """One TinyDB JSON file: atomic writes, a thread+process lock, backups, repair.

    Reads take no lock (files are only ever swapped in whole), unless the file turns out damaged:
    then, under the lock, the bad file is kept aside as `<name>.corrupt-<timestamp>`, the newest
    backup that parses is restored, and a Recovery is recorded. When no backup parses,
    RecordUnreadable is raised and nothing is put in the damaged file's place.

    `required_table`, when given, must hold at least one document for the file to count as whole.
    Recoveries go to `on_recovery`, or are kept for `take_recoveries()` when it is None.
    """

    def __init__(
        self,
        path: Path,
        *,
        backups: int = 3,
        lock_path: Path | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        required_table: str | None = None,
        on_recovery: Callable[[Recovery], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self.backups = backups
        self.lock_path = (
            Path(lock_path) if lock_path else self.path.with_name(self.path.name + ".lock")
        )
        self.lock_timeout = lock_timeout
        self.required_table = required_table
        self._on_recovery = on_recovery
        self._recoveries: list[Recovery] = []
        self._recoveries_guard = threading.Lock()
        self._peeked: tuple[FileSignature, Tables] | None = None

    # -- what is on disk -------------------------------------------------------------------

    def list_backups(self) -> list[Path]:
        """Return the backups of this file that exist, newest first."""
        return [backup for backup in list_backup_paths(self.path, self.backups) if backup.exists()]

    def list_kept_aside(self) -> list[Path]:
        """Return the damaged copies kept beside this file, newest first."""
        # Names carry the time they were set aside (and "-2", "-3" after it within a second),
        # so name order is time order.
        return sorted(self.path.parent.glob(f"{self.path.name}.corrupt-*"), reverse=True)

    def exists(self) -> bool:
        """Return True when something was saved here: the file, a backup or a damaged copy."""
        return self.path.exists() or bool(self.list_backups()) or bool(self.list_kept_aside())

    def locked(self) -> AbstractContextManager[None]:
        """Hold this file's thread and process locks (re-entrant) for a longer change."""
        return hold_path_lock(
            self.lock_path, timeout=self.lock_timeout, what=name_what_was_saved(self.path)
        )

    # -- reading ---------------------------------------------------------------------------

    def read_tables(self) -> Tables | None:
        """Return the file's tables (repairing it if damaged), or None if nothing was saved.

        The result is freshly parsed and the caller may change it. Raises RecordUnreadable.
        """
        try:
            found = self._read_current()
        except DamagedFile:
            found = None
        else:
            if found is not None:
                return found[1]
            if not self.exists():
                return None
        with self.locked():
            return self._load_repairing()

    def signature(self) -> FileSignature | None:
        """Return the file's signature, which changes with every write; None if it is missing."""
        try:
            return FileSignature.of(os.stat(self.path))
        except FileNotFoundError:
            return None

    def peek_tables(self) -> Tables | None:
        """Like read_tables, but reuses the last parse while the file is unchanged.

        The caller must not change the result: it may be shared with later calls.
        """
        try:
            signature = FileSignature.of(os.stat(self.path))
        except FileNotFoundError:
            signature = None
        peeked = self._peeked
        if signature is not None and peeked is not None and peeked[0] == signature:
            return peeked[1]
        try:
            found = self._read_current()
        except DamagedFile:
            found = None
        if found is not None:
            self._peeked = found
            return found[1]
        return self.read_tables()

    def _read_current(self) -> tuple[FileSignature, Tables] | None:
        """Parse the current file; None if it is missing. Raises DamagedFile if it's damaged."""
        try:
            with open(self.path, "rb") as handle:
                signature = FileSignature.of(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            return None
        except OSError as error:
            raise StorageError(
                f"{start_sentence(name_what_was_saved(self.path))} could not be opened "
                f"({error.strerror}). Nothing was changed. Please call for help."
            ) from error
        tables = decode_tables(raw)
        self._check_required_table(tables)
        return signature, tables

    def _check_required_table(self, tables: Tables) -> None:
        if self.required_table is not None and not tables.get(self.required_table):
            raise DamagedFile("the file held no record")

    def _read_backup(self, backup: Path) -> Tables | None:
        """Parse one backup; None when it is missing, unreadable or damaged."""
        try:
            tables = decode_tables(backup.read_bytes())
            self._check_required_table(tables)
        except (OSError, DamagedFile):
            return None
        return tables

    # -- repairing (only ever under the lock) ----------------------------------------------

    def _load_repairing(self) -> Tables | None:
        """Return the tables, repairing a damaged or missing file from its newest good backup."""
        try:
            found = self._read_current()
        except DamagedFile as damage:
            reason = damage.reason
            kept_aside = self._set_aside()
        else:
            if found is not None:
                return found[1]
            if not self.exists():
                return None
            reason = "the file was missing"
            earlier = self.list_kept_aside()
            kept_aside = earlier[0] if earlier else self.path
        for backup in list_backup_paths(self.path, self.backups):
            tables = self._read_backup(backup)
            if tables is None:
                continue
            saved_at = datetime.fromtimestamp(backup.stat().st_mtime).astimezone()
            write_atomically(self.path, encode_tables(tables), backups=0)
            self._note_recovery(
                Recovery(
                    path=self.path,
                    kept_aside=kept_aside,
                    restored_from=backup,
                    restored_saved_at=saved_at,
                    reason=reason,
                )
            )
            return tables
        raise self._describe_unreadable(reason, kept_aside)

    def _set_aside(self) -> Path:
        """Move the damaged current file to `<name>.corrupt-<timestamp>` and return where."""
        target = make_aside_path(self.path)
        os.replace(self.path, target)
        fsync_directory(self.path.parent)
        logger.warning("Kept damaged file %s aside as %s", self.path, target)
        return target

    def _describe_unreadable(self, reason: str, kept_aside: Path) -> RecordUnreadable:
        what = name_what_was_saved(self.path)
        kept = (
            f"The damaged copy was kept at {kept_aside}."
            if kept_aside != self.path
            else "There was no damaged copy to keep."
        )
        return RecordUnreadable(
            f"{start_sentence(what)} is damaged ({reason}) and none of its backups could "
            f"be read. {kept} Nothing else has been changed. Restore a backup on the "
            "Data & settings page, or call for help and tell them where the damaged copy is.",
            path=self.path,
            kept_aside=kept_aside,
            reason=reason,
        )

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self, *, start_empty: bool = False) -> Iterator[TinyDB]:
        """Hold the locks and yield a TinyDB over the file's tables; write them once at the end.

        Nothing is written if the block raises or changes nothing. With `start_empty` the
        database starts with no tables (to replace the whole file); a damaged file is still
        kept aside first. Raises RecordUnreadable (unless `start_empty`) and StorageBusy.
        """
        with self.locked():
            if start_empty:
                self._load_for_replacing()
                tables: Tables | None = None
            else:
                tables = self._load_repairing()
            database, storage = open_snapshot(tables)
            yield database
            if storage.changed:
                self._commit(storage.tables)

    def write_tables(self, tables: Tables) -> None:
        """Replace the whole file with `tables`, atomically and under the locks."""
        with self.locked():
            self._load_for_replacing()
            self._commit(tables)

    def _load_for_replacing(self) -> None:
        """Make sure a damaged current file is kept aside before it is replaced.

        Without this a damaged file would be rotated into backup .1, and after three more saves
        it would be gone for good.
        """
        # RecordUnreadable: the damaged file is already kept aside, and it is being replaced.
        with suppress(RecordUnreadable):
            self._load_repairing()

    def _commit(self, tables: Tables) -> None:
        payload = encode_tables(tables)
        try:
            remove_stale_temps(self.path)
            write_atomically(self.path, payload, backups=self.backups)
        except OSError as error:
            raise StorageError(
                f"{start_sentence(name_what_was_saved(self.path))} could not be saved "
                f"({error.strerror}). The version saved before is still there. "
                "If the device is full, free some space and try again."
            ) from error

    # -- telling the guider ----------------------------------------------------------------

    def _note_recovery(self, recovery: Recovery) -> None:
        logger.warning("Repaired %s: %s", recovery.path, recovery.reason)
        if self._on_recovery is not None:
            self._on_recovery(recovery)
            return
        with self._recoveries_guard:
            self._recoveries.append(recovery)

    def take_recoveries(self) -> list[Recovery]:
        """Return the repairs made since the last call (when no `on_recovery` was given)."""
        with self._recoveries_guard:
            taken, self._recoveries = self._recoveries, []
        return taken
