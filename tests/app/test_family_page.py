"""The Family page: details, consent form, withdrawal, closing and reopening the case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import change_family, load_family, open_store
from vigreview.models import CaseStatus, ConsentPurpose
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FAMILY_PAGE

SAM = "demo-sam-alfie"


def _open_family_page(make_app: Callable[[], AppTest], family_id: str = SAM) -> AppTest:
    at = make_app().run()
    at.session_state[CURRENT_FAMILY_KEY] = family_id
    at.switch_page(FAMILY_PAGE).run()
    assert not at.exception
    return at


def test_without_a_chosen_family_it_points_to_families(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.switch_page(FAMILY_PAGE).run()
    assert not at.exception
    assert "Choose a family" in at.info[0].value


def test_open_button_on_families_leads_to_the_family(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.button(key=f"open_{SAM}").click().run()
    assert not at.exception
    assert at.title[0].value == "Sam \\(demo\\) with Alfie"


def test_details_and_consent_status_are_shown(make_app: Callable[[], AppTest]) -> None:
    at = _open_family_page(make_app)
    text = "\n".join(m.value for m in at.markdown)
    assert "**Referred by:** GP" in text
    assert "**Filming:** Agreed on" in text
    assert "**Supervision:** Not agreed" in text


def test_recording_consent_through_the_form_persists(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open_family_page(make_app)
    at.checkbox(key="consent_supervision").check()
    at.text_input(key="consent_given_by").input("Sam")
    button_labelled(at, "Record consent").click().run()
    assert not at.exception
    assert at.success[0].value == "Consent recorded. Thank you."
    family = load_family(open_store(data_dir), SAM)
    assert family.has_consent(ConsentPurpose.SUPERVISION, date.today())
    assert family.consent_for(ConsentPurpose.SUPERVISION).given_by == "Sam"  # type: ignore[union-attr]


def test_consent_form_errors_sit_next_to_the_fields(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open_family_page(make_app)
    button_labelled(at, "Record consent").click().run()
    errors = [e.value for e in at.error]
    assert "Please tick at least one thing the parent agrees to." in errors
    assert "Please enter the name of the parent giving consent." in errors
    family = load_family(open_store(data_dir), SAM)
    assert len(family.consents) == 2


def test_withdrawing_consent_needs_confirmation_and_persists(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open_family_page(make_app)
    at.multiselect(key="withdraw_purposes").select("filming").run()
    assert button_labelled(at, "Withdraw consent").disabled
    at.checkbox(key="withdraw_confirm").check().run()
    button_labelled(at, "Withdraw consent").click().run()
    assert "Consent withdrawn for filming." in at.success[0].value
    family = load_family(open_store(data_dir), SAM)
    assert not family.has_consent(ConsentPurpose.FILMING, date.today())
    assert family.has_consent(ConsentPurpose.SHARED_REVIEW, date.today())


def test_closing_and_reopening_the_case(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _open_family_page(make_app)
    at.checkbox(key="close_confirm").check().run()
    button_labelled(at, "Close the case").click().run()
    assert not at.exception
    family = load_family(open_store(data_dir), SAM)
    assert family.status == CaseStatus.CLOSED and family.closed_on == date.today()
    assert any("will be deleted on" in m.value for m in at.markdown)
    button_labelled(at, "Reopen the case").click().run()
    assert load_family(open_store(data_dir), SAM).status == CaseStatus.OPEN


def test_a_damaged_record_is_repaired_from_its_backup_and_said_so(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open_family_page(make_app)
    record = open_store(data_dir).family_dir(SAM) / "record.json"
    record.write_bytes(b'{"record": {"1": {"pseudonym": "Sa')  # cut off mid-write
    at.run()
    assert not at.exception
    assert any("damaged" in w.value and "kept" in w.value for w in at.warning)
    assert at.title[0].value == "Sam \\(demo\\) with Alfie"
    kept_aside = list(record.parent.glob("record.json.corrupt-*"))
    assert len(kept_aside) == 1 and kept_aside[0].read_bytes().startswith(b'{"record"')


def test_a_record_beyond_repair_is_explained_not_a_traceback(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _open_family_page(make_app)
    family_dir = open_store(data_dir).family_dir(SAM)
    for path in [family_dir / "record.json", *(family_dir / "backups").glob("*")]:
        path.write_text("garbage", encoding="utf-8")
    at.run()
    assert not at.exception
    message = at.error[0].value
    assert "Data & settings" in message or "backup" in message.lower(), message


def test_a_record_without_the_babys_age_says_so_instead_of_none(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    make_app().run()  # the demo families are made on the first run
    change_family(
        open_store(data_dir),
        SAM,
        lambda f: replace(f, baby_birth_date=None, baby_age_months=None),
    )
    at = _open_family_page(make_app)
    text = "\n".join(m.value for m in at.markdown)
    assert "age not recorded" in text
    assert "None" not in text
