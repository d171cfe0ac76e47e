"""Issue 17 in the app: the network check looks at the client, the parent view fails closed,
a full disk is a message (each test names the finding it proves)."""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.review_family import add_review_cycle
from vigreview.caseload import REASSIGNED, load_family, open_store
from vigreview.codec import family_to_doc
from vigreview.models import Family
from vigreview.storage import DiskFull, StorageError, atomic
from vigreview.storage.disk_space import DISK_FULL_MESSAGE, note_write_worked
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.audit import read_history
from vigreview.trust.handover import set_guider_pin
from vigreview.trust.lan import TRUSTED_PROXIES_ENV, ClientRequest
from vigreview.trust.restore import restore_backup
from vigreview.ui import gate, navigation, parent_mode
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FAMILIES_PAGE, FAMILY_PAGE, REVIEW_PAGE
from vigreview.ui.signed_in import IDENTITY_KEY

GUIDER_PAGES = sorted(
    value
    for name, value in vars(navigation).items()
    if name.endswith("_PAGE") and name != "SUPERVISION_PAGE"
)
FID = "fam-review"
PIN = "2468"


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [c.value for c in at.caption]
    parts += [e.value for e in at.error] + [i.value for i in at.info]
    return "\n".join(parts)


def _arrive_as(monkeypatch: pytest.MonkeyPatch, request: ClientRequest) -> None:
    monkeypatch.setattr(gate, "read_request", lambda: request)


@pytest.mark.parametrize("trusted", ["", "127.0.0.1"])
def test_finding_4_a_forwarded_network_client_gets_no_demo(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, trusted: str
) -> None:
    monkeypatch.setenv(TRUSTED_PROXIES_ENV, trusted)
    # The app on 127.0.0.1 (AppTest's default), a forwarder on this machine, a tablet beyond.
    _arrive_as(monkeypatch, ClientRequest("127.0.0.1", "localhost:8501", "192.168.1.50"))
    at = make_app(signed_in=False).run()
    assert not at.exception
    assert at.title[0].value == "VIG Review is not ready for the network"
    assert "no guider account has been made yet" in at.error[0].value
    assert not at.button and "Jade" not in _text(at)


