"""What the server loads in the background as it starts, so the first page does not wait."""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

# Streamlit's emoji table: it checks the page icon against it on the first page of every server
# start, 0.2-0.5 s on a 2-core machine (bench/first_run.py). Loaded while the browser is still
# fetching Streamlit's own page code, it is ready when the first page asks.
_LOADED_EARLY = ("streamlit.emojis",)


def _load_early() -> None:
    for module in _LOADED_EARLY:
        importlib.import_module(module)


@asynccontextmanager
async def warm_up(app: object) -> AsyncIterator[None]:
    """Start loading, on a thread, what the first page needs but Streamlit loads late."""
    threading.Thread(target=_load_early, name="vigreview-warm-up", daemon=True).start()
    yield
