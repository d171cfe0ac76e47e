"""Temporary files written beside their final place, so os.replace() is atomic."""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path


def make_temp_path_beside(dest: Path, *, suffix: str = ".part") -> Path:
    """Return an unused hidden path in dest's folder for writing dest's contents first.

    The same folder keeps os.replace() on one filesystem (atomic); the leading dot and
    `.part` ending keep half-written files out of anything looking for films.
    """
    return dest.with_name(f".{dest.name}.{secrets.token_hex(6)}{suffix}")


def remove_quietly(path: Path) -> None:
    """Delete `path` if it exists; a file that is already gone is not an error."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
