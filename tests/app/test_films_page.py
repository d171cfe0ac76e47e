"""The Cycles & films page: cycles, the consent gate, and following an import."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.filmmaker import make_film, make_text_file
from vigreview.caseload import load_family, open_store, withdraw_consent
from vigreview.cycles import get_cycle
from vigreview.film_import import FilmImport, begin_film_import
from vigreview.media import importing as importing_module
from vigreview.models import Activity, ConsentPurpose
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FILMS_PAGE

JADE, SAM = "demo-jade-noor", "demo-sam-alfie"


def _films_page(make_app: Callable[[], AppTest], family_id: str = JADE) -> AppTest:
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = family_id
    at.run()
    at.switch_page(FILMS_PAGE).run()
    assert not at.exception, at.exception
    return at


def _begin_import(data_dir: Path, upload_path: Path) -> FilmImport:
    """Start importing a file into Jade's first cycle, as the page's Import button does."""
    with upload_path.open("rb") as upload:
        return begin_film_import(
            open_store(data_dir),
            JADE,
            1,
            upload,
            upload_path.name,
            keep_original=False,
            today=date.today(),
        )


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_shows_the_demo_cycle_and_its_film(make_app: Callable[[], AppTest]) -> None:
    at = _films_page(make_app)
    assert "**Cycle 1** · Play with toys" in _text(at)
    assert "demo\\-play\\.mp4 · 0:40 · landscape" in _text(at)
    assert at.get("file_uploader")  # filming consent is on record, so import is offered


def test_starting_a_cycle_persists(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _films_page(make_app, SAM)
    at.selectbox(key="new_cycle_activity").set_value(Activity.BOOK).run()
    button_labelled(at, "Start cycle").click().run()
    assert "Cycle 1 started" in at.info[0].value
    cycles = load_family(open_store(data_dir), SAM).cycles
    assert [(c.number, c.activity) for c in cycles] == [(1, Activity.BOOK)]


def test_without_filming_consent_there_is_no_import(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _films_page(make_app)
    withdraw_consent(open_store(data_dir), JADE, [ConsentPurpose.FILMING], date.today())
    at.run()
    assert "consent to filming is not on record" in at.warning[0].value
    assert not at.get("file_uploader")


def test_a_finished_import_shows_the_film(
    make_app: Callable[[], AppTest], data_dir: Path, tmp_path: Path
) -> None:
    at = _films_page(make_app)
    film = make_film(tmp_path / "phone.mp4", seconds=1.0)
    started = _begin_import(data_dir, film)
    started.job.wait(timeout=60)
    at.session_state["film_imports"] = [started]
    at.run()
    assert not at.exception
    assert "phone\\.mp4 is ready" in at.success[0].value
    assert "phone\\.mp4 · 0:01 · landscape" in _text(at)


def test_a_failed_import_says_why(
    make_app: Callable[[], AppTest], data_dir: Path, tmp_path: Path
) -> None:
    at = _films_page(make_app)
    fake = make_text_file(tmp_path / "fake.mp4")
    started = _begin_import(data_dir, fake)
    started.job.wait(timeout=60)
    at.session_state["film_imports"] = [started]
    at.run()
    assert "fake\\.mp4: This isn't a video file we can open" in at.error[0].value


def test_a_running_import_shows_progress_and_can_be_cancelled(
    make_app: Callable[[], AppTest], data_dir: Path, tmp_path: Path
) -> None:
    at = _films_page(make_app)
    film = make_film(tmp_path / "phone.mp4", seconds=1.0)
    # Hold the one conversion slot, so the import is certainly still running when we look.
    assert importing_module._conversion_slot.acquire(timeout=60)
    try:
        started = _begin_import(data_dir, film)
        at.session_state["film_imports"] = [started]
        at.run()
        assert "Getting phone\\.mp4 ready to play" in at.get("progress")[0].proto.text
        at.button(key=f"cancel_{started.job.id}").click().run()
    finally:
        importing_module._conversion_slot.release()
    started.job.wait(timeout=60)
    at.run()
    assert "was cancelled. Nothing was kept." in at.info[0].value
    films = get_cycle(load_family(open_store(data_dir), JADE), 1).films
    assert [f.original_name for f in films] == ["demo-play.mp4"]
    assert not list(open_store(data_dir).media_dir(JADE).glob(".upload-*"))
