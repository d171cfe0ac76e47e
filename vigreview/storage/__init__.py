"""Storage: the caseload index and per-family records, written atomically, locked, backed up.

Plain Python (no Streamlit). Importing this package touches no files.
"""

from vigreview.storage.disk_space import DiskFull, writes_are_failing
from vigreview.storage.errors import (
    FamilyNotFound,
    RecordTooNew,
    RecordUnreadable,
    StorageBusy,
    StorageError,
)
from vigreview.storage.migrations import CURRENT_SCHEMA, MIGRATIONS, migrate
from vigreview.storage.record_file import RecordFile
from vigreview.storage.recovery import Recovery
from vigreview.storage.store import Store

__all__ = [
    "CURRENT_SCHEMA",
    "MIGRATIONS",
    "DiskFull",
    "FamilyNotFound",
    "RecordFile",
    "RecordTooNew",
    "RecordUnreadable",
    "Recovery",
    "StorageBusy",
    "StorageError",
    "Store",
    "migrate",
    "writes_are_failing",
]
