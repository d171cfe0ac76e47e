"""Process-wide resources (settings, the store) and first-run set-up, cached by Streamlit."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload import open_store
from vigreview.config import Settings, load_settings
from vigreview.demo.families import is_data_folder_empty, seed_demo_caseload
from vigreview.storage import Store


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
