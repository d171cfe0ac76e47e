"""Where family bundles lie (data/exports/), what they are called, and finding or deleting them."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from vigreview.storage import Store
from vigreview.storage.family_ids import check_family_id


def exports_folder(store: Store) -> Path:
    """Return where bundles are written (inside the data folder, so never in git)."""
    return store.data_dir / "exports"


def bundle_file_name(family_id: str, made_at: datetime) -> str:
    """Return the bundle's file name: the family id and when it was made (no names)."""
    return f"vigreview-family-{family_id}-{made_at:%Y%m%d-%H%M%S}.zip"


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
