"""Suggestions kept beside the film, so they are found once per film, not on every visit."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from vigreview.storage.atomic import write_atomically
from vigreview.suggestions.windows import Suggestion

# In the family's media folder, so deleting the family's footage deletes them too.
_FOLDER = "suggestions"
_VERSION = 1


def suggestions_path(media_dir: Path, film_file_name: str) -> Path:
    """Return where the suggestions for the film `film_file_name` are kept."""
    return media_dir / _FOLDER / (Path(film_file_name).stem + ".json")


def save_suggestions(path: Path, suggestions: list[Suggestion]) -> None:
    """Write the suggestions so that a crash leaves the old file or the new one, whole."""
    data = {"version": _VERSION, "suggestions": [asdict(s) for s in suggestions]}
    # No backups: the film itself can always be read again for them.
    write_atomically(path, json.dumps(data).encode("utf-8"), backups=0)


def load_suggestions(path: Path) -> list[Suggestion] | None:
    """Return the kept suggestions, or None if the film was not read yet (or the file is bad)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != _VERSION:
            return None
        return [Suggestion(**item) for item in data["suggestions"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
