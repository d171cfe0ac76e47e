"""Sign-in records: one-time tickets, cookies found only while the record lives, ending."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vigreview.caseload import open_store
from vigreview.storage import Store
from vigreview.trust.sign_ins import (
    TICKET_SECONDS,
    claim_ticket,
    end_sign_in,
    find_sign_in,
    find_sign_in_by_cookie,
    note_sign_in_used,
    start_sign_in,
)

NOW = 1_800_000_000.0
IDLE = 10


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "data")


def test_a_ticket_claims_a_cookie_once(store: Store) -> None:
    sign_in = start_sign_in(store, "ann", NOW, IDLE)
    cookie = claim_ticket(store, sign_in.ticket, NOW + 1, IDLE)
    assert cookie is not None and cookie != sign_in.ticket
    assert claim_ticket(store, sign_in.ticket, NOW + 2, IDLE) is None
    record = find_sign_in_by_cookie(store, cookie, NOW + 3, IDLE)
    assert record is not None and record.username == "ann"
    assert record.sign_in_id == sign_in.sign_in_id


def test_a_stale_or_wrong_ticket_claims_nothing(store: Store) -> None:
    sign_in = start_sign_in(store, "ann", NOW, IDLE)
    assert claim_ticket(store, "guess", NOW, IDLE) is None
    assert claim_ticket(store, "", NOW, IDLE) is None
    assert claim_ticket(store, sign_in.ticket, NOW + TICKET_SECONDS + 1, IDLE) is None


def test_the_store_never_holds_a_ticket_or_cookie_in_clear(store: Store, tmp_path: Path) -> None:
    sign_in = start_sign_in(store, "ann", NOW, IDLE)
    cookie = claim_ticket(store, sign_in.ticket, NOW, IDLE)
    assert cookie is not None
    saved = json.dumps(store.load_settings())
    assert sign_in.ticket not in saved and cookie not in saved


def test_the_cookie_stops_working_when_the_browser_went_idle(store: Store) -> None:
    sign_in = start_sign_in(store, "ann", NOW, IDLE)
    cookie = claim_ticket(store, sign_in.ticket, NOW, IDLE)
    assert cookie is not None
    assert find_sign_in_by_cookie(store, cookie, NOW + IDLE * 60 - 1, IDLE) is not None
    assert find_sign_in_by_cookie(store, cookie, NOW + IDLE * 60, IDLE) is None
    # Use moves the idle time on.
    note_sign_in_used(store, sign_in.sign_in_id, NOW + 300)
    assert find_sign_in_by_cookie(store, cookie, NOW + IDLE * 60 + 1, IDLE) is not None


def test_ending_a_sign_in_ends_its_cookie_only(store: Store) -> None:
    first = start_sign_in(store, "ann", NOW, IDLE)
    second = start_sign_in(store, "bea", NOW, IDLE)
    first_cookie = claim_ticket(store, first.ticket, NOW, IDLE)
    second_cookie = claim_ticket(store, second.ticket, NOW, IDLE)
    assert first_cookie and second_cookie
    end_sign_in(store, first.sign_in_id)
    assert find_sign_in(store, first.sign_in_id) is None
    assert find_sign_in_by_cookie(store, first_cookie, NOW, IDLE) is None
    assert find_sign_in_by_cookie(store, second_cookie, NOW, IDLE) is not None


def test_expired_records_are_dropped_when_a_new_one_is_made(store: Store) -> None:
    old = start_sign_in(store, "ann", NOW, IDLE)
    start_sign_in(store, "bea", NOW + IDLE * 60 + 1, IDLE)
    assert find_sign_in(store, old.sign_in_id) is None
