"""One writer at a time per file: a thread lock for tabs in this process, a file lock for others.

Streamlit serves each browser tab on its own thread, and a children's centre may run several
app processes over one data folder, so both kinds of lock are needed. The thread lock is taken
first; it makes the file lock below it effectively owned by one thread at a time.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from vigreview.storage.errors import StorageBusy

# Short polls keep eight contending writers moving; filelock's default (50 ms) makes a queue of
# saves to one family crawl.
_POLL_SECONDS = 0.005

_registry_guard = threading.Lock()
_registry: dict[str, tuple[threading.RLock, FileLock]] = {}
_registry_pid: list[int] = []


def _find_locks(lock_path: Path) -> tuple[threading.RLock, FileLock]:
    """Return the process-wide thread lock and file lock for `lock_path`, making them once."""
    key = os.path.realpath(lock_path)
    with _registry_guard:
        # A forked child inherits locks that threads of its parent may be holding; it must
        # start with fresh ones or it could wait forever.
        if _registry_pid != [os.getpid()]:
            _registry.clear()
            _registry_pid[:] = [os.getpid()]
        found = _registry.get(key)
        if found is None:
            found = (threading.RLock(), FileLock(key, thread_local=False))
            _registry[key] = found
        return found


def describe_busy(what: str) -> str:
    """Return the plain-words message for a lock that could not be had in time."""
    return (
        f"Another tab or device is saving {what} right now, so this could not be done. "
        "Nothing was lost. Please try again in a moment."
    )


@contextmanager
def hold_path_lock(lock_path: Path, *, timeout: float, what: str) -> Iterator[None]:
    """Hold the thread lock and the file lock for `lock_path`; re-entrant within one thread.

    Raises StorageBusy (saying it about `what`) when they are not free within `timeout` seconds.
    """
    thread_lock, file_lock = _find_locks(lock_path)
    deadline = time.monotonic() + timeout
    if not thread_lock.acquire(timeout=timeout):
        raise StorageBusy(describe_busy(what))
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            file_lock.acquire(
                timeout=max(0.0, deadline - time.monotonic()), poll_interval=_POLL_SECONDS
            )
        except Timeout as error:
            raise StorageBusy(describe_busy(what)) from error
        try:
            yield
        finally:
            file_lock.release()
    finally:
        thread_lock.release()
