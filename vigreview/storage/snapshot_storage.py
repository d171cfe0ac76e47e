"""A TinyDB storage over tables read from disk under a lock, committed once at the end.

TinyDB reads and rewrites its whole storage on every operation. Pointed at a file that would
mean a full rewrite (and a backup rotation) per insert; pointed at this snapshot, a whole
read-modify-write is worked out in memory and the caller writes the result once, atomically.
"""

from __future__ import annotations

from tinydb import TinyDB
from tinydb.storages import Storage

from vigreview.storage.tinydb_format import Tables


class SnapshotStorage(Storage):
    """Hands TinyDB the given tables and keeps what TinyDB writes back, noting that it changed."""

    def __init__(self, tables: Tables | None) -> None:
        super().__init__()
        self.tables: Tables = tables if tables is not None else {}
        self.changed = False

    def read(self) -> Tables:
        """Return the tables as TinyDB last wrote them (or as they were read from disk)."""
        return self.tables

    def write(self, data: Tables) -> None:
        """Keep TinyDB's new state in memory; the owner commits it to disk once."""
        self.tables = data
        self.changed = True


def open_snapshot(tables: Tables | None) -> tuple[TinyDB, SnapshotStorage]:
    """Return a TinyDB working on `tables` in memory, and the storage that collects its writes."""
    storage = SnapshotStorage(tables)
    database = TinyDB(storage=lambda: storage)
    return database, storage
