"""Fixtures for the HTTP tests of the app's own routes: two guiders, each leading a family."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import streamlit as st

from vigreview.caseload import open_store
from vigreview.codec import family_to_doc
from vigreview.models import Family
from vigreview.storage import Store
from vigreview.trust.accounts import AccountDraft, Role, create_account

ANNS = "fam-anns"  # Ann's family
BEAS = "fam-beas"  # Bea's family
# What a browser says about a fetch from the app's own page (TestClient's host is testserver).
FROM_OUR_PAGE = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


def run_on_a_thread_of_its_own(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run `coroutine` to its end with asyncio.run on a new thread and return its result.

    A test run before in the same pytest worker (a browser test's Playwright) can leave an
    event loop running on the worker's thread, where asyncio.run refuses.
    """
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    """A data folder with guiders Ann and Bea (PIN 2468), each leading one family."""
    # The routes find the store through Streamlit's resource cache: start and end empty.
    st.cache_resource.clear()
    store = open_store(data_dir)
    for username, name in (("ann", "Ann"), ("bea", "Bea")):
        draft = AccountDraft(username, name, Role.GUIDER, "2468", "2468")
        create_account(store, draft, "test", "2026-12-01")
    for family_id, lead in ((ANNS, "Ann"), (BEAS, "Bea")):
        family = Family(family_id, "Lena", "Ollie", lead_guider=lead, opened_on=date.today())
        store.create_family(family_to_doc(family))
    yield store
    st.cache_resource.clear()
