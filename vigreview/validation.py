"""Checking what a guider typed into a form, with a plain message per field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vigreview.models import ConsentPurpose

# A person's name or pseudonym, wherever the app asks for one.
MAX_NAME_LENGTH = 60
# A guider's own notes (on a moment, on how a review went).
MAX_NOTE_LENGTH = 5000
MAX_BABY_AGE_MONTHS = 60


@dataclass(frozen=True)
class FamilyDraft:
    """The fields of the 'Add a family' form, as typed."""

    pseudonym: str
    baby_name: str
    lead_guider: str
    opened_on: date
    baby_birth_date: date | None = None
    baby_age_months: int | None = None
    referred_by: str = ""


def _check_name(value: str, label: str, required: bool = True) -> str | None:
    text = value.strip()
    if required and not text:
        return f"Please enter {label}."
    if len(text) > MAX_NAME_LENGTH:
        return f"Please keep {label} to {MAX_NAME_LENGTH} characters or fewer."
    return None


def validate_family_draft(draft: FamilyDraft, today: date) -> dict[str, str]:
    """Return a message per field that needs changing; empty when the draft can be saved."""
    errors: dict[str, str] = {}
    checks = {
        "pseudonym": _check_name(draft.pseudonym, "a name or pseudonym for the parent"),
        "baby_name": _check_name(draft.baby_name, "the baby's first name or a pseudonym"),
        "lead_guider": _check_name(draft.lead_guider, "the lead guider's name"),
        "referred_by": _check_name(draft.referred_by, "who referred the family", required=False),
    }
    errors.update({name: message for name, message in checks.items() if message})
    if draft.baby_birth_date is None and draft.baby_age_months is None:
        errors["baby_age"] = "Please give the baby's date of birth or their age in months."
    if draft.baby_birth_date is not None and draft.baby_birth_date > today:
        errors["baby_age"] = "The date of birth is in the future. Please check it."
    if draft.baby_age_months is not None and not 0 <= draft.baby_age_months <= MAX_BABY_AGE_MONTHS:
        errors["baby_age"] = f"Age in months should be between 0 and {MAX_BABY_AGE_MONTHS}."
    if draft.opened_on > today:
        errors["opened_on"] = "The start date is in the future. Please check it."
    return errors


def validate_consent_form(
    purposes: set[ConsentPurpose],
    given_by: str,
    given_on: date,
    today: date,
    already_agreed: frozenset[ConsentPurpose] = frozenset(),
) -> dict[str, str]:
    """Return a message per consent-form field that needs changing."""
    errors: dict[str, str] = {}
    agreed = purposes | already_agreed
    if not purposes:
        errors["purposes"] = "Please tick at least one thing the parent agrees to."
    elif ConsentPurpose.FILMING not in agreed and ConsentPurpose.SHARED_REVIEW not in agreed:
        errors["purposes"] = (
            "Supervision or training consent only makes sense with filming or a shared review."
        )
    name_error = _check_name(given_by, "the name of the parent giving consent")
    if name_error:
        errors["given_by"] = name_error
    if given_on > today:
        errors["given_on"] = "The date is in the future. Please check it."
    return errors
