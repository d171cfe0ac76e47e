"""Issue 6 in the app: sign-in gate, lockout, idle lock, roles, LAN refusal, withdrawal, audit."""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.app.conftest import button_labelled
from tests.app.shown_text import everything_shown, words_shown
from vigreview.caseload import add_family, close_case, load_family, open_store, record_consent
from vigreview.config import APP_ROOT
from vigreview.models import ConsentPurpose
from vigreview.storage import Store
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.audit import read_history
from vigreview.ui.navigation import CURRENT_FAMILY_KEY, FAMILY_PAGE
from vigreview.ui.signed_in import IDENTITY_KEY, LAST_ACTIVITY_KEY
from vigreview.validation import FamilyDraft

SAM = "demo-sam-alfie"
JADE = "demo-jade-noor"
GUIDER_PAGES = sorted(
    f"screens/{p.name}" for p in (APP_ROOT / "screens").glob("*.py") if p.name != "supervision.py"
)


def _text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [t.value for t in at.title]
    parts += [s.value for s in at.subheader] + [c.value for c in at.caption]
    return "\n".join(parts)


def _seeded_store(make_app: Callable[..., AppTest], data_dir: Path) -> Store:
    """Run the app once (creating the demo caseload) and return its store."""
    make_app().run()
    return open_store(data_dir)


def _add_account(store: Store, username: str, name: str, role: Role = Role.GUIDER) -> None:
    create_account(store, AccountDraft(username, name, role, "2468", "2468"), "test", "2026-11-26")


def _sign_in(at: AppTest, username: str, secret: str) -> AppTest:
    at.text_input(key="sign_in_username").input(username)
    at.text_input(key="sign_in_secret").input(secret)
    return button_labelled(at, "Sign in").click().run()


