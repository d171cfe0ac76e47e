"""Schema versions of family records, and the steps that bring old records up to date.

Every family record carries "schema_version". A stored record without one is version 0.
MIGRATIONS maps a version to the step that turns a record of that version into the next one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from vigreview.storage.errors import RecordTooNew, StorageError

CURRENT_SCHEMA = 2

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def add_version_and_consents(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 0 -> 1: records from before versions were kept may have no "consents" list."""
    upgraded = dict(doc)
    upgraded.setdefault("consents", [])
    upgraded["schema_version"] = 1
    return upgraded


def add_language(doc: dict[str, Any]) -> dict[str, Any]:
    """Version 1 -> 2: every family gains the parent's language, English until a guider sets it."""
    upgraded = dict(doc)
    # A literal, not the app's current default: a migration means what it meant when written.
    upgraded.setdefault("language", "en")
    upgraded["schema_version"] = 2
    return upgraded


MIGRATIONS: dict[int, Migration] = {0: add_version_and_consents, 1: add_language}


def read_schema_version(doc: dict[str, Any]) -> int:
    """Return the record's schema version (0 when it has none)."""
    version = doc.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise StorageError(
            f"The record for family {doc.get('id', '?')} has a version mark this app cannot "
            "understand, so it was not opened. Nothing was changed. Please call for help."
        )
    return version


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    """Return `doc` brought up to CURRENT_SCHEMA, one step at a time.

    Raises RecordTooNew when the record was saved by a newer version of the app.
    """
    version = read_schema_version(doc)
    if version > CURRENT_SCHEMA:
        raise RecordTooNew(
            f"The record for family {doc.get('id', '?')} was saved by a newer version of "
            f"VIG Review (record version {version}; this app knows up to {CURRENT_SCHEMA}). "
            "It was not opened, so nothing in it was changed. Please update the app on this "
            "device, or use the device that saved it."
        )
    while version < CURRENT_SCHEMA:
        step = MIGRATIONS.get(version)
        if step is None:
            raise StorageError(
                f"This app cannot bring a version {version} record up to date. "
                "Nothing was changed. Please call for help."
            )
        doc = step(doc)
        next_version = read_schema_version(doc)
        if next_version != version + 1:
            raise StorageError(
                f"Bringing a version {version} record up to date went wrong (it came out as "
                f"version {next_version}). Nothing was changed. Please call for help."
            )
        version = next_version
    return doc


def stamp_current(doc: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of a record the app is saving, marked with its schema version.

    The app builds records in today's shape, so one without a mark is stamped CURRENT_SCHEMA;
    one marked with an older version is migrated first, a newer one raises RecordTooNew.
    """
    stamped = dict(doc)
    if "schema_version" in stamped:
        stamped = migrate(stamped)
    stamped["schema_version"] = CURRENT_SCHEMA
    return stamped
