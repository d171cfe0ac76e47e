"""The parent's language, chosen on the Family page and kept in the family's record."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.made_up_families import make_family
from vigreview.caseload import load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FAMILY_PAGE

SAM = "fam-made-up-1"


def _open_family_page(
    make_app: Callable[[], AppTest], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> AppTest:
    monkeypatch.setenv("VIGREVIEW_DEMO", "0")  # one made-up family is all this needs
    open_store(data_dir).create_family(family_to_doc(make_family(1, family_id=SAM)))
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(FAMILY_PAGE).run()
    assert not at.exception
    return at


def test_the_language_is_chosen_by_its_own_name_and_saved(
    make_app: Callable[[], AppTest], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open_family_page(make_app, data_dir, monkeypatch)
    control = at.button_group(key="family_language")
    assert control.value == "en"
    assert list(control.options) == [
        "English",
        "Polski (Polish)",
        "اردو (Urdu)",
    ]
    control.set_value("ur").run()
    assert not at.exception
    assert at.success[0].value == "The parent's language is now اردو (Urdu)."
    assert load_family(open_store(data_dir), SAM).language == "ur"
    at.switch_page(FAMILY_PAGE).run()  # a fresh visit shows the saved choice
    assert at.button_group(key="family_language").value == "ur"
