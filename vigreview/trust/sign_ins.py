"""The server's record of who is signed in on which browser, so a reload keeps the sign-in.

A sign-in gets an unguessable token, carried by the browser only in an HttpOnly cookie. The
browser gets that cookie by claiming a one-time ticket (short-lived, used once) through the
app's own route, so the token itself is never in a page, a script or an address. The store
keeps only SHA-256 digests of tokens and tickets: a copy of the data folder cannot be used to
sign in. A record ends at sign-out, when its browser has been idle as long as the idle lock
allows, or when something else ends it (`end_sign_in`, e.g. handing the tablet to a parent).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from vigreview.storage import Store
from vigreview.trust.idle import has_gone_idle

SIGN_INS_KEY = "sign_ins"
# Long enough for the page to fetch its cookie just after signing in, short enough that a
# ticket seen later (in a log, say) is useless.
TICKET_SECONDS = 60.0
# Each open tab notes its use in the record at most this often, so a busy tab does not
# rewrite the caseload index on every tap; idle time is counted in minutes.
TOUCH_EVERY_SECONDS = 30.0


@dataclass(frozen=True)
class SignIn:
    """A fresh sign-in: its id (kept server-side by the tab) and the ticket that claims it."""

    sign_in_id: str
    ticket: str


@dataclass(frozen=True)
class SignInRecord:
    """Who a sign-in belongs to, and when its browser was last used."""

    sign_in_id: str
    username: str
    demo: bool
    last_activity: float


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _records(settings: dict[str, Any]) -> dict[str, Any]:
    records = settings.get(SIGN_INS_KEY)
    return dict(records) if isinstance(records, dict) else {}


def _record_from(sign_in_id: str, entry: Any) -> SignInRecord | None:
    if not isinstance(entry, dict):
        return None
    try:
        return SignInRecord(
            sign_in_id=sign_in_id,
            username=str(entry["username"]),
            demo=bool(entry.get("demo", False)),
            last_activity=float(entry["last_activity"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _is_live(sign_in_id: str, entry: Any, now: float, idle_minutes: int) -> bool:
    record = _record_from(sign_in_id, entry)
    return record is not None and not has_gone_idle(record.last_activity, now, idle_minutes)


def _live_records(settings: dict[str, Any], now: float, idle_minutes: int) -> dict[str, Any]:
    return {
        key: entry
        for key, entry in _records(settings).items()
        if _is_live(key, entry, now, idle_minutes)
    }


def start_sign_in(
    store: Store, username: str, now: float, idle_minutes: int, *, demo: bool = False
) -> SignIn:
    """Record a new sign-in of `username` and return its id and one-time ticket.

    Expired records of other browsers are dropped on the way, so the list stays short.
    """
    sign_in = SignIn(sign_in_id=secrets.token_urlsafe(24), ticket=secrets.token_urlsafe(32))
    entry = {
        "username": username,
        "demo": demo,
        "last_activity": now,
        "ticket": _digest(sign_in.ticket),
        "ticket_until": now + TICKET_SECONDS,
        "cookie": None,
    }

    def add(settings: dict[str, Any]) -> dict[str, Any]:
        records = _live_records(settings, now, idle_minutes)
        records[sign_in.sign_in_id] = entry
        return {**settings, SIGN_INS_KEY: records}

    store.update_settings(add)
    return sign_in


def claim_ticket(store: Store, ticket: str, now: float, idle_minutes: int) -> str | None:
    """Spend a one-time ticket: return a new cookie secret for its sign-in, or None.

    None when the ticket is unknown, already spent, too old, or its sign-in has ended.
    """
    if not ticket:
        return None
    wanted = _digest(ticket)
    cookie = secrets.token_urlsafe(32)
    claimed: list[str] = []

    def spend(settings: dict[str, Any]) -> dict[str, Any]:
        records = _records(settings)
        for key, entry in records.items():
            if not _is_live(key, entry, now, idle_minutes) or entry.get("ticket") != wanted:
                continue
            if float(entry.get("ticket_until") or 0) < now:
                continue
            records[key] = {**entry, "ticket": None, "cookie": _digest(cookie)}
            claimed.append(key)
        return {**settings, SIGN_INS_KEY: records}

    store.update_settings(spend)
    return cookie if claimed else None


def find_sign_in_by_cookie(
    store: Store, cookie: str, now: float, idle_minutes: int
) -> SignInRecord | None:
    """Return the live sign-in this browser's cookie belongs to, or None."""
    if not cookie:
        return None
    wanted = _digest(cookie)
    for key, entry in _records(store.load_settings()).items():
        if isinstance(entry, dict) and entry.get("cookie") == wanted:
            record = _record_from(key, entry)
            if record and not has_gone_idle(record.last_activity, now, idle_minutes):
                return record
    return None


def find_sign_in(store: Store, sign_in_id: str) -> SignInRecord | None:
    """Return the sign-in with this id while it has not been ended, else None."""
    return _record_from(sign_in_id, _records(store.load_settings()).get(sign_in_id))


def note_sign_in_used(store: Store, sign_in_id: str, now: float) -> None:
    """Move the sign-in's last use to `now` (callers do this at most every TOUCH_EVERY_SECONDS)."""

    def touch(settings: dict[str, Any]) -> dict[str, Any]:
        records = _records(settings)
        entry = records.get(sign_in_id)
        if isinstance(entry, dict):
            records[sign_in_id] = {**entry, "last_activity": now}
        return {**settings, SIGN_INS_KEY: records}

    store.update_settings(touch)


def end_sign_in(store: Store, sign_in_id: str) -> None:
    """End one sign-in: its browser's cookie no longer signs anyone in."""

    def drop(settings: dict[str, Any]) -> dict[str, Any]:
        records = _records(settings)
        records.pop(sign_in_id, None)
        return {**settings, SIGN_INS_KEY: records}

    store.update_settings(drop)