@pytest.fixture
def served_on_the_network() -> Iterator[None]:
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_first_run_asks_for_the_first_account_then_signs_in(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app(signed_in=False).run()
    assert not at.exception
    assert "Welcome. First, make your guider account" in _text(at)
    assert "Jade" not in everything_shown(at)
    button_labelled(at, "Make my account and sign in").click().run()
    errors = [e.value for e in at.error]
    assert "Please enter the name families know you by." in errors
    assert "Please choose a PIN or password of at least 4." in errors
    at.text_input(key="first_account_display_name").input("Demo Guider")
    at.text_input(key="first_account_username").input("Demo")
    at.text_input(key="first_account_secret").input("2468")
    at.text_input(key="first_account_secret_again").input("2468")
    button_labelled(at, "Make my account and sign in").click().run()
    assert not at.exception
    assert at.title[0].value == "Families"
    assert "Jade \\(demo\\)" in _text(at)
    saved = open_store(data_dir).list_guiders()
    assert [g["username"] for g in saved] == ["demo"] and "2468" not in str(saved)


def test_the_demo_can_be_skipped_into_without_an_account(
    make_app: Callable[..., AppTest],
) -> None:
    at = make_app(signed_in=False).run()
    button_labelled(at, "Skip for now: try the demo").click().run()
    assert at.title[0].value == "Families"
    assert "demo, no account" in _text(at)


def test_every_guider_page_is_listed() -> None:
    assert {"screens/families.py", "screens/family.py", "screens/data.py"} <= set(GUIDER_PAGES)


@pytest.mark.parametrize("page", GUIDER_PAGES)
def test_every_guider_page_needs_sign_in(
    make_app: Callable[..., AppTest], data_dir: Path, page: str
) -> None:
    store = _seeded_store(make_app, data_dir)
    _add_account(store, "ann", "Demo Guider")
    at = make_app(signed_in=False).run()
    _sign_in(at, "ann", "2468")
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(page).run()
    assert not at.exception
    assert "Sign in" not in [s.value for s in at.subheader]
    # Signed out (by hand, after the idle time, or on a new tab), the same page shows sign-in.
    del at.session_state[IDENTITY_KEY]
    at.run()
    assert not at.exception
    text = _text(at)
    assert "Sign in" in text
    assert "Sam" not in text and "Alfie" not in text and "Jade" not in text
    assert words_shown(at, "Sam", "Alfie", "Jade") == []
    assert not at.button or {b.label for b in at.button} == {"Sign in"}


def test_a_demo_tab_is_signed_out_once_an_account_exists(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    assert at.title[0].value == "Families"
    _add_account(open_store(data_dir), "ann", "Ann")
    at.run()
    assert "Sign in" in _text(at) and "Jade" not in everything_shown(at)
    assert "the demo without an account has ended" in at.info[0].value


def test_wrong_pin_five_times_locks_even_after_a_reload(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    _add_account(_seeded_store(make_app, data_dir), "ann", "Demo Guider")
    at = make_app(signed_in=False).run()
    for _ in range(4):
        _sign_in(at, "ann", "1111")
        assert "don't match" in at.error[0].value
    _sign_in(at, "ann", "1111")
    assert "locked after 5 wrong tries" in at.error[0].value
    _sign_in(at, "ann", "2468")
    assert "locked" in at.error[0].value and "Families" not in everything_shown(at)
    reloaded = make_app(signed_in=False).run()
    _sign_in(reloaded, "ann", "2468")
    assert "locked" in reloaded.error[0].value
    assert "Jade" not in everything_shown(reloaded)


def test_right_pin_signs_in_and_shows_only_the_guiders_own_caseload(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    store = _seeded_store(make_app, data_dir)
    _add_account(store, "ann", "Ann")
    draft = FamilyDraft("Mia", "Ola", "ann ", date(2026, 1, 5), baby_age_months=3)
    mia = add_family(store, draft)
    at = make_app(signed_in=False).run()
    _sign_in(at, "ANN", "2468")
    assert not at.exception
    text = _text(at)
    assert "Mia" in text and "Jade" not in text and "Sam" not in text
    assert words_shown(at, "Jade", "Sam") == []
    assert "Signed in: Ann" in text
    assert at.text_input(key="add_family_lead_guider").value == "Ann"
    # Another guider's family cannot be opened by setting it as the open family.
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(FAMILY_PAGE).run()
    assert "Choose a family" in at.info[0].value and "Sam" not in _text(at)
    assert words_shown(at, "Sam") == []
    at.session_state[CURRENT_FAMILY_KEY] = mia.id
    at.switch_page(FAMILY_PAGE).run()
    assert at.title[0].value == "Mia with Ola"


def test_supervisor_sees_supervision_packs_only_never_family_records(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    _add_account(_seeded_store(make_app, data_dir), "sue", "Sue", Role.SUPERVISOR)
    at = make_app(signed_in=False).run()
    _sign_in(at, "sue", "2468")
    assert not at.exception
    assert at.title[0].value == "Supervision"
    # Jade agreed to supervision; Sam did not.
    assert [o for o in at.selectbox(key="supervision_family").options] == ["Jade (demo)"]
    at.session_state[CURRENT_FAMILY_KEY] = JADE
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(FAMILY_PAGE)
    at.run()
    assert at.title[0].value == "Supervision"
    shown = everything_shown(at)
    assert "Consent" not in shown and "Referred by" not in shown and "Noor" not in shown
    at.selectbox(key="supervision_family").select("Jade (demo)").run()
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Jade \\(demo\\)"]
    shown = everything_shown(at)
    assert "Referred by" not in shown and "Consent" not in shown
    events = read_history(open_store(data_dir), JADE).events
    assert [(e.who, e.action, e.detail) for e in events] == [
        ("Sue (sue)", "viewed", "Supervision pack")
    ]


def test_supervisor_comments_on_a_moment_and_can_download_the_pack(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    _add_account(_seeded_store(make_app, data_dir), "sue", "Sue", Role.SUPERVISOR)
    at = make_app(signed_in=False).run()
    _sign_in(at, "sue", "2468")
    at.selectbox(key="supervision_family").select("Jade (demo)").run()
    assert any(b.label == "Download the supervision pack (PDF)" for b in at.get("download_button"))
    box = next(t for t in at.text_area if t.label == "Your comments on this moment")
    box.input("Lovely waiting here <b>before</b> naming it.").run()
    save_key = "save_" + str(box.key)
    at.button(key=save_key).click().run()
    assert not at.exception
    assert at.success[0].value == "Your comments were saved with the moment."
    family = load_family(open_store(data_dir), JADE)
    mine = [c for c in family.supervisor_comments if c.supervisor == "Sue"]
    assert [c.text for c in mine] == ["Lovely waiting here <b>before</b> naming it."]
    assert "Lovely waiting here \\<b\\>before\\</b\\> naming it\\." in _text(at)


def test_the_tab_locks_itself_after_the_idle_time(
    make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIGREVIEW_IDLE_MINUTES", "3")
    at = make_app().run()
    assert at.title[0].value == "Families"
    at.session_state[LAST_ACTIVITY_KEY] = time.time() - 2 * 60
    at.run()
    assert at.title[0].value == "Families"
    at.session_state[LAST_ACTIVITY_KEY] = time.time() - 3 * 60 - 1
    at.run()
    assert "locked itself after 3 minutes without use" in at.info[0].value
    assert "Jade" not in everything_shown(at)


def test_sign_out(make_app: Callable[..., AppTest]) -> None:
    at = make_app().run()
    button_labelled(at, "Sign out").click().run()
    assert "You have signed out." in at.info[0].value and "Jade" not in everything_shown(at)


@pytest.mark.usefixtures("served_on_the_network")
def test_on_the_network_without_accounts_nothing_is_served(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app().run()
    assert not at.exception
    assert at.title[0].value == "VIG Review is not ready for the network"
    assert "no guider account has been made yet" in at.error[0].value
    assert "Jade" not in everything_shown(at) and not at.button
    _add_account(open_store(data_dir), "ann", "Ann")
    at = make_app(signed_in=False).run()
    assert "Sign in" in _text(at)
    assert not [b for b in at.button if b.label == "Skip for now: try the demo"]


def test_withdrawal_shows_what_goes_then_deletes_it_and_says_so(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    store = _seeded_store(make_app, data_dir)
    film = store.media_dir(SAM) / "film-test.mp4"
    still = store.media_dir(SAM) / "stills" / "film-test-3.00.jpg"
    still.parent.mkdir()
    film.write_bytes(b"film " + secrets.token_bytes(32))
    still.write_bytes(b"still " + secrets.token_bytes(32))
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.run()
    at.switch_page(FAMILY_PAGE).run()
    at.multiselect(key="withdraw_purposes").select("filming").run()
    assert "This deletes 1 film or moment clip and 1 still from this device" in (
        at.warning[0].value
    )
    assert button_labelled(at, "Withdraw consent").disabled
    at.checkbox(key="withdraw_confirm").check().run()
    button_labelled(at, "Withdraw consent").click().run()
    assert not at.exception
    assert at.success[0].value == (
        "Consent withdrawn for filming. Deleted 1 film or moment clip and 1 still."
    )
    assert not film.exists() and not still.exists()
    sams = data_dir / "families" / SAM
    assert [p for p in sams.rglob("*") if p.suffix in {".mp4", ".jpg"}] == []
    assert "Footage deleted on" in _text(at)
    assert load_family(store, SAM).footage_deleted_on == date.today()


def test_history_shows_views_once_per_tab_and_consent_changes(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.run()
    at.switch_page(FAMILY_PAGE).run()
    at.run()
    at.checkbox(key="consent_supervision").check()
    at.text_input(key="consent_given_by").input("Sam <script>alert(1)</script>")
    button_labelled(at, "Record consent").click().run()
    assert not at.exception
    events = read_history(open_store(data_dir), SAM).events
    assert [e.action for e in events] == ["viewed", "consent given"]
    assert events[1].detail == "Agreed: supervision, given by Sam <script>alert(1)</script>."
    table = at.dataframe[0].value
    assert list(table["What"]) == ["consent given", "viewed"]
    assert list(table["Who"]) == ["Demo Guider (demo, no account)"] * 2
    # The history has no field or button of its own: it cannot be changed from the app.
    labels = {b.label for b in at.button}
    assert not {label for label in labels if "history" in label.lower()}


def test_typed_text_in_other_scripts_is_kept_and_shown_as_text(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    store = _seeded_store(make_app, data_dir)
    long_name = "نور " + "👶" * 20 + " 林" * 10
    draft = FamilyDraft(long_name[:60], "<img src=x onerror=alert(1)>", "Demo Guider", date.today())
    family = add_family(store, draft)
    record_consent(store, family.id, [ConsentPurpose.FILMING], "**x**", date.today(), "Demo")
    at = make_app()
    at.session_state[CURRENT_FAMILY_KEY] = family.id
    at.run()
    at.switch_page(FAMILY_PAGE).run()
    assert not at.exception
    assert load_family(store, family.id).pseudonym == long_name[:60]
    assert "👶" * 20 in at.title[0].value
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in at.title[0].value
    assert "by \\*\\*x\\*\\*" in _text(at)


def test_footage_due_within_a_week_is_listed_and_warned_about(
    make_app: Callable[..., AppTest], data_dir: Path
) -> None:
    store = _seeded_store(make_app, data_dir)
    close_case(store, SAM, date.today() - timedelta(days=55))
    at = make_app().run()
    warning = at.warning[0].value
    assert "Footage of closed cases will be deleted soon" in warning
    assert "Sam \\(demo\\)" in warning and "(in 5 days)" in warning
    assert "Priya" not in warning  # closed 20 days ago: its day is weeks away
    at.session_state[CURRENT_FAMILY_KEY] = SAM
    at.switch_page(FAMILY_PAGE).run()
    assert "will be deleted on" in at.warning[0].value and "(in 5 days)" in at.warning[0].value
