"""The Cycles & films page: start a cycle, import phone films in the background, see them."""

from __future__ import annotations

from datetime import date

import streamlit as st

from vigreview.cycles import ACTIVITY_LABELS, add_cycle, can_add_film
from vigreview.dates import format_day
from vigreview.film_import import FilmImport, begin_film_import
from vigreview.media import FilmRejected
from vigreview.models import Activity, Cycle, Family, Film
from vigreview.storage import StorageError
from vigreview.suggestions import get_suggestion_job
from vigreview.ui.family_context import load_open_family
from vigreview.ui.navigation import FAMILY_PAGE, MOMENTS_PAGE, choose_film
from vigreview.ui.resources import get_store
from vigreview.ui.text import escape_markdown

_IMPORTS = "film_imports"
_FLASH = "films_flash"
# The picker's key carries a number that goes up after each import, so the next run draws a
# fresh, empty picker (a file uploader's value cannot be set from Python).
_UPLOAD_NONCE = "film_upload_nonce"


def _upload_key() -> str:
    return f"film_upload_{st.session_state.get(_UPLOAD_NONCE, 0)}"


def _describe_film(film: Film) -> str:
    minutes, seconds = divmod(round(film.duration_s), 60)
    shape = "portrait" if film.height > film.width else "landscape"
    return f"{escape_markdown(film.original_name)} · {minutes}:{seconds:02d} · {shape}"


def _start_cycle(family_id: str) -> None:
    activity = Activity(st.session_state.get("new_cycle_activity") or Activity.PLAY)
    filmed_on = st.session_state.get("new_cycle_date") or date.today()
    cycle = add_cycle(get_store(), family_id, activity, filmed_on)
    st.session_state[_FLASH] = f"Cycle {cycle.number} started. Now import the film."


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


def _begin_import(family: Family) -> None:
    upload = st.session_state.get(_upload_key())
    cycle_number = st.session_state.get("import_cycle")
    if upload is None or cycle_number is None:
        st.session_state[_FLASH] = "Please choose a film file first."
        return
    try:
        film_import = begin_film_import(
            get_store(),
            family.id,
            int(cycle_number),
            upload,
            upload.name,
            keep_original=bool(st.session_state.get("keep_original")),
            today=date.today(),
        )
    except FilmRejected as rejection:
        st.session_state[_FLASH] = rejection.message
        return
    except StorageError as error:
        st.session_state[_FLASH] = str(error)
        return
    st.session_state.setdefault(_IMPORTS, []).append(film_import)
    st.session_state.pop(_upload_key(), None)
    st.session_state[_UPLOAD_NONCE] = st.session_state.get(_UPLOAD_NONCE, 0) + 1


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
    # No `type=` filter: Streamlit would refuse other files in its own words ("... files are
    # not allowed"); the import says in plain words what a file is and why it is not a film.
    st.file_uploader(
        "Choose the film from the tablet",
        key=_upload_key(),
        help="Films from phones and tablets are fine, including iPhone (HEVC) and portrait.",
    )
    st.checkbox(
        "Keep the original file as well",
        key="keep_original",
        help="Usually not needed: the original is large and sensitive, so it is deleted once "
        "the film is ready.",
    )
    # The picker shows the file's name while it is still uploading; a tap on "Import film"
    # then found no file ("Please choose a film file first") and the upload's own rerun wiped
    # that message, so the tap seemed lost. The button waits for the upload to arrive.
    uploaded = st.session_state.get(_upload_key()) is not None
    st.button(
        "Import film",
        type="primary",
        on_click=_begin_import,
        args=(family,),
        icon=":material/upload:",
        disabled=not uploaded,
    )


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
    flash = st.session_state.pop(_FLASH, None)
    if flash:
        st.info(flash)
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
