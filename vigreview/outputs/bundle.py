"""A family bundle: one zip to move a family (record, history, films) to another machine and back.

    manifest.json   format, family id, the record's updated_at, and SHA-256 + size of each file
    record.json     the family's record as JSON
    audit.jsonl     the family's history (if it has one)
    media/...       films and stills; supervision/... and training/... when there are any

Files are streamed into and out of the zip a block at a time, so a film of any size never sits
whole in memory. Importing checks everything before anything is written to the family's
folder: every file's hash and size, no path that could climb out of the folder ("zip slip"),
no file the manifest does not list, a record that reads as a family, from this version of the
app or an older one. A bundle older than the record already on this machine is refused: it
would overwrite newer work. The hashes catch damage and accidental changes; they are not a
signature against someone who rewrites the manifest too.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import shutil
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from cattrs.errors import BaseValidationError

from vigreview.caseload import load_family
from vigreview.codec import family_from_doc
from vigreview.media import delete_published_for
from vigreview.outputs.export_rules import record_export
from vigreview.storage import FamilyNotFound, RecordTooNew, StorageError, Store, migrate
from vigreview.storage.family_ids import check_family_id
from vigreview.trust.audit import AUDIT_FILE_NAME, AuditEvent, read_history, record_event
from vigreview.trust.handover import end_parent_views_of

FORMAT = "vigreview-family-bundle"
VERSION = 1
MANIFEST = "manifest.json"
RECORD = "record.json"
# Folders of a family that travel in a bundle (media and files kept for one purpose).
CARRIED_FOLDERS = ("media", "supervision", "training")
# The published-film sidecar names this machine's served copy: it means nothing elsewhere.
_LOCAL_ONLY_SUFFIXES = (".published",)
_CHUNK = 1024 * 1024
_ZIP64_FROM = 2**31 - 1
# Already-compressed media gain nothing from deflate; storing them is much quicker.
_STORED_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".jpg", ".jpeg", ".png", ".zip"})
IMPORTED = "imported"
# A bundle is offered as a browser download only up to this size: Streamlit's download button
# holds the whole file in the server's memory. Larger ones are copied from data/exports/.
DOWNLOAD_LIMIT_BYTES = 150 * 1024 * 1024


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


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did."""

    family_id: str
    pseudonym: str
    replaced: bool
    files: int


def exports_folder(store: Store) -> Path:
    """Return where bundles are written (inside the data folder, so never in git)."""
    return store.data_dir / "exports"


def list_bundles_of(store: Store, family_id: str) -> list[Path]:
    """Return the bundles of one family lying in the exports folder, oldest first.

    They hold the family's films, so they should not outlive the move they were made for.
    """
    folder = exports_folder(store)
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"vigreview-family-{check_family_id(family_id)}-*.zip"))


def delete_bundles_of(store: Store, family_id: str) -> int:
    """Delete the family's bundles from the exports folder and return how many went."""
    bundles = list_bundles_of(store, family_id)
    for bundle in bundles:
        bundle.unlink(missing_ok=True)
    return len(bundles)


def bundle_file_name(family_id: str, made_at: datetime) -> str:
    """Return the bundle's file name: the family id and when it was made (no names)."""
    return f"vigreview-family-{family_id}-{made_at:%Y%m%d-%H%M%S}.zip"


def _files_to_carry(family_dir: Path) -> Iterator[tuple[str, Path]]:
    """Yield (name in the bundle, path) for the history and each carried folder's files."""
    history = family_dir / AUDIT_FILE_NAME
    if history.is_file():
        yield AUDIT_FILE_NAME, history
    for folder_name in CARRIED_FOLDERS:
        folder = family_dir / folder_name
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.is_symlink():
                continue
            relative = path.relative_to(family_dir)
            # Temp files of an import in progress start with a dot; they are not the family's.
            if any(part.startswith(".") for part in relative.parts):
                continue
            if path.name.endswith(_LOCAL_ONLY_SUFFIXES):
                continue
            yield relative.as_posix(), path


