"""Pure rules of issue 6: loopback, idle timeout, wrong-try lockout and retention dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from vigreview.models import CaseStatus, Family
from vigreview.retention.sweep import RetentionStage, decide_retention
from vigreview.trust.idle import has_gone_idle, parse_idle_minutes, seconds_until_idle
from vigreview.trust.lan import explain_refusal, is_loopback
from vigreview.trust.lockout import (
    LOCK_MINUTES,
    MAX_WRONG_TRIES,
    TryCount,
    count_from_doc,
    count_to_doc,
    count_wrong_try,
    tries_left,
)

NOW = datetime(2026, 11, 26, 14, 0)


@pytest.mark.parametrize("address", ["127.0.0.1", "127.8.9.1", "::1", "[::1]", "localhost"])
def test_loopback_addresses(address: str) -> None:
    assert is_loopback(address)
    assert explain_refusal(address, has_accounts=False) is None


@pytest.mark.parametrize("address", ["0.0.0.0", "::", "", None, "192.168.1.20", "centre-pc"])
def test_network_addresses_are_refused_without_accounts(address: str | None) -> None:
    assert not is_loopback(address)
    reason = explain_refusal(address, has_accounts=False)
    assert reason is not None and "no guider account" in reason
    assert explain_refusal(address, has_accounts=True) is None


def test_idle_after_the_configured_minutes() -> None:
    start = 1000.0
    assert not has_gone_idle(start, start + 9 * 60 + 59, 10)
    assert has_gone_idle(start, start + 10 * 60, 10)
    assert seconds_until_idle(start, start + 60, 10) == 540
    assert seconds_until_idle(start, start + 3600, 10) == 0


@pytest.mark.parametrize(("raw", "minutes"), [(None, 10), ("", 10), (" 3 ", 3), ("240", 240)])
def test_idle_minutes_from_configuration(raw: str | None, minutes: int) -> None:
    assert parse_idle_minutes(raw) == minutes


@pytest.mark.parametrize("raw", ["0", "-5", "241", "ten", "2.5"])
def test_idle_minutes_out_of_range_are_refused_with_a_message(raw: str) -> None:
    with pytest.raises(ValueError, match="VIGREVIEW_IDLE_MINUTES should be a whole number"):
        parse_idle_minutes(raw)


def test_fifth_wrong_try_locks_for_a_few_minutes_then_lifts() -> None:
    count = TryCount()
    for tried in range(1, MAX_WRONG_TRIES):
        count = count_wrong_try(count, NOW)
        assert not count.is_locked(NOW)
        assert tries_left(count) == MAX_WRONG_TRIES - tried
    count = count_wrong_try(count, NOW)
    assert count.is_locked(NOW)
    assert count.minutes_left(NOW) == LOCK_MINUTES
    assert count.minutes_left(NOW + timedelta(seconds=61)) == LOCK_MINUTES - 1
    later = NOW + timedelta(minutes=LOCK_MINUTES)
    assert not count.is_locked(later)
    # After the lock lifts the count starts again: one more wrong try does not re-lock.
    again = count_wrong_try(count, later)
    assert again.wrong_tries == 1 and not again.is_locked(later)


def test_try_counts_survive_being_saved_and_garbage_counts_as_none() -> None:
    locked = count_wrong_try(TryCount(wrong_tries=4), NOW)
    assert count_from_doc(count_to_doc(locked)) == locked
    assert count_from_doc(None) == TryCount()
    assert count_from_doc({"wrong_tries": "x"}) == TryCount()
    assert count_from_doc({"locked_until": "not a time"}) == TryCount()


def _closed_family(closed_on: date, retention_days: int = 60) -> Family:
    return Family(
        id="fam-aaaa",
        pseudonym="A",
        baby_name="B",
        lead_guider="C",
        opened_on=closed_on - timedelta(days=100),
        status=CaseStatus.CLOSED,
        closed_on=closed_on,
        retention_days=retention_days,
    )


def test_retention_stages_by_date() -> None:
    closed = date(2026, 1, 10)
    family = _closed_family(closed, retention_days=60)
    due = date(2026, 3, 11)
    assert decide_retention(family, date(2026, 3, 3)).stage == RetentionStage.KEEP
    warn = decide_retention(family, date(2026, 3, 4))
    assert warn.stage == RetentionStage.WARN and warn.days_left == 7 and warn.due_on == due
    assert decide_retention(family, date(2026, 3, 10)).days_left == 1
    assert decide_retention(family, due).stage == RetentionStage.DUE
    assert decide_retention(family, due + timedelta(days=30)).stage == RetentionStage.DUE


def test_open_cases_have_no_clock_and_deleted_footage_is_not_due_again() -> None:
    family = _closed_family(date(2026, 1, 10))
    reopened = replace(family, status=CaseStatus.OPEN, closed_on=None)
    assert decide_retention(reopened, date(2027, 1, 1)).stage == RetentionStage.OPEN
    done = replace(family, footage_deleted_on=date(2026, 3, 11))
    assert decide_retention(done, date(2026, 4, 1)).stage == RetentionStage.DELETED
    # Deleted before a later closing (e.g. consent withdrawn, then reopened and filmed again):
    # the new closing starts a new clock.
    closed_again = replace(done, closed_on=date(2026, 6, 1))
    assert decide_retention(closed_again, date(2026, 7, 31)).stage == RetentionStage.DUE
