"""The Families page: demo caseload, search, filter, adding a family."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import list_caseload, open_store
from vigreview.dates import format_day


def _markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_first_run_shows_the_demo_caseload(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "Families"
    text = _markdown_text(at)
    assert "Jade \\(demo\\)" in text and "Sam \\(demo\\)" in text
    assert "Priya" not in text  # closed cases are hidden by the default "Open" filter


def test_no_demo_when_switched_off(
    make_app: Callable[[], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")
    at = make_app().run()
    assert not at.exception
    assert "No families match" in at.info[0].value


def test_search_and_status_filter(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.text_input(key="caseload_search").input("sam").run()
    text = _markdown_text(at)
    assert "Sam \\(demo\\)" in text and "Jade" not in text
    at.text_input(key="caseload_search").input("").run()
    at.segmented_control(key="caseload_status").set_value("Closed").run()
    text = _markdown_text(at)
    assert "Priya \\(demo\\)" in text and "Jade" not in text


def test_empty_form_says_what_is_missing_next_to_each_field(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    button_labelled(at, "Add family").click().run()
    errors = [e.value for e in at.error]
    assert "Please enter a name or pseudonym for the parent." in errors
    assert "Please enter the baby's first name or a pseudonym." in errors
    assert "Please give the baby's date of birth or their age in months." in errors
    assert len(list_caseload(open_store(data_dir))) == 3  # the demo families only


def _add_family(at: AppTest, pseudonym: str, lead_guider: str) -> AppTest:
    """Add a family with baby Ola, 3 months, through the Families page's form."""
    at.text_input(key="add_family_pseudonym").input(pseudonym)
    at.text_input(key="add_family_baby_name").input("Ola")
    at.radio(key="add_family_age_kind").set_value("Age in months")
    at.number_input(key="add_family_age_months").set_value(3)
    at.text_input(key="add_family_lead_guider").input(lead_guider)
    return button_labelled(at, "Add family").click().run()


def test_adding_a_family_persists(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _add_family(make_app().run(), "<b>Mia</b>", lead_guider="Ann")
    assert not at.exception
    assert not at.error
    assert "\\<b\\>Mia\\</b\\> was added" in at.success[0].value
    rows = [r for r in list_caseload(open_store(data_dir)) if r.baby_name == "Ola"]
    assert len(rows) == 1 and rows[0].pseudonym == "<b>Mia</b>" and rows[0].lead_guider == "Ann"
    # A fresh browser tab (a restart) still lists the family, shown as typed, not as markup.
    again = make_app().run()
    assert "\\<b\\>Mia\\</b\\>" in _markdown_text(again)


def test_a_row_shows_the_status_guider_and_start_as_typed(
    make_app: Callable[[], AppTest],
) -> None:
    at = _add_family(make_app().run(), "Kai", lead_guider="Ann] :red[x")
    [row] = [m.value for m in at.markdown if m.value.startswith("**Kai**")]
    # The details stay inside their grey line: brackets a person typed cannot close it.
    assert row.endswith(rf"Open · guider Ann\] \:red\[x · since {format_day(date.today())}]]")


def test_the_new_familys_page_opens_from_the_message(make_app: Callable[[], AppTest]) -> None:
    at = make_app().run()
    at.text_input(key="add_family_pseudonym").input("Kai")
    at.text_input(key="add_family_baby_name").input("Ola")
    at.radio(key="add_family_age_kind").set_value("Age in months")
    at.number_input(key="add_family_age_months").set_value(3)
    at.text_input(key="add_family_lead_guider").input("Demo Guider")
    button_labelled(at, "Add family").click().run()
    at.button(key="open_added_family").click().run()
    assert not at.exception
    assert at.title[0].value == "Kai with Ola"
