"""The Data & settings page: where data lives, backup and restore."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import list_caseload, open_store
from vigreview.ui.navigation import DATA_PAGE


def _data_page(make_app: Callable[[], AppTest]) -> AppTest:
    at = make_app().run()
    at.switch_page(DATA_PAGE).run()
    assert not at.exception
    return at


def test_shows_where_data_lives(make_app: Callable[[], AppTest], data_dir: Path) -> None:
    at = _data_page(make_app)
    assert at.code[0].value == str(data_dir.resolve())
    assert "There are no backups yet." in [i.value for i in at.info]


def test_backup_then_restore_through_the_page(
    make_app: Callable[[], AppTest], data_dir: Path
) -> None:
    at = _data_page(make_app)
    button_labelled(at, "Back up now").click().run()
    assert at.success[0].value.startswith("Backed up to vigreview-backup-")
    store = open_store(data_dir)
    store.delete_family("demo-sam-alfie")
    assert "demo-sam-alfie" not in {r.id for r in list_caseload(store)}
    assert button_labelled(at, "Restore").disabled
    at.checkbox(key="restore_confirm").check().run()
    button_labelled(at, "Restore").click().run()
    assert not at.exception
    assert "Restored" in at.success[0].value
    assert {r.pseudonym for r in list_caseload(open_store(data_dir))} == {
        "Jade (demo)",
        "Sam (demo)",
        "Priya (demo)",
    }