def test_finding_4_a_client_forwarded_from_this_machine_may_try_the_demo(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(TRUSTED_PROXIES_ENV, "127.0.0.1")
    _arrive_as(monkeypatch, ClientRequest("127.0.0.1", "localhost:8501", "127.0.0.1"))
    at = make_app(signed_in=False).run()
    assert [b.label for b in at.button if b.label == "Skip for now: try the demo"]


def test_finding_4_an_unknown_host_name_is_refused_even_with_accounts(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch, data_dir: Path
) -> None:
    make_app().run()
    draft = AccountDraft("ann", "Ann", Role.GUIDER, "2468", "2468")
    create_account(open_store(data_dir), draft, "test", "2026-11-26")
    _arrive_as(monkeypatch, ClientRequest("127.0.0.1", "rebound.example:8501"))
    at = make_app(signed_in=False).run()
    assert not at.exception
    assert "does not answer to the name rebound.example" in _text(at)
    assert not at.button and not at.text_input


def _prepare_review(make_app: Callable[..., AppTest], data_dir: Path) -> AppTest:
    at = make_app()
    store = open_store(data_dir)
    family = Family(
        id=FID,
        pseudonym="Jade",
        baby_name="Noor",
        lead_guider="Demo Guider",
        opened_on=date.today(),
        notes="Guider's own note",
    )
    store.create_family(family_to_doc(family))
    add_review_cycle(store, FID)
    set_guider_pin(store, PIN)
    at.session_state[CURRENT_FAMILY_KEY] = FID
    at.run()
    store.backup_now()  # a backup made before the tablet is handed over
    at.switch_page(REVIEW_PAGE).run()
    button_labelled(at, "Hand to parent").click().run()
    assert not at.exception
    return at


def test_finding_1_a_restore_on_a_second_store_leaves_the_handed_over_tablet_locked(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = _prepare_review(make_app, data_dir)
    assert IDENTITY_KEY not in at.session_state  # handing over ended the guider's sign-in
    assert not at.sidebar.children
    # Another device restores the backup made before the hand-over.
    elsewhere = open_store(data_dir)
    backup = elsewhere.list_backups()[0]
    restore_backup(elsewhere, backup, "Ann", administrator=True, now=datetime.now())
    at.run()  # the parent's next tap
    assert not at.exception
    shown = _text(at)
    assert "Please hand the tablet back to your guider" in shown
    assert not at.sidebar.children
    assert "Families" not in shown and "Guider's own note" not in shown
    assert {b.label for b in at.button} == {"Unlock"}
    # A wrong secret keeps it locked; the guider's PIN gives the guider their tab back.
    at.text_input(key="lost_parent_view_pin").input("0000")
    button_labelled(at, "Unlock").click().run()
    assert "didn't match" in _text(at) and not at.sidebar.children
    at.text_input(key="lost_parent_view_pin").input(PIN)
    button_labelled(at, "Unlock").click().run()
    assert not at.exception
    assert at.session_state[IDENTITY_KEY].demo
    assert at.sidebar.children


def test_finding_1_an_unreadable_parent_view_record_shows_the_locked_screen(
    make_app: Callable[..., AppTest], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _prepare_review(make_app, data_dir)

    def unreadable(store: object, token: str) -> None:
        raise StorageError("The caseload file could not be read.")

    monkeypatch.setattr(parent_mode, "find_parent_view", unreadable)
    at.run()
    assert not at.exception
    assert "Please hand the tablet back to your guider" in _text(at)
    assert not at.sidebar.children and "Families" not in _text(at)


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Make every atomic write fail as on a full disk; the machine has space again after."""

    def no_space(path: Path, payload: bytes) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(atomic, "write_durably", no_space)
    yield
    monkeypatch.undo()
    note_write_worked()


def test_finding_6_a_full_disk_is_a_plain_notice_on_every_page_and_reads_go_on(
    make_app: Callable[..., AppTest], data_dir: Path, request: pytest.FixtureRequest
) -> None:
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = "demo-jade-noor"
    at.run()
    assert not at.warning or DISK_FULL_MESSAGE not in [w.value for w in at.warning]
    request.getfixturevalue("disk_full")
    # A save from this tab meets the full disk: a clear message, not a crash.
    at.switch_page(FAMILIES_PAGE).run()
    at.text_input(key="add_family_pseudonym").input("Mia")
    at.text_input(key="add_family_baby_name").input("Ola")
    at.text_input(key="add_family_lead_guider").input("Demo Guider")
    at.radio(key="add_family_age_kind").set_value("Age in months")
    at.number_input(key="add_family_age_months").set_value(3)
    button_labelled(at, "Add family").click().run()
    assert not at.exception
    assert DISK_FULL_MESSAGE in _text(at) + "".join(w.value for w in at.warning)
    with pytest.raises(DiskFull):  # every other save on this machine fails the same way
        open_store(data_dir).update_settings(lambda s: {**s, "probe": 1})
    for page in GUIDER_PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert DISK_FULL_MESSAGE in [w.value for w in at.warning], page
        assert at.title or at.header or at.subheader, page  # reading goes on
    at.switch_page(FAMILY_PAGE).run()
    assert "Noor" in _text(at)


def test_finding_3_a_same_name_account_sees_nothing_of_another_caseload(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    # Gwen (a real account) leads the demo families; "Demo Guider" is only a display name.
    make_app(as_guider=True)
    draft = AccountDraft("dg", "demo guider", Role.GUIDER, "1357", "1357")
    create_account(open_store(data_dir), draft, "test", "2026-11-26")
    at = make_app(signed_in=False).run()
    at.text_input(key="sign_in_username").input("dg")
    at.text_input(key="sign_in_secret").input("1357")
    button_labelled(at, "Sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Families"
    assert "Jade" not in _text(at) and "Sam" not in _text(at)
    at.session_state[CURRENT_FAMILY_KEY] = "demo-jade-noor"
    at.switch_page(FAMILY_PAGE).run()
    assert "Choose a family" in at.info[0].value and "Noor" not in _text(at)
    # The real lead guider does see the family, and may hand it over from its page.
    lead = make_app(as_guider=True)
    lead.session_state[CURRENT_FAMILY_KEY] = "demo-jade-noor"
    lead.run()
    lead.switch_page(FAMILY_PAGE).run()
    assert lead.title[0].value == "Jade \\(demo\\) with Noor"
    lead.selectbox(key="reassign_to").select("dg").run()
    button_labelled(lead, "Hand over the family").click().run()
    assert not lead.exception
    # Handed over: Gwen no longer sees it; the family's history says who did what.
    assert "Choose a family" in lead.info[0].value
    store = open_store(data_dir)
    assert load_family(store, "demo-jade-noor").lead_guider_id == "dg"
    events = [e for e in read_history(store, "demo-jade-noor").events if e.action == REASSIGNED]
    assert [e.who for e in events] == ["Gwen Guider (gwen)"]


def _delete(data_dir: Path, name: str) -> None:
    for path in [data_dir / name, *(data_dir / "backups").glob(f"{name}*")]:
        path.unlink()


def test_finding_7_a_deleted_caseload_and_its_backups_shows_no_family(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    make_app(as_guider=True).run()
    _delete(data_dir, "caseload.json")
    at = make_app(signed_in=False).run()
    assert not at.exception
    shown = _text(at)
    assert "Sign in" in shown and "Welcome. First" not in shown
    assert "Jade" not in shown and "Sam" not in shown
    assert not [b for b in at.button if b.label == "Skip for now: try the demo"]


def test_finding_7_with_the_accounts_lost_too_the_app_shows_no_family_and_how_to_recover(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    make_app(as_guider=True).run()
    open_store(data_dir).backup_now()
    _delete(data_dir, "caseload.json")
    _delete(data_dir, "accounts.json")
    for backup in (data_dir / "backups").glob("*.zip"):
        backup.unlink()
    for signed_in in (False, True):  # a new tab, and the demo without an account
        at = make_app(signed_in=signed_in).run()
        assert not at.exception
        assert at.title[0].value == "The guider accounts are missing"
        assert "accounts.json.1" in at.error[0].value
        assert not at.button and "Jade" not in _text(at) and "Sam" not in _text(at)
