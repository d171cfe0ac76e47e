"""Two tablets (two AppTest sessions) editing the same family at once: nothing is lost."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app import test_shared_review as shared
from tests.app.conftest import button_labelled
from tests.app.test_moments_page import _moments, _moments_page
from tests.review_family import add_review_cycle
from vigreview.caseload import load_family, open_store
from vigreview.models import Moment
from vigreview.next_steps import add_next_step
from vigreview.shared_review import find_reflection, start_review
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, HELPING_QUESTION_PAGE, REVIEW_PAGE

SAM = "demo-sam-alfie"


def _edit(at: AppTest, moment: Moment) -> None:
    at.button(key=f"edit_{moment.id}").click().run()
    assert _title(at).value == moment.title


def _in_form(widgets, name: str):  # type: ignore[no-untyped-def]
    """The moment form's widget `name` (its key carries the form's generation)."""
    return next(w for w in widgets if re.fullmatch(f"moment_{name}_[0-9]+", str(w.key)))


def _title(at: AppTest):  # type: ignore[no-untyped-def]
    return _in_form(at.text_input, "title")


def _notes(at: AppTest):  # type: ignore[no-untyped-def]
    return _in_form(at.text_area, "notes")


def _add_tag(at: AppTest, tag: str) -> None:
    """Type a tag into "Add your own tag" (taken up, as Enter would, on the next run)."""
    _in_form(at.text_input, "new_tag").input(tag)


def _both_editing_one_moment(
    make_app: Callable[[], AppTest], data_dir: Path
) -> tuple[AppTest, AppTest, Moment]:
    """Two tablets on the Moments page, both with the same first moment open for editing."""
    tablet_a = _moments_page(make_app, data_dir)
    tablet_b = _moments_page(make_app, data_dir)
    moment = _moments(data_dir)[0]
    _edit(tablet_a, moment)
    _edit(tablet_b, moment)
    return tablet_a, tablet_b, moment


def _save_a_title_then_b_a_title_and_notes(tablet_a: AppTest, tablet_b: AppTest) -> None:
    """A saves a new title; then B, who loaded the moment before that, saves its own title
    and notes (the title conflicts, the notes do not)."""
    _title(tablet_a).input("A's title")
    button_labelled(tablet_a, "Save changes").click().run()
    _title(tablet_b).input("B's title")
    _notes(tablet_b).input("B's notes")
    button_labelled(tablet_b, "Save changes").click().run()


def _saved(data_dir: Path, moment: Moment) -> Moment:
    """The moment as it is stored now."""
    return next(m for m in _moments(data_dir) if m.id == moment.id)


def _shown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_title_on_one_tablet_and_notes_on_another_are_both_kept(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a, tablet_b, moment = _both_editing_one_moment(make_app, data_dir)
    _title(tablet_a).input("A's new title")
    button_labelled(tablet_a, "Save changes").click().run()
    _notes(tablet_b).input("B's notes on the turn-taking")
    button_labelled(tablet_b, "Save changes").click().run()
    assert not tablet_a.exception and not tablet_b.exception
    saved = _saved(data_dir, moment)
    assert saved.title == "A's new title"
    assert saved.guider_notes == "B's notes on the turn-taking"
    assert any("Saved" in s.value for s in tablet_b.success)


def test_a_change_from_another_tablet_shows_in_an_open_form(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a, tablet_b, _ = _both_editing_one_moment(make_app, data_dir)
    _add_tag(tablet_b, "B's tag")  # B is adding a tag here
    _title(tablet_a).input("A's new title")
    _add_tag(tablet_a, "A's tag")
    button_labelled(tablet_a, "Save changes").click().run()
    tablet_b.run()  # B's next rerun
    assert _title(tablet_b).value == "A's new title"
    assert "B's tag" in _in_form(tablet_b.pills, "tags").value  # B's own tag stays
    assert "A's new title" in _shown_text(tablet_b)  # in the list of moments too


def test_one_title_changed_on_two_tablets_shows_both_and_keep_mine_wins(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a, tablet_b, moment = _both_editing_one_moment(make_app, data_dir)
    _save_a_title_then_b_a_title_and_notes(tablet_a, tablet_b)
    assert not tablet_b.exception
    # Nothing of B's was saved yet, A's title stands, and B sees both versions.
    saved = _saved(data_dir, moment)
    assert (saved.title, saved.guider_notes) == ("A's title", moment.guider_notes)
    assert any("another tablet" in w.value for w in tablet_b.warning)
    shown = _shown_text(tablet_b)
    assert "A's title" in shown and "B's title" in shown
    assert not tablet_b.success
    button_labelled(tablet_b, "Keep mine").click().run()
    assert not tablet_b.exception
    saved = _saved(data_dir, moment)
    assert (saved.title, saved.guider_notes) == ("B's title", "B's notes")
    assert any("Saved" in s.value for s in tablet_b.success)
    assert not tablet_b.warning


def test_keep_theirs_takes_the_other_tablets_title_and_keeps_my_other_changes(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a, tablet_b, moment = _both_editing_one_moment(make_app, data_dir)
    _save_a_title_then_b_a_title_and_notes(tablet_a, tablet_b)
    button_labelled(tablet_b, "Keep theirs").click().run()
    assert not tablet_b.exception
    saved = _saved(data_dir, moment)
    assert (saved.title, saved.guider_notes) == ("A's title", "B's notes")


def _words(data_dir: Path, moment_id: str, prompt_id: str) -> str:
    moment = next(m for m in shared._moments(data_dir) if m.id == moment_id)
    reflection = find_reflection(moment, prompt_id)
    return reflection.words if reflection else ""


def test_the_parents_words_for_one_prompt_typed_on_two_tablets_are_both_kept(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    parent = shared._hand_over(shared._prepare(make_app, data_dir))
    for _ in range(3):
        parent.button(key="review_next").click().run()
    guider = make_app()
    guider.session_state[CURRENT_FAMILY_KEY] = shared.FID
    guider.run()
    guider.switch_page(REVIEW_PAGE).run()
    words_key = "review_words_1_m-book_see.notice"
    for tablet in (parent, guider):
        tablet.button(key="review_add_words_m-book_see.notice").click().run()
        assert tablet.text_area(key=words_key).value == ""
    parent.text_area(key=words_key).input("She looked at me first").run()
    guider.text_area(key=words_key).input("He reached for the book").run()
    assert not parent.exception and not guider.exception
    saved = _words(data_dir, "m-book", "see.notice")
    assert "She looked at me first" in saved and "He reached for the book" in saved
    # The tablet that saved second shows both, and says why.
    assert guider.text_area(key=words_key).value == saved
    assert any("another tablet" in c.value for c in guider.caption)
    # The other tablet shows them on its next rerun.
    parent.run()
    assert parent.text_area(key=words_key).value == saved


def test_the_helping_question_saved_on_two_tablets_shows_both_and_keep_theirs(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    tablets = []
    for _ in range(2):
        tablet = make_app().run()
        tablet.session_state[CURRENT_FAMILY_KEY] = SAM
        tablet.switch_page(HELPING_QUESTION_PAGE).run()
        tablets.append(tablet)
    tablet_a, tablet_b = tablets
    draft = f"helping_question_draft_{SAM}"
    before = len(load_family(open_store(data_dir), SAM).helping_questions)
    tablet_a.text_area(key=draft).input("I want to enjoy bath time with Alfie")
    button_labelled(tablet_a, "Save this question").click().run()
    tablet_b.text_area(key=draft).input("I want to understand what Alfie is telling me")
    button_labelled(tablet_b, "Save this question").click().run()
    assert not tablet_b.exception
    shown = _shown_text(tablet_b)
    assert "I want to enjoy bath time with Alfie" in shown
    assert "I want to understand what Alfie is telling me" in shown
    assert not tablet_b.success
    button_labelled(tablet_b, "Keep theirs").click().run()
    assert tablet_b.text_area(key=draft).value == "I want to enjoy bath time with Alfie"
    questions = load_family(open_store(data_dir), SAM).helping_questions
    assert len(questions) == before + 1
    assert questions[-1].text == "I want to enjoy bath time with Alfie"


def test_a_next_steps_status_changed_on_another_tablet_is_shown_not_overwritten(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    parent = shared._prepare(make_app, data_dir)
    store = open_store(data_dir)
    start_review(store, shared.FID, 1, datetime.now())
    add_next_step(store, shared.FID, 1, "Wait for her to look at me", date.today())
    add_review_cycle(store, shared.FID, number=2)
    parent.switch_page(REVIEW_PAGE).run()
    button_labelled(parent, "Hand to parent").click().run()
    parent.button(key="review_next").click().run()
    guider = make_app()
    guider.session_state[CURRENT_FAMILY_KEY] = shared.FID
    guider.run()
    guider.switch_page(REVIEW_PAGE).run()
    step_id = load_family(open_store(data_dir), shared.FID).next_steps[0].id
    key = f"review_status_{step_id}"
    assert guider.segmented_control(key=key).value == "trying"
    parent.segmented_control(key=key).set_value("doing").run()
    guider.segmented_control(key=key).set_value("not_now").run()
    assert not guider.exception
    # The other tablet's choice stands and shows, with a word; tapping again changes it.
    assert load_family(open_store(data_dir), shared.FID).next_steps[0].status == "doing"
    assert guider.segmented_control(key=key).value == "doing"
    assert any("another tablet" in i.value for i in guider.info)
    guider.segmented_control(key=key).set_value("not_now").run()
    assert load_family(open_store(data_dir), shared.FID).next_steps[0].status == "not_now"
    parent.run()  # and the first tablet shows it on its next rerun
    assert parent.segmented_control(key=key).value == "not_now"


def test_guider_notes_on_the_review_page_changed_on_two_tablets_ask_which_to_keep(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    tablet_a = shared._prepare(make_app, data_dir)
    tablet_a.switch_page(REVIEW_PAGE).run()
    for _ in range(3):
        tablet_a.button(key="review_next").click().run()
    tablet_b = make_app()
    tablet_b.session_state[CURRENT_FAMILY_KEY] = shared.FID
    tablet_b.run()
    tablet_b.switch_page(REVIEW_PAGE).run()
    notes = "review_notes_1_m-book"
    loaded = tablet_b.text_area(key=notes).value
    assert tablet_a.text_area(key=notes).value == loaded
    tablet_a.text_area(key=notes).input("A's note on the book").run()
    tablet_b.text_area(key=notes).input("B's note on the book").run()
    assert not tablet_b.exception
    book = next(m for m in shared._moments(data_dir) if m.id == "m-book")
    assert book.guider_notes == "A's note on the book"
    shown = _shown_text(tablet_b)
    assert "A's note on the book" in shown and "B's note on the book" in shown
    button_labelled(tablet_b, "Keep mine").click().run()
    book = next(m for m in shared._moments(data_dir) if m.id == "m-book")
    assert book.guider_notes == "B's note on the book"
    assert not any("another tablet" in w.value for w in tablet_b.warning)
