"""Two tablets (two AppTest sessions) editing the same family at once: nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.app.test_moments_page import _moments, _moments_page
from vigreview.models import Moment


def _edit(at: AppTest, moment: Moment) -> None:
    at.button(key=f"edit_{moment.id}").click().run()
    assert at.text_input(key="moment_title").value == moment.title


def _shown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_title_on_one_tablet_and_notes_on_another_are_both_kept(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a = _moments_page(make_app, data_dir)
    tablet_b = _moments_page(make_app, data_dir)
    moment = _moments(data_dir)[0]
    _edit(tablet_a, moment)
    _edit(tablet_b, moment)
    tablet_a.text_input(key="moment_title").input("A's new title")
    button_labelled(tablet_a, "Save changes").click().run()
    tablet_b.text_area(key="moment_notes").input("B's notes on the turn-taking")
    button_labelled(tablet_b, "Save changes").click().run()
    assert not tablet_a.exception and not tablet_b.exception
    saved = next(m for m in _moments(data_dir) if m.id == moment.id)
    assert saved.title == "A's new title"
    assert saved.guider_notes == "B's notes on the turn-taking"
    assert any("Saved" in s.value for s in tablet_b.success)


def test_a_change_from_another_tablet_shows_in_an_open_form(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a = _moments_page(make_app, data_dir)
    tablet_b = _moments_page(make_app, data_dir)
    moment = _moments(data_dir)[0]
    _edit(tablet_a, moment)
    _edit(tablet_b, moment)
    tablet_b.text_input(key="moment_tags").input("B's tag")  # B is typing here
    tablet_a.text_input(key="moment_title").input("A's new title")
    tablet_a.text_input(key="moment_tags").input("A's tag")
    button_labelled(tablet_a, "Save changes").click().run()
    tablet_b.run()  # B's next rerun
    assert tablet_b.text_input(key="moment_title").value == "A's new title"
    assert tablet_b.text_input(key="moment_tags").value == "B's tag"  # B's own words stay
    assert "A's new title" in _shown_text(tablet_b)  # in the list of moments too


def test_one_title_changed_on_two_tablets_shows_both_and_keep_mine_wins(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a = _moments_page(make_app, data_dir)
    tablet_b = _moments_page(make_app, data_dir)
    moment = _moments(data_dir)[0]
    _edit(tablet_a, moment)
    _edit(tablet_b, moment)
    tablet_a.text_input(key="moment_title").input("A's title")
    button_labelled(tablet_a, "Save changes").click().run()
    tablet_b.text_input(key="moment_title").input("B's title")
    tablet_b.text_area(key="moment_notes").input("B's notes")
    button_labelled(tablet_b, "Save changes").click().run()
    assert not tablet_b.exception
    # Nothing of B's was saved yet, A's title stands, and B sees both versions.
    saved = next(m for m in _moments(data_dir) if m.id == moment.id)
    assert (saved.title, saved.guider_notes) == ("A's title", moment.guider_notes)
    assert any("another tablet" in w.value for w in tablet_b.warning)
    shown = _shown_text(tablet_b)
    assert "A's title" in shown and "B's title" in shown
    assert not tablet_b.success
    button_labelled(tablet_b, "Keep mine").click().run()
    assert not tablet_b.exception
    saved = next(m for m in _moments(data_dir) if m.id == moment.id)
    assert (saved.title, saved.guider_notes) == ("B's title", "B's notes")
    assert any("Saved" in s.value for s in tablet_b.success)
    assert not tablet_b.warning


def test_keep_theirs_takes_the_other_tablets_title_and_keeps_my_other_changes(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    tablet_a = _moments_page(make_app, data_dir)
    tablet_b = _moments_page(make_app, data_dir)
    moment = _moments(data_dir)[0]
    _edit(tablet_a, moment)
    _edit(tablet_b, moment)
    tablet_a.text_input(key="moment_title").input("A's title")
    button_labelled(tablet_a, "Save changes").click().run()
    tablet_b.text_input(key="moment_title").input("B's title")
    tablet_b.text_area(key="moment_notes").input("B's notes")
    button_labelled(tablet_b, "Save changes").click().run()
    button_labelled(tablet_b, "Keep theirs").click().run()
    assert not tablet_b.exception
    saved = next(m for m in _moments(data_dir) if m.id == moment.id)
    assert (saved.title, saved.guider_notes) == ("A's title", "B's notes")
