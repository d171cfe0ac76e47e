"""Process-wide resources (settings, the store) and first-run set-up, cached by Streamlit."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.caseload import is_data_folder_empty, open_store
from vigreview.config import Settings, load_settings
from vigreview.demo.preparation import DemoPreparation, DemoProgress
from vigreview.storage import Store

# How often a page waiting for the demo families redraws its progress bar.
_DEMO_POLL_SECONDS = 0.3


@st.cache_resource(show_spinner=False)
def _store_for(settings: Settings) -> Store:
    # One Store per data folder per process: its thread locks only protect tabs that share it.
    return open_store(settings.data_dir)


@st.cache_resource(show_spinner=False)
def _demo_for(settings: Settings) -> DemoPreparation | None:
    # One per data folder per process, on a first run only; None when no demo is wanted.
    store = _store_for(settings)
    if not settings.seed_demo or not is_data_folder_empty(store):
        return None
    return DemoPreparation(store, date.today())


def get_settings() -> Settings:
    """Return the settings read from the environment for this run."""
    return load_settings()


def get_store() -> Store:
    """Return the store for the configured data folder.

    On a first run the demo families are not there yet: the first page starts making them
    (`start_demo`) and pages that show families call `wait_for_demo` first.
    """
    settings = get_settings()
    _demo_for(settings)  # notes whether the folder was empty before anything is written
    return _store_for(settings)


def start_demo() -> None:
    """Start making a first run's demo families in the background (once)."""
    preparation = _demo_for(get_settings())
    if preparation is not None:
        preparation.start()


def finish_demo() -> None:
    """Wait until a first run's demo families, if any are being made, are all saved.

    The first account takes the demo's families over (caseload.adopt_demo_families): a family
    saved after that would stay with the demo, out of the new guider's sight.
    """
    preparation = _demo_for(get_settings())
    if preparation is not None:
        preparation.start()
        preparation.wait()


def demo_progress() -> DemoProgress | None:
    """Return how far the demo families are made, or None when none are being made."""
    preparation = _demo_for(get_settings())
    return None if preparation is None else preparation.progress()


def _show_demo_progress(progress: DemoProgress) -> None:
    percent = round(100 * progress.fraction)
    st.progress(
        progress.fraction,
        text=f"Getting the demo families ready ({progress.step}, {percent}%) ...",
    )


def wait_for_demo() -> None:
    """Wait, with the progress in view, until the demo families of a first run are made."""
    preparation = _demo_for(get_settings())
    if preparation is None:
        return
    preparation.start()
    if not preparation.wait(0):
        slot = st.empty()
        while not preparation.wait(_DEMO_POLL_SECONDS):
            with slot.container():
                _show_demo_progress(preparation.progress())
        slot.empty()
    if preparation.progress().failure:
        # The details are in the server's log; a parent may be holding the tablet.
        st.warning(
            "The demo families could not be made, so they are not here. Everything else works: "
            "you can add your own families.",
            icon=":material/info:",
        )
