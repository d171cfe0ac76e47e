"""Making a family's bundle: its record, history and carried folders, streamed into one zip."""

from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from vigreview.outputs.bundle.exports_folder import bundle_file_name
from vigreview.outputs.bundle.manifest import (
    BLOCK_BYTES,
    CARRIED_FOLDERS,
    MANIFEST,
    RECORD,
    BundleFile,
    write_manifest,
)
from vigreview.outputs.export_rules import record_export
from vigreview.storage import Store
from vigreview.trust.audit import AUDIT_FILE_NAME

# A bundle is offered as a browser download only up to this size: Streamlit's download button
# holds the whole file in the server's memory. Larger ones are copied from data/exports/.
DOWNLOAD_LIMIT_BYTES = 150 * 1024 * 1024
# Older versions left a note beside each film naming its served copy: it means nothing elsewhere.
_LOCAL_ONLY_SUFFIXES = (".published",)
_ZIP64_FROM = 2**31 - 1
# Already-compressed media gain nothing from deflate; storing them is much quicker.
_STORED_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".jpg", ".jpeg", ".png", ".zip"})


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
        while block := source.read(BLOCK_BYTES):
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
            manifest = write_manifest(family_id, doc.get("updated_at"), made_at, files)
            archive.writestr(MANIFEST, manifest)
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    record_export(store, family_id, who, f"Family bundle {final.name} (record and films)")
    return final
