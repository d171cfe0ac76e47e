"""Form checks say what is wrong per field."""

from __future__ import annotations

from datetime import date

from vigreview.models import ConsentPurpose
from vigreview.validation import FamilyDraft, validate_consent_form, validate_family_draft

TODAY = date(2026, 11, 26)


def _draft(**changes: object) -> FamilyDraft:
    values: dict[str, object] = {
        "pseudonym": "Jade",
        "baby_name": "Noor",
        "lead_guider": "Ann",
        "opened_on": TODAY,
        "baby_age_months": 4,
    }
    values.update(changes)
    return FamilyDraft(**values)  # type: ignore[arg-type]


def test_a_complete_draft_has_no_errors() -> None:
    assert validate_family_draft(_draft(), TODAY) == {}


def test_empty_form_names_every_missing_field() -> None:
    errors = validate_family_draft(
        FamilyDraft(pseudonym=" ", baby_name="", lead_guider="", opened_on=TODAY), TODAY
    )
    assert set(errors) == {"pseudonym", "baby_name", "lead_guider", "baby_age"}
    assert "baby's date of birth or their age" in errors["baby_age"]


def test_future_dates_and_out_of_range_age_are_refused() -> None:
    assert "future" in validate_family_draft(_draft(opened_on=date(2027, 1, 1)), TODAY)["opened_on"]
    future_birth = _draft(baby_birth_date=date(2027, 1, 1), baby_age_months=None)
    assert "future" in validate_family_draft(future_birth, TODAY)["baby_age"]
    assert (
        "between 0 and 60" in validate_family_draft(_draft(baby_age_months=61), TODAY)["baby_age"]
    )


def test_overlong_name_is_refused() -> None:
    assert "60 characters" in validate_family_draft(_draft(pseudonym="x" * 61), TODAY)["pseudonym"]


def test_markup_and_other_scripts_are_fine_as_names() -> None:
    assert validate_family_draft(_draft(pseudonym="<script>alert(1)</script>"), TODAY) == {}
    assert validate_family_draft(_draft(pseudonym="مريم 👩‍🍼"), TODAY) == {}


def test_consent_form_needs_a_purpose_a_name_and_a_past_date() -> None:
    errors = validate_consent_form(set(), "", date(2027, 1, 1), TODAY)
    assert set(errors) == {"purposes", "given_by", "given_on"}
    ok = validate_consent_form({ConsentPurpose.FILMING}, "Jade", TODAY, TODAY)
    assert ok == {}


def test_supervision_alone_is_not_enough() -> None:
    errors = validate_consent_form({ConsentPurpose.SUPERVISION}, "Jade", TODAY, TODAY)
    assert "only makes sense" in errors["purposes"]


def test_supervision_can_be_added_to_filming_already_agreed() -> None:
    agreed = frozenset({ConsentPurpose.FILMING})
    assert validate_consent_form({ConsentPurpose.SUPERVISION}, "Jade", TODAY, TODAY, agreed) == {}
