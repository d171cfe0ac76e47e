"""What a family bundle holds and how its manifest is written and checked.

Reading a manifest checks its shape and every name in the zip: no path that could climb out
of the family's folder ("zip slip"), no file the manifest does not list, none missing. The
hashes catch damage and accidental changes; they are not a signature against someone who
rewrites the manifest too.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from vigreview.storage import StorageError
from vigreview.storage.family_ids import check_family_id
from vigreview.trust.audit import AUDIT_FILE_NAME

FORMAT = "vigreview-family-bundle"
VERSION = 1
MANIFEST = "manifest.json"
RECORD = "record.json"
# Folders of a family that travel in a bundle (media and files kept for one purpose).
CARRIED_FOLDERS = ("media", "supervision", "training")
# Files are copied into and out of a bundle this much at a time.
BLOCK_BYTES = 1024 * 1024


class BundleRefused(StorageError):
    """A bundle that was not imported; the message says why, and that nothing was changed."""


@dataclass(frozen=True)
class BundleFile:
    """One file in a bundle, as its manifest lists it."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    """What a bundle says it holds."""

    family_id: str
    updated_at: datetime
    made_at: datetime
    files: tuple[BundleFile, ...]


def write_manifest(
    family_id: str, record_updated_at: Any, made_at: datetime, files: Sequence[BundleFile]
) -> str:
    """Return the manifest a bundle carries, as JSON text.

    `record_updated_at` is written exactly as the record holds it, so an import can compare.
    """
    return json.dumps(
        {
            "format": FORMAT,
            "version": VERSION,
            "family_id": family_id,
            "updated_at": record_updated_at,
            "made_at": made_at.isoformat(),
            "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files],
        },
        indent=1,
    )


def refuse(problem: str) -> BundleRefused:
    """Return the refusal for `problem`, in the words every refusal shares."""
    return BundleRefused(f"This bundle was not imported: {problem}. Nothing was changed.")


def check_bundle_name(name: str) -> str:
    """Return `name` if it is a safe relative path inside a family folder; refuse otherwise."""
    path = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in name.split("/"))
        or ":" in path.parts[0]
    ):
        raise refuse(f"it holds a file named {name!r}, which points outside the family's folder")
    top = path.parts[0]
    allowed_file = len(path.parts) == 1 and name in (RECORD, AUDIT_FILE_NAME)
    allowed_folder = len(path.parts) > 1 and top in CARRIED_FOLDERS
    if not (allowed_file or allowed_folder):
        raise refuse(f"it holds a file ({name!r}) that a family bundle never has")
    return name


def _parse_time(value: Any, what: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise refuse(f"its {what} could not be read") from None


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """Return the bundle's manifest after checking its shape and every name in the zip."""
    try:
        raw = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise refuse("it is not a VIG Review family bundle (it has no manifest)") from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise refuse("its manifest is damaged") from error
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise refuse("it is not a VIG Review family bundle")
    if raw.get("version") != VERSION:
        raise refuse(
            f"it was made by another version of VIG Review (bundle version {raw.get('version')})"
        )
    try:
        family_id = check_family_id(raw.get("family_id"))
        files = tuple(
            BundleFile(check_bundle_name(str(f["name"])), str(f["sha256"]), int(f["size"]))
            for f in raw["files"]
        )
    except BundleRefused:
        raise
    except (StorageError, KeyError, TypeError, ValueError):
        raise refuse("its manifest is damaged") from None
    listed = [f.name for f in files]
    in_zip = [i.filename for i in archive.infolist() if not i.filename.endswith("/")]
    if len(set(in_zip)) != len(in_zip) or len(set(listed)) != len(listed):
        raise refuse("it holds two files with the same name")
    if RECORD not in listed:
        raise refuse("it has no family record in it")
    for name in set(in_zip) - set(listed) - {MANIFEST}:
        check_bundle_name(name)
        raise refuse(f"it holds a file ({name!r}) that its manifest does not list")
    missing = set(listed) - set(in_zip)
    if missing:
        raise refuse(f"{len(missing)} of its files are missing (for example {min(missing)!r})")
    return Manifest(
        family_id=family_id,
        updated_at=_parse_time(raw.get("updated_at"), "date of last change"),
        made_at=_parse_time(raw.get("made_at"), "date it was made"),
        files=files,
    )
