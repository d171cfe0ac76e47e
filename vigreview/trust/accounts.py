"""Named guider accounts: who may sign in, in which role, and checking their PIN or password.

A PIN or password is only ever kept as a slow salted hash (vigreview.trust.passwords). Wrong tries
are counted per account on the server (vigreview.trust.lockout), so a reload does not reset them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from functools import cache
from typing import Any

from vigreview.storage import RecordUnreadable, Store
from vigreview.trust.facts import note_account_removed
from vigreview.trust.lockout import TryCount, count_from_doc, count_to_doc, count_wrong_try
from vigreview.trust.passwords import hash_secret, verify_secret

MIN_SECRET_LENGTH = 4
MAX_SECRET_LENGTH = 128
MAX_USERNAME_LENGTH = 30
MAX_DISPLAY_NAME_LENGTH = 60
# Settings key for wrong tries per username: kept beside the accounts, not in a browser tab.
WRONG_TRIES_KEY = "sign_in_wrong_tries"
# The account id that stands for the demo without an account (vigreview.trust.ownership).
DEMO_LEAD_ID = "demo"


class Role(StrEnum):
    """What an account may see: a guider their caseload, a supervisor supervision packs only."""

    GUIDER = "guider"
    SUPERVISOR = "supervisor"


ROLE_TITLES = {Role.GUIDER: "Guider", Role.SUPERVISOR: "Supervisor"}


@dataclass(frozen=True)
class Account:
    """One person who signs in; `display_name` is how the caseload names them as lead guider."""

    username: str
    display_name: str
    role: Role
    secret_hash: str
    created_on: str = ""
    created_by: str = ""
    administrator: bool = False


@dataclass(frozen=True)
class AccountDraft:
    """The fields of the new-account form, as typed."""

    username: str
    display_name: str
    role: Role
    secret: str
    secret_again: str


class SignInOutcome(StrEnum):
    """How a sign-in attempt ended."""

    SIGNED_IN = "signed_in"
    WRONG = "wrong"
    LOCKED = "locked"


@dataclass(frozen=True)
class SignInResult:
    """The outcome of one attempt, the account when it worked, and minutes left when locked."""

    outcome: SignInOutcome
    account: Account | None = None
    minutes_locked: int = 0


def normalise_username(text: str) -> str:
    """Return the username as it is stored: trimmed, NFC and lower case."""
    return unicodedata.normalize("NFC", text.strip()).casefold()


def account_from_doc(doc: dict[str, Any]) -> Account:
    """Build an Account from a stored guider document."""
    return Account(
        username=str(doc["username"]),
        display_name=str(doc.get("display_name") or doc["username"]),
        role=Role(doc.get("role") or Role.GUIDER),
        secret_hash=str(doc.get("secret_hash") or ""),
        created_on=str(doc.get("created_on") or ""),
        created_by=str(doc.get("created_by") or ""),
        administrator=doc.get("administrator") is True,
    )


def account_to_doc(account: Account) -> dict[str, Any]:
    """Return the account as the document the store keeps."""
    return {
        "username": account.username,
        "display_name": account.display_name,
        "role": account.role.value,
        "secret_hash": account.secret_hash,
        "created_on": account.created_on,
        "created_by": account.created_by,
        "administrator": account.administrator,
    }


def list_accounts(store: Store) -> list[Account]:
    """Return every account, ordered by username, with an administrator among them.

    Accounts saved before there were administrators (or after the last one was lost) get one
    as they are read: the first guider account made (the first-run one, else the earliest).
    """
    accounts = [account_from_doc(doc) for doc in store.list_guiders() if doc.get("username")]
    if accounts and not any(a.administrator for a in accounts):
        guiders = [a for a in accounts if a.role == Role.GUIDER] or accounts
        first = min(guiders, key=lambda a: (a.created_by != "first run", a.created_on, a.username))
        accounts = [replace(a, administrator=True) if a == first else a for a in accounts]
    return accounts


def has_accounts(store: Store) -> bool:
    """Return True once at least one account exists."""
    return bool(store.list_guiders())


def find_account(store: Store, username: str) -> Account | None:
    """Return the account with this username (as typed, in any case), if there is one."""
    wanted = normalise_username(username)
    return next((a for a in list_accounts(store) if a.username == wanted), None)


def name_key(display_name: str) -> str:
    """Return what makes two display names the same: trimmed, NFC, ignoring case."""
    return unicodedata.normalize("NFC", display_name.strip()).casefold()


def validate_account_draft(
    draft: AccountDraft, taken: set[str], taken_names: frozenset[str] = frozenset()
) -> dict[str, str]:
    """Return a message per field that needs changing; empty when the account can be made.

    `taken`: sign-in names in use; `taken_names`: display names in use (as `name_key`s), since
    two people with one name could not be told apart on a family or in its history.
    """
    errors: dict[str, str] = {}
    username = normalise_username(draft.username)
    if not username:
        errors["username"] = "Please choose a sign-in name, such as your first name."
    elif len(username) > MAX_USERNAME_LENGTH:
        errors["username"] = f"Please keep the sign-in name to {MAX_USERNAME_LENGTH} characters."
    elif not all(ch.isalnum() or ch in "._-" for ch in username):
        errors["username"] = "Please use only letters, numbers, dots, dashes or underscores."
    elif username in taken:
        errors["username"] = "That sign-in name is already taken. Please choose another."
    name = draft.display_name.strip()
    if not name:
        errors["display_name"] = "Please enter the name families know you by."
    elif len(name) > MAX_DISPLAY_NAME_LENGTH:
        errors["display_name"] = (
            f"Please keep the name to {MAX_DISPLAY_NAME_LENGTH} characters or fewer."
        )
    elif name_key(name) in taken_names:
        errors["display_name"] = (
            "Another account already has that name. Please add a surname or an initial."
        )
    if len(draft.secret) < MIN_SECRET_LENGTH:
        errors["secret"] = f"Please choose a PIN or password of at least {MIN_SECRET_LENGTH}."
    elif len(draft.secret) > MAX_SECRET_LENGTH:
        errors["secret"] = f"Please keep the PIN or password to {MAX_SECRET_LENGTH} characters."
    elif draft.secret.strip() != draft.secret:
        errors["secret"] = "Please don't start or end the PIN or password with a space."
    elif draft.secret != draft.secret_again:
        errors["secret_again"] = "The two PINs or passwords are not the same. Please type again."
    return errors


def create_account(store: Store, draft: AccountDraft, created_by: str, today: str) -> Account:
    """Save a new account from a validated draft, hashing its PIN or password."""
    account = Account(
        username=normalise_username(draft.username),
        display_name=draft.display_name.strip(),
        role=draft.role,
        secret_hash=hash_secret(draft.secret),
        created_on=today,
        created_by=created_by,
        administrator=not has_accounts(store),  # the first account runs the machine
    )
    store.save_guider(account_to_doc(account))
    return account


def delete_account(store: Store, username: str) -> None:
    """Remove an account and forget its wrong tries; no restore brings it back."""
    store.delete_guider(username)
    note_account_removed(store, username)
    _save_try_count(store, username, None)


def read_try_count(store: Store, username: str) -> TryCount:
    """Return the wrong tries counted for `username`."""
    counts = store.load_settings().get(WRONG_TRIES_KEY) or {}
    return count_from_doc(counts.get(normalise_username(username)))


def _save_try_count(store: Store, username: str, count: TryCount | None) -> None:
    def change(settings: dict[str, Any]) -> dict[str, Any]:
        counts = dict(settings.get(WRONG_TRIES_KEY) or {})
        if count is None:
            counts.pop(username, None)
        else:
            counts[username] = count_to_doc(count)
        return {**settings, WRONG_TRIES_KEY: counts}

    store.update_settings(change)


def _count_try_first(store: Store, username: str, now: datetime) -> TryCount | None:
    """Count this try as wrong before its secret is looked at; None when already locked.

    Read and counted under the caseload lock, so tries sent at once from many tablets are
    counted one after another and no more than MAX_WRONG_TRIES secrets are ever checked
    before the lock starts. A try whose secret turns out right clears the count afterwards.
    """
    counted: list[TryCount | None] = []

    def change(settings: dict[str, Any]) -> dict[str, Any]:
        counts = dict(settings.get(WRONG_TRIES_KEY) or {})
        current = count_from_doc(counts.get(username))
        if current.is_locked(now):
            counted.append(None)
            return settings
        updated = count_wrong_try(current, now)
        counts[username] = count_to_doc(updated)
        counted.append(updated)
        return {**settings, WRONG_TRIES_KEY: counts}

    store.update_settings(change)
    return counted[0]


@cache
def _decoy_hash() -> str:
    # Checked when the name is unknown, so a wrong name takes as long as a wrong PIN.
    return hash_secret("not anybody's secret")


def sign_in(store: Store, username: str, secret: str, now: datetime) -> SignInResult:
    """Check a sign-in attempt; five wrong tries in a row lock the account for a few minutes.

    The try is counted before the secret is checked (see `_count_try_first`), and a locked
    account is refused without looking at the secret. An unknown name is answered
    exactly like a wrong PIN, so the form does not reveal which names exist.
    """
    account = find_account(store, username)
    if account is None:
        verify_secret(secret, _decoy_hash())
        return SignInResult(SignInOutcome.WRONG)
    counted = _count_try_first(store, account.username, now)
    if counted is None:
        count = read_try_count(store, account.username)
        return SignInResult(SignInOutcome.LOCKED, minutes_locked=count.minutes_left(now))
    if verify_secret(secret, account.secret_hash):
        _save_try_count(store, account.username, None)
        return SignInResult(SignInOutcome.SIGNED_IN, account=account)
    if counted.is_locked(now):
        return SignInResult(SignInOutcome.LOCKED, minutes_locked=counted.minutes_left(now))
    return SignInResult(SignInOutcome.WRONG)


def accounts_are_lost(store: Store, lead_ids: Iterable[str]) -> bool:
    """Return True when accounts must exist but none can be read.

    That is when the accounts file is damaged beyond its backups, or when it is gone while
    families on disk are led by accounts (`lead_ids`: each family's lead account id, "" for
    none; the demo's are not accounts). The app must then show no family and offer no demo.
    """
    try:
        if has_accounts(store):
            return False
    except RecordUnreadable:
        return True
    return any(lead and lead != DEMO_LEAD_ID for lead in lead_ids)
