"""The languages a parent can read the app in, with their direction and their own names."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# Unicode FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE: a name or number set between them
# keeps its own direction inside a sentence of the other direction ("Jade" inside Urdu).
_FSI = "\u2068"
_PDI = "\u2069"


class Direction(StrEnum):
    """Which way a language's lines run, as HTML's dir attribute names it."""

    LTR = "ltr"
    RTL = "rtl"


@dataclass(frozen=True)
class Language:
    """One language the parent's screens, prompts and keepsake can be in."""

    code: str
    native_name: str
    english_name: str
    direction: Direction = Direction.LTR

    @property
    def is_rtl(self) -> bool:
        """Return True for a language written right to left."""
        return self.direction == Direction.RTL

    @property
    def label(self) -> str:
        """Return the name to offer in a list: its own name, then the English one."""
        if self.native_name == self.english_name:
            return self.native_name
        return f"{self.native_name} ({self.english_name})"


# English is the source language: its words are the msgids, so it needs no catalog.
DEFAULT_LANGUAGE = Language("en", "English", "English")
LANGUAGES: tuple[Language, ...] = (
    DEFAULT_LANGUAGE,
    Language("pl", "Polski", "Polish"),
    Language("ur", "اردو", "Urdu", Direction.RTL),
)
_BY_CODE = {language.code: language for language in LANGUAGES}


def find_language(code: str) -> Language:
    """Return the language with this code; an unknown or empty code means English."""
    return _BY_CODE.get(code, DEFAULT_LANGUAGE)


def isolate(text: str) -> str:
    """Return `text` wrapped so it keeps its own direction inside a sentence (bidi isolate)."""
    return f"{_FSI}{text}{_PDI}"
