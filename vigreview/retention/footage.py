"""Finding and deleting a family's footage: films, clips, stills, keepsakes and exports.

Everything in a family's folder is footage or made from it, except the written record (with
its backups and any damaged copies kept aside) and the audit history: those say *that* footage
existed and was deleted, and hold none of it. Films and stills are served straight from the
family's folder (vigreview/ui/web/family_media.py): there are no copies anywhere else.

Family bundles exported by the app (data/exports/, see vigreview.outputs.bundle) carry the films, so
they go with the footage. Files kept for one purpose only live in a folder named for it
(`supervision/`, `training/`), so withdrawing that purpose deletes just them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vigreview.models import ConsentPurpose
from vigreview.outputs.bundle import exports_folder
from vigreview.storage import Store
from vigreview.trust.audit import AUDIT_FILE_NAME

# The record, its backups folder and damaged copies set aside: written words, not footage.
_RECORD_PREFIX = "record.json"
_BACKUPS_FOLDER = "backups"

VIDEO_SUFFIXES = frozenset({".mp4", ".mov", ".m4v", ".webm", ".mkv", ".3gp", ".avi", ".ts"})
STILL_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp", ".heic"})

# Purposes whose withdrawal removes every piece of footage: without them nothing may be kept.
WHOLE_FOOTAGE_PURPOSES = frozenset({ConsentPurpose.FILMING, ConsentPurpose.SHARED_REVIEW})


class FileKind:
    """Plain-words names for the kinds of file a deletion reports."""

    FILM = "film or moment clip"
    STILL = "still"
    KEPT = "keepsake or export"


_PLURALS = {
    FileKind.FILM: "films and moment clips",
    FileKind.STILL: "stills",
    FileKind.KEPT: "keepsakes and exports",
}


@dataclass(frozen=True)
class FootageFile:
    """One file of footage (or made from it) and what kind it is."""

    path: Path
    kind: str


@dataclass(frozen=True)
class DeletionReport:
    """What a deletion removed (or, before confirming, would remove)."""

    files: tuple[FootageFile, ...]

    def count_by_kind(self) -> dict[str, int]:
        """Return how many files of each kind, in a fixed order, leaving out kinds with none."""
        counts = Counter(f.kind for f in self.files)
        return {kind: counts[kind] for kind in _PLURALS if counts[kind]}

    def list_counts(self) -> str:
        """Return the files counted by kind in words ('2 films and moment clips and 1 still')."""
        counts = self.count_by_kind()
        parts = [f"{n} {kind if n == 1 else _PLURALS[kind]}" for kind, n in counts.items()]
        if len(parts) <= 1:
            return "".join(parts)
        return ", ".join(parts[:-1]) + " and " + parts[-1]

    def describe(self) -> str:
        """Say what was deleted in one plain sentence."""
        listed = self.list_counts()
        return f"Deleted {listed}." if listed else "There was no footage to delete."


def purpose_folder(store: Store, family_id: str, purpose: ConsentPurpose) -> Path:
    """Return where files kept only for `purpose` (e.g. a supervision pack) belong."""
    return store.family_dir(family_id) / purpose.value


def _is_record_or_history(relative: Path) -> bool:
    first = relative.parts[0]
    return first in (_BACKUPS_FOLDER, AUDIT_FILE_NAME) or first.lstrip(".").startswith(
        _RECORD_PREFIX
    )


def classify(path: Path) -> str:
    """Return the kind of footage file `path` is, judged from its suffix."""
    suffix = path.suffix.lower()
    if suffix in VIDEO_SUFFIXES:
        return FileKind.FILM
    if suffix in STILL_SUFFIXES:
        return FileKind.STILL
    return FileKind.KEPT


def _walk_files(folder: Path) -> Iterable[Path]:
    if folder.is_dir():
        yield from (p for p in sorted(folder.rglob("*")) if p.is_file() or p.is_symlink())


def _bundles_of(store: Store, family_id: str) -> list[Path]:
    # Bundles are named by vigreview.outputs.bundle.bundle_file_name; a bundle cut short leaves a
    # hidden ".<name>.<hex>.partial" beside them.
    name = re.compile(
        rf"\.?vigreview-family-{re.escape(family_id)}-\d{{8}}-\d{{6}}\.zip(\.[0-9a-f]+\.partial)?"
    )
    folder = exports_folder(store)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and name.fullmatch(p.name))


def find_footage(
    store: Store, family_id: str, purposes: Iterable[ConsentPurpose]
) -> DeletionReport:
    """Return every file of the family's that withdrawing `purposes` covers."""
    chosen = set(purposes)
    family_dir = store.family_dir(family_id)
    if chosen & WHOLE_FOOTAGE_PURPOSES:
        own = [
            p
            for p in _walk_files(family_dir)
            if not _is_record_or_history(p.relative_to(family_dir))
        ]
        own += _bundles_of(store, family_id)
    else:
        own = [
            p for purpose in chosen for p in _walk_files(purpose_folder(store, family_id, purpose))
        ]
    files = [FootageFile(p, classify(p)) for p in own]
    return DeletionReport(files=tuple(files))


def delete_footage(
    store: Store, family_id: str, purposes: Iterable[ConsentPurpose]
) -> DeletionReport:
    """Delete what `purposes` cover and return everything that went."""
    chosen = set(purposes)
    return delete_files(find_footage(store, family_id, chosen), store.family_dir(family_id))


def delete_files(report: DeletionReport, keep_folders_under: Path) -> DeletionReport:
    """Delete every file in `report` and the folders they leave empty; return what went.

    Folders are emptied up to, never including, `keep_folders_under`.
    """
    deleted = []
    for item in report.files:
        try:
            item.path.unlink()
        except FileNotFoundError:
            continue
        deleted.append(item)
        _prune_empty_parents(item.path.parent, keep_folders_under)
    return DeletionReport(files=tuple(deleted))


def _prune_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
