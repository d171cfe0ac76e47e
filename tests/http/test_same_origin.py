"""Every route of ours that changes something answers only the app's own page.

Claiming and forgetting the sign-in cookie and uploading a film all refuse a request another
site's page could make (cross-site request forgery) with a plain 403, through the one check
in vigreview/ui/web/same_origin.py. The app's own routes in a Starlette app, driven by
Starlette's TestClient: no browser, no Streamlit runtime.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date

import httpx2
import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from tests.http.conftest import ANNS, FROM_OUR_PAGE
from vigreview.caseload import record_consent
from vigreview.models import ConsentPurpose
from vigreview.storage import Store
from vigreview.trust.sign_ins import claim_ticket, start_sign_in
from vigreview.ui.web.film_upload import (
    NAME_HEADER,
    TICKET_HEADER,
    film_upload_path,
    upload_ticket,
)
from vigreview.ui.web.routes import build_middleware, build_routes
from vigreview.ui.web.sign_in_cookie import CLAIM_PATH, COOKIE_NAME, FORGET_PATH

IDLE_MINUTES = 10
# Headers of requests that must be refused, each beside what a browser would send for it.
CROSS_SITE = {
    "another site": {"Origin": "http://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
    "another site, no Sec-Fetch-Site (older browser)": {"Origin": "http://elsewhere.example"},
    "a sandboxed frame or a file": {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
    "another app on this machine": {"Origin": "http://testserver:8502"},
    "our Origin, but the browser says same-site": {**FROM_OUR_PAGE, "Sec-Fetch-Site": "same-site"},
    "no Origin at all": {"Sec-Fetch-Site": "same-origin"},
    "neither header": {},
}

# Sends one request to a changing route with the given extra headers.
Send = Callable[[TestClient, dict[str, str]], httpx2.Response]


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = Starlette(routes=build_routes(), middleware=build_middleware())
    with TestClient(app) as client:
        yield client


def _ticket(store: Store) -> str:
    return start_sign_in(store, "ann", time.time(), IDLE_MINUTES).ticket


def _claim(store: Store) -> Send:
    ticket = _ticket(store)
    return lambda client, headers: client.post(CLAIM_PATH, content=ticket, headers=headers)


def _forget(store: Store) -> Send:
    return lambda client, headers: client.post(FORGET_PATH, headers=headers)


def _upload(store: Store) -> Send:
    """Ann, signed in with filming consent and her ticket: all an upload needs but its origin."""
    record_consent(store, ANNS, [ConsentPurpose.FILMING], "Lena", date.today(), "Ann")
    sign_in = start_sign_in(store, "ann", time.time(), IDLE_MINUTES)
    cookie = claim_ticket(store, sign_in.ticket, time.time(), IDLE_MINUTES)
    assert cookie is not None
    upload_headers = {
        NAME_HEADER: "IMG_0042.MOV",
        TICKET_HEADER: upload_ticket(sign_in.sign_in_id, ANNS),
    }

    def send(client: TestClient, headers: dict[str, str]) -> httpx2.Response:
        client.cookies.set(COOKIE_NAME, cookie)
        return client.put(
            film_upload_path(ANNS), content=b"x" * 1000, headers={**upload_headers, **headers}
        )

    return send


CHANGING_ROUTES = {"claim": _claim, "forget": _forget, "upload": _upload}


def test_every_route_that_changes_something_is_checked_here() -> None:
    """A new POST or PUT route fails here until it is added to CHANGING_ROUTES (and checked)."""
    changing = {
        route.path
        for route in build_routes()
        if isinstance(route, Route) and (route.methods or set()) - {"GET", "HEAD"}
    }
    assert changing == {CLAIM_PATH, FORGET_PATH, film_upload_path("{family_id}")}


@pytest.mark.parametrize("route", CHANGING_ROUTES)
@pytest.mark.parametrize("case", CROSS_SITE)
def test_a_request_from_elsewhere_gets_a_plain_403(
    client: TestClient, store: Store, route: str, case: str
) -> None:
    send = CHANGING_ROUTES[route](store)
    refused = send(client, CROSS_SITE[case])
    assert refused.status_code == 403
    assert refused.content == b"" and "set-cookie" not in refused.headers
    # The same request from the app's own page is taken: the origin alone made the 403.
    assert send(client, FROM_OUR_PAGE).status_code in (201, 204)


def test_a_refused_claim_leaves_the_ticket_for_the_apps_own_page(
    client: TestClient, store: Store
) -> None:
    ticket = _ticket(store)
    other_site = CROSS_SITE["another site"]
    assert client.post(CLAIM_PATH, content=ticket, headers=other_site).status_code == 403
    answer = client.post(CLAIM_PATH, content=ticket, headers=FROM_OUR_PAGE)
    assert answer.status_code == 204 and COOKIE_NAME in answer.headers["set-cookie"]


def test_a_refused_forget_keeps_the_sign_in_cookie(client: TestClient, store: Store) -> None:
    other_site = CROSS_SITE["another site"]
    assert "set-cookie" not in client.post(FORGET_PATH, headers=other_site).headers
    answer = client.post(FORGET_PATH, headers=FROM_OUR_PAGE)
    assert answer.status_code == 204 and "Max-Age=0" in answer.headers["set-cookie"]


def test_a_browser_without_sec_fetch_site_is_taken_from_our_own_page(
    client: TestClient, store: Store
) -> None:
    # Safari before 16.4 sends Origin but no Sec-Fetch-Site.
    answer = client.post(
        CLAIM_PATH, content=_ticket(store), headers={"Origin": "http://testserver"}
    )
    assert answer.status_code == 204


def test_behind_a_forwarder_the_origin_must_match_the_host_it_passes_on(
    client: TestClient, store: Store
) -> None:
    """A forwarder that ends HTTPS: the scheme differs, the host and port must not."""
    passed_on = {"Host": "vig.centre.example", "Origin": "https://vig.centre.example"}
    answer = client.post(CLAIM_PATH, content=_ticket(store), headers=passed_on)
    assert answer.status_code == 204
    with_port = {"Host": "vig.centre.example:8443", "Origin": "https://vig.centre.example:8443"}
    assert client.post(CLAIM_PATH, content=_ticket(store), headers=with_port).status_code == 204
    # A forwarder that puts its own upstream address in Host: refused (README says why).
    for host in ("127.0.0.1:8501", "vig.centre.example"):
        rewritten = {"Host": host, "Origin": "https://vig.centre.example:8443"}
        answer = client.post(CLAIM_PATH, content=_ticket(store), headers=rewritten)
        assert answer.status_code == 403, host
