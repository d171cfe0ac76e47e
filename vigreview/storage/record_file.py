"""One JSON document kept in a TinyDB file: written atomically, locked, backed up."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.table import Document, Table

from vigreview.storage.database_file import DEFAULT_LOCK_TIMEOUT, DatabaseFile
from vigreview.storage.recovery import Recovery
from vigreview.storage.snapshot_storage import open_snapshot

# The one document always has this id, so a rewrite never grows TinyDB's id counter.
_DOC_ID = 1


def take_document(table: Table) -> dict[str, Any] | None:
    """Return the table's document as a plain dict, or None if it holds none."""
    documents = table.all()
    return dict(documents[0]) if documents else None


def replace_document(table: Table, document: dict[str, Any]) -> None:
    """Make `document` the table's only document."""
    if not isinstance(document, dict):
        raise TypeError(f"a record must be a dict, not {type(document).__name__}")
    table.truncate()
    table.insert(Document(document, doc_id=_DOC_ID))


class RecordFile(DatabaseFile):
    """One JSON document kept in a TinyDB file, written atomically, locked, backed up.

    The document lives in TinyDB table `table`; the last `backups` versions are kept in
    `<folder>/backups/<name>.1 .2 .3`. `lock_path` defaults to `<path>.lock`; put it outside
    the record's folder when that folder may be deleted as a whole.
    """

    def __init__(
        self,
        path: Path,
        *,
        table: str = "record",
        backups: int = 3,
        lock_path: Path | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        on_recovery: Callable[[Recovery], None] | None = None,
    ) -> None:
        super().__init__(
            path,
            backups=backups,
            lock_path=lock_path,
            lock_timeout=lock_timeout,
            required_table=table,
            on_recovery=on_recovery,
        )
        self.table = table

    def read(self) -> dict[str, Any] | None:
        """Return the document (repaired from a backup if damaged); None if none was saved.

        Raises RecordUnreadable when the file and all its backups are damaged.
        """
        tables = self.read_tables()
        if tables is None:
            return None
        database, _ = open_snapshot(tables)
        return take_document(database.table(self.table))

    def write(self, doc: dict[str, Any]) -> None:
        """Replace the document with `doc`, atomically, keeping the old one as backup .1."""
        with self.transaction(start_empty=True) as database:
            replace_document(database.table(self.table), doc)

    def update(self, change: Callable[[dict[str, Any] | None], dict[str, Any]]) -> dict[str, Any]:
        """Save `change(current document or None)` and return it, all under the locks.

        The thread lock and the file lock are held from the read to the write, so concurrent
        updates from any thread or process are applied one after another and none is lost.
        If `change` raises, nothing is written.
        """
        with self.transaction() as database:
            table = database.table(self.table)
            changed = change(take_document(table))
            replace_document(table, changed)
        return changed
