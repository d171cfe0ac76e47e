"""Bringing a family in from a bundle, after checking all of it.

Importing checks everything before anything is written to the family's folder: the manifest
and every name in the zip (manifest.py), every file's hash and size, a record that reads as a
family, from this version of the app or an older one. A bundle older than the record already
on this machine is refused: it would overwrite newer work.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import zipfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cattrs.errors import BaseValidationError

from vigreview.caseload import load_family
from vigreview.codec import family_from_doc
from vigreview.outputs.bundle.manifest import (
    BLOCK_BYTES,
    CARRIED_FOLDERS,
    RECORD,
    BundleFile,
    BundleRefused,
    Manifest,
    read_manifest,
    refuse,
)
from vigreview.storage import FamilyNotFound, RecordTooNew, StorageError, Store, migrate
from vigreview.trust.audit import AUDIT_FILE_NAME, AuditEvent, read_history, record_event
from vigreview.trust.handover import end_parent_views_of

IMPORTED = "imported"


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did."""

    family_id: str
    pseudonym: str
    replaced: bool
    files: int


def _extract_checked(archive: zipfile.ZipFile, item: BundleFile, target: Path) -> None:
    """Copy one file out of the zip a block at a time; refuse if its size or hash is wrong."""
    digest = hashlib.sha256()
    size = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(item.name) as source, open(target, "wb") as out:
            # Never read past the size the manifest promised: a bomb stops here.
            while block := source.read(min(BLOCK_BYTES, item.size + 1 - size)):
                size += len(block)
                if size > item.size:
                    break
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        # zlib errors and CRC mismatches surface as BadZipFile or ValueError.
        raise refuse(f"its copy of {item.name!r} is damaged") from error
    if size != item.size or digest.hexdigest() != item.sha256:
        raise refuse(f"{item.name!r} is not the file that was exported (it was changed or damaged)")


def _read_record(staged: Path, manifest: Manifest) -> dict[str, Any]:
    try:
        doc = json.loads((staged / RECORD).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        raise refuse("its family record is damaged") from None
    if not isinstance(doc, dict) or doc.get("id") != manifest.family_id:
        raise refuse("its family record is not the family its manifest names")
    try:
        family = family_from_doc(migrate(doc))
    except RecordTooNew:
        raise refuse(
            "it was saved by a newer version of VIG Review; please update the app on this "
            "machine first"
        ) from None
    except (StorageError, BaseValidationError, KeyError, TypeError, ValueError):
        raise refuse("its family record could not be read as a family") from None
    if family.updated_at != manifest.updated_at:
        raise refuse("its record and its manifest disagree about when it was last changed")
    return doc


def _refuse_if_newer_here(store: Store, manifest: Manifest, pseudonym: str) -> bool:
    """Return True when the family already exists here (and is not newer than the bundle)."""
    try:
        here = load_family(store, manifest.family_id)
    except FamilyNotFound:
        return False
    except StorageError as error:
        raise refuse(f"the record already on this machine cannot be read ({error})") from None
    if here.updated_at > manifest.updated_at:
        raise BundleRefused(
            f"This bundle was not imported: {pseudonym}'s record on this machine was changed "
            f"on {here.updated_at:%d %b %Y at %H:%M}, after the bundle was made from a record "
            f"last changed on {manifest.updated_at:%d %b %Y at %H:%M}. Importing it would "
            "lose that newer work, so nothing was changed. To move the newer record, export "
            "a bundle from this machine instead."
        )
    return True


def _swap_in_folders(staged: Path, family_dir: Path, aside: Path) -> None:
    """Put the staged carried folders in place of the family's, keeping the old ones aside."""
    aside.mkdir(parents=True, exist_ok=True)
    for folder_name in CARRIED_FOLDERS:
        current = family_dir / folder_name
        if current.exists():
            os.replace(current, aside / folder_name)
        if (staged / folder_name).exists():
            family_dir.mkdir(parents=True, exist_ok=True)
            os.replace(staged / folder_name, current)


def _put_back(family_dir: Path, aside: Path) -> None:
    for folder_name in CARRIED_FOLDERS:
        shutil.rmtree(family_dir / folder_name, ignore_errors=True)
        if (aside / folder_name).exists():
            os.replace(aside / folder_name, family_dir / folder_name)


def _merge_history(store: Store, family_id: str, staged: Path) -> None:
    """Add the bundle's history events that this machine's history does not have yet.

    The history is append-only: events are added (with their own times), never rewritten.
    Lines of the bundle's history that cannot be read are left out.
    """
    incoming = staged / AUDIT_FILE_NAME
    if not incoming.is_file():
        return
    have = set(read_history(store, family_id).events)
    for line in incoming.read_bytes().splitlines():
        try:
            data = json.loads(line.decode("utf-8"))
            event = AuditEvent(
                at=datetime.fromisoformat(data["at"]),
                who=str(data["who"]),
                action=str(data["action"]),
                detail=str(data.get("detail") or ""),
            )
        except (ValueError, KeyError, TypeError):
            continue
        if event not in have:
            record_event(store, family_id, event.who, event.action, event.detail, at=event.at)
            have.add(event)


def import_bundle(store: Store, bundle: Path, who: str) -> ImportOutcome:
    """Bring a family in from a bundle, after checking all of it (see the module docstring).

    Raises BundleRefused, in plain words, when anything is wrong; then nothing is changed.
    """
    staging_root = store.data_dir / "importing"
    staged = staging_root / secrets.token_hex(8)
    try:
        try:
            archive = zipfile.ZipFile(bundle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise refuse("it is not a zip file, or it is damaged or cut short") from None
        with archive:
            manifest = read_manifest(archive)
            for item in manifest.files:
                _extract_checked(archive, item, staged / item.name)
        doc = _read_record(staged, manifest)
        pseudonym = str(doc.get("pseudonym") or manifest.family_id)
        exists = _refuse_if_newer_here(store, manifest, pseudonym)
        family_dir = store.family_dir(manifest.family_id)
        had_folder = family_dir.exists()
        aside = staged / ".replaced"
        _swap_in_folders(staged, family_dir, aside)
        try:
            if exists:
                store.save_family(doc)
            else:
                store.create_family(doc)
        except BaseException:
            _put_back(family_dir, aside)
            if not had_folder:
                shutil.rmtree(family_dir, ignore_errors=True)
            raise
        _merge_history(store, manifest.family_id, staged)
        end_parent_views_of(store, manifest.family_id)  # its record was just replaced
        detail = f"From bundle {bundle.name} (made {manifest.made_at:%d %b %Y %H:%M})"
        record_event(store, manifest.family_id, who, IMPORTED, detail)
    finally:
        shutil.rmtree(staged, ignore_errors=True)
    return ImportOutcome(manifest.family_id, pseudonym, exists, len(manifest.files))