def _zip_info(name: str, size: int, made_at: datetime) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=made_at.timetuple()[:6])
    stored = PurePosixPath(name).suffix.lower() in _STORED_SUFFIXES
    info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    info.file_size = size
    return info


def _stream_into(
    archive: zipfile.ZipFile, name: str, source: BinaryIO, size: int, made_at: datetime
) -> BundleFile:
    """Copy `source` into the zip as `name` a block at a time, hashing on the way."""
    digest = hashlib.sha256()
    written = 0
    info = _zip_info(name, size, made_at)
    with archive.open(info, "w", force_zip64=size >= _ZIP64_FROM) as target:
        while block := source.read(_CHUNK):
            digest.update(block)
            target.write(block)
            written += len(block)
    return BundleFile(name, digest.hexdigest(), written)


def export_bundle(store: Store, family_id: str, exports_dir: Path, who: str) -> Path:
    """Write the family's bundle into `exports_dir`, note the export, and return its path."""
    doc = store.load_family(family_id)
    record_bytes = json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    family_dir = store.family_dir(family_id)
    made_at = datetime.now()
    exports_dir.mkdir(parents=True, exist_ok=True)
    final = exports_dir / bundle_file_name(family_id, made_at)
    partial = exports_dir / f".{final.name}.{secrets.token_hex(4)}.partial"
    try:
        with zipfile.ZipFile(partial, "w", allowZip64=True) as archive:
            files = []
            with io.BytesIO(record_bytes) as source:
                files.append(_stream_into(archive, RECORD, source, len(record_bytes), made_at))
            for name, path in _files_to_carry(family_dir):
                with open(path, "rb") as source:
                    size = os.fstat(source.fileno()).st_size
                    files.append(_stream_into(archive, name, source, size, made_at))
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "family_id": family_id,
                "updated_at": doc.get("updated_at"),
                "made_at": made_at.isoformat(),
                "files": [{"name": f.name, "sha256": f.sha256, "size": f.size} for f in files],
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1))
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    record_export(store, family_id, who, f"Family bundle {final.name} (record and films)")
    return final


# -- reading and checking a bundle -----------------------------------------------------------


def _refuse(problem: str) -> BundleRefused:
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
        raise _refuse(f"it holds a file named {name!r}, which points outside the family's folder")
    top = path.parts[0]
    allowed_file = len(path.parts) == 1 and name in (RECORD, AUDIT_FILE_NAME)
    allowed_folder = len(path.parts) > 1 and top in CARRIED_FOLDERS
    if not (allowed_file or allowed_folder):
        raise _refuse(f"it holds a file ({name!r}) that a family bundle never has")
    return name


