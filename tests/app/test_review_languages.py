"""A shared review walked in Polish and in Urdu: no English from the catalogs on any parent
screen, the parent's words kept exactly as typed, the page set right to left for Urdu."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from tests.review_family import add_review_cycle
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.cycles import find_cycle
from vigreview.i18n import LOCALES_DIR
from vigreview.models import Family, HelpingQuestion, NextStep
from vigreview.review_steps import StepKind, build_review_steps, clamp_position
from vigreview.shared_review import move_to
from vigreview.trust.handover import set_guider_pin
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, REVIEW_PAGE

FID = "fam-languages"
PIN = "2468"
QUESTION = "Chcę lepiej rozumieć Noor / میں نور کو بہتر سمجھنا چاہتی ہوں"
TYPED = {
    "pl": "Uśmiechnęła się, kiedy poczekałam — naprawdę!",
    "ur": "جب میں نے انتظار کیا تو وہ مسکرائی",
}
_PLACEHOLDER = re.compile(r"\{[a-z_]+\}")


@pytest.fixture(autouse=True)
def _no_demo(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")  # one made-up family is all these need
    yield


def english_catalog_texts() -> tuple[set[str], list[str]]:
    """Return the catalog's English messages: whole ones, and the long pieces between
    placeholders (a piece of English left in a sentence shows up as one of these)."""
    with (LOCALES_DIR / "pl" / "LC_MESSAGES" / "vigreview.po").open("rb") as po:
        catalog = read_po(po, locale="pl")
    whole: set[str] = set()
    pieces: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        for english in message.id if isinstance(message.id, tuple) else (message.id,):
            whole.add(english)
            pieces += [p.strip() for p in _PLACEHOLDER.split(english) if len(p.strip()) >= 12]
    # The same in both languages (numbers only, a name and a date) is not English.
    whole -= {"{activity}, {date}"}
    return whole, pieces


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def shown_texts(at: AppTest) -> list[str]:
    """Return every text a person can read on the page: values, labels, placeholders, help,
    choices (not our own scripts and style sheets)."""
    texts: list[str] = []
    for node in _nodes(at._tree):
        if getattr(node, "type", "") == "html":
            continue
        for name in ("value", "label", "placeholder", "help"):
            try:
                value = getattr(node, name, None)
            except Exception:  # a widget without state has no value to read
                continue
            if isinstance(value, str) and value.strip():
                texts.append(value.replace("\\", ""))
        options = getattr(node, "options", None)
        if isinstance(options, list):
            texts += [str(option) for option in options]
    return texts


def assert_no_english(at: AppTest, where: str) -> None:
    whole, pieces = english_catalog_texts()
    for text in shown_texts(at):
        assert text not in whole, (where, text)
        left = [piece for piece in pieces if piece in text]
        assert not left, (where, text, left)


def _prepare(make_app: Callable[..., AppTest], data_dir: Path, language: str) -> AppTest:
    store = open_store(data_dir)
    family = Family(
        id=FID,
        pseudonym="Jade",
        baby_name="Noor",
        lead_guider="Demo Guider",
        opened_on=date.today(),
        language=language,
        helping_questions=(HelpingQuestion(QUESTION, date.today()),),
        # A step from before this cycle, so the walk has the "last time" screen too.
        next_steps=(NextStep("step-0", "Czekać / انتظار", 0, date.today()),),
    )
    store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    set_guider_pin(store, PIN)
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = FID
    at.run()
    at.switch_page(REVIEW_PAGE).run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Hand to parent").click().run()
    assert not at.exception, at.exception
    return at


def _step_kind(data_dir: Path) -> StepKind:
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    steps = build_review_steps(family, cycle)
    return steps[clamp_position(cycle.review.position if cycle.review else 0, steps)].kind


def _page_direction(at: AppTest) -> str:
    bodies = [str(n.proto) for n in _nodes(at._tree) if getattr(n, "type", "") == "html"]
    found = [d for d in ("rtl", "ltr") if any(f'\\"dir\\": \\"{d}\\"' in b for b in bodies)]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("language", ["pl", "ur"])
def test_a_review_walked_in_the_parents_language_shows_no_english(
    make_app: Callable[..., AppTest], data_dir: Path, language: str
) -> None:
    at = _prepare(make_app, data_dir, language)
    assert _page_direction(at) == ("rtl" if language == "ur" else "ltr")
    seen: set[StepKind] = set()
    for _ in range(30):
        kind = _step_kind(data_dir)
        seen.add(kind)
        assert_no_english(at, kind.value)
        if kind == StepKind.RATING_START:
            at.button(key="review_rate_start_3").click().run()
        elif kind == StepKind.MOMENT and StepKind.MOMENT not in seen - {kind}:
            # The first moment: the parent's own words, typed in their own script.
            adding = [b for b in at.button if (b.key or "").startswith("review_add_words_")]
            adding[0].click().run()
            at.text_area[0].input(TYPED[language]).run()
            assert_no_english(at, "words typed")
        elif kind == StepKind.NEXT_STEPS:
            at.button(key="review_add_step").click().run()  # nothing written: a kind message
            assert at.error, "an empty next step is explained"
            assert_no_english(at, "empty next step")
            at.text_input[0].input(TYPED[language])
            at.button(key="review_add_step").click().run()
        elif kind == StepKind.THANKS:
            break
        assert not at.exception, at.exception
        at.button(key="review_next").click().run()
    assert {StepKind.LAST_STEPS, StepKind.MOMENT, StepKind.STRENGTHS, StepKind.THANKS} <= seen

    # The guider's way back in, and a wrong PIN, are in the parent's language too.
    at.button(key="parent_unlock_open").click().run()
    assert_no_english(at, "PIN screen")
    at.text_input(key="parent_view_pin").input("1111")
    at.button(key="parent_unlock").click().run()
    assert at.error
    assert_no_english(at, "wrong PIN")

    # The parent's words are kept exactly as typed, in their own script.
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    assert TYPED[language] in [r.words for m in cycle.moments for r in m.reflections]
    assert TYPED[language] in [s.text for s in family.next_steps]


def test_the_guider_sees_each_prompt_in_english_beside_the_parents_language(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir, "pl")
    family = load_family(open_store(data_dir), FID)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    moment_at = [s.kind for s in build_review_steps(family, cycle)].index(StepKind.MOMENT)
    store = open_store(data_dir)
    move_to(store, FID, 1, moment_at, family.updated_at)
    at.button(key="parent_unlock_open").click().run()
    at.text_input(key="parent_view_pin").input(PIN)
    at.button(key="parent_unlock").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Shared review")
    card = [s.value for s in at.subheader]
    assert "Co tu zauważasz?" in card
    assert "In English: What do you notice here?" in [c.value.replace("\\", "") for c in at.caption]
