"""Issue 17 in the app: the network check looks at the client, the parent view fails closed,
a full disk is a message (each test names the finding it proves)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from vigreview.caseload import open_store
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.lan import TRUSTED_PROXIES_ENV, ClientRequest
from vigreview.ui import gate


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
