"""Family and consent rules."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from vigreview.codec import family_from_doc, family_to_doc
from vigreview.models import CaseStatus, Consent, ConsentPurpose, Family


def _family(**changes: object) -> Family:
    base = Family(
        id="fam-test01",
        pseudonym="Jade",
        baby_name="Noor",
        lead_guider="Ann",
        opened_on=date(2026, 1, 10),
        baby_birth_date=date(2025, 9, 15),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_consent_is_active_between_given_and_withdrawn() -> None:
    consent = Consent(ConsentPurpose.FILMING, date(2026, 2, 1), "Jade", "Ann")
    assert not consent.is_active(date(2026, 1, 31))
    assert consent.is_active(date(2026, 2, 1))
    withdrawn = replace(consent, withdrawn_on=date(2026, 3, 1))
    assert withdrawn.is_active(date(2026, 2, 28))
    assert not withdrawn.is_active(date(2026, 3, 1))


def test_latest_consent_for_a_purpose_wins() -> None:
    old = Consent(ConsentPurpose.FILMING, date(2026, 1, 1), "Jade", "Ann", date(2026, 2, 1))
    new = Consent(ConsentPurpose.FILMING, date(2026, 3, 1), "Jade", "Ann")
    family = _family(consents=(old, new))
    assert family.consent_for(ConsentPurpose.FILMING) == new
    assert family.has_consent(ConsentPurpose.FILMING, date(2026, 3, 2))
    assert not family.has_consent(ConsentPurpose.SUPERVISION, date(2026, 3, 2))


def test_retention_clock_starts_when_the_case_closes() -> None:
    assert _family().footage_due_for_deletion_on() is None
    closed = _family(status=CaseStatus.CLOSED, closed_on=date(2026, 6, 1))
    assert closed.footage_due_for_deletion_on() == date(2026, 7, 31)
    shorter = replace(closed, retention_days=10)
    assert shorter.footage_due_for_deletion_on() == date(2026, 6, 11)


@pytest.mark.parametrize(
    ("on", "months"),
    [
        (date(2025, 9, 15), 0),
        (date(2025, 10, 14), 0),
        (date(2025, 10, 15), 1),
        (date(2026, 9, 16), 12),
    ],
)
def test_baby_age_in_whole_months(on: date, months: int) -> None:
    assert _family().baby_age_on(on) == months


def test_recorded_age_used_without_birth_date() -> None:
    assert _family(baby_birth_date=None, baby_age_months=7).baby_age_on(date(2026, 5, 1)) == 7


def test_family_round_trips_through_a_json_document() -> None:
    import json

    family = _family(
        consents=(Consent(ConsentPurpose.TRAINING, date(2026, 2, 1), "Jade", "Ann"),),
        notes="<b>not bold</b> 👶 مرحبا",
    )
    doc = json.loads(json.dumps(family_to_doc(family)))
    assert doc["consents"][0]["purpose"] == "training"
    assert family_from_doc(doc) == family


def test_unknown_keys_in_a_document_are_ignored() -> None:
    doc = family_to_doc(_family())
    doc["added_by_a_later_version"] = 1
    assert family_from_doc(doc).pseudonym == "Jade"
