"""The Cycles & films page: start a cycle, import phone films in the background, see them.

A film goes from the tablet straight to disk through the film picker (vigreview/ui/
film_picker.py); the page then imports it from that file.
"""

from __future__ import annotations

import time
from datetime import date

import streamlit as st

from vigreview.cycles import ACTIVITY_LABELS, add_cycle, can_add_film
from vigreview.dates import format_day
from vigreview.film_import import FilmImport, begin_film_import, check_film_upload, shown_name
from vigreview.media import FilmRejected
from vigreview.media.tempfiles import remove_quietly
from vigreview.media.uploads import find_upload, remove_stale_uploads
from vigreview.models import Activity, Cycle, Family, Film
from vigreview.storage import StorageError
from vigreview.storage.disk_space import DISK_FULL_MESSAGE
from vigreview.suggestions import get_suggestion_job
from vigreview.ui.family_context import load_open_family
from vigreview.ui.feedback import keep_message, show_kept_message
from vigreview.ui.film_picker import PickerReport, read_picker_report, show_film_picker
from vigreview.ui.navigation import FAMILY_PAGE, MOMENTS_PAGE, choose_film
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

_IMPORTS = "film_imports"
_FLASH = "films_flash"
# The film picker's own key, and the last of its reports the page took up (a non-widget key,
# so a report is handled once however often the page reruns).
_PICKER = "film_picker"
_HANDLED = "film_picker_handled"


def _describe_film(film: Film) -> str:
    minutes, seconds = divmod(round(film.duration_s), 60)
    shape = "portrait" if film.height > film.width else "landscape"
    return f"{escape_markdown(film.original_name)} · {minutes}:{seconds:02d} · {shape}"


def _start_cycle(family_id: str) -> None:
    activity = Activity(st.session_state.get("new_cycle_activity") or Activity.PLAY)
    filmed_on = st.session_state.get("new_cycle_date") or date.today()
    cycle = add_cycle(get_store(), family_id, activity, filmed_on)
    keep_message(_FLASH, f"Cycle {cycle.number} started. Now import the film.", "info")


def _render_cycle(family: Family, cycle: Cycle) -> None:
    with st.container(border=True):
        st.markdown(
            f"**Cycle {cycle.number}** · {ACTIVITY_LABELS[cycle.activity]} · "
            f"filmed {format_day(cycle.filmed_on)} · {len(cycle.moments)} moments"
        )
        if not cycle.films:
            st.caption("No film yet.")
        for film in cycle.films:
            text, action = st.columns([3, 2], vertical_alignment="center")
            text.markdown(_describe_film(film))
            if action.button("Mark moments", key=f"mark_{film.id}", width="stretch"):
                choose_film(cycle.number, film.id)
                st.switch_page(MOMENTS_PAGE)


def _render_new_cycle(family: Family) -> None:
    with st.expander("Start a new cycle", icon=":material/add:", expanded=not family.cycles):
        st.selectbox(
            "What was filmed?",
            list(Activity),
            format_func=lambda a: ACTIVITY_LABELS[Activity(a)],
            key="new_cycle_activity",
        )
        st.date_input(
            "Filmed on",
            value=date.today(),
            max_value=date.today(),
            key="new_cycle_date",
            format="DD/MM/YYYY",
        )
        st.button("Start cycle", type="primary", on_click=_start_cycle, args=(family.id,))


def _refusal_words(family: Family, report: PickerReport) -> str:
    """Return, in plain words, why the film the picker sent was not kept."""
    try:
        # The same checks the upload route made, so the words match its reason exactly.
        check_film_upload(get_store(), family.id, report.name, report.size, date.today())
    except FilmRejected as rejection:
        return rejection.message
    except StorageError as error:
        return str(error)
    if report.refused == "disk_full":
        return DISK_FULL_MESSAGE
    if report.refused == "cut_short":
        return (
            f"{escape_markdown(shown_name(report.name))} did not arrive in full (the link to "
            "this machine may have dropped), so nothing was kept. Please choose it again."
        )
    return (
        "This tablet's sign-in could not be checked, so the film was not sent. Please reload "
        "the page, sign in if asked, and choose the film again."
    )


def _take_picker_report(family: Family) -> None:
    """Start importing the film the picker has just stored, or say why it was not kept."""
    report = read_picker_report(st.session_state.get(_PICKER))
    if report is None or report == st.session_state.get(_HANDLED):
        return
    st.session_state[_HANDLED] = report
    store = get_store()
    upload = find_upload(store.media_dir(family.id), report.upload) if report.upload else None
    if upload is None:
        missing = report.upload is not None
        keep_message(
            _FLASH,
            FilmRejected.missing().message if missing else _refusal_words(family, report),
            "info",
        )
        return
    cycle_number = st.session_state.get("import_cycle")
    if cycle_number is None and family.cycles:
        cycle_number = family.cycles[-1].number
    if cycle_number is None:
        remove_quietly(upload)
        keep_message(_FLASH, "Start a cycle first, then import its film.", "info")
        return
    try:
        film_import = begin_film_import(
            store,
            family.id,
            int(cycle_number),
            upload,
            report.name,
            keep_original=bool(st.session_state.get("keep_original")),
            today=date.today(),
        )
    except FilmRejected as rejection:
        keep_message(_FLASH, rejection.message, "info")
        return
    except StorageError as error:
        keep_message(_FLASH, str(error), "info")
        return
    st.session_state.setdefault(_IMPORTS, []).append(film_import)


