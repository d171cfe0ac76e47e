"""Progress, Caseload overview, Supervision pack and Keepsake & exports pages (AppTest).

Each page is drawn for the demo family (three cycles of invented history), for a family with
no cycles, and for an empty data folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import change_family, load_family, open_store, withdraw_consent
from vigreview.demo.families import seed_demo_caseload
from vigreview.models import ConsentPurpose
from vigreview.outputs.bundle import export_bundle, exports_folder
from vigreview.supervision.training_record import list_sessions
from vigreview.trust.audit import read_history
from vigreview.ui.navigation import (
    CURRENT_FAMILY_KEY,
    EXPORTS_PAGE,
    OVERVIEW_PAGE,
    PROGRESS_PAGE,
    SUPERVISION_PACK_PAGE,
)

JADE = "demo-jade-noor"
SAM = "demo-sam-alfie"


def _open(make_app: Callable[[], AppTest], page: str, family_id: str | None = JADE) -> AppTest:
    at = make_app().run()
    if family_id:
        at.session_state[CURRENT_FAMILY_KEY] = family_id
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def _text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _download_labels(at: AppTest) -> list[str]:
    return [d.proto.label for d in at.get("download_button")]


@pytest.fixture
def no_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")


# -- Progress ----------------------------------------------------------------------------------


def test_progress_shows_four_charts_with_readings_for_the_demo_family(
    make_app: Callable[[], AppTest],
) -> None:
    at = _open(make_app, PROGRESS_PAGE)
    assert at.title[0].value == "Progress: Jade \\(demo\\) and Noor"
    assert len(at.get("plotly_chart")) == 4
    text = _text(at)
    assert "Ratings rose from 3 to 8 over three cycles\\." in text
    assert "Of four next steps, two are part of everyday life now" in text


def test_progress_for_a_family_with_no_cycles_is_a_friendly_empty_state(
    make_app: Callable[[], AppTest],
) -> None:
    at = _open(make_app, PROGRESS_PAGE, SAM)
    assert not at.get("plotly_chart")
    assert at.info[0].value.startswith("Nothing to show yet")


def test_progress_without_a_family_points_to_families(
    make_app: Callable[[], AppTest], no_demo: None
) -> None:
    at = _open(make_app, PROGRESS_PAGE, None)
    assert "Choose a family" in at.info[0].value


# -- Caseload overview -------------------------------------------------------------------------


def test_overview_lists_the_demo_caseload_and_filters(make_app: Callable[[], AppTest]) -> None:
    at = _open(make_app, OVERVIEW_PAGE, None)
    frame = at.dataframe[0].value
    assert set(frame["family"]) == {"Jade (demo)", "Sam (demo)", "Priya (demo)"}
    jade = frame[frame["family"] == "Jade (demo)"].iloc[0]
    assert jade["cycles"] == 3 and jade["next_action"] == "Film cycle 4, or close the case"
    assert at.markdown[0].value == "3 families, 2 open."
    at.toggle(key="overview_only_due").set_value(True).run()
    assert at.info[0].value == "No families match. Try another name, or show all."
    at.toggle(key="overview_only_due").set_value(False).run()
    at.text_input(key="overview_search").input("priya").run()
    assert list(at.dataframe[0].value["family"]) == ["Priya (demo)"]


def test_overview_flags_footage_due_for_deletion(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = make_app().run()  # seeds the demo
    store = open_store(data_dir)
    change_family(store, "demo-priya-leo", lambda f: replace(f, retention_days=23))
    at.switch_page(OVERVIEW_PAGE).run()
    assert "1 with footage due for deletion within a week" in at.markdown[0].value
    at.toggle(key="overview_only_due").set_value(True).run()
    frame = at.dataframe[0].value
    assert list(frame["family"]) == ["Priya (demo)"]
    assert bool(frame.iloc[0]["footage_due"])


def test_overview_of_an_empty_caseload(make_app: Callable[[], AppTest], no_demo: None) -> None:
    at = _open(make_app, OVERVIEW_PAGE, None)
    assert at.markdown[0].value == "No families yet."
    assert not at.dataframe


# -- Supervision pack --------------------------------------------------------------------------


def test_supervision_pack_offers_only_consented_families_and_logs_sessions(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open(make_app, SUPERVISION_PACK_PAGE, None)
    options = at.multiselect(key="pack_moments").options
    assert options and all(o.startswith("Jade (demo) · cycle") for o in options)
    assert "Download the supervision pack (PDF)" in _download_labels(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Cycles completed": "3", "Clients": "1", "Supervision sessions": "0"}
    at.text_input(key="pack_session_supervisor").input("Sue Visor")
    button_labelled(at, "Log the session").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Supervision on ")
    assert [s.supervisor for s in list_sessions(open_store(data_dir))] == ["Sue Visor"]
    assert {m.label: m.value for m in at.metric}["Supervision sessions"] == "1"


def test_supervisor_comments_are_written_back(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open(make_app, SUPERVISION_PACK_PAGE, None)
    at.text_area(key="pack_comment").input("Notice the pause before she answers.")
    at.text_input(key="pack_supervisor").input("Sue Visor")
    button_labelled(at, "Save comments").click().run()
    assert not at.exception
    assert at.success[0].value == "The supervisor's comments were saved with the moment."
    comments = load_family(open_store(data_dir), JADE).supervisor_comments
    assert "Notice the pause before she answers." in [c.text for c in comments]


def test_supervision_pack_when_consent_is_withdrawn_offers_nothing(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    withdraw_consent(open_store(data_dir), JADE, [ConsentPurpose.SUPERVISION], date.today())
    at.switch_page(SUPERVISION_PACK_PAGE).run()
    assert not at.exception
    assert at.info[0].value.startswith("No moments to offer")
    assert "Download the supervision pack (PDF)" not in _download_labels(at)


def test_supervision_pack_with_an_empty_caseload(
    make_app: Callable[[], AppTest], no_demo: None
) -> None:
    at = _open(make_app, SUPERVISION_PACK_PAGE, None)
    assert at.info[0].value.startswith("Families appear here")


# -- Keepsake & exports ------------------------------------------------------------------------


def test_exports_page_for_the_demo_family(make_app: Callable[[], AppTest]) -> None:
    at = _open(make_app, EXPORTS_PAGE)
    assert at.title[0].value == "Keepsake & exports: Jade \\(demo\\)"
    labels = _download_labels(at)
    assert "Download the keepsake (PDF)" in labels
    assert "Download the summary (PDF)" in labels
    assert {"Moments (CSV)", "The parent's words (CSV)", "Next steps (CSV)"} <= set(labels)
    question = at.text_area(key=f"exports_summary_{JADE}_helping_question")
    assert question.value == "I want to understand what Noor is telling me"


def test_keepsake_is_not_offered_without_shared_review_consent(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    withdraw_consent(open_store(data_dir), SAM, [ConsentPurpose.SHARED_REVIEW], date.today())
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(EXPORTS_PAGE).run()
    assert not at.exception
    assert "Download the keepsake (PDF)" not in _download_labels(at)
    assert at.info[0].value.startswith("A keepsake is offered once the parent has agreed")


def test_summary_edits_are_kept_on_the_record(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open(make_app, EXPORTS_PAGE)
    at.text_area(key=f"exports_summary_{JADE}_strengths").input("Warm, playful turn-taking.")
    button_labelled(at, "Save edits").click().run()
    assert at.success[0].value == "Your edits to the summary were saved."
    saved = load_family(open_store(data_dir), JADE).referrer_summary
    assert saved is not None and saved.strengths == "Warm, playful turn-taking."
    at.text_area(key=f"exports_summary_{JADE}_ratings").input("")
    button_labelled(at, "Save edits").click().run()
    assert "Please write something under 'How the parent rated progress'" in at.error[0].value


def test_making_a_bundle_writes_it_and_notes_the_export(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open(make_app, EXPORTS_PAGE)
    button_labelled(at, "Make a bundle of this family").click().run()
    assert not at.exception
    written = list((data_dir / "exports").glob(f"vigreview-family-{JADE}-*.zip"))
    assert len(written) == 1
    assert str(written[0]) in at.success[0].value
    assert any(label.startswith("Download vigreview-family-") for label in _download_labels(at))
    events = read_history(open_store(data_dir), JADE).events
    assert events[-1].action == "exported" and written[0].name in events[-1].detail
    button_labelled(at, "Delete this family's bundles from this machine").click().run()
    assert at.success[0].value == "1 bundle(s) deleted from this machine."
    assert not written[0].exists()


def test_an_older_bundle_is_refused_in_plain_words(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    store = open_store(data_dir)
    export_bundle(store, SAM, exports_folder(store), "test")
    change_family(store, SAM, lambda f: replace(f, notes="Newer work"))
    at.switch_page(EXPORTS_PAGE).run()
    at.selectbox(key="exports_from_folder").select_index(0).run()
    button_labelled(at, "Bring in the chosen bundle").click().run()
    assert not at.exception
    assert "after the bundle was made" in at.error[0].value
    assert load_family(store, SAM).notes == "Newer work"


def test_a_bundle_brings_a_family_into_an_empty_install(
    make_app: Callable[[], AppTest], data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = open_store(tmp_path / "home")
    seed_demo_caseload(home, date.today())
    bundle = export_bundle(home, JADE, data_dir / "exports", "test")
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")
    at = _open(make_app, EXPORTS_PAGE, None)
    assert "Choose a family" in at.info[0].value
    at.selectbox(key="exports_from_folder").select(bundle.name).run()
    button_labelled(at, "Bring in the chosen bundle").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Jade \\(demo\\) was brought in")
    here = open_store(data_dir)
    family = load_family(here, JADE)
    assert family == load_family(home, JADE)
    films = [f.file_name for c in family.cycles for f in c.films]
    assert len(films) == 3
    for name in films:
        assert (here.media_dir(JADE) / name).read_bytes() == (
            home.media_dir(JADE) / name
        ).read_bytes()


def test_exports_page_with_an_empty_caseload(
    make_app: Callable[[], AppTest], no_demo: None
) -> None:
    at = _open(make_app, EXPORTS_PAGE, None)
    assert "Choose a family" in at.info[0].value
    assert at.subheader[0].value == "Bring a family in from a bundle"
