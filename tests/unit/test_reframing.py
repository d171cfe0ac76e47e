"""The reframing helper: negative or one-sided wishes get positive, joint rewordings."""

from __future__ import annotations

import pytest

from vigreview.reframing import MAX_SUGGESTIONS, notice_wording, suggest_rewordings

NEGATIVE_WISHES = [
    "I want my baby to listen to me",
    "I want him to stop crying",
    "She won't sleep",
    "I want my baby to behave",
    "He is naughty at mealtimes",
    "I don't want to be a bad mum",
    "I want Noor to settle without a fight",
    "My baby never eats her food",
    "I want her to do as she is told",
    "I can't cope with the tantrums",
]

POSITIVE_WISHES = [
    "I want to learn to read my baby's cues",
    "I want to support my baby's development",
    "I want us to enjoy playing together",
    "I want to understand what Noor is telling me",
    "I want to feel more confident with my baby",
    "I want my baby and me to get along better",
    "I want to know what helps my baby settle",
    "I want to notice when my baby wants a cuddle",
]


@pytest.mark.parametrize("wish", NEGATIVE_WISHES)
def test_negative_wishes_get_positive_joint_suggestions(wish: str) -> None:
    result = suggest_rewordings(wish)
    assert result.needs_reframing
    assert 2 <= len(result.suggestions) <= MAX_SUGGESTIONS
    assert len(set(result.suggestions)) == len(result.suggestions)
    for suggestion in result.suggestions:
        assert suggestion.startswith("I want")
        # Every offered wording is itself positive: the helper never suggests a negative one.
        assert notice_wording(suggestion) == (), suggestion


@pytest.mark.parametrize("wish", POSITIVE_WISHES)
def test_positive_wishes_get_no_suggestions(wish: str) -> None:
    result = suggest_rewordings(wish)
    assert not result.needs_reframing
    assert result.suggestions == ()


def test_the_example_from_the_brief() -> None:
    result = suggest_rewordings("I want my baby to listen to me")
    assert "I want my baby and me to get along better" in result.suggestions
    assert "I want to understand what my baby is telling me" in result.suggestions
    assert any("asks the baby to change" in note for note in result.noticed)


def test_suggestions_use_the_babys_name_and_fit_the_topic() -> None:
    result = suggest_rewordings("I want him to stop crying at bedtime", baby="Alfie")
    assert result.suggestions[0] == "I want to find out what helps Alfie feel calm and safe with me"
    assert all("{baby}" not in s for s in result.suggestions)
    assert (
        "I want to learn to read Alfie's cues"
        in suggest_rewordings("He won't", baby="Alfie").suggestions
    )


def test_a_blank_baby_name_falls_back_to_my_baby() -> None:
    result = suggest_rewordings("She won't eat", baby="  ")
    assert any("my baby" in s for s in result.suggestions)


def test_noticing_names_both_kinds_of_problem() -> None:
    assert len(notice_wording("I want my baby to stop being naughty")) == 2
    assert len(notice_wording("I want to stop shouting")) == 1
    # "not" inside a longer word ("notice") is not a negative.
    assert notice_wording("I want to notice more") == ()
