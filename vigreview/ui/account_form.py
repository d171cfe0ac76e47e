"""Reading a new-account form (first run and Guider accounts) from the tab's state."""

from __future__ import annotations

import streamlit as st

from vigreview.trust.accounts import (
    AccountDraft,
    Role,
    list_accounts,
    name_key,
    validate_account_draft,
)
from vigreview.ui.resources import get_store


def read_account_draft(prefix: str, role: Role) -> AccountDraft:
    """Return the account form's fields, stored under widget keys starting with `prefix`."""
    state = st.session_state
    return AccountDraft(
        username=state.get(prefix + "username") or "",
        display_name=state.get(prefix + "display_name") or "",
        role=role,
        secret=state.get(prefix + "secret") or "",
        secret_again=state.get(prefix + "secret_again") or "",
    )


def check_account_draft(draft: AccountDraft) -> dict[str, str]:
    """Return a plain message per field to change, including a name already taken."""
    accounts = list_accounts(get_store())
    names = frozenset(name_key(a.display_name) for a in accounts)
    return validate_account_draft(draft, {a.username for a in accounts}, names)
