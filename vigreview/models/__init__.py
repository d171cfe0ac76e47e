"""The family record in the words of the VIG domain, as frozen dataclasses.

A family's whole record is one `Family` value. It is changed by building a new value
(`dataclasses.replace`) and saved as one document by `vigreview.caseload`.
"""

from vigreview.models.cycle import DEFAULT_LEAD_UP_S, Activity, Cycle, Film, Moment, MomentKind
from vigreview.models.family import (
    CONSENT_WORDING,
    DEFAULT_RETENTION_DAYS,
    CaseStatus,
    Consent,
    ConsentPurpose,
    Family,
)
from vigreview.models.referral import ReferrerSummary
from vigreview.models.review import (
    HelpingQuestion,
    MomentPrompts,
    NextStep,
    NextStepStatus,
    Reflection,
    SharedReview,
)
from vigreview.models.supervision import SupervisorComment

__all__ = [
    "CONSENT_WORDING",
    "DEFAULT_LEAD_UP_S",
    "DEFAULT_RETENTION_DAYS",
    "Activity",
    "CaseStatus",
    "Consent",
    "ConsentPurpose",
    "Cycle",
    "Family",
    "Film",
    "HelpingQuestion",
    "Moment",
    "MomentKind",
    "MomentPrompts",
    "NextStep",
    "NextStepStatus",
    "ReferrerSummary",
    "Reflection",
    "SharedReview",
    "SupervisorComment",
]
