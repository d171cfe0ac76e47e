"""Telling the guider what happened: field errors, storage problems, repaired files."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from vigreview.storage import StorageError, Store


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
