"""TinyDB's file format, {table: {doc_id: document}}, turned to bytes and checked on the way back.

TinyDB's own JSONStorage trusts what it reads: an empty file becomes an empty database and a
damaged one raises JSONDecodeError or TypeError deep inside TinyDB. Here every way a file can be
damaged becomes one DamagedFile with a reason a guider can read.
"""

from __future__ import annotations

import json
from typing import Any

from vigreview.storage.errors import StorageError

Tables = dict[str, dict[str, dict[str, Any]]]


class DamagedFile(Exception):
    """The bytes of a stored file are not a TinyDB database; `reason` says how, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def drop_nul_bytes(value: Any) -> Any:
    """Return `value` with every NUL character taken out of its text, at any depth.

    A NUL is never meant in typed text (it comes from a pasted binary or an attack), breaks
    the tools a record is exported to, and is dropped here because every save passes here.
    """
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, dict):
        return {drop_nul_bytes(key): drop_nul_bytes(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [drop_nul_bytes(item) for item in value]
    return value


def encode_tables(tables: Tables) -> bytes:
    """Return the tables as compact UTF-8 JSON; StorageError if something in them isn't JSON.

    NUL characters are dropped from all text on the way (see `drop_nul_bytes`).
    """
    try:
        text = json.dumps(
            drop_nul_bytes(tables), ensure_ascii=False, allow_nan=False, separators=(",", ":")
        )
    except (TypeError, ValueError) as error:
        raise StorageError(
            "This could not be saved because part of it is not text, a number, a list or a "
            "yes/no value. Nothing was changed. Please call for help."
        ) from error
    return text.encode("utf-8")


def decode_tables(raw: bytes) -> Tables:
    """Parse a stored file's bytes; DamagedFile if they are not a whole TinyDB database."""
    if not raw.strip():
        raise DamagedFile("the file was empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DamagedFile("the file held characters that could not be read") from error
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise DamagedFile("the file was cut short or scrambled") from error
    check_tables_shape(data)
    tables: Tables = data
    return tables


def check_tables_shape(data: object) -> None:
    """Raise DamagedFile unless `data` has TinyDB's shape: {table: {"<int>": {document}}}."""
    wrong = DamagedFile("the file held something other than saved records")
    if not isinstance(data, dict):
        raise wrong
    for table in data.values():
        if not isinstance(table, dict):
            raise wrong
        for doc_id, document in table.items():
            if not doc_id.isdigit() or not isinstance(document, dict):
                raise wrong
