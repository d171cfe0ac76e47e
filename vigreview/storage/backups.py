"""Whole-caseload backups: one zip of caseload.json and every family's record.json.

Films are left out (they are large and live in each family's media folder).
"""

from __future__ import annotations

import json
import os
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from vigreview.storage import migrations
from vigreview.storage.atomic import fsync_directory, make_temp_path
from vigreview.storage.disk_space import disk_full_error, is_disk_full
from vigreview.storage.errors import RecordTooNew, StorageError
from vigreview.storage.family_ids import is_family_id
from vigreview.storage.tinydb_format import DamagedFile, Tables, check_tables_shape

CASELOAD_NAME = "caseload.json"
MANIFEST_NAME = "manifest.json"
RECORD_NAME = "record.json"
_BACKUP_NAME = re.compile(r"vigreview-backup-(\d{8}-\d{6})(?:-(\d+))?\.zip")
_RECORD_ENTRY = re.compile(r"families/([^/]+)/record\.json")


@dataclass
class BackupContents:
    """What a checked backup holds: the caseload tables and each family's record tables."""

    caseload: Tables
    records: dict[str, Tables] = field(default_factory=dict)


def name_record_entry(family_id: str) -> str:
    """Return where a family's record sits inside a backup zip."""
    return f"families/{family_id}/{RECORD_NAME}"


def sort_key(backup: Path) -> tuple[str, int]:
    """Return a key that orders backups by when they were made."""
    match = _BACKUP_NAME.fullmatch(backup.name)
    if match is None:
        return ("", 0)
    return (match.group(1), int(match.group(2) or 1))


def list_backup_zips(folder: Path) -> list[Path]:
    """Return the backup zips in `folder`, newest first."""
    if not folder.is_dir():
        return []
    found = [path for path in folder.iterdir() if _BACKUP_NAME.fullmatch(path.name)]
    return sorted(found, key=sort_key, reverse=True)


def choose_backup_path(folder: Path, made_at: datetime) -> Path:
    """Return an unused `vigreview-backup-YYYYmmdd-HHMMSS[-n].zip` path in `folder`."""
    stem = f"vigreview-backup-{made_at:%Y%m%d-%H%M%S}"
    candidate = folder / f"{stem}.zip"
    counter = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{counter}.zip"
        counter += 1
    return candidate


def write_backup_zip(folder: Path, files: dict[str, bytes], made_at: datetime) -> Path:
    """Write `files` (zip entry name -> bytes) and a manifest to a new zip in `folder`.

    The zip is written under a temp name and swapped in whole, so a crash never leaves a
    half-written backup with a real backup's name.
    """
    folder.mkdir(parents=True, exist_ok=True)
    target = choose_backup_path(folder, made_at)
    manifest = {
        "app": "VIG Review",
        "made_at": made_at.isoformat(timespec="seconds"),
        "schema_version": migrations.CURRENT_SCHEMA,
        "families": sum(1 for name in files if _RECORD_ENTRY.fullmatch(name)),
    }
    temp = make_temp_path(target)
    try:
        with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST_NAME, json.dumps(manifest, indent=2))
            for name, payload in files.items():
                archive.writestr(name, payload)
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except OSError as error:
        temp.unlink(missing_ok=True)
        if is_disk_full(error):
            raise disk_full_error(error) from error
        raise
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_directory(folder)
    return target


def _refuse(backup: Path, problem: str) -> StorageError:
    return StorageError(
        f"The backup {backup.name} cannot be restored: {problem}. Nothing was changed. "
        "Choose another backup, or call for help."
    )


def _parse_entry(backup: Path, archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return json.loads(archive.read(name).decode("utf-8"))
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        UnicodeDecodeError,
        ValueError,
        RecursionError,
    ) as error:
        raise _refuse(backup, f"its copy of {name} is damaged") from error


def _check_tables(backup: Path, name: str, data: Any) -> Tables:
    try:
        check_tables_shape(data)
    except DamagedFile as error:
        raise _refuse(backup, f"its copy of {name} is not a saved record") from error
    tables: Tables = data
    return tables


def _check_record(backup: Path, name: str, data: Any) -> Tables:
    tables = _check_tables(backup, name, data)
    documents = list(tables.get("record", {}).values())
    if len(documents) != 1:
        raise _refuse(backup, f"its copy of {name} does not hold exactly one family record")
    try:
        migrations.migrate(documents[0])
    except RecordTooNew as error:
        raise _refuse(backup, f"{name} was saved by a newer version of the app") from error
    except StorageError as error:
        raise _refuse(backup, f"{name} has a version mark this app cannot understand") from error
    return tables


def read_backup_zip(backup: Path) -> BackupContents:
    """Open and check a backup; StorageError in plain words if anything in it is wrong.

    Every .json entry must parse as a JSON object, the caseload and records must have TinyDB's
    shape, and every record must be one this version of the app can open.
    """
    try:
        archive = zipfile.ZipFile(backup)
    except FileNotFoundError as error:
        raise _refuse(backup, "the file is not there any more") from error
    except (zipfile.BadZipFile, OSError) as error:
        raise _refuse(backup, "the file is damaged or is not a backup") from error
    with archive:
        names = [info.filename for info in archive.infolist() if not info.is_dir()]
        if CASELOAD_NAME not in names:
            raise _refuse(backup, "it does not hold a caseload list")
        parsed = {
            name: _parse_entry(backup, archive, name) for name in names if name.endswith(".json")
        }
    for name, data in parsed.items():
        if not isinstance(data, dict):
            raise _refuse(backup, f"its copy of {name} is not a saved record")
    contents = BackupContents(caseload=_check_tables(backup, CASELOAD_NAME, parsed[CASELOAD_NAME]))
    for name, data in parsed.items():
        match = _RECORD_ENTRY.fullmatch(name)
        if match is None:
            continue  # the manifest, or something a later version adds: checked, not restored
        if not is_family_id(match.group(1)):
            raise _refuse(backup, f"{name} is not a safe family folder name")
        contents.records[match.group(1)] = _check_record(backup, name, data)
    return contents
