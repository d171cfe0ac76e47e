"""Making the demo caseload in the background, so a first run shows its first page at once.

Drawing the demo film takes several seconds (longer on a busy machine); the first-account form
does not need it, so it is made on a thread while the form shows, and whoever needs the demo
families waits for them with the progress in view.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from vigreview.storage import Store

logger = logging.getLogger(__name__)


def seed_demo_caseload(
    store: Store, today: date, on_progress: Callable[[float, str], None]
) -> list[str]:
    """Make the demo caseload (`vigreview.demo.families.seed_demo_caseload`) and return its ids."""
    # Imported on the demo's own thread, not with this module: drawing the demo film needs
    # PyAV and numpy, about half a second to load, and the first page must not wait for them.
    from vigreview.demo.families import seed_demo_caseload as seed

    return seed(store, today, on_progress)


@dataclass(frozen=True)
class DemoProgress:
    """How far making the demo has got: a fraction (0..1), a few words, and how it ended."""

    fraction: float
    step: str
    done: bool = False
    failure: str | None = None


class DemoPreparation:
    """Makes the demo caseload in `store` on a background thread and reports its progress."""

    def __init__(self, store: Store, today: date) -> None:
        self._store = store
        self._today = today
        self._lock = threading.Lock()
        self._progress = DemoProgress(0.0, "starting")
        self._finished = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vigreview-demo", daemon=True)

    def start(self) -> None:
        """Start making the demo, unless it has been started already."""
        with self._lock:
            if self._thread.ident is None:
                self._thread.start()

    def progress(self) -> DemoProgress:
        """Return how far making the demo has got."""
        with self._lock:
            return self._progress

    def wait(self, seconds: float | None = None) -> bool:
        """Wait up to `seconds` (None: until it ends); return True once making it has ended."""
        return self._finished.wait(seconds)

    def _note(self, fraction: float, step: str) -> None:
        with self._lock:
            self._progress = DemoProgress(fraction, step)

    def _run(self) -> None:
        try:
            seed_demo_caseload(self._store, self._today, self._note)
            ended = DemoProgress(1.0, "ready", done=True)
        except Exception as error:  # the app goes on without the demo, and says so
            logger.exception("The demo families could not be made")
            ended = DemoProgress(self.progress().fraction, "stopped", True, str(error))
        with self._lock:
            self._progress = ended
        self._finished.set()
