"""Every guider page renders without an exception, with the demo families and with none."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from vigreview.ui import navigation
from vigreview.ui.navigation import CURRENT_FAMILY_KEY

ROOT = Path(__file__).resolve().parents[2]
GUIDER_PAGES = sorted(
    value
    for name, value in vars(navigation).items()
    if name.endswith("_PAGE") and name != "SUPERVISION_PAGE"
)


def test_the_list_covers_every_screen_file() -> None:
    screens = {f"screens/{p.name}" for p in (ROOT / "screens").glob("*.py")}
    assert set(GUIDER_PAGES) | {navigation.SUPERVISION_PAGE} == screens


@pytest.mark.parametrize("as_guider", [False, True], ids=["demo", "real_guider"])
@pytest.mark.parametrize("page", GUIDER_PAGES)
def test_page_renders_for_the_demo_family(
    make_app: Callable[..., AppTest], page: str, as_guider: bool
) -> None:
    at = make_app(as_guider=as_guider)
    at.session_state[CURRENT_FAMILY_KEY] = "demo-jade-noor"
    at.run()
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
    assert at.title or at.header or at.subheader, page


@pytest.mark.parametrize("as_guider", [False, True], ids=["demo", "real_guider"])
@pytest.mark.parametrize("page", GUIDER_PAGES)
def test_page_renders_with_no_families(
    make_app: Callable[..., AppTest], page: str, monkeypatch: pytest.MonkeyPatch, as_guider: bool
) -> None:
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")
    at = make_app(as_guider=as_guider).run()
    at.switch_page(page).run()
    assert not at.exception, (page, at.exception)
