"""The Moments page: one-tap marking, the timeline, editing in place, undo, looking closely."""

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
    return next(n for n in at.number_input if n.label.startswith(label))


def _text(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(t for t in at.text_input if t.label.startswith(label))


def _pills(at: AppTest, key_start: str):  # type: ignore[no-untyped-def]
    return next(p for p in at.pills if str(p.key).startswith(key_start))


def _play_to(at: AppTest, seconds: float) -> None:
    at.session_state[PLAYER_KEY] = {"name": "onProgress", "data": {"playedSeconds": seconds}}
    at.run()


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_lists_the_demo_films_moments_and_draws_them_on_the_timeline(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    text = _markdown(at)
    assert "Noor looks up and Jade smiles back" in text
    assert "Working point · not shown to parent" in text
    assert "Moments in cycle 1 (4)" in [h.value for h in at.subheader]
    bands = [b.key for b in at.button if str(b.key).startswith("tl-")]
    assert len([k for k in bands if k.startswith(("tl-good-", "tl-work-"))]) == 4
    assert any(k.startswith("tl-work-") for k in bands)  # working points told apart


def test_one_tap_marks_a_moment_around_the_playhead_and_it_can_be_finished_in_place(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 20.0)
    # Playing reruns nothing the guider sees: the playhead arrives with the tap.
    assert "Playhead at **0:00** of 0:40" in _markdown(at)
    button_labelled(at, "Mark this moment").click().run()
    assert not at.exception, at.exception
    assert "Playhead at **0:20** of 0:40" in _markdown(at)
    new = [m for m in _moments(data_dir) if m.title == "Moment at 0:10"]
    assert len(new) == 1 and (new[0].start_s, new[0].end_s) == (10.0, 35.0)
    # The form opens on it, in place: add a title, a principle and a tag of one's own.
    assert _text(at, "Title").value == "Moment at 0:10"
    at.button(key="start_forward").click().run()
    assert _number(at, "Start").value == 10.04  # one real frame (the demo film is 25 fps)
    _text(at, "Title").input("Jade names what Noor sees")
    _pills(at, "moment_principles_encouraging").set_value(["encouraging.naming_positively"])
    _text(at, "Add your own tag").input("first words").run()
    button_labelled(at, "Save changes").click().run()
    assert not at.exception, at.exception
    saved = next(m for m in _moments(data_dir) if m.id == new[0].id)
    assert saved.title == "Jade names what Noor sees"
    assert (saved.start_s, saved.end_s) == (10.04, 35.0)
    assert saved.principles == ("encouraging.naming_positively",)
    assert saved.own_tags == ("first words",)
    assert saved.order == 4


def test_one_tap_near_the_end_stays_inside_the_film(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 39.5)
    button_labelled(at, "Mark this moment").click().run()
    assert [(m.start_s, m.end_s) for m in _moments(data_dir)][-1] == (15.0, 40.0)


def test_the_form_is_empty_after_save(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 4.0)
    button_labelled(at, "Start here").click().run()
    _play_to(at, 9.0)
    button_labelled(at, "End here").click().run()
    _text(at, "Title").input("Noor reaches")
    _pills(at, "moment_principles_attentive").set_value(["attentive.looking_interested"])
    at.text_area[0].input("Mum waited.")
    button_labelled(at, "Save moment").click().run()
    saved = [m for m in _moments(data_dir) if m.title == "Noor reaches"]
    assert len(saved) == 1 and (saved[0].start_s, saved[0].end_s) == (4.0, 9.0)
    assert "Saved “Noor reaches”." in [s.value for s in at.success]
    _play_to(at, 12.0)
    button_labelled(at, "Start here").click().run()
    assert _text(at, "Title").value == ""
    assert all(not p.value for p in at.pills if str(p.key).startswith("moment_principles"))
    assert at.text_area[0].value == ""


def test_a_moment_outside_the_film_is_refused_but_no_title_is_fine(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    _play_to(at, 30.0)
    button_labelled(at, "Start here").click().run()
    _number(at, "End").set_value(20.0).run()
    button_labelled(at, "Save moment").click().run()
    assert "The end must come after the start." in [e.value for e in at.error]
    assert len(_moments(data_dir)) == 4
    _number(at, "End").set_value(36.0).run()
    button_labelled(at, "Save moment").click().run()
    assert [m.title for m in _moments(data_dir)][-1] == "Moment at 0:30"


def test_working_point_is_hidden_from_the_parent_by_default(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    button_labelled(at, "Start here").click().run()
    assert at.toggle[0].value is True
    at.radio[0].set_value("working_point").run()
    assert at.toggle[0].value is False


def test_editing_in_place_and_undoing_a_delete(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _moments_page(make_app, data_dir)
    first = _moments(data_dir)[0]
    at.button(key=f"edit_{first.id}").click().run()
    assert _text(at, "Title").value == first.title
    _text(at, "Title").input("Noor looks up, Jade smiles")
    button_labelled(at, "Save changes").click().run()
    assert _moments(data_dir)[0].title == "Noor looks up, Jade smiles"
    second = _moments(data_dir)[1]
    at.button(key=f"delete_{second.id}").click().run()
    assert not at.exception
    assert second.id not in {m.id for m in _moments(data_dir)}
    button_labelled(at, "Undo delete").click().run()
    restored = next(m for m in _moments(data_dir) if m.id == second.id)
    assert restored == second


def test_tapping_a_band_chooses_its_moment(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _moments_page(make_app, data_dir)
    third = sorted(_moments(data_dir), key=lambda m: m.order)[2]
    band = next(b for b in at.button if str(b.key).endswith(third.id))
    band.click().run()
    assert not at.exception, at.exception
    # The chosen moment's card comes first, right under the timeline.
    cards = [m.value for m in at.markdown if m.value[:3] in {f"**{n}" for n in range(1, 10)}]
    assert cards[0].startswith("**3. ") and len(cards) == 4


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
