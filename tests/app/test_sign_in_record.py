"""The server-side sign-in record behind the reload cookie: made at sign-in, ended at the
idle lock, at sign-out and when something else ends it (issue 16 item 2)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from vigreview.caseload import open_store
from vigreview.storage import Store
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.sign_ins import end_sign_in, find_sign_in
from vigreview.ui.signed_in import LAST_ACTIVITY_KEY, SIGN_IN_ID_KEY


def _signed_in_as_ann(make_app: Callable[..., AppTest], data_dir: Path) -> tuple[AppTest, Store]:
    make_app().run()  # creates the data folder
    store = open_store(data_dir)
    draft = AccountDraft("ann", "Ann", Role.GUIDER, "2468", "2468")
    create_account(store, draft, "test", "2026-12-01")
    at = make_app(signed_in=False).run()
    at.text_input(key="sign_in_username").input("ann")
    at.text_input(key="sign_in_secret").input("2468")
    button_labelled(at, "Sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Families"
    return at, store


def _record_id(at: AppTest) -> str:
    sign_in_id = at.session_state[SIGN_IN_ID_KEY]
    assert isinstance(sign_in_id, str) and sign_in_id
    return sign_in_id


def test_signing_in_makes_a_record_that_the_idle_lock_ends(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at, store = _signed_in_as_ann(make_app, data_dir)
    sign_in_id = _record_id(at)
    record = find_sign_in(store, sign_in_id)
    assert record is not None and record.username == "ann" and not record.demo
    at.session_state[LAST_ACTIVITY_KEY] = time.time() - 11 * 60
    at.run()
    assert "locked itself after 10 minutes without use" in at.info[0].value
    assert find_sign_in(store, sign_in_id) is None


def test_sign_out_ends_the_record(make_app: Callable[..., AppTest], data_dir: Path) -> None:
    at, store = _signed_in_as_ann(make_app, data_dir)
    sign_in_id = _record_id(at)
    button_labelled(at, "Sign out").click().run()
    assert "You have signed out." in at.info[0].value
    assert find_sign_in(store, sign_in_id) is None


def test_a_record_ended_elsewhere_signs_the_tab_out(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    # What handing the tablet to a parent does to the guider's sign-in on it.
    at, store = _signed_in_as_ann(make_app, data_dir)
    end_sign_in(store, _record_id(at))
    at.run()
    assert "This sign-in has ended. Please sign in again." in at.info[0].value
    assert at.title[0].value != "Families"
