"""A family bundle: one zip to move a family (record, history, films) to another machine and back.

    manifest.json   format, family id, the record's updated_at, and SHA-256 + size of each file
    record.json     the family's record as JSON
    audit.jsonl     the family's history (if it has one)
    media/...       films and stills; supervision/... and training/... when there are any

manifest.py holds the format and its checks, exports_folder.py where bundles lie and what
they are called, export.py making one, importing.py bringing one in. Files are streamed into
and out of the zip a block at a time, so a film of any size never sits whole in memory.
"""

from vigreview.outputs.bundle.export import DOWNLOAD_LIMIT_BYTES, export_bundle
from vigreview.outputs.bundle.exports_folder import (
    bundle_file_name,
    delete_bundles_of,
    exports_folder,
    list_bundles_of,
)
from vigreview.outputs.bundle.importing import IMPORTED, ImportOutcome, import_bundle
from vigreview.outputs.bundle.manifest import (
    MANIFEST,
    BundleRefused,
    Manifest,
    check_bundle_name,
    read_manifest,
)

__all__ = [
    "DOWNLOAD_LIMIT_BYTES",
    "IMPORTED",
    "MANIFEST",
    "BundleRefused",
    "ImportOutcome",
    "Manifest",
    "bundle_file_name",
    "check_bundle_name",
    "delete_bundles_of",
    "export_bundle",
    "exports_folder",
    "import_bundle",
    "list_bundles_of",
    "read_manifest",
]
