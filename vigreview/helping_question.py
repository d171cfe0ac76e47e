"""Writing the helping question: every version is kept with the day it was agreed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from vigreview.caseload import change_family
from vigreview.concurrent_edits import merge_fields
from vigreview.models import Family, HelpingQuestion
from vigreview.storage import Store

MAX_QUESTION_LENGTH = 300
# The question's name in a conflict between two tablets.
QUESTION_FIELD = "question"


def check_helping_question(text: str) -> str | None:
    """Return a plain message if `text` cannot be saved as the helping question, else None."""
    words = text.strip()
    if not words:
        return "Please write the helping question first."
    if len(words) > MAX_QUESTION_LENGTH:
        return f"Please keep the question to {MAX_QUESTION_LENGTH} characters or fewer."
    return None


def record_helping_question(
    store: Store, family_id: str, text: str, on: date, base_text: str | None = None
) -> Family:
    """Save `text` as the family's current helping question, keeping the earlier versions.

    Saving the same words as the current question again changes nothing. `base_text` is the
    question this tablet showed when the guider started writing: if another tablet saved a
    different question since, nothing is saved and EditConflict holds both.
    """
    problem = check_helping_question(text)
    if problem:
        raise ValueError(problem)
    question = HelpingQuestion(text=" ".join(text.split()), written_on=on)

    def apply(family: Family) -> Family:
        current = family.current_helping_question()
        if base_text is not None:
            theirs = current.text if current else ""
            merged = merge_fields(
                {QUESTION_FIELD: base_text},
                {QUESTION_FIELD: question.text},
                {QUESTION_FIELD: theirs},
                family.revision,
            )
            if merged[QUESTION_FIELD] == theirs:
                return family  # unchanged here: the other tablet's question stands
        if current is not None and current.text == question.text:
            return family
        return replace(family, helping_questions=(*family.helping_questions, question))

    return change_family(store, family_id, apply)
