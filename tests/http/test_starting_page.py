"""The app's address answers with Streamlit's page saying "VIG Review is starting" at once.

The app's own routes and middleware in a Starlette app, driven by Starlette's TestClient; that
the message goes as Streamlit draws is seen in Chromium (tests/browser/test_starting_page.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient
from streamlit import file_util

from vigreview.ui.web.routes import build_middleware, build_routes
from vigreview.ui.web.starting_page import FIRST_PAGE_CODE, MESSAGE, code_files

STREAMLITS_PAGE = Path(file_util.get_static_dir()) / "index.html"


@pytest.fixture
def client() -> Iterator[TestClient]:
    app = Starlette(routes=build_routes(), middleware=build_middleware())
    with TestClient(app) as client:
        yield client


def _tags(page: str, name: str) -> list[str]:
    return re.findall(rf"<{name}\b[^>]*>", page)


def test_the_app_address_says_the_app_is_starting(client: TestClient) -> None:
    answer = client.get("/")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    # Inside the element Streamlit draws into, so its first drawing replaces it.
    root = f'<div id="root"><p class="vig-starting" role="status">{MESSAGE}</p></div>'
    assert root in answer.text
    assert "<title>VIG Review</title>" in answer.text


def test_it_is_streamlits_own_page_with_no_script_added(client: TestClient) -> None:
    page = client.get("/").text
    streamlits = STREAMLITS_PAGE.read_text(encoding="utf-8")
    for tag in ("script", "meta"):
        assert _tags(page, tag) == _tags(streamlits, tag), tag
    added = [link for link in _tags(page, "link") if link not in _tags(streamlits, "link")]
    assert all('rel="modulepreload"' in link for link in added)


def test_the_first_pages_code_is_fetched_with_streamlits(client: TestClient) -> None:
    page = client.get("/").text
    for name in FIRST_PAGE_CODE:
        # A Streamlit that renamed one: the list (from Chromium's requests) needs redoing.
        files = code_files(name)
        assert files, name
        for file in files:
            assert f'rel="modulepreload" crossorigin href="./static/js/{file}"' in page


def test_head_answers_too(client: TestClient) -> None:
    answer = client.head("/")
    assert answer.status_code == 200
    assert answer.content == b""


def test_other_addresses_are_left_to_streamlit(client: TestClient) -> None:
    # Streamlit's own routes are not in this test app: nothing else is answered here.
    assert client.get("/families").status_code == 404
