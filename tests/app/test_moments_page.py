"""The Moments page: marking at the playhead, editing, deleting, looking closely."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import load_family, open_store
from vigreview.cycles import get_cycle
from vigreview.models import Moment
from vigreview.ui.moments_view import PLAYER_KEY
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, CURRENT_FILM_KEY, MOMENTS_PAGE

JADE = "demo-jade-noor"


def _moments(data_dir: Path) -> list[Moment]:
    return list(get_cycle(load_family(open_store(data_dir), JADE), 1).moments)


def _moments_page(make_app: Callable[[], AppTest], data_dir: Path) -> AppTest:
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = JADE
    at.run()
    first_film = get_cycle(load_family(open_store(data_dir), JADE), 1).films[0]
    at.session_state[CURRENT_FILM_KEY] = (1, first_film.id)
    at.switch_page(MOMENTS_PAGE).run()
    assert not at.exception, at.exception
    return at


def _number(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(n for n in at.number_input if n.label == label)


def _play_to(at: AppTest, seconds: float) -> None:
    at.session_state[PLAYER_KEY] = {"name": "onProgress", "data": {"playedSeconds": seconds}}
    at.run()


def test_lists_the_demo_films_moments(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _moments_page(make_app, data_dir)
    text = "\n".join(m.value for m in at.markdown)
    assert "Noor looks up and Jade smiles back" in text
    assert "Working point · not shown to parent" in text
    assert "Moments in cycle 1 (4)" in [h.value for h in at.subheader]


def test_marking_a_moment_at_the_playhead_persists(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 4.2)
    assert "Playhead at **4.2 s**" in "\n".join(m.value for m in at.markdown)
    button_labelled(at, "Start here").click().run()
    assert _number(at, "Start (seconds)").value == 4.2
    assert _number(at, "End (seconds)").value == 29.2  # 25 s on by default
    _play_to(at, 9.0)
    button_labelled(at, "End here").click().run()
    at.text_input(key="moment_title").input("Jade names what Noor sees")
    at.multiselect(key="moment_principles").select("encouraging.naming_positively")
    at.text_input(key="moment_tags").input("first words, first words, songs")
    button_labelled(at, "Save moment").click().run()
    assert not at.exception
    saved = [m for m in _moments(data_dir) if m.title == "Jade names what Noor sees"]
    assert len(saved) == 1
    assert (saved[0].start_s, saved[0].end_s) == (4.2, 9.0)
    assert saved[0].principles == ("encouraging.naming_positively",)
    assert saved[0].own_tags == ("first words", "songs")
    assert saved[0].order == 4


def test_frame_buttons_move_by_one_real_frame(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 4.0)
    button_labelled(at, "Start here").click().run()
    at.button(key="start_forward").click().run()
    assert _number(at, "Start (seconds)").value == 4.04  # the demo film is 25 fps
    at.button(key="start_back").click().run()
    at.button(key="start_back").click().run()
    assert _number(at, "Start (seconds)").value == 3.96


def test_a_moment_outside_the_film_or_untitled_is_refused(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 30.0)
    button_labelled(at, "Start here").click().run()
    _number(at, "End (seconds)").set_value(20.0).run()
    button_labelled(at, "Save moment").click().run()
    errors = [e.value for e in at.error]
    assert "The end must come after the start." in errors
    assert any("short title" in e for e in errors)
    assert len(_moments(data_dir)) == 4


def test_working_point_is_hidden_from_the_parent_by_default(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    assert at.toggle(key="moment_show").value is True
    at.radio(key="moment_kind").set_value("working_point").run()
    assert at.toggle(key="moment_show").value is False


def test_editing_and_deleting_persist(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _moments_page(make_app, data_dir)
    first = _moments(data_dir)[0]
    at.button(key=f"edit_{first.id}").click().run()
    assert at.text_input(key="moment_title").value == first.title
    at.text_input(key="moment_title").input("Noor looks up, Jade smiles")
    button_labelled(at, "Save changes").click().run()
    assert _moments(data_dir)[0].title == "Noor looks up, Jade smiles"
    second = _moments(data_dir)[1]
    at.button(key=f"delete_{second.id}").click().run()
    assert not at.exception
    assert second.id not in {m.id for m in _moments(data_dir)}


def test_reordering_persists(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _moments_page(make_app, data_dir)
    second = sorted(_moments(data_dir), key=lambda m: m.order)[1]
    at.button(key=f"up_{second.id}").click().run()
    assert sorted(_moments(data_dir), key=lambda m: m.order)[0].id == second.id


def _stills(at: AppTest) -> list[str]:
    shown = [str(element.proto) for element in at.get("html")]
    return [html for html in shown if '<img src=\\"/family-media/' in html]


def test_looking_closely_at_stills_and_choosing_a_key_still(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    first = _moments(data_dir)[0]
    at.button(key=f"analyse_{first.id}").click().run()
    assert not at.exception
    # Stills are pictures from the app's own media route (never Streamlit's public /media/).
    assert len(_stills(at)) == 8  # the strip of stills across the moment
    at.button(key="closer_0").click().run()
    assert any("Frame at 2.000 s" in still for still in _stills(at))
    button_labelled(at, "One frame on").click().run()
    assert any("Frame at 2.040 s" in still for still in _stills(at))
    assert not at.get("image")
    button_labelled(at, "Key still for the parent").click().run()
    assert 2.04 in _moments(data_dir)[0].key_still_times
