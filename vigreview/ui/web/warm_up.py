"""What the server loads in the background as it starts, so the first page does not wait."""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

# Loaded while the browser is still fetching Streamlit's own page code (about a second on a
# 2-core machine), so that they are ready when the first page asks (bench/first_run.py):
# - Streamlit's emoji table: it checks the page icon against it on the first page of every
#   server start, 0.2-0.5 s;
# - the app's pages, from the frame around them (the store, the sign-in gate): about half a
#   second, which the server's start does not wait for (the routes import them on first use).
_LOADED_EARLY = ("streamlit.emojis", "vigreview.ui.frame")

# The warm-up started by this process's server, if any (none under AppTest).
_started: list[threading.Thread] = []


def _load_early() -> None:
    for module in _LOADED_EARLY:
        importlib.import_module(module)


@asynccontextmanager
async def warm_up(app: object) -> AsyncIterator[None]:
    """Start loading, on a thread, what the first page needs but Streamlit loads late."""
    # Streamlit's runtime has started before this runs (st.App's lifespan), so a component a
    # page module declares as it loads is registered for good.
    thread = threading.Thread(target=_load_early, name="vigreview-warm-up", daemon=True)
    _started.append(thread)
    thread.start()
    yield


def wait_for_warm_up() -> None:
    """Wait until the warm-up has loaded the app's pages (at once if there is none).

    A script run imports the same modules; two threads importing modules that import each
    other can each meet the other's half-made module, and fail on a name not there yet.
    """
    for thread in _started:
        thread.join()
