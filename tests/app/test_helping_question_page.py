"""The Helping question page: writing it together, the reframing helper, every version kept."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import load_family, open_store
from vigreview.helping_question import record_helping_question
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, HELPING_QUESTION_PAGE

SAM = "demo-sam-alfie"
DRAFT = f"helping_question_draft_{SAM}"


def _page(make_app: Callable[..., AppTest]) -> AppTest:
    at = make_app().run()
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(HELPING_QUESTION_PAGE).run()
    assert not at.exception
    return at


def _suggestion_buttons(at: AppTest) -> list[str]:
    return [b.label for b in at.button if (b.key or "").startswith("helping_question_suggestion")]


def test_a_negative_wish_gets_joint_rewordings_and_a_positive_one_none(
    make_app: Callable[..., AppTest],
) -> None:
    at = _page(make_app)
    assert _suggestion_buttons(at) == []
    at.text_area(key=DRAFT).input("He won't stop crying").run()
    offered = _suggestion_buttons(at)
    assert "I want to find out what helps Alfie feel calm and safe with me" in offered
    assert any("says what should stop" in c.value for c in at.caption)
    at.text_area(key=DRAFT).input("I want to enjoy bath time with Alfie").run()
    assert _suggestion_buttons(at) == []


def test_choosing_a_suggestion_fills_the_box_to_edit_then_save(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _page(make_app)
    at.text_area(key=DRAFT).input("I want my baby to behave").run()
    button_labelled(at, "I want to understand what Alfie is telling me").click().run()
    assert at.text_area(key=DRAFT).value == "I want to understand what Alfie is telling me"
    at.text_area(key=DRAFT).input("I want to understand what Alfie is telling me at bedtime")
    button_labelled(at, "Save this question").click().run()
    assert "is saved" in at.success[0].value
    family = load_family(open_store(data_dir), SAM)
    assert family.current_helping_question().text == (  # type: ignore[union-attr]
        "I want to understand what Alfie is telling me at bedtime"
    )
    assert family.current_helping_question().written_on == date.today()  # type: ignore[union-attr]


def test_an_empty_question_is_not_saved(make_app: Callable[..., AppTest], data_dir: Path) -> None:
    at = _page(make_app)
    button_labelled(at, "Save this question").click().run()
    assert at.error[0].value == "Please write the helping question first."
    assert load_family(open_store(data_dir), SAM).helping_questions == ()


def test_earlier_versions_are_listed_with_their_dates(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    store = open_store(data_dir)
    record_helping_question(store, SAM, "I want Alfie to listen to me", date(2026, 1, 2))
    record_helping_question(store, SAM, "I want us to get along better", date(2026, 1, 9))
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(HELPING_QUESTION_PAGE).run()
    assert at.text_area(key=DRAFT).value == "I want us to get along better"
    assert at.expander[0].label == "Earlier versions (1)"
    assert "2 Jan 2026: I want Alfie to listen to me" in [m.value for m in at.markdown]
    assert any("I want us to get along better" in m.value for m in at.markdown)
