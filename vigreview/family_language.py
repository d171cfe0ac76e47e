"""Choosing the language a family's parent reads their screens, prompts and keepsake in."""

from __future__ import annotations

from dataclasses import replace

from vigreview.caseload import change_family
from vigreview.i18n import LANGUAGES
from vigreview.models import Family
from vigreview.storage import Store


def set_family_language(store: Store, family_id: str, code: str) -> Family:
    """Save the parent's language (a code from LANGUAGES); raise ValueError for another."""
    if code not in {language.code for language in LANGUAGES}:
        raise ValueError(f"There is no catalog for the language {code!r} on this machine.")
    return change_family(store, family_id, lambda family: replace(family, language=code))
