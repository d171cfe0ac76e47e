"""Next steps: short actions tied to the helping question, carried into the next cycle."""

from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import date

from vigreview.caseload import change_family
from vigreview.concurrent_edits import merge_fields
from vigreview.i18n import DEFAULT_LANGUAGE, N_, translator_for
from vigreview.models import Family, NextStep, NextStepStatus
from vigreview.storage import Store

MAX_NEXT_STEP_LENGTH = 200
# A step's status as named in a conflict between two tablets.
STATUS_FIELD = "status"

STATUS_WORDS = {
    NextStepStatus.TRYING: N_("Trying it"),
    NextStepStatus.DOING: N_("Doing it"),
    NextStepStatus.NOT_NOW: N_("Not for now"),
}


def check_next_step(text: str, language: str = DEFAULT_LANGUAGE.code) -> str | None:
    """Return a plain message (in `language`) if `text` cannot be saved as a next step."""
    words = text.strip()
    say = translator_for(language)
    if not words:
        return say.gettext("Please write the next step first.")
    if len(words) > MAX_NEXT_STEP_LENGTH:
        return say.gettext(
            "Please keep a next step short: {limit} characters or fewer.",
            limit=MAX_NEXT_STEP_LENGTH,
        )
    return None


def add_next_step(store: Store, family_id: str, cycle_number: int, text: str, on: date) -> Family:
    """Save a new next step agreed in this cycle, as "trying" (check it first)."""
    problem = check_next_step(text)
    if problem:
        raise ValueError(problem)
    step = NextStep(
        id="step-" + secrets.token_hex(4),
        text=text.strip(),
        agreed_in_cycle=cycle_number,
        agreed_on=on,
    )
    return change_family(store, family_id, lambda f: replace(f, next_steps=(*f.next_steps, step)))


def set_next_step_status(
    store: Store,
    family_id: str,
    step_id: str,
    status: NextStepStatus,
    base_status: NextStepStatus | None = None,
) -> Family:
    """Save how a next step is going: trying, doing it, or not for now.

    `base_status` is the one this tablet showed: if another tablet set a different one since,
    nothing is saved and EditConflict holds both.
    """

    def apply(family: Family) -> Family:
        if base_status is not None:
            theirs = next((s.status for s in family.next_steps if s.id == step_id), None)
            merged = merge_fields(
                {STATUS_FIELD: base_status},
                {STATUS_FIELD: status},
                {STATUS_FIELD: theirs},
                family.revision,
            )
            if merged[STATUS_FIELD] == theirs:
                return family
        steps = tuple(
            replace(s, status=status) if s.id == step_id else s for s in family.next_steps
        )
        return replace(family, next_steps=steps)

    return change_family(store, family_id, apply)


def remove_next_step(store: Store, family_id: str, step_id: str) -> Family:
    """Take a next step off the list (when it was added by mistake)."""

    def apply(family: Family) -> Family:
        return replace(family, next_steps=tuple(s for s in family.next_steps if s.id != step_id))

    return change_family(store, family_id, apply)
