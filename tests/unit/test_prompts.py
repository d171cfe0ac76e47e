"""Reflective prompts: grouped see/feel/think/next, chosen by the guider or defaulted."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from tests.review_family import review_moments
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.demo.history import add_demo_history
from vigreview.models import Family, MomentKind, Reflection
from vigreview.prompts import (
    DEFAULT_PROMPT_IDS,
    DEFAULT_WORKING_POINT_PROMPT_IDS,
    JUST_BEFORE_PROMPT_ID,
    PROMPTS,
    PromptGroup,
    choosable_prompts,
    find_prompt,
    select_prompts,
)

MOMENT = review_moments()[0]


def test_every_group_has_prompts_and_ids_are_unique() -> None:
    assert {p.group for p in PROMPTS} == set(PromptGroup)
    assert len({p.id for p in PROMPTS}) == len(PROMPTS)
    assert all(p.id.startswith(p.group.value + ".") for p in PROMPTS)
    texts = {p.text for p in PROMPTS}
    for example in ("What do you notice here?", "What did you do here?"):
        assert example in texts


def test_the_babys_name_is_filled_in() -> None:
    prompt = find_prompt("feel.baby_feeling")
    assert prompt is not None
    assert prompt.worded_for("Noor") == "What might Noor be feeling?"
    assert prompt.worded_for("") == "What might your baby be feeling?"


def test_no_choice_means_the_defaults() -> None:
    assert [p.id for p in select_prompts(MOMENT, None)] == list(DEFAULT_PROMPT_IDS)
    assert [p.id for p in select_prompts(MOMENT, ())] == list(DEFAULT_PROMPT_IDS)


def test_working_points_default_to_gentle_prompts() -> None:
    working = replace(MOMENT, kind=MomentKind.WORKING_POINT)
    assert [p.id for p in select_prompts(working, None)] == list(DEFAULT_WORKING_POINT_PROMPT_IDS)


def test_the_guiders_choice_is_used_in_order_without_duplicates_or_unknowns() -> None:
    chosen = ["think.helped", "see.notice", "think.helped", "made.up", JUST_BEFORE_PROMPT_ID]
    assert [p.id for p in select_prompts(MOMENT, chosen)] == ["think.helped", "see.notice"]


def test_answered_prompts_stay_even_when_no_longer_chosen() -> None:
    answered = replace(
        MOMENT,
        reflections=(
            Reflection("feel.you_feeling", "How do you feel, watching this?", words="Proud"),
            Reflection("see.you_did", "What did you do here?", words=""),
            Reflection("retired.prompt", "An old question", words="Still mine"),
        ),
    )
    ids = [p.id for p in select_prompts(answered, ["see.notice"])]
    assert ids == ["see.notice", "feel.you_feeling", "retired.prompt"]
    assert select_prompts(answered, ["see.notice"])[-1].text == "An old question"


def test_the_lead_up_question_is_not_offered_among_a_moments_prompts() -> None:
    offered = [p.id for p in choosable_prompts()]
    assert JUST_BEFORE_PROMPT_ID not in offered
    groups = [find_prompt(i).group for i in offered]  # type: ignore[union-attr]
    assert groups == sorted(groups, key=list(PromptGroup).index)


def test_the_demo_history_answers_known_prompts_once_each(tmp_path: Path) -> None:
    store = open_store(tmp_path / "data")
    family = Family("fam-demo", "Jade", "Noor", "Demo Guider", date(2026, 1, 1))
    store.create_family(family_to_doc(family))
    add_demo_history(store, family.id, date(2026, 4, 1))
    family = load_family(store, family.id)
    reflections = [r for c in family.cycles for m in c.moments for r in m.reflections]
    assert reflections
    assert all(find_prompt(r.prompt_id) is not None for r in reflections)
    for cycle in family.cycles:
        for moment in cycle.moments:
            chosen = cycle.review.chosen_prompt_ids(moment.id) if cycle.review else None
            asked = [p.text for p in select_prompts(moment, chosen)]
            assert len(asked) == len(set(asked)), asked
