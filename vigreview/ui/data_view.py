"""The Data & settings page: where data lives, backing up and restoring."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import streamlit as st

from vigreview.caseload import list_case_summaries
from vigreview.storage import StorageError
from vigreview.trust.restore import (
    ONLY_ADMINISTRATORS,
    describe_plan,
    plan_restore,
    restore_backup,
)
from vigreview.ui.feedback import keep_message, show_kept_message, show_recoveries
from vigreview.ui.pin_settings_view import render_guider_pin_settings
from vigreview.ui.resources import get_settings, get_store
from vigreview.ui.signed_in import current_identity, who_for_audit
from vigreview.ui.text import escape_markdown

_FLASH = "data_flash"


# Walking every file of hundreds of families costs most of a second: counted at most twice
# a minute, since the figure is only a guide.
@st.cache_data(ttl=30, show_spinner=False)
def _folder_size_mib(folder: Path) -> float:
    total = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    return total / (1024 * 1024)


def _back_up() -> None:
    try:
        path = get_store().backup_now()
    except StorageError as error:
        keep_message(_FLASH, str(error), "error")
        return
    keep_message(_FLASH, f"Backed up to {path.name}.")


def _restore(backup: Path) -> None:
    identity = current_identity()
    try:
        restore_backup(
            get_store(),
            backup,
            who_for_audit(),
            administrator=identity is not None and identity.administrator,
            now=datetime.now(),
        )
    except StorageError as error:
        keep_message(_FLASH, str(error), "error")
        return
    keep_message(_FLASH, f"Restored {backup.name}. What was there before was backed up first.")
    st.session_state.pop("restore_confirm", None)


def _describe_backup(path: Path) -> str:
    saved = datetime.fromtimestamp(path.stat().st_mtime)
    return f"{path.name} ({saved:%d %b %Y, %H:%M})"


def render_data_page() -> None:
    """Draw where data lives, the backup button and the restore list."""
    settings = get_settings()
    store = get_store()
    st.title("Data & settings")
    show_recoveries(store)
    show_kept_message(_FLASH)
    st.subheader("Where data lives")
    st.markdown("Everything stays on this device. Nothing is sent anywhere.")
    # Wrapped, so a long path never makes a box that scrolls (not reachable by keyboard).
    st.code(str(settings.data_dir), language=None, wrap_lines=True)
    families = len(list_case_summaries(store))
    st.markdown(
        f"{families} families · {_folder_size_mib(settings.data_dir):.1f} MiB in the data folder. "
        "Each family's records and films are kept together in `families/<id>/`."
    )
    st.caption(
        "Change the folder with the VIGREVIEW_DATA environment variable. "
        "VIGREVIEW_DEMO=0 stops the demo families being created in an empty folder."
    )
    render_guider_pin_settings()
    st.subheader("Back up")
    st.markdown(
        "A backup keeps every family's written record (not the films, which are large). "
        "Backups are kept in the data folder; copy them to an encrypted drive to keep them safe."
    )
    st.button("Back up now", type="primary", on_click=_back_up, icon=":material/backup:")
    backups = store.list_backups()
    st.subheader("Restore")
    if not backups:
        st.info("There are no backups yet.")
        return
    choice = st.selectbox(
        "Choose a backup", backups, format_func=_describe_backup, key="restore_choice"
    )
    identity = current_identity()
    if identity is None or not identity.administrator:
        st.info(ONLY_ADMINISTRATORS, icon=":material/admin_panel_settings:")
        return
    st.warning("Restoring replaces the written records with the backup's copy.")
    if choice is not None:
        try:
            st.markdown(escape_markdown(describe_plan(plan_restore(store, choice))))
        except StorageError as error:
            st.error(str(error))
            return
    confirmed = st.checkbox("I understand, restore this backup", key="restore_confirm")
    st.button(
        "Restore",
        disabled=not confirmed or choice is None,
        on_click=_restore,
        args=(choice,),
    )
