"""The Keepsake & exports page: what leaves the app, on purpose, for the open family.

Keepsake (only within the parent's consent), the end-of-work summary for the referrer, CSV
tables, and moving the family to another machine as a bundle. Bringing a family in from a
bundle works with no family open. PDFs and tables are made when their download button is
pressed, and only then noted in the family's history.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import streamlit as st

from vigreview.models import Family, ReferrerSummary
from vigreview.outputs.bundle import (
    DOWNLOAD_LIMIT_BYTES,
    BundleRefused,
    delete_bundles_of,
    export_bundle,
    exports_folder,
    import_bundle,
    list_bundles_of,
)
from vigreview.outputs.export_rules import may_make_keepsake
from vigreview.outputs.keepsake import make_keepsake
from vigreview.outputs.pdf_document import PdfFontMissing, find_font_files
from vigreview.outputs.referrer_summary import (
    MAX_SECTION_LENGTH,
    SECTION_TITLES,
    check_summary,
    current_summary,
    export_summary,
    forget_edits,
    save_summary,
)
from vigreview.outputs.table_exports import (
    TABLE_TITLES,
    TableKind,
    note_table_export,
    table_csv,
    table_file_name,
)
from vigreview.storage import StorageError, Store
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_field_error, show_kept_message
from vigreview.ui.resources import get_store
from vigreview.ui.signed_in import who_for_audit
from vigreview.ui.text import escape_markdown

_FLASH = "exports_flash"
_BUNDLE = "exports_bundle_path"
_SUMMARY_ERRORS = "summary_errors"
_F = "exports_"


# -- keepsake --------------------------------------------------------------------------------


def _keepsake_maker(store: Store, family_id: str, who: str) -> Callable[[], bytes]:
    # Runs when the button is pressed: the stills are decoded and the export noted only then.
    def make() -> bytes:
        return make_keepsake(store, family_id, who, date.today())

    return make


def _render_keepsake(family: Family) -> None:
    st.markdown(
        "A PDF for the parent to keep: their helping question, the key stills of the moments "
        "that worked well, the words they starred, the strengths seen and their next steps. "
        "It never holds your notes or any working point. It prints on A4 and reads on a phone."
    )
    if not may_make_keepsake(family, date.today()):
        st.info(
            "A keepsake is offered once the parent has agreed to watching the film together "
            "(shared review), and only while that consent stands.",
            icon=":material/lock:",
        )
        return
    safe_name = "".join(ch for ch in family.baby_name if ch.isalnum()) or "baby"
    st.download_button(
        "Download the keepsake (PDF)",
        data=_keepsake_maker(get_store(), family.id, who_for_audit()),
        file_name=f"keepsake-{safe_name}-{date.today():%Y%m%d}.pdf",
        mime="application/pdf",
        type="primary",
        icon=":material/favorite:",
        on_click="ignore",
        key=_F + "keepsake",
    )


# -- referrer summary ------------------------------------------------------------------------


def _field_key(family_id: str, field: str) -> str:
    # The family's id is part of the key, so another family's edits never show here.
    return f"{_F}summary_{family_id}_{field}"


def _summary_from_form(family: Family) -> ReferrerSummary:
    draft = current_summary(family)

    def typed(field: str) -> str:
        return str(st.session_state.get(_field_key(family.id, field), getattr(draft, field)))

    return ReferrerSummary(
        helping_question=typed("helping_question"),
        cycles=typed("cycles"),
        ratings=typed("ratings"),
        strengths=typed("strengths"),
        next_steps=typed("next_steps"),
        edited_on=draft.edited_on,
    )


def _save_summary(family: Family) -> None:
    summary = _summary_from_form(family)
    errors = check_summary(summary)
    st.session_state[_SUMMARY_ERRORS] = errors
    if errors:
        return
    save_summary(get_store(), family.id, summary, date.today())
    keep_message(_FLASH, "Your edits to the summary were saved.")


def _start_again(family: Family) -> None:
    forget_edits(get_store(), family.id)
    for field in SECTION_TITLES:
        st.session_state.pop(_field_key(family.id, field), None)
    keep_message(_FLASH, "The summary was drafted afresh from the record.", "info")


def _summary_maker(
    store: Store, family_id: str, summary: ReferrerSummary, who: str
) -> Callable[[], bytes]:
    def make() -> bytes:
        return export_summary(store, family_id, summary, who, date.today())

    return make


def _render_summary(family: Family) -> None:
    st.markdown(
        "A summary for the referrer, drafted from the record. Edit any part before you export "
        "it; your edits are kept with the family."
    )
    draft = current_summary(family)
    errors: dict[str, str] = st.session_state.get(_SUMMARY_ERRORS, {})
    for field, title in SECTION_TITLES.items():
        st.text_area(
            title,
            value=getattr(draft, field),
            key=_field_key(family.id, field),
            height=140 if field in ("strengths", "next_steps") else 90,
            max_chars=MAX_SECTION_LENGTH,
        )
        show_field_error(errors, field)
    summary = _summary_from_form(family)
    problems = check_summary(summary)
    save_col, pdf_col, again_col = st.columns(3)
    save_col.button("Save edits", on_click=_save_summary, args=(family,), width="stretch")
    pdf_col.download_button(
        "Download the summary (PDF)",
        data=_summary_maker(get_store(), family.id, summary, who_for_audit()),
        file_name=f"summary-{family.id}-{date.today():%Y%m%d}.pdf",
        mime="application/pdf",
        type="primary",
        disabled=bool(problems),
        on_click="ignore",
        width="stretch",
        key=_F + "summary",
    )
    again_col.button(
        "Start again from the record",
        on_click=_start_again,
        args=(family,),
        width="stretch",
    )
    if problems and not errors:
        st.caption("Every section needs some words before the summary can be exported.")


# -- tables ----------------------------------------------------------------------------------


def _note_table(family_id: str, kind: TableKind, anonymise: bool, who: str) -> None:
    note_table_export(get_store(), family_id, kind, anonymise, who)


def _render_tables(family: Family) -> None:
    st.markdown("Tables to open in a spreadsheet, for reports and your own records.")
    anonymise = st.toggle(
        "Anonymise (no names, no dates: for sharing beyond the service)",
        key=_F + "anonymise",
    )
    if anonymise:
        st.caption(
            "The parent's, baby's and guider's names are blanked wherever they were typed. Other "
            "names typed into notes cannot be found: please read the table before sharing it."
        )
    for kind in TableKind:
        st.download_button(
            f"{TABLE_TITLES[kind]} (CSV)",
            data=table_csv(family, kind, anonymise),
            file_name=table_file_name(family, kind, anonymise),
            mime="text/csv",
            on_click=_note_table,
            args=(family.id, kind, anonymise, who_for_audit()),
            icon=":material/table:",
            key=f"{_F}csv_{kind.value}",
        )


# -- moving a family -------------------------------------------------------------------------


def _make_bundle(family_id: str) -> None:
    try:
        path = export_bundle(get_store(), family_id, exports_folder(get_store()), who_for_audit())
    except (StorageError, OSError) as error:
        keep_message(_FLASH, f"The bundle could not be made: {error}", "error")
        return
    st.session_state[_BUNDLE] = str(path)


def _render_bundle_download(family: Family) -> None:
    value = st.session_state.get(_BUNDLE)
    path = Path(value) if value else None
    if path is None or not path.is_file() or family.id not in path.name:
        return
    size = path.stat().st_size
    if size <= DOWNLOAD_LIMIT_BYTES:
        st.download_button(
            f"Download {path.name} ({size / 1024 / 1024:.1f} MiB)",
            data=path.read_bytes,
            file_name=path.name,
            mime="application/zip",
            on_click="ignore",
            icon=":material/download:",
            key=_F + "bundle",
        )
    st.success(
        f"The bundle was written to {path} ({size / 1024 / 1024:.1f} MiB)."
        + (
            ""
            if size <= DOWNLOAD_LIMIT_BYTES
            else " It is too large to download through the browser: copy it from that folder."
        )
    )


def _render_move(family: Family) -> None:
    st.markdown(
        "A bundle holds this family's whole record, history and films, to move them to another "
        "machine. Keep it on an encrypted drive and delete it once it has been brought in."
    )
    st.button(
        "Make a bundle of this family",
        on_click=_make_bundle,
        args=(family.id,),
        icon=":material/inventory_2:",
    )
    _render_bundle_download(family)
    lying = list_bundles_of(get_store(), family.id)
    if lying:
        st.warning(
            f"{len(lying)} bundle(s) of this family are in {exports_folder(get_store())}. They "
            "hold the films: once a bundle is copied or brought in, delete it here.",
            icon=":material/folder_zip:",
        )
        st.button(
            "Delete this family's bundles from this machine",
            on_click=_delete_bundles,
            args=(family.id,),
        )


def _delete_bundles(family_id: str) -> None:
    count = delete_bundles_of(get_store(), family_id)
    st.session_state.pop(_BUNDLE, None)
    keep_message(_FLASH, f"{count} bundle(s) deleted from this machine.")


def _bring_in(path: Path) -> None:
    try:
        outcome = import_bundle(get_store(), path, who_for_audit())
    except BundleRefused as refusal:
        keep_message(_FLASH, refusal.message, "error")
        return
    except StorageError as error:
        keep_message(_FLASH, f"The bundle was not imported: {error}", "error")
        return
    how = "replaced the older copy here" if outcome.replaced else "added to this machine"
    keep_message(
        _FLASH,
        f"{escape_markdown(outcome.pseudonym)} was brought in ({outcome.files} files) and {how}.",
    )


def _bring_in_upload() -> None:
    upload = st.session_state.get(_F + "upload")
    if upload is None:
        keep_message(_FLASH, "Please choose a bundle file first.", "error")
        return
    folder = exports_folder(get_store())
    folder.mkdir(parents=True, exist_ok=True)
    incoming = folder / f".incoming-{secrets.token_hex(6)}.zip"
    try:
        with open(incoming, "wb") as out:
            upload.seek(0)
            shutil.copyfileobj(upload, out, 1024 * 1024)
        _bring_in(incoming)
    finally:
        incoming.unlink(missing_ok=True)
    st.session_state.pop(_F + "upload", None)


def _bring_in_from_folder() -> None:
    name = st.session_state.get(_F + "from_folder")
    if name:
        _bring_in(exports_folder(get_store()) / name)


def _render_import() -> None:
    st.subheader("Bring a family in from a bundle", anchor=False)
    st.markdown(
        "Every file is checked before anything is saved. A damaged or changed bundle is "
        "refused, and so is one older than the record already here."
    )
    st.file_uploader("Bundle file (.zip)", type=["zip"], key=_F + "upload")
    st.button("Bring in the uploaded bundle", on_click=_bring_in_upload, icon=":material/upload:")
    folder = exports_folder(get_store())
    found = sorted(p.name for p in folder.glob("*.zip")) if folder.is_dir() else []
    if found:
        st.selectbox(
            f"Or a bundle already in {folder}",
            found,
            key=_F + "from_folder",
            index=None,
            placeholder="Choose a bundle",
        )
        st.button("Bring in the chosen bundle", on_click=_bring_in_from_folder)


def _fonts_ready() -> bool:
    """Say so (and return False) when the PDFs' font is missing on this machine."""
    try:
        find_font_files()
    except PdfFontMissing as missing:
        st.error(str(missing), icon=":material/font_download_off:")
        return False
    return True


def render_exports_page() -> None:
    """Draw the keepsake, summary, tables and bundle tabs for the open family, and the import."""
    family = load_open_family("Keepsake & exports")
    if family is not None:
        st.title(f"Keepsake & exports: {escape_markdown(family.pseudonym)}", anchor=False)
    show_kept_message(_FLASH)
    if family is not None:
        keepsake, summary, tables, move = st.tabs(
            ["Keepsake", "Summary for the referrer", "Tables (CSV)", "Move this family"]
        )
        with keepsake:
            if _fonts_ready():
                _render_keepsake(family)
        with summary:
            if _fonts_ready():
                _render_summary(family)
        with tables:
            _render_tables(family)
        with move:
            _render_move(family)
    _render_import()
