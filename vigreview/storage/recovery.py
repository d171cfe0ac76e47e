"""A note that a damaged file was repaired, for the guider to read once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


def format_saved_at(moment: datetime) -> str:
    """Return a time as a guider would say it: "26 Nov 2026 at 14:05"."""
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M}"


def start_sentence(words: str) -> str:
    """Return `words` with the first letter made a capital (the rest left alone)."""
    return words[:1].upper() + words[1:]


def name_what_was_saved(path: Path) -> str:
    """Return plain words for what a stored file holds, judged from its name."""
    if path.name == "record.json":
        return f"the saved file for family {path.parent.name}"
    if path.name == "caseload.json":
        return "the caseload list"
    return f"the saved file {path.name}"


@dataclass(frozen=True)
class Recovery:
    """One damaged file that was repaired, from a backup or (for the caseload list) rebuilt.

    `rebuilt` is True when no backup could be read and the file was put together again from
    other files (`restored_from` is then the folder it was rebuilt from); `note` adds what the
    guider should check afterwards.
    """

    path: Path
    kept_aside: Path
    restored_from: Path
    restored_saved_at: datetime
    reason: str
    rebuilt: bool = False
    note: str = ""

    def describe(self) -> str:
        """Say in plain words what was damaged, where it was kept and what was brought back."""
        what = name_what_was_saved(self.path)
        if self.kept_aside != self.path:
            opening = (
                f"{start_sentence(what)} was damaged ({self.reason}). "
                f"We kept the damaged copy at {self.kept_aside}"
            )
        else:
            opening = f"{start_sentence(what)} was damaged ({self.reason}). We"
        if self.rebuilt:
            text = (
                f"{opening} and rebuilt it from the families' own records on "
                f"{format_saved_at(self.restored_saved_at)}."
            )
        else:
            text = (
                f"{opening} and restored the version saved on "
                f"{format_saved_at(self.restored_saved_at)}. "
                "Anything typed after that time may need entering again."
            )
        return f"{text} {self.note}" if self.note else text
