"""Process-wide resources (settings, the store) and first-run set-up, cached by Streamlit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar, cast

import streamlit as st

from vigreview.caseload import open_store
from vigreview.config import Settings, load_settings
from vigreview.demo.families import is_data_folder_empty, seed_demo_caseload
from vigreview.models import Family
from vigreview.storage import Store

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _store_for(settings: Settings) -> Store:
    # One Store per data folder per process: its thread locks only protect tabs that share it.
    store = open_store(settings.data_dir)
    if settings.seed_demo and is_data_folder_empty(store):
        seed_demo_caseload(store, date.today())
    return store


def get_settings() -> Settings:
    """Return the settings read from the environment for this run."""
    return load_settings()


def get_store() -> Store:
    """Return the store for the configured data folder, creating the demo on a first run."""
    return _store_for(get_settings())


class _DerivedByFamily:
    """What pages work out from a family's record, kept while the record stays the same.

    `load_family` hands out one Family object per saved version of a record, so an entry is
    still right exactly while it was made from the very object a page has now; any save (in
    this tab or another) gives a new object and the next use works it out afresh. One entry
    per family and kind, so the cache never outgrows the caseload.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], tuple[Family, Any]] = {}

    def get(self, family: Family, kind: str, compute: Callable[[Family], T]) -> T:
        key = (family.id, kind)
        with self._lock:
            found = self._entries.get(key)
        if found is not None and found[0] is family:
            return cast(T, found[1])
        value = compute(family)
        with self._lock:
            self._entries[key] = (family, value)
        return value


@st.cache_resource(show_spinner=False)
def _derived_by_family() -> _DerivedByFamily:
    return _DerivedByFamily()


def derive_once(family: Family, kind: str, compute: Callable[[Family], T]) -> T:
    """Return `compute(family)`, worked out once per saved version of the family's record.

    The result is shared by every tab: treat it as read-only.
    """
    return _derived_by_family().get(family, kind, compute)