def _render_import(family: Family) -> None:
    st.subheader("Import a film")
    if not can_add_film(family, date.today()):
        st.warning(
            "The parent's consent to filming is not on record, so no film can be added yet. "
            "Please read the consent form with the parent first.",
            icon=":material/lock:",
        )
        st.page_link(FAMILY_PAGE, label="Go to the consent form", icon=":material/description:")
        return
    if not family.cycles:
        st.info("Start a cycle first, then import its film.")
        return
    numbers = [c.number for c in family.cycles]
    st.selectbox(
        "For cycle",
        numbers,
        index=len(numbers) - 1,
        key="import_cycle",
        format_func=lambda n: f"Cycle {n}",
    )
    # Above the picker: the import starts as soon as the film has arrived.
    st.checkbox(
        "Keep the original file as well",
        key="keep_original",
        help="Usually not needed: the original is large and sensitive, so it is deleted once "
        "the film is ready.",
    )
    show_film_picker(family.id, key=_PICKER, handled=st.session_state.get(_HANDLED))


_REFRESHED = "refreshed_imports"


# Half a second: a finished film shows in its cycle at most that long after it is ready.
@st.fragment(run_every=0.5)
def _render_running_imports() -> None:
    _render_imports()
    # One whole-page rerun per finished import, so the new film shows in its cycle (and the
    # page stops polling once nothing is running).
    imports: list[FilmImport] = st.session_state.get(_IMPORTS, [])
    refreshed: set[str] = st.session_state.setdefault(_REFRESHED, set())
    newly_finished = {i.job.id for i in imports if i.finished} - refreshed
    if newly_finished:
        refreshed.update(newly_finished)
        st.rerun(scope="app")


def _all_shown_finished(imports: list[FilmImport]) -> bool:
    refreshed: set[str] = st.session_state.get(_REFRESHED, set())
    return all(i.finished and i.job.id in refreshed for i in imports)


def _render_imports() -> None:
    imports: list[FilmImport] = st.session_state.get(_IMPORTS, [])
    for index, film_import in enumerate(imports):
        job = film_import.job
        name = escape_markdown(film_import.original_name)
        if job.state == "running":
            st.progress(job.progress, text=f"Getting {name} ready to play… {job.progress:.0%}")
            if st.button("Cancel", key=f"cancel_{job.id}"):
                job.cancel()
        elif film_import.outcome.film is not None:
            st.success(f"{name} is ready. You can mark its moments now.")
            _render_suggesting(film_import.family_id, film_import.outcome.film)
        elif job.state == "cancelled":
            st.info(f"The import of {name} was cancelled. Nothing was kept.")
        elif job.state == "done" and film_import.outcome.problem is None:
            st.progress(1.0, text=f"Saving {name}…")
        else:
            message = film_import.outcome.problem or job.message or "The import did not finish."
            st.error(f"{name}: {message}")
        if job.state != "running" and st.button("Dismiss", key=f"dismiss_{index}_{job.id}"):
            imports.remove(film_import)
            st.rerun()


def _render_suggesting(family_id: str, film: Film) -> None:
    """Show how far reading the new film for suggested moments has got, while it runs."""
    suggesting = get_suggestion_job(get_store().media_dir(family_id) / film.file_name)
    if suggesting is not None and suggesting.state == "running":
        st.progress(
            suggesting.progress,
            text=f"Listening and looking for lively moments to suggest… "
            f"{suggesting.progress:.0%} (on this machine; nothing leaves it)",
        )


def render_films_page() -> None:
    """Draw the family's cycles and films, the new-cycle form and the film import."""
    family = load_open_family("Cycles & films")
    if family is None:
        return
    st.title(f"Cycles & films: {escape_markdown(family.pseudonym)}", anchor=False)
    # Where films arrive, uploads that were never taken up are tidied away.
    remove_stale_uploads(get_store().media_dir(family.id), time.time())
    _take_picker_report(family)
    show_kept_message(_FLASH)
    imports = st.session_state.get(_IMPORTS)
    if imports and _all_shown_finished(imports):
        # Drawn once, not polled: a polling fragment's rerun that arrives just after a tap
        # to another page ("Mark moments") blanked that page.
        _render_imports()
    elif imports:
        # Polls only while an import runs: an idle page costs the server nothing.
        _render_running_imports()
    for cycle in family.cycles:
        _render_cycle(family, cycle)
    _render_new_cycle(family)
    _render_import(family)
