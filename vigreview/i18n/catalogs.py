"""Gettext catalogs (managed with Babel) for everything a parent can see.

English words in the code are the message ids. `N_` marks words kept as data (prompts,
labels) so `pybabel extract` finds them; they are translated where they are shown. Catalogs
are compiled .mo files under vigreview/locales/<code>/LC_MESSAGES/, read the first time a
language is asked for (never at import time) and kept for the life of the process, so a
corrected catalog shows after a restart.
"""

from __future__ import annotations

import gettext
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigreview.i18n.languages import DEFAULT_LANGUAGE, Language, find_language, isolate

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "vigreview"

logger = logging.getLogger(__name__)


def N_(message: str) -> str:
    """Mark `message` for translation without translating it now (it is data)."""
    return message


@cache
def load_catalog(code: str) -> gettext.NullTranslations:
    """Return the compiled catalog for a language code (GNUTranslations), read once.

    English, the source language, gets NullTranslations, which gives back the English words.
    A language whose compiled catalog is missing does too (and says so in the log): English
    words are better than a parent screen that does not open.
    """
    language = find_language(code)
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALES_DIR, languages=[language.code])
    except FileNotFoundError:
        logger.error("No compiled catalog for %s in %s: showing English", code, LOCALES_DIR)
        return gettext.NullTranslations()


def _fill(text: str, values: dict[str, object], rtl: bool) -> str:
    # Plain replacement, not str.format: a stray brace in a catalog can never break a screen.
    for name, value in values.items():
        shown = str(value)
        text = text.replace("{" + name + "}", isolate(shown) if rtl else shown)
    return text


@dataclass(frozen=True)
class Translator:
    """Words in one language: each message translated, then its {placeholders} filled in.

    In a right-to-left language every filled-in value (a name, a number) is a bidi isolate,
    so "Jade" or "3" inside an Urdu sentence neither flips nor drags punctuation with it.
    """

    language: Language

    def gettext(self, message: str, **values: object) -> str:
        """Return `message` in this language with `values` filled in."""
        translated = load_catalog(self.language.code).gettext(message)
        return _fill(translated, values, self.language.is_rtl)

    def ngettext(self, singular: str, plural: str, count: int, **values: object) -> str:
        """Return the form of a message that fits `count` ({count} is filled in too)."""
        translated = load_catalog(self.language.code).ngettext(singular, plural, count)
        return _fill(translated, {"count": count, **values}, self.language.is_rtl)


def translator_for(code: str) -> Translator:
    """Return the translator for a language code (English when the code is unknown)."""
    return Translator(find_language(code))
