"""What the server does as it starts, so the first page does not wait."""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from streamlit import delta_generator

# Streamlit's emoji table: it checks the page icon against it on the first page of every server
# start, 0.2-0.5 s on a 2-core machine (bench/first_run.py). Loaded while the browser is still
# fetching Streamlit's own page code, it is ready when the first page asks.
_LOADED_EARLY = ("streamlit.emojis",)


def _load_early() -> None:
    for module in _LOADED_EARLY:
        importlib.import_module(module)


@asynccontextmanager
async def warm_up(app: object) -> AsyncIterator[None]:
    """Skip a check Streamlit's first page makes, and start loading, on a thread, what the
    first page needs but Streamlit loads late."""
    # On the first element of the first page, Streamlit checks once whether it runs in a
    # Python prompt, to print a "use streamlit run" hint: inspect.stack() over every module
    # loaded, 0.12-0.16 s of CPU with the app's ~1000 (bench/first_run.py). This server is
    # `streamlit run`, where the hint never applies, so it counts as given.
    delta_generator._use_warning_has_been_displayed = True
    threading.Thread(target=_load_early, name="vigreview-warm-up", daemon=True).start()
    yield
