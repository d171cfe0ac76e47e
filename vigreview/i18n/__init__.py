"""The parent's own language: which languages exist, their catalogs, dates in each."""

from vigreview.i18n.catalogs import LOCALES_DIR, N_, Translator, load_catalog, translator_for
from vigreview.i18n.dates import format_day_in
from vigreview.i18n.languages import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Direction,
    Language,
    find_language,
    isolate,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALES_DIR",
    "N_",
    "Direction",
    "Language",
    "Translator",
    "find_language",
    "format_day_in",
    "isolate",
    "load_catalog",
    "translator_for",
]
