"""The Cycles & films page: cycles, the consent gate, and following an import."""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.filmmaker import make_film, make_text_file
from vigreview.caseload import load_family, open_store, withdraw_consent
from vigreview.cycles import get_cycle
from vigreview.film_import import FilmImport, begin_film_import
from vigreview.media import FilmRejected
from vigreview.media import importing as importing_module
from vigreview.media.limits import MAX_UPLOAD_BYTES
from vigreview.media.uploads import new_upload_path
from vigreview.models import Activity, ConsentPurpose
from vigreview.storage.disk_space import DISK_FULL_MESSAGE
from vigreview.trust.sign_ins import start_sign_in
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FILMS_PAGE
from vigreview.ui.signed_in import SIGN_IN_ID_KEY
from vigreview.ui.web.film_upload import film_upload_path, upload_ticket

JADE, SAM = "demo-jade-noor", "demo-sam-alfie"


def _films_page(make_app: Callable[[], AppTest], family_id: str = JADE) -> AppTest:
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = family_id
    at.run()
    at.switch_page(FILMS_PAGE).run()
    assert not at.exception, at.exception
    return at


def _begin_import(data_dir: Path, upload_path: Path) -> FilmImport:
    """Start importing a file into Jade's first cycle, as the page does once it has arrived."""
    store = open_store(data_dir)
    upload = new_upload_path(store.media_dir(JADE), upload_path.suffix)
    shutil.copyfile(upload_path, upload)
    return begin_film_import(
        store, JADE, 1, upload, upload_path.name, keep_original=False, today=date.today()
    )


def _picker_args(at: AppTest) -> dict[str, Any] | None:
    """Return what the page gave the film picker, or None if it has none."""
    for element in at.get("component_instance"):
        if "vig_film_picker" in element.proto.component_name:
            return dict(json.loads(element.proto.json_args))
    return None


def _picker_reports(at: AppTest, report: dict[str, Any]) -> AppTest:
    """Let the film picker report `report`, numbered as it numbers its reports, and rerun."""
    number = len(_REPORTS_SENT.setdefault(id(at), [])) + 1
    _REPORTS_SENT[id(at)].append(number)
    at.session_state["film_picker"] = {**report, "instance": "picker-1", "n": number}
    return at.run()


_REPORTS_SENT: dict[int, list[int]] = {}


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_shows_the_demo_cycle_and_its_film(make_app: Callable[[], AppTest]) -> None:
    at = _films_page(make_app)
    assert "**Cycle 1** · Play with toys" in _text(at)
    assert "demo\\-play\\.mp4 · 0:40 · landscape" in _text(at)
    assert _picker_args(at)  # filming consent is on record, so import is offered


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
    assert _picker_args(at) is None


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


def test_the_picker_sends_to_the_familys_route_with_this_tabs_ticket(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _films_page(make_app)
    args = _picker_args(at)
    # A tab without a sign-in record (none in these tests by default) has no ticket to send.
    assert args is not None and args["ticket"] == ""
    sign_in = start_sign_in(open_store(data_dir), "demo", time.time(), 60, demo=True)
    at.session_state[SIGN_IN_ID_KEY] = sign_in.sign_in_id
    at.run()
    args = _picker_args(at)
    assert args is not None
    assert args["url"] == film_upload_path(JADE)
    assert args["ticket"] == upload_ticket(sign_in.sign_in_id, JADE)
    assert args["max_bytes"] == MAX_UPLOAD_BYTES


def test_a_film_the_picker_stored_is_imported_and_the_picker_starts_empty(
    make_app: Callable[[], AppTest], data_dir: Path, tmp_path: Path
) -> None:
    at = _films_page(make_app)
    media = open_store(data_dir).media_dir(JADE)
    upload = new_upload_path(media, ".mp4")
    shutil.copyfile(make_film(tmp_path / "phone.mp4", seconds=1.0), upload)
    _picker_reports(at, {"name": "phone.mp4", "size": upload.stat().st_size, "upload": upload.name})
    assert not at.exception, at.exception
    # The picker is told its report was taken up (it empties), and it is not taken twice.
    args = _picker_args(at)
    assert args is not None and args["handled"] == {"instance": "picker-1", "n": 1}
    at.run()
    [started] = at.session_state["film_imports"]
    started.job.wait(timeout=60)
    at.run()
    assert "phone\\.mp4 is ready" in at.success[0].value
    # Into the cycle the page offers first: the latest.
    latest = load_family(open_store(data_dir), JADE).cycles[-1]
    assert [f.original_name for f in latest.films][-1] == "phone.mp4"
    assert not upload.exists()


def test_what_the_picker_could_not_send_is_said_in_plain_words(
    make_app: Callable[[], AppTest],
) -> None:
    at = _films_page(make_app)
    for report, words in (
        ({"name": "IMG_0001.jpg", "size": 900, "refused": "picture"}, FilmRejected.picture()),
        ({"name": "Voice.m4a", "size": 900, "refused": "audio_only"}, FilmRejected.audio_only()),
        (
            {"name": "long.mov", "size": MAX_UPLOAD_BYTES + 1, "refused": "upload_too_big"},
            FilmRejected.upload_too_big(MAX_UPLOAD_BYTES),
        ),
    ):
        _picker_reports(at, report)
        assert [i.value for i in at.info] == [words.message]
    _picker_reports(at, {"name": "clip.mp4", "size": 900, "refused": "cut_short"})
    assert "clip\\.mp4 did not arrive in full" in at.info[0].value
    _picker_reports(at, {"name": "clip.mp4", "size": 900, "refused": "disk_full"})
    assert [i.value for i in at.info] == [DISK_FULL_MESSAGE]
    _picker_reports(at, {"name": "clip.mp4", "size": 900, "refused": "forbidden"})
    assert "sign-in could not be checked" in at.info[0].value
    assert "film_imports" not in at.session_state


def test_a_report_naming_any_other_file_imports_nothing(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _films_page(make_app)
    record = open_store(data_dir).family_dir(JADE) / "record.json"
    for name in ("../record.json", "record.json", ".upload-0123456789abcdef.mp4"):
        _picker_reports(at, {"name": "x.mp4", "size": 9, "upload": name})
        assert [i.value for i in at.info] == [FilmRejected.missing().message]
    assert "film_imports" not in at.session_state
    assert record.exists()
