"""Telling the guider what happened: kept messages, field errors, storage problems, repairs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Literal

import streamlit as st

from vigreview.storage import StorageError, Store

MessageKind = Literal["success", "info", "warning", "error"]
_SHOWN_AS: dict[str, Callable[..., Any]] = {
    "success": st.success,
    "info": st.info,
    "warning": st.warning,
    "error": st.error,
}


def keep_message(key: str, message: str, kind: MessageKind = "success") -> None:
    """Keep `message` under `key` until show_kept_message(key) shows it, once.

    A button's callback runs before the page is drawn again, so what it keeps shows on the
    drawing that follows the click, and not on any later one.
    """
    st.session_state[key] = (kind, message)


def show_kept_message(key: str, icon: str | None = None) -> None:
    """Show the message kept under `key`, if there is one, and forget it."""
    kept = st.session_state.pop(key, None)
    if kept:
        kind, message = kept
        _SHOWN_AS[kind](message, icon=icon)


def show_field_error(errors: dict[str, str], field: str) -> None:
    """Show the message for `field` right under it, if there is one."""
    if field in errors:
        st.error(errors[field], icon=":material/error:")


def show_recoveries(store: Store) -> None:
    """Tell the guider about any damaged file that was repaired from a backup."""
    for recovery in store.take_recoveries():
        st.warning(recovery.describe(), icon=":material/restore:")


@contextmanager
def storage_problems_explained() -> Iterator[None]:
    """Show a storage failure in plain words instead of a traceback, and stop the page."""
    try:
        yield
    except StorageError as error:
        st.error(str(error), icon=":material/warning:")
        st.stop()
