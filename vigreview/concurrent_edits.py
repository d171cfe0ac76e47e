"""Two tablets editing the same record: merging field by field, never a silent overwrite.

A form remembers the values it showed (its *base*, from the record's revision it loaded).
When it saves, only the fields the guider changed from the base are written, onto the record
as it is now (*theirs*). A field changed both here and on another tablet since the base is a
conflict: nothing is saved and the guider chooses. The parent's words are never a conflict:
both tablets' words are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vigreview.storage import StorageError

# Between the words kept from two tablets: a blank line, as between two things said.
WORDS_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class FieldConflict:
    """One field changed on this tablet and on another since this tablet loaded it."""

    field: str
    base: Any
    mine: Any
    theirs: Any


class EditConflict(StorageError):
    """Nothing was saved: another tablet changed the same fields. `conflicts` has each one.

    `revision` is the record's revision the other values come from.
    """

    def __init__(self, conflicts: tuple[FieldConflict, ...], revision: int) -> None:
        names = ", ".join(c.field for c in conflicts)
        super().__init__(
            f"This was changed on another tablet while you were editing it ({names}). "
            "Nothing was saved yet: choose which version to keep."
        )
        self.conflicts = conflicts
        self.revision = revision


def changed_fields(base: Mapping[str, Any], mine: Mapping[str, Any]) -> dict[str, Any]:
    """Return the fields of `mine` that differ from `base`, with their new values."""
    return {name: value for name, value in mine.items() if base.get(name) != value}


def find_conflicts(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[FieldConflict, ...]:
    """Return the fields changed in `mine` and, differently, in `theirs` since `base`."""
    return tuple(
        FieldConflict(name, base.get(name), value, theirs.get(name))
        for name, value in changed_fields(base, mine).items()
        if theirs.get(name) != base.get(name) and theirs.get(name) != value
    )


def merge_fields(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    revision: int = 0,
) -> dict[str, Any]:
    """Return `theirs` with the fields changed from `base` to `mine` written over it.

    Raises EditConflict (with both values of each field) when another tablet changed one of
    those fields differently since `base`; `revision` is the record's, for the message.
    """
    conflicts = find_conflicts(base, mine, theirs)
    if conflicts:
        raise EditConflict(conflicts, revision)
    return {**theirs, **changed_fields(base, mine)}


def catch_up(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Bring a form up to date with the record: return its new (base, shown values).

    A field the guider has not touched takes the record's value (another tablet's change
    shows). A field the guider changed keeps the guider's value and its old base, so saving
    it still meets the other tablet's change as a conflict.
    """
    new_base = dict(base)
    shown = dict(mine)
    for name, value in theirs.items():
        if mine.get(name) == base.get(name):
            new_base[name] = value
            shown[name] = value
    return new_base, shown


def keep_both_words(base: str, mine: str, theirs: str) -> str:
    """Return the parent's words to save when this tablet wrote `mine` and another `theirs`.

    Both are kept whenever both changed since `base`: never one replacing the other.
    """
    if theirs == base or theirs.strip() in mine:
        return mine
    if mine == base or mine.strip() in theirs:
        return theirs
    if mine.startswith(base) and theirs.startswith(base):
        # Both went on from the same words: this tablet's own text, then the other's new words.
        return mine.rstrip() + WORDS_SEPARATOR + theirs[len(base) :].strip()
    return theirs.rstrip() + WORDS_SEPARATOR + mine.strip()
