"""The shared review under AppTest: helping question, hand-over, the walk, the PIN, the record."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.app.shown_text import everything_shown
from tests.review_family import GUIDER_NOTE, HIDDEN_TITLE, add_review_cycle, put_test_film
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.cycles import find_cycle
from vigreview.helping_question import record_helping_question
from vigreview.models import Family, Moment, NextStepStatus
from vigreview.next_steps import add_next_step
from vigreview.prompts import PROMPTS
from vigreview.review_steps import ReviewStep, StepKind, build_review_steps, clamp_position
from vigreview.shared_review import start_review, write_how_it_went
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.handover import (
    PARENT_VIEWS_KEY,
    find_parent_view,
    set_guider_pin,
)
from vigreview.ui.navigation import (
    CURRENT_FAMILY_KEY,
    DATA_PAGE,
    HELPING_QUESTION_PAGE,
    REVIEW_PAGE,
)
from vigreview.ui.parent_mode import QUERY_KEY, TOKEN_KEY
from vigreview.ui.review_view import GUIDER_LAYER_TITLE

FID = "fam-review"
PIN = "2468"
HOW_IT_WENT = "HOW-IT-WENT sentinel for supervision"
FAMILY_NOTES = "FAMILY-NOTES sentinel from the referral"
BABY_LINE = "I like it when you wait for me"
SCREENS = Path(__file__).resolve().parents[2] / "screens"
# The screens about one family: each is headed by its helping question.
FAMILY_SCREENS = (
    "family.py",
    "films.py",
    "moments.py",
    "helping_question.py",
    "review.py",
    "progress.py",
    "exports.py",
)


def _prepare(
    make_app: Callable[..., AppTest], data_dir: Path, *, pin: bool = True, film: bool = False
) -> AppTest:
    """Seed the demo caseload, add Jade and Noor with a cycle ready to review, open them."""
    at = make_app().run()
    assert not at.exception
    store = open_store(data_dir)
    family = Family(
        id=FID,
        pseudonym="Jade",
        baby_name="Noor",
        lead_guider="Demo Guider",
        opened_on=date.today(),
        notes=FAMILY_NOTES,
    )
    store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    if film:
        put_test_film(store, FID)
    if pin:
        set_guider_pin(store, PIN)
    at.session_state[CURRENT_FAMILY_KEY] = FID
    return at


def _family(data_dir: Path) -> Family:
    # A fresh store each time: what a restarted app would read from disk.
    return load_family(open_store(data_dir), FID)


def _current_step(data_dir: Path) -> tuple[ReviewStep, int, int]:
    family = _family(data_dir)
    cycle = find_cycle(family, 1)
    assert cycle is not None
    steps = build_review_steps(family, cycle)
    position = clamp_position(cycle.review.position if cycle.review else 0, steps)
    return steps[position], position, len(steps)


def _hand_over(at: AppTest) -> AppTest:
    at.switch_page(REVIEW_PAGE).run()
    assert not at.exception
    button_labelled(at, "Hand to parent").click().run()
    assert not at.exception
    return at


def _moments(data_dir: Path) -> tuple[Moment, ...]:
    cycle = find_cycle(_family(data_dir), 1)
    assert cycle is not None
    return cycle.moments


def _prompt_id_of(question: str) -> str:
    found = [p.id for p in PROMPTS if p.worded_for("Noor") == question]
    assert len(found) == 1, question
    return found[0]


def _in_parent_view(at: AppTest) -> bool:
    labels = {b.label for b in at.button}
    # Every parent screen has the guider's way out, or is that way out (the PIN screen).
    parent_only = {"For your guider", "Unlock"}
    return bool(parent_only & labels) and "Hand to parent" not in labels and not at.sidebar.children


def test_the_whole_review_from_helping_question_to_next_steps_is_kept(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir, pin=False, film=True)

    # The guider sets the PIN on Data & settings.
    at.switch_page(DATA_PAGE).run()
    at.text_input(key="guider_pin_new").input(PIN)
    at.text_input(key="guider_pin_again").input(PIN)
    button_labelled(at, "Set the PIN").click().run()
    assert "The guider PIN is saved" in at.success[0].value

    # Guider and parent write the helping question; the helper offers a joint wording.
    at.switch_page(HELPING_QUESTION_PAGE).run()
    at.text_area(key=f"helping_question_draft_{FID}").input("I want my baby to listen to me").run()
    suggestion = "I want Noor and me to get along better"
    button_labelled(at, suggestion).click().run()
    assert at.text_area(key=f"helping_question_draft_{FID}").value == suggestion
    button_labelled(at, "Save this question").click().run()
    assert _family(data_dir).current_helping_question().text == suggestion  # type: ignore[union-attr]

    _hand_over(at)
    assert _in_parent_view(at)
    written: dict[tuple[str, str], str] = {}
    for _ in range(60):
        step, position, _count = _current_step(data_dir)
        assert suggestion in everything_shown(at)  # the question stays in view
        if step.kind == StepKind.RATING_START:
            at.button(key="review_rate_start_3").click().run()
            assert "✓3" in {b.label for b in at.button}  # the chosen number is ticked
        elif step.kind == StepKind.MOMENT:
            moment = next(m for m in _moments(data_dir) if m.id == step.moment_id)
            shown = everything_shown(at)
            assert moment.title in shown
            assert f"Moment {step.moment_number} of 3" in shown
            # One card at a time; "Another question" walks round all of them.
            asked = []
            for _card in range(8):
                question = at.subheader[-1].value
                if question in asked:
                    break
                asked.append(question)
                prompt_id = _prompt_id_of(question)
                assert not at.text_area  # no empty box waiting: "Add your words" opens it
                at.button(key=f"review_add_words_{step.moment_id}_{prompt_id}").click().run()
                words = f"Words {position}.{len(asked)} <b>{step.moment_id}</b>"
                at.text_area[0].input(words).run()
                assert at.text_area[0].max_chars in (None, 0)  # no character counter
                written[(step.moment_id, prompt_id)] = words
                if step.moment_number == 1:
                    at.button(key=f"review_star_{step.moment_id}_{prompt_id}").click().run()
                at.button(key="review_another_question").click().run()
            assert len(asked) >= 2
        elif step.kind == StepKind.STRENGTHS:
            assert "Your words to keep" in everything_shown(at)
            at.text_area[0].input("You waited for Noor and she smiled").run()
        elif step.kind == StepKind.RATING_END:
            at.button(key="review_rate_end_8").click().run()
        elif step.kind == StepKind.NEXT_STEPS:
            at.text_input[0].input("Wait for her to look at me before I talk")
            button_labelled(at, "Add this step").click().run()
        elif step.kind == StepKind.THANKS:
            assert "Wait for her to look at me before I talk" in everything_shown(at)
            break
        assert not at.exception, at.exception
        assert _in_parent_view(at)
        at.button(key="review_next").click().run()
        assert _current_step(data_dir)[1] == position + 1
    else:
        pytest.fail("the review never reached its last screen")

    # Taking the tablet back: a wrong PIN keeps the parent view, the right one leaves it.
    button_labelled(at, "For your guider").click().run()
    at.text_input(key="parent_view_pin").input("1111")
    button_labelled(at, "Unlock").click().run()
    assert "didn't match" in at.error[0].value
    assert _in_parent_view(at)
    at.text_input(key="parent_view_pin").input(PIN)
    button_labelled(at, "Unlock").click().run()
    assert not at.exception
    assert at.title[0].value.startswith("Shared review")
    assert at.query_params.get(QUERY_KEY) in (None, [], "")
    record = everything_shown(at)
    assert "at the start 3 out of 10, at the end 8 out of 10" in record
    assert all(words in record for words in written.values())
    assert "Wait for her to look at me before I talk (trying it)" in record

    # After a restart, everything is in the family's record.
    family = _family(data_dir)
    cycle = find_cycle(family, 1)
    assert cycle is not None and cycle.review is not None
    review = cycle.review
    assert (review.rating_start, review.rating_end) == (3, 8)
    assert review.started_at is not None and review.finished_at is not None
    assert review.strengths_summary == "You waited for Noor and she smiled"
    kept = {(m.id, r.prompt_id): r for m in cycle.moments for r in m.reflections}
    assert {key: r.words for key, r in kept.items()} == written
    assert len({moment for moment, _ in written}) == 3
    starred = {key for key, r in kept.items() if r.starred}
    assert starred and all(moment == "m-smile" for moment, _ in starred)
    assert ("m-smile", "see.just_before") in kept  # the lead-up question is one of the cards
    assert kept[("m-smile", "feel.baby_feeling")].prompt == "What might Noor be feeling?"
    assert [(s.text, s.status, s.agreed_in_cycle) for s in family.next_steps] == [
        ("Wait for her to look at me before I talk", NextStepStatus.TRYING, 1)
    ]
    assert [q.text for q in family.helping_questions] == [suggestion]
    assert open_store(data_dir).load_settings()[PARENT_VIEWS_KEY] == {}


def test_in_parent_view_no_guider_page_can_be_reached(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _hand_over(_prepare(make_app, data_dir))
    token = at.session_state[TOKEN_KEY]
    guider_pages = sorted(SCREENS.glob("*.py"))
    assert {p.name for p in guider_pages} >= {"family.py", "families.py", "data.py", "review.py"}
    for page in guider_pages:
        # In this tab: no guider page is registered any more, so switching is refused.
        if page.name != "review.py":
            with pytest.raises(ValueError):
                at.switch_page(f"screens/{page.name}")
        # A new session at that page's address (a typed URL or reload) with the token.
        fresh = make_app(signed_in=False)
        fresh.query_params[QUERY_KEY] = token
        fresh.switch_page(f"screens/{page.name}").run()
        assert not fresh.exception, page.name
        assert _in_parent_view(fresh), page.name
        assert not fresh.title or not fresh.title[0].value.startswith("Families"), page.name
        assert "Sam (demo)" not in everything_shown(fresh)
    at.run()
    assert _in_parent_view(at)
    assert len(at.sidebar.children) == 0


def test_guider_only_notes_never_reach_the_parent_view(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir, film=True)
    write_how_it_went(open_store(data_dir), FID, 1, HOW_IT_WENT)
    at.switch_page(REVIEW_PAGE).run()
    at.button(key="review_next").click().run()
    at.button(key="review_next").click().run()
    guider_view = everything_shown(at)
    # The collector does see the guider layer when it is there.
    assert GUIDER_NOTE in guider_view
    assert GUIDER_LAYER_TITLE in guider_view
    layer = next(e for e in at.expander if e.label == GUIDER_LAYER_TITLE)
    assert not layer.proto.expanded  # folded away until the guider opens it
    assert "Receiving initiatives" in guider_view
    assert HOW_IT_WENT in guider_view

    assert at.selectbox(key="review_jump")  # the guider's list of screens is here
    # Speaking for the baby: the guider writes one short line for the moment on screen.
    at.text_input(key="review_baby_voice_1_m-smile").input(BABY_LINE).run()
    assert _moments(data_dir)[0].baby_voice == BABY_LINE
    button_labelled(at, "Hand to parent").click().run()
    at.button(key="review_back").click().run()
    at.button(key="review_back").click().run()
    secret = [
        GUIDER_NOTE,
        HOW_IT_WENT,
        FAMILY_NOTES,
        HIDDEN_TITLE,
        "Looking away",  # the working point, not switched on (and never in a first review)
        "Receiving initiatives",
        "Enjoying watching",
        "Giving and taking short turns",
        "Principles tagged",
        "For you only",
        "Speaking for",
        GUIDER_LAYER_TITLE,
        "(guider)",
        "Sam (demo)",
        "Priya (demo)",
    ]
    screens = 0
    bubbles = 0
    while True:
        shown = everything_shown(at)
        bubbles += BABY_LINE in shown
        leaked = [words for words in secret if words in shown]
        assert leaked == [], (screens, leaked)
        assert not [w for w in at.selectbox if w.key == "review_jump"]
        screens += 1
        if not [b for b in at.button if b.key == "review_next"]:
            break
        at.button(key="review_next").click().run()
    # Three moments, one screen each: the question to the end in at most ten screens.
    assert 9 <= screens <= 10
    assert bubbles == 1  # the baby's line shows with its own moment, for the parent too


def test_hand_to_parent_asks_for_a_pin_first(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir, pin=False)
    at.switch_page(REVIEW_PAGE).run()
    # Said before the visit, not in front of the family: the button is not offered.
    assert button_labelled(at, "Hand to parent").disabled
    assert "Set a guider PIN first" in everything_shown(at)
    assert not _in_parent_view(at)
    assert open_store(data_dir).load_settings().get(PARENT_VIEWS_KEY, {}) == {}


def test_a_reload_keeps_the_parent_view_and_the_words_typed(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _hand_over(_prepare(make_app, data_dir))
    token = at.session_state[TOKEN_KEY]
    for _ in range(3):
        at.button(key="review_next").click().run()
    step, position, _count = _current_step(data_dir)
    assert step.kind == StepKind.MOMENT and step.moment_id == "m-book"
    at.button(key="review_add_words_m-book_see.notice").click().run()
    at.text_area[0].input("She looked at me first").run()

    # A reload: a new session that only has the address (with the token).
    reloaded = make_app(signed_in=False)
    reloaded.query_params[QUERY_KEY] = token
    reloaded.switch_page(REVIEW_PAGE).run()
    assert _in_parent_view(reloaded)
    assert reloaded.text_area[0].value == "She looked at me first"
    assert _current_step(data_dir)[1] == position

    # Another device of the guider sees the same review, on the same screen.
    guider = make_app()
    guider.session_state[CURRENT_FAMILY_KEY] = FID
    guider.run()
    guider.switch_page(REVIEW_PAGE).run()
    assert guider.selectbox(key="review_jump").value == position
    assert guider.text_area[0].value == "She looked at me first"


def test_an_ended_parent_view_token_opens_nothing(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _hand_over(_prepare(make_app, data_dir))
    token = at.session_state[TOKEN_KEY]
    button_labelled(at, "For your guider").click().run()
    at.text_input(key="parent_view_pin").input(PIN)
    button_labelled(at, "Unlock").click().run()
    assert find_parent_view(open_store(data_dir), token) is None
    stale = make_app(signed_in=False)
    stale.query_params[QUERY_KEY] = token
    stale.run()
    assert not _in_parent_view(stale)
    assert "Noor" not in everything_shown(stale)


def test_five_wrong_pins_make_the_guider_wait(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _hand_over(_prepare(make_app, data_dir))
    button_labelled(at, "For your guider").click().run()
    for _ in range(5):
        at.text_input(key="parent_view_pin").input("0000")
        button_labelled(at, "Unlock").click().run()
    assert "Too many tries" in at.error[0].value
    at.text_input(key="parent_view_pin").input(PIN)
    button_labelled(at, "Unlock").click().run()
    assert "Too many tries" in at.error[0].value
    assert _in_parent_view(at)


def test_the_helping_question_heads_every_family_page_and_the_parent_view(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir)
    store = open_store(data_dir)
    record_helping_question(store, FID, "I want to learn to read Noor's cues", date(2026, 1, 2))
    at.run()
    checked = []
    for name in FAMILY_SCREENS:
        try:
            at.switch_page(f"screens/{name}")
        except ValueError:
            continue  # a screen not in the navigation (yet)
        at.run()
        assert not at.exception, name
        assert "I want to learn to read Noor's cues" in everything_shown(at), name
        checked.append(name)
    assert {"family.py", "helping_question.py", "review.py"} <= set(checked)
    _hand_over(at)
    # The first parent screen is the question itself, large; every later one has the banner.
    assert "Your helping question" in everything_shown(at)
    assert "I want to learn to read Noor's cues" in everything_shown(at)
    at.button(key="review_next").click().run()
    assert "Your question" in everything_shown(at)
    assert "I want to learn to read Noor's cues" in everything_shown(at)


def test_working_points_switch_is_off_limits_in_a_first_review_and_works_later(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir)
    at.switch_page(REVIEW_PAGE).run()
    assert at.toggle(key="review_working_points_1").disabled
    assert "never shown in a family's first review" in everything_shown(at)
    store = open_store(data_dir)
    at.button(key="review_next").click().run()  # starting the walk starts the review
    add_review_cycle(store, FID, number=2)
    at.run()
    assert at.selectbox(key=f"review_cycle_{FID}").value == 2
    toggle = at.toggle(key="review_working_points_2")
    assert not toggle.disabled
    toggle.set_value(True).run()
    cycle = find_cycle(_family(data_dir), 2)
    assert cycle is not None and cycle.review is not None and cycle.review.show_working_points
    assert any("Moment 4" in label for label in at.selectbox(key="review_jump").options)


def test_earlier_next_steps_open_the_next_review_with_their_status(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir)
    store = open_store(data_dir)
    start_review(store, FID, 1, datetime.now())
    add_next_step(store, FID, 1, "Wait for her to look at me", date.today())
    add_review_cycle(store, FID, number=2)
    at.switch_page(REVIEW_PAGE).run()
    button_labelled(at, "Hand to parent").click().run()
    at.button(key="review_next").click().run()
    assert "Last time, you planned to try" in everything_shown(at)
    assert "Wait for her to look at me" in everything_shown(at)
    step_id = _family(data_dir).next_steps[0].id
    at.segmented_control(key=f"review_status_{step_id}").set_value("doing").run()
    assert _family(data_dir).next_steps[0].status == NextStepStatus.DOING


def test_the_pin_form_checks_the_current_pin_before_changing_it(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare(make_app, data_dir)
    at.switch_page(DATA_PAGE).run()
    at.text_input(key="guider_pin_current").input("9999")
    at.text_input(key="guider_pin_new").input("1357")
    at.text_input(key="guider_pin_again").input("1357")
    button_labelled(at, "Change the PIN").click().run()
    assert "not the PIN in use now" in " ".join(e.value for e in at.error)
    at.text_input(key="guider_pin_current").input(PIN)
    at.text_input(key="guider_pin_new").input("1357")
    at.text_input(key="guider_pin_again").input("1358")
    button_labelled(at, "Change the PIN").click().run()
    assert "not the same" in " ".join(e.value for e in at.error)
    at.text_input(key="guider_pin_current").input(PIN)
    at.text_input(key="guider_pin_new").input("1357")
    at.text_input(key="guider_pin_again").input("1357")
    button_labelled(at, "Change the PIN").click().run()
    assert "saved" in at.success[0].value
    settings = open_store(data_dir).load_settings()
    assert "1357" not in str(settings)


def test_a_family_without_cycles_is_pointed_to_filming(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    at.session_state[CURRENT_FAMILY_KEY] = "demo-sam-alfie"
    at.switch_page(REVIEW_PAGE).run()
    assert not at.exception
    assert "no cycle to review yet" in at.info[0].value
    assert not [b for b in at.button if b.label == "Hand to parent"]


def test_a_guider_accounts_long_password_also_takes_the_tablet_back(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _hand_over(_prepare(make_app, data_dir))
    secret = "a long guider password, 2026"
    draft = AccountDraft("ann", "Ann", Role.GUIDER, secret, secret)
    create_account(open_store(data_dir), draft, "test", date.today().isoformat())
    button_labelled(at, "For your guider").click().run()
    at.text_input(key="parent_view_pin").input(secret)
    button_labelled(at, "Unlock").click().run()
    assert not at.exception
    assert not _in_parent_view(at)
    assert open_store(data_dir).load_settings()[PARENT_VIEWS_KEY] == {}
