"""Family ids double as folder names, so only safe ones are accepted."""

from __future__ import annotations

import re

from vigreview.storage.errors import StorageError

FAMILY_ID_PATTERN = re.compile(r"[a-z0-9-]{4,64}")


def is_family_id(candidate: object) -> bool:
    """Return True when `candidate` is a safe family id: 4-64 of a-z, 0-9 and "-"."""
    return isinstance(candidate, str) and FAMILY_ID_PATTERN.fullmatch(candidate) is not None


def check_family_id(candidate: object) -> str:
    """Return `candidate` if it is a safe family id; StorageError otherwise (no path tricks)."""
    if isinstance(candidate, str) and FAMILY_ID_PATTERN.fullmatch(candidate):
        return candidate
    raise StorageError(
        f"{candidate!r} cannot be used as a family id: it must be 4 to 64 characters, "
        "using only small letters, digits and dashes. Nothing was saved."
    )