def _parse_time(value: Any, what: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise _refuse(f"its {what} could not be read") from None


def read_manifest(archive: zipfile.ZipFile) -> Manifest:
    """Return the bundle's manifest after checking its shape and every name in the zip."""
    try:
        raw = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except KeyError:
        raise _refuse("it is not a VIG Review family bundle (it has no manifest)") from None
    except (ValueError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise _refuse("its manifest is damaged") from error
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise _refuse("it is not a VIG Review family bundle")
    if raw.get("version") != VERSION:
        raise _refuse(
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
        raise _refuse("its manifest is damaged") from None
    listed = [f.name for f in files]
    in_zip = [i.filename for i in archive.infolist() if not i.filename.endswith("/")]
    if len(set(in_zip)) != len(in_zip) or len(set(listed)) != len(listed):
        raise _refuse("it holds two files with the same name")
    if RECORD not in listed:
        raise _refuse("it has no family record in it")
    for name in set(in_zip) - set(listed) - {MANIFEST}:
        check_bundle_name(name)
        raise _refuse(f"it holds a file ({name!r}) that its manifest does not list")
    missing = set(listed) - set(in_zip)
    if missing:
        raise _refuse(f"{len(missing)} of its files are missing (for example {min(missing)!r})")
    return Manifest(
        family_id=family_id,
        updated_at=_parse_time(raw.get("updated_at"), "date of last change"),
        made_at=_parse_time(raw.get("made_at"), "date it was made"),
        files=files,
    )


def _extract_checked(archive: zipfile.ZipFile, item: BundleFile, target: Path) -> None:
    """Copy one file out of the zip a block at a time; refuse if its size or hash is wrong."""
    digest = hashlib.sha256()
    size = 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.open(item.name) as source, open(target, "wb") as out:
            # Never read past the size the manifest promised: a bomb stops here.
            while block := source.read(min(_CHUNK, item.size + 1 - size)):
                size += len(block)
                if size > item.size:
                    break
                digest.update(block)
                out.write(block)
            out.flush()
            os.fsync(out.fileno())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        # zlib errors and CRC mismatches surface as BadZipFile or ValueError.
        raise _refuse(f"its copy of {item.name!r} is damaged") from error
    if size != item.size or digest.hexdigest() != item.sha256:
        raise _refuse(
            f"{item.name!r} is not the file that was exported (it was changed or damaged)"
        )


def _read_record(staged: Path, manifest: Manifest) -> dict[str, Any]:
    try:
        doc = json.loads((staged / RECORD).read_text(encoding="utf-8"))
    except (ValueError, OSError):
        raise _refuse("its family record is damaged") from None
    if not isinstance(doc, dict) or doc.get("id") != manifest.family_id:
        raise _refuse("its family record is not the family its manifest names")
    try:
        family = family_from_doc(migrate(doc))
    except RecordTooNew:
        raise _refuse(
            "it was saved by a newer version of VIG Review; please update the app on this "
            "machine first"
        ) from None
    except (StorageError, BaseValidationError, KeyError, TypeError, ValueError):
        raise _refuse("its family record could not be read as a family") from None
    if family.updated_at != manifest.updated_at:
        raise _refuse("its record and its manifest disagree about when it was last changed")
    return doc


def _refuse_if_newer_here(store: Store, manifest: Manifest, pseudonym: str) -> bool:
    """Return True when the family already exists here (and is not newer than the bundle)."""
    try:
        here = load_family(store, manifest.family_id)
    except FamilyNotFound:
        return False
    except StorageError as error:
        raise _refuse(f"the record already on this machine cannot be read ({error})") from None
    if here.updated_at > manifest.updated_at:
        raise BundleRefused(
            f"This bundle was not imported: {pseudonym}'s record on this machine was changed "
            f"on {here.updated_at:%d %b %Y at %H:%M}, after the bundle was made from a record "
            f"last changed on {manifest.updated_at:%d %b %Y at %H:%M}. Importing it would "
            "lose that newer work, so nothing was changed. To move the newer record, export "
            "a bundle from this machine instead."
        )
    return True


def _swap_in_folders(staged: Path, family_dir: Path, aside: Path, static_dir: Path) -> None:
    """Put the staged carried folders in place of the family's, keeping the old ones aside."""
    aside.mkdir(parents=True, exist_ok=True)
    for folder_name in CARRIED_FOLDERS:
        current = family_dir / folder_name
        if current.exists():
            # Served copies of old films are hard links: remove them, or their bytes live on.
            delete_published_for(current, static_dir)
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


def import_bundle(store: Store, bundle: Path, static_dir: Path, who: str) -> ImportOutcome:
    """Bring a family in from a bundle, after checking all of it (see the module docstring).

    Raises BundleRefused, in plain words, when anything is wrong; then nothing is changed.
    """
    staging_root = store.data_dir / "importing"
    staged = staging_root / secrets.token_hex(8)
    try:
        try:
            archive = zipfile.ZipFile(bundle)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            raise _refuse("it is not a zip file, or it is damaged or cut short") from None
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
        _swap_in_folders(staged, family_dir, aside, static_dir)
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
