"""The one door to stored data: the caseload index plus one record file per family.

    data_dir/caseload.json                      families (summaries), settings
    data_dir/accounts.json                      guider accounts (own backups: losing the
                                                caseload never loses who may sign in)
    data_dir/families/<family_id>/record.json   everything about one family (one document)
    data_dir/families/<family_id>/media/        that family's films and stills
    data_dir/backups/                           backups of caseload.json, and backup zips
    data_dir/locks/                             lock files (outside family folders, see below)
    data_dir/pending/<family_id>                index updates in progress (normally empty)

Saving a family rewrites only its own record, and the index only when the family's summary
changed, so saving stays fast however many families there are. Lock order is always the
family's record first, then the caseload, never the other way round.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import secrets
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB, where

from vigreview.storage.atomic import fsync_directory
from vigreview.storage.backups import (
    CASELOAD_NAME,
    RECORD_NAME,
    list_backup_zips,
    name_record_entry,
    read_backup_zip,
    sort_key,
    write_backup_zip,
)
from vigreview.storage.database_file import DEFAULT_LOCK_TIMEOUT, DatabaseFile
from vigreview.storage.errors import FamilyNotFound, RecordUnreadable, StorageError
from vigreview.storage.family_ids import check_family_id, is_family_id
from vigreview.storage.migrations import migrate, stamp_current
from vigreview.storage.record_file import RecordFile, replace_document, take_document
from vigreview.storage.recovery import Recovery, format_saved_at
from vigreview.storage.tinydb_format import Tables, encode_tables

logger = logging.getLogger(__name__)

# Turns a family's record (current schema) into the values of its index entry.
Summariser = Callable[[dict[str, Any]], dict[str, Any]]
FAMILIES_TABLE = "families"
SETTINGS_TABLE = "settings"
GUIDERS_TABLE = "guiders"
ACCOUNTS_NAME = "accounts.json"
# The count of saves of a family's record, stamped by every write through this store: a form
# remembers the revision it loaded, so a save can tell what another tablet changed since.
REVISION_KEY = "revision"
# Not a valid family id (ids have no dots), so a half-deleted folder is never taken for a family.
_DELETING_PREFIX = ".deleting-"


def _modified_ns(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return None


def revision_of(doc: dict[str, Any] | None) -> int:
    """Return how many times the record was saved (0: never, or saved before revisions)."""
    value = (doc or {}).get(REVISION_KEY)
    return value if isinstance(value, int) else 0


def number_documents(documents: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Return documents as a TinyDB table: {"1": doc, "2": doc, ...}."""
    return {str(number): document for number, document in enumerate(documents, start=1)}


def describe_missing(family_id: str) -> str:
    """Return the plain-words message for a family that has no saved record."""
    return (
        f"There is no saved record for family {family_id}. "
        "It may have been deleted on another device."
    )


