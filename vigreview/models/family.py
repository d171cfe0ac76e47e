"""A family, its consent and the retention rule for its footage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from vigreview.i18n.languages import DEFAULT_LANGUAGE
from vigreview.models.cycle import Cycle
from vigreview.models.referral import ReferrerSummary
from vigreview.models.review import HelpingQuestion, NextStep
from vigreview.models.supervision import SupervisorComment

DEFAULT_RETENTION_DAYS = 60


class CaseStatus(StrEnum):
    """Whether the guider is still working with the family."""

    OPEN = "open"
    CLOSED = "closed"


class ConsentPurpose(StrEnum):
    """What a parent can agree the video may be used for."""

    FILMING = "filming"
    SHARED_REVIEW = "shared_review"
    SUPERVISION = "supervision"
    TRAINING = "training"


CONSENT_WORDING: dict[ConsentPurpose, str] = {
    ConsentPurpose.FILMING: "You agree that we can film you and your baby together.",
    ConsentPurpose.SHARED_REVIEW: (
        "You agree to watch the chosen moments of the film together with your guider."
    ),
    ConsentPurpose.SUPERVISION: (
        "You agree that your guider may show short moments to their VIG supervisor, "
        "to help them do the work well. Your name is never shown."
    ),
    ConsentPurpose.TRAINING: (
        "You agree that short moments may be shown to other people training in VIG. "
        "Your name is never shown."
    ),
}


@dataclass(frozen=True)
class Consent:
    """One purpose a parent agreed to, and whether it has since been withdrawn."""

    purpose: ConsentPurpose
    given_on: date
    given_by: str
    recorded_by: str
    withdrawn_on: date | None = None

    def is_active(self, on: date) -> bool:
        """Return True when the consent was given by `on` and not withdrawn by then."""
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)


@dataclass(frozen=True)
class Family:
    """Everything about one family the guider works with."""

    id: str
    pseudonym: str
    baby_name: str
    lead_guider: str
    opened_on: date
    baby_birth_date: date | None = None
    baby_age_months: int | None = None
    referred_by: str = ""
    status: CaseStatus = CaseStatus.OPEN
    closed_on: date | None = None
    consents: tuple[Consent, ...] = ()
    # The lead guider's account id (vigreview.trust.ownership): who may see the family.
    # `lead_guider` is only the name shown; "" in records saved before ids (see find_lead_id).
    lead_guider_id: str = ""
    retention_days: int = DEFAULT_RETENTION_DAYS
    notes: str = ""
    helping_questions: tuple[HelpingQuestion, ...] = ()
    cycles: tuple[Cycle, ...] = ()
    next_steps: tuple[NextStep, ...] = ()
    updated_at: datetime = field(default_factory=datetime.now)
    # When all of the family's footage was last deleted, and why, in plain words.
    footage_deleted_on: date | None = None
    footage_deleted_because: str = ""
    # What supervisors wrote back about this family's moments, and the guider's last edit of
    # the end-of-work summary for the referrer.
    supervisor_comments: tuple[SupervisorComment, ...] = ()
    referrer_summary: ReferrerSummary | None = None
    # The language the parent reads the parent view, prompts and keepsake in (a code from
    # vigreview.i18n.LANGUAGES; an unknown one reads as English).
    language: str = DEFAULT_LANGUAGE.code
    # How many times the record was saved, as the store stamped it when this was loaded
    # (vigreview.storage.store.REVISION_KEY): the version a form's edit is made against.
    # Bookkeeping, not the family's content: two families with the same content are equal
    # whatever their stores' counts (a bundle brought into a new install starts again at 1).
    revision: int = field(default=0, compare=False)

    def consent_for(self, purpose: ConsentPurpose) -> Consent | None:
        """Return the latest consent recorded for `purpose`, withdrawn or not."""
        matching = [c for c in self.consents if c.purpose == purpose]
        return matching[-1] if matching else None

    def has_consent(self, purpose: ConsentPurpose, on: date) -> bool:
        """Return True when `purpose` is consented to and not withdrawn on `on`."""
        consent = self.consent_for(purpose)
        return consent is not None and consent.is_active(on)

    def current_helping_question(self) -> HelpingQuestion | None:
        """Return the latest version of the helping question, if one was written."""
        return self.helping_questions[-1] if self.helping_questions else None

    def footage_due_for_deletion_on(self) -> date | None:
        """Return the day the footage must be deleted under the retention rule, if closed."""
        if self.status != CaseStatus.CLOSED or self.closed_on is None:
            return None
        return self.closed_on + timedelta(days=self.retention_days)

    def baby_age_on(self, on: date) -> int | None:
        """Return the baby's age in whole months on `on`, from the birth date or recorded age."""
        if self.baby_birth_date is None:
            return self.baby_age_months
        months = (on.year - self.baby_birth_date.year) * 12 + on.month - self.baby_birth_date.month
        if on.day < self.baby_birth_date.day:
            months -= 1
        return max(months, 0)