class Store:
    """Families, settings and guider accounts kept in `data_dir` (see the module docstring).

    Safe to share between threads (Streamlit tabs) and to use from several processes at once.
    The index holds, for each family, its id and the values named by `summary_keys`: the
    caseload names them (vigreview.caseload.SUMMARY_KEYS); storage knows no family fields.
    """

    def __init__(
        self,
        data_dir: Path,
        *,
        summary_keys: tuple[str, ...],
        summarise: Summariser | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        backups: int = 3,
    ) -> None:
        self.data_dir = Path(data_dir)
        self.families_dir = self.data_dir / "families"
        self.backups_dir = self.data_dir / "backups"
        self.locks_dir = self.data_dir / "locks"
        self.pending_dir = self.data_dir / "pending"
        self.summary_keys = tuple(summary_keys)
        # Without a summariser, an entry holds the record's own values of the summary keys.
        self._summarise_record = summarise
        self.lock_timeout = lock_timeout
        self._backup_count = backups
        self._caseload = DatabaseFile(
            self.data_dir / CASELOAD_NAME,
            backups=backups,
            lock_path=self.locks_dir / "caseload.lock",
            lock_timeout=lock_timeout,
            on_recovery=self._note_recovery,
        )
        self._accounts = DatabaseFile(
            self.data_dir / ACCOUNTS_NAME,
            backups=backups,
            lock_path=self.locks_dir / "accounts.lock",
            lock_timeout=lock_timeout,
            on_recovery=self._note_recovery,
        )
        self._records: dict[str, RecordFile] = {}
        self._checked_index_version: object = None
        self._guard = threading.Lock()
        self._recoveries: list[Recovery] = []

    # -- where things are ------------------------------------------------------------------

    def family_dir(self, family_id: str) -> Path:
        """Return the folder of one family (its id is checked to be a safe folder name)."""
        return self.families_dir / check_family_id(family_id)

    def media_dir(self, family_id: str) -> Path:
        """Return the family's media folder, creating it if needed."""
        folder = self.family_dir(family_id) / "media"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _record(self, family_id: str) -> RecordFile:
        """Return the RecordFile of one family (one object per family, reused)."""
        with self._guard:
            record = self._records.get(family_id)
        if record is not None:  # its id was checked when it was made
            return record
        path = self.family_dir(family_id) / RECORD_NAME
        with self._guard:
            record = self._records.get(family_id)
            if record is None:
                # The lock file lives outside the family folder: deleting the folder must not
                # delete a lock someone is waiting on. Its name is hashed so that the ids of
                # deleted families do not linger in file names.
                digest = hashlib.sha256(family_id.encode()).hexdigest()[:20]
                record = RecordFile(
                    path,
                    backups=self._backup_count,
                    lock_path=self.locks_dir / f"family-{digest}.lock",
                    lock_timeout=self.lock_timeout,
                    on_recovery=self._note_recovery,
                )
                self._records[family_id] = record
            return record

    # -- families --------------------------------------------------------------------------

    def list_families(self) -> list[dict[str, Any]]:
        """Return the index entry of every family: {"id", *summary_keys}.

        The index is checked against the family folders on the way (a cheap directory listing),
        so a family whose save was cut off between its record and the index still shows.
        """
        version = self.index_version()
        entries = self._families_in_index()
        # Checked again only when the index or the folders changed since the last check.
        if version != self._checked_index_version:
            if self._reconcile_index(entries):
                entries = self._families_in_index()
                version = self.index_version()
            self._checked_index_version = version
        return [self._copy_entry(entry) for entry in entries]

    def index_version(self) -> object:
        """Return a token that changes whenever the list of families may have changed.

        Stats only: the index file, the families folder (a family added or removed) and the
        pending folder (a save cut off). Callers cache what they derive from list_families().
        """
        return (
            self._caseload.signature(),
            _modified_ns(self.families_dir),
            _modified_ns(self.pending_dir),
        )

    def family_version(self, family_id: str) -> object | None:
        """Return a token that changes whenever the family's record is saved (None: no record).

        One stat, no read: callers cache what they derive from a record under this token.
        """
        return self._record(family_id).signature()

    def family_exists(self, family_id: str) -> bool:
        """Return True when the family has a record (even a damaged one)."""
        return self._record(family_id).exists()

    def load_family(self, family_id: str) -> dict[str, Any]:
        """Return the family's record, brought up to the current schema.

        Raises FamilyNotFound, RecordUnreadable, RecordTooNew.
        """
        doc = self._record(family_id).read()
        if doc is None:
            raise FamilyNotFound(describe_missing(family_id))
        return migrate(doc)

    def create_family(self, doc: dict[str, Any]) -> None:
        """Save a new family; `doc["id"]` names it. StorageError if that id is taken."""
        family_id = check_family_id(doc.get("id"))
        stamped = stamp_current(doc)

        def refuse_existing(current: dict[str, Any] | None) -> dict[str, Any]:
            if current is not None:
                raise StorageError(
                    f"There is already a family with the id {family_id}. Nothing was saved."
                )
            return stamped

        with self._record(family_id).locked():  # so a delete cannot slip in between
            self._write_family(family_id, refuse_existing)
            self.media_dir(family_id)

    def save_family(self, doc: dict[str, Any]) -> None:
        """Replace an existing family's record with `doc`, stamped with the schema version.

        The index is rewritten only if the family's summary changed. Raises FamilyNotFound
        (a deleted family is never brought back by a tab that still had it open) and
        RecordTooNew (a newer app's record is never overwritten).
        """
        family_id = check_family_id(doc.get("id"))
        stamped = stamp_current(doc)

        def replace_existing(current: dict[str, Any] | None) -> dict[str, Any]:
            if current is None:
                raise FamilyNotFound(describe_missing(family_id))
            migrate(current)  # raises RecordTooNew
            return stamped

        self._write_family(family_id, replace_existing)

    def update_family(
        self, family_id: str, change: Callable[[dict[str, Any]], dict[str, Any]]
    ) -> dict[str, Any]:
        """Save `change(current record)` and return it; one read-change-write under the locks."""

        def apply(current: dict[str, Any] | None) -> dict[str, Any]:
            if current is None:
                raise FamilyNotFound(describe_missing(family_id))
            changed = change(migrate(current))
            if not isinstance(changed, dict):
                raise TypeError(f"a family change must return a dict, not {type(changed)}")
            if changed.setdefault("id", family_id) != family_id:
                raise StorageError("A family's id cannot be changed. Nothing was saved.")
            return stamp_current(changed)

        return self._write_family(family_id, apply)

    def _write_family(
        self, family_id: str, decide: Callable[[dict[str, Any] | None], dict[str, Any]]
    ) -> dict[str, Any]:
        """Save `decide(current record or None)` and bring the index entry in line.

        Every write bumps the record's revision (REVISION_KEY) by one. When the summary
        changes, a "pending" mark is made before the record is written and cleared once the
        index matches: if the process dies in between, the next listing finishes the index
        update (see _finish_pending_index_updates).
        """
        record = self._record(family_id)
        summary_changed = False

        def decide_and_mark(current: dict[str, Any] | None) -> dict[str, Any]:
            nonlocal summary_changed
            new = {**decide(current), REVISION_KEY: revision_of(current) + 1}
            summary_changed = self._summarise(family_id, new) != self._find_index_entry(family_id)
            if summary_changed:
                self._mark_index_pending(family_id)
            return new

        with record.locked():
            saved = record.update(decide_and_mark)
            if summary_changed:
                self._sync_index_entry(family_id, saved)
                self._clear_index_pending(family_id)
        return saved

    def delete_family(self, family_id: str) -> None:
        """Delete the family's folder (record, backups, media) and its index entry."""
        record = self._record(family_id)
        folder = self.family_dir(family_id)
        with record.locked():
            if not folder.exists() and self._find_index_entry(family_id) is None:
                raise FamilyNotFound(describe_missing(family_id))
            if folder.exists():
                # One rename takes the family away at once; if we are killed while the files
                # are deleted, the leftovers are no longer a family (and are swept up later).
                doomed = self.families_dir / f"{_DELETING_PREFIX}{family_id}-{secrets.token_hex(4)}"
                os.replace(folder, doomed)
                fsync_directory(self.families_dir)
                shutil.rmtree(doomed, ignore_errors=True)
            self._drop_index_entry(family_id)
            self._clear_index_pending(family_id)
        with self._guard:
            self._records.pop(family_id, None)

    # -- the index -------------------------------------------------------------------------

    def _index_tables(self) -> Tables:
        """Return the caseload tables (shared: do not change), rebuilding a ruined index."""
        try:
            return self._caseload.peek_tables() or {}
        except RecordUnreadable as damage:
            self._rebuild_ruined_index(damage)
            return self._caseload.peek_tables() or {}

    @contextmanager
    def _caseload_transaction(self) -> Iterator[TinyDB]:
        self._index_tables()  # repairs or rebuilds a damaged index before changing it
        with self._caseload.transaction() as database:
            yield database

    def _families_in_index(self) -> list[dict[str, Any]]:
        return list(self._index_tables().get(FAMILIES_TABLE, {}).values())

    def _find_index_entry(self, family_id: str) -> dict[str, Any] | None:
        for entry in self._families_in_index():
            if entry.get("id") == family_id:
                return entry
        return None

    def _copy_entry(self, entry: dict[str, Any]) -> dict[str, Any]:
        copied = {"id": entry.get("id")}
        for key in self.summary_keys:
            value = entry.get(key)
            copied[key] = copy.deepcopy(value) if isinstance(value, list | dict) else value
        return copied

    def _summarise(self, family_id: str, doc: dict[str, Any] | None) -> dict[str, Any]:
        """Return the index entry for a record (summary values None when it can't be read)."""
        source = doc or {}
        if doc is not None and self._summarise_record is not None:
            try:
                source = self._summarise_record(migrate(doc))
            except Exception as error:  # a record this app can't read is listed, not hidden
                logger.warning("Listing family %s with a partial summary: %s", family_id, error)
        entry = {"id": family_id, **{key: source.get(key) for key in self.summary_keys}}
        # Through JSON and back, so it compares equal to the entry read from the file.
        normalised: dict[str, Any] = json.loads(json.dumps(entry))
        return normalised

    def _sync_index_entry(self, family_id: str, doc: dict[str, Any] | None) -> None:
        """Make the family's index entry match `doc`; call with the family's record lock held."""
        entry = self._summarise(family_id, doc)
        if self._find_index_entry(family_id) == entry:
            return
        with self._caseload_transaction() as database:
            families = database.table(FAMILIES_TABLE)
            families.remove(where("id") == family_id)
            families.insert(entry)

    def _drop_index_entry(self, family_id: str) -> None:
        """Remove the family's index entry, if there is one."""
        if self._find_index_entry(family_id) is None:
            return
        with self._caseload_transaction() as database:
            database.table(FAMILIES_TABLE).remove(where("id") == family_id)

    def _mark_index_pending(self, family_id: str) -> None:
        """Durably note that the family's index entry is about to change."""
        self.pending_dir.mkdir(parents=True, exist_ok=True)
        with open(self.pending_dir / family_id, "wb") as handle:
            os.fsync(handle.fileno())
        fsync_directory(self.pending_dir)

    def _clear_index_pending(self, family_id: str) -> None:
        (self.pending_dir / family_id).unlink(missing_ok=True)

    def _finish_pending_index_updates(self) -> bool:
        """Bring index entries in line for saves that were cut off; True if any were found."""
        try:
            pending = [name for name in os.listdir(self.pending_dir) if is_family_id(name)]
        except FileNotFoundError:
            return False
        for family_id in pending:
            with self._record(family_id).locked():
                if not (self.pending_dir / family_id).exists():
                    continue  # it was a save in progress, and it has finished
                if self._record(family_id).exists():
                    self._sync_index_entry(family_id, self._read_for_index(family_id))
                else:  # cut off while being created, before its record was in place
                    self._drop_index_entry(family_id)
                self._clear_index_pending(family_id)
        return bool(pending)

    def _list_family_folders(self) -> set[str]:
        if not self.families_dir.is_dir():
            return set()
        with os.scandir(self.families_dir) as found:
            return {item.name for item in found if item.is_dir() and is_family_id(item.name)}

    def _read_for_index(self, family_id: str) -> dict[str, Any] | None:
        try:
            return self._record(family_id).read()
        except StorageError as error:
            logger.warning("Listing family %s without its summary: %s", family_id, error)
            return None

    def _reconcile_index(self, entries: list[dict[str, Any]]) -> bool:
        """Add families missing from the index and drop entries whose folder is gone.

        Returns True when the index was changed.
        """
        changed = self._finish_pending_index_updates()
        changed = self._resummarise_outdated(entries) or changed
        indexed = {entry.get("id") for entry in entries}
        on_disk = self._list_family_folders()
        for family_id in sorted(on_disk - indexed):
            record = self._record(family_id)
            if not record.exists():
                continue  # a media folder made before its record; nothing to list yet
            with record.locked():
                self._sync_index_entry(family_id, self._read_for_index(family_id))
            changed = True
        for stale in indexed - on_disk:
            if not is_family_id(stale):
                with self._caseload_transaction() as database:
                    database.table(FAMILIES_TABLE).remove(where("id") == stale)
            else:
                with self._record(str(stale)).locked():
                    if not self.family_dir(str(stale)).exists():
                        self._drop_index_entry(str(stale))
            changed = True
        return changed

    def _resummarise_outdated(self, entries: list[dict[str, Any]]) -> bool:
        """Summarise again the families whose entry lacks a summary key (saved by an older app).

        Happens once per family after an update adds a key; True if any entry was outdated.
        """
        outdated = [
            str(entry["id"])
            for entry in entries
            if is_family_id(entry.get("id")) and any(key not in entry for key in self.summary_keys)
        ]
        for family_id in outdated:
            record = self._record(family_id)
            with record.locked():
                if record.exists():
                    self._sync_index_entry(family_id, self._read_for_index(family_id))
        return bool(outdated)

    def _gather_index_entries(self) -> list[dict[str, Any]]:
        entries = []
        for family_id in sorted(self._list_family_folders()):
            if self._record(family_id).exists():
                entries.append(self._summarise(family_id, self._read_for_index(family_id)))
        return entries

    def rebuild_index(self) -> None:
        """Rebuild the caseload's families table from the family records themselves."""
        self._sweep_deleted_folders()
        entries = self._gather_index_entries()
        with self._caseload_transaction() as database:
            families = database.table(FAMILIES_TABLE)
            families.truncate()
            families.insert_multiple(entries)

    def _rebuild_ruined_index(self, damage: RecordUnreadable) -> None:
        """Put a new caseload.json together when it and all its backups are damaged.

        Families come from their records; settings and guider accounts from the newest backup
        zip that has them. Records are read before the caseload lock is taken, keeping the
        lock order (record, then caseload).
        """
        entries = self._gather_index_entries()
        people, source = self._find_people_in_backups()
        if self._accounts.exists():
            people.pop(GUIDERS_TABLE, None)  # the accounts file has its own backups
        with self._caseload.locked():
            try:
                if self._caseload.read_tables() is not None:
                    return  # another tab or device rebuilt it while we were reading
            except RecordUnreadable:
                pass
            self._caseload.write_tables({FAMILIES_TABLE: number_documents(entries), **people})
        if source is None:
            note = (
                "No backup held the settings and guider accounts, so they need setting up "
                "again on the Data & settings page."
            )
        else:
            note = (
                "Settings and guider accounts were brought back from the backup made on "
                f"{format_saved_at(datetime.fromtimestamp(source.stat().st_mtime))}; "
                "check them on the Data & settings page."
            )
        self._note_recovery(
            Recovery(
                path=self._caseload.path,
                kept_aside=damage.kept_aside,
                restored_from=self.families_dir,
                restored_saved_at=datetime.now().astimezone(),
                reason=damage.reason,
                rebuilt=True,
                note=note,
            )
        )

    def _find_people_in_backups(self) -> tuple[Tables, Path | None]:
        """Return settings and guiders from the newest readable backup zip, and which one."""
        for backup in list_backup_zips(self.backups_dir):
            try:
                caseload = read_backup_zip(backup).caseload
            except StorageError:
                continue
            people = {
                name: caseload[name] for name in (SETTINGS_TABLE, GUIDERS_TABLE) if name in caseload
            }
            return people, backup
        return {}, None

    def _sweep_deleted_folders(self) -> None:
        """Finish deleting family folders whose deletion was cut off."""
        if self.families_dir.is_dir():
            for leftover in self.families_dir.glob(f"{_DELETING_PREFIX}*"):
                shutil.rmtree(leftover, ignore_errors=True)

    # -- settings and guiders --------------------------------------------------------------

    def load_settings(self) -> dict[str, Any]:
        """Return the settings document ({} if none were saved)."""
        documents = list(self._index_tables().get(SETTINGS_TABLE, {}).values())
        return copy.deepcopy(documents[0]) if documents else {}

    def update_settings(self, change: Callable[[dict[str, Any]], dict[str, Any]]) -> dict[str, Any]:
        """Save `change(current settings)` and return it, under the caseload's locks."""
        with self._caseload_transaction() as database:
            table = database.table(SETTINGS_TABLE)
            changed = change(take_document(table) or {})
            replace_document(table, changed)
        return changed

    def _account_tables(self) -> Tables:
        """Return the accounts file's tables (shared: do not change). Raises RecordUnreadable.

        Data folders from before accounts had their own file kept them in the caseload: the
        first read moves them over (and out of the caseload, so they have one home).
        """
        tables = self._accounts.peek_tables()
        if tables is not None:
            return tables
        if not self._index_tables().get(GUIDERS_TABLE):
            return {}  # nothing to move (and a new store touches no files)
        with self._accounts.locked():
            if self._accounts.read_tables() is None:
                legacy = copy.deepcopy(self._index_tables().get(GUIDERS_TABLE, {}))
                if legacy:
                    self._accounts.write_tables({GUIDERS_TABLE: legacy})
                    with self._caseload_transaction() as database:
                        database.drop_table(GUIDERS_TABLE)
        return self._accounts.peek_tables() or {}

    def list_guiders(self) -> list[dict[str, Any]]:
        """Return every guider account, ordered by username. Raises RecordUnreadable."""
        guiders = self._account_tables().get(GUIDERS_TABLE, {}).values()
        return sorted(copy.deepcopy(list(guiders)), key=lambda doc: str(doc.get("username")))

    def save_guider(self, doc: dict[str, Any]) -> None:
        """Add or replace the guider account named by `doc["username"]`."""
        username = doc.get("username")
        if not isinstance(username, str) or not username.strip():
            raise StorageError("A guider account needs a username. Nothing was saved.")
        self._account_tables()  # moves accounts out of an older caseload first
        with self._accounts.transaction() as database:
            guiders = database.table(GUIDERS_TABLE)
            guiders.remove(where("username") == username)
            guiders.insert(dict(doc))

    def delete_guider(self, username: str) -> None:
        """Remove the guider account `username` (nothing happens if there is none)."""
        self._account_tables()
        with self._accounts.transaction() as database:
            guiders = database.table(GUIDERS_TABLE)
            if guiders.contains(where("username") == username):
                guiders.remove(where("username") == username)

    # -- backups ---------------------------------------------------------------------------

    def backup_now(self) -> Path:
        """Zip caseload.json and every family's record.json (not media) into data_dir/backups.

        A family whose record cannot be read at all is left out (its damaged copy stays kept
        aside in its folder); everything else is backed up.
        """
        # The accounts go into the caseload entry, as they did before they had their own
        # file, so backups read the same either way.
        caseload = {**self._index_tables(), **self._account_tables()}
        files = {CASELOAD_NAME: encode_tables(caseload)}
        for family_id in sorted(self._list_family_folders()):
            try:
                tables = self._record(family_id).read_tables()
            except StorageError as error:
                logger.warning("Backup leaves out family %s: %s", family_id, error)
                continue
            if tables is not None:
                files[name_record_entry(family_id)] = encode_tables(tables)
        return write_backup_zip(self.backups_dir, files, datetime.now())

    def list_backups(self) -> list[Path]:
        """Return the backup zips, newest first."""
        return list_backup_zips(self.backups_dir)

    def restore_backup(self, backup: Path) -> list[str]:
        """Bring back every record in `backup`, after checking all of it and backing up first.

        Families in the backup replace the saved ones (the replaced version stays as backup
        .1); families made since the backup are kept. Settings and guider accounts come from
        the backup, and the index is rebuilt from the records. Returns the restored family ids.
        What happened since the backup and must hold is put back by vigreview.trust.restore.
        """
        contents = read_backup_zip(Path(backup))
        self.backup_now()
        for family_id, tables in sorted(contents.records.items()):
            record = self._record(family_id)
            with record.locked():
                record.write_tables(tables)
                self.media_dir(family_id)
        caseload = dict(contents.caseload)
        guiders = caseload.pop(GUIDERS_TABLE, None)
        self._caseload.write_tables(caseload)
        if guiders is not None:
            self._accounts.write_tables({GUIDERS_TABLE: guiders})
        self.rebuild_index()
        return sorted(contents.records)

    # -- telling the guider ----------------------------------------------------------------

    def _note_recovery(self, recovery: Recovery) -> None:
        with self._guard:
            self._recoveries.append(recovery)

    def take_recoveries(self) -> list[Recovery]:
        """Return the damaged files repaired since the last call, so the UI shows each once."""
        with self._guard:
            taken, self._recoveries = self._recoveries, []
        return taken


__all__ = ["REVISION_KEY", "Store", "revision_of", "sort_key"]
