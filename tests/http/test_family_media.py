"""Issue 12 item 1 over plain HTTP: a family's films and stills only to whoever may see them.

The app's own routes and middleware (what app.py gives st.App) in a Starlette app, driven by
Starlette's TestClient: no browser, no Streamlit runtime needed.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.http.conftest import ANNS, BEAS, FROM_OUR_PAGE
from vigreview.models import ConsentPurpose
from vigreview.retention.erasure import withdraw_and_erase
from vigreview.storage import Store
from vigreview.trust.handover import end_parent_view, start_parent_view
from vigreview.trust.sign_ins import end_sign_in, start_sign_in
from vigreview.ui.parent_mode import COOKIE_NAME as PARENT_VIEW_COOKIE
from vigreview.ui.web.family_media import family_media_path
from vigreview.ui.web.routes import build_middleware, build_routes
from vigreview.ui.web.sign_in_cookie import CLAIM_PATH

IDLE_MINUTES = 10


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    app = Starlette(routes=build_routes(), middleware=build_middleware())
    with TestClient(app) as client:
        yield client


def _media(store: Store, family_id: str) -> tuple[str, bytes, str, bytes]:
    """Put a film and a still in the family's folder; return their URLs and bytes."""
    media = store.media_dir(family_id)
    film, still = media / "film-1.mp4", media / "stills" / "film-1" / "still-3000.jpg"
    still.parent.mkdir(parents=True)
    film_bytes, still_bytes = secrets.token_bytes(5000), secrets.token_bytes(700)
    film.write_bytes(film_bytes)
    still.write_bytes(still_bytes)
    return (
        family_media_path(family_id, media, film),
        film_bytes,
        family_media_path(family_id, media, still),
        still_bytes,
    )


def _sign_in(client: TestClient, store: Store, username: str, *, demo: bool = False) -> str:
    """Sign in as the app does and claim the cookie through the route; return its id."""
    sign_in = start_sign_in(store, username, time.time(), IDLE_MINUTES, demo=demo)
    answer = client.post(CLAIM_PATH, content=sign_in.ticket, headers=FROM_OUR_PAGE)
    assert answer.status_code == 204
    set_cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=strict" in set_cookie
    return sign_in.sign_in_id


def _status(client: TestClient, url: str) -> tuple[int, bytes]:
    answer = client.get(url)
    return answer.status_code, answer.content


def test_nothing_without_a_cookie(client: TestClient, store: Store) -> None:
    film_url, _, still_url, _ = _media(store, ANNS)
    for url in (film_url, still_url):
        assert _status(client, url) == (404, b"")


def test_the_lead_guider_gets_films_with_ranges_and_stills(
    client: TestClient, store: Store
) -> None:
    film_url, film_bytes, still_url, still_bytes = _media(store, ANNS)
    _sign_in(client, store, "ann")
    part = client.get(film_url, headers={"Range": "bytes=100-199"})
    assert part.status_code == 206
    assert part.headers["content-type"] == "video/mp4"
    assert part.headers["content-range"] == f"bytes 100-199/{len(film_bytes)}"
    assert part.content == film_bytes[100:200]
    assert "no-store" in part.headers["cache-control"]
    assert _status(client, film_url) == (200, film_bytes)
    still = client.get(still_url)
    assert (still.status_code, still.content) == (200, still_bytes)
    assert still.headers["content-type"] == "image/jpeg"


def test_another_guiders_cookie_gets_nothing(client: TestClient, store: Store) -> None:
    film_url, _, still_url, _ = _media(store, ANNS)
    _sign_in(client, store, "bea")
    for url in (film_url, still_url):
        assert _status(client, url) == (404, b"")


def test_nothing_after_consent_withdrawal_or_sign_out(client: TestClient, store: Store) -> None:
    film_url, _, still_url, _ = _media(store, ANNS)
    sign_in_id = _sign_in(client, store, "ann")
    assert _status(client, film_url)[0] == 200
    withdraw_and_erase(store, ANNS, [ConsentPurpose.FILMING], on=date.today(), who="ann")
    for url in (film_url, still_url):
        assert _status(client, url) == (404, b"")
    film_url, _, _, _ = _media(store, BEAS)
    bea = _sign_in(client, store, "bea")
    assert _status(client, film_url)[0] == 200
    end_sign_in(store, bea)
    end_sign_in(store, sign_in_id)
    assert _status(client, film_url) == (404, b"")


def test_the_parent_view_device_gets_only_its_familys_films(
    client: TestClient, store: Store
) -> None:
    anns_film, anns_bytes, _, _ = _media(store, ANNS)
    beas_film, _, _, _ = _media(store, BEAS)
    view = start_parent_view(store, ANNS, 1, datetime.now())
    client.cookies.set(PARENT_VIEW_COOKIE, view.token)
    assert _status(client, anns_film) == (200, anns_bytes)
    assert _status(client, beas_film) == (404, b"")
    end_parent_view(store, view.token)
    assert _status(client, anns_film) == (404, b"")


def test_no_way_out_of_the_familys_media_folder(client: TestClient, store: Store) -> None:
    _media(store, ANNS)
    _sign_in(client, store, "ann")
    (store.family_dir(ANNS) / "keepsake.jpg").write_bytes(b"outside media")
    for path in (
        f"/family-media/{ANNS}/../record.json",
        f"/family-media/{ANNS}/%2e%2e/keepsake.jpg",
        f"/family-media/{ANNS}/..%2fkeepsake.jpg",
        f"/family-media/{ANNS}/stills",
        f"/family-media/{ANNS}/nothing.mp4",
    ):
        assert _status(client, path) == (404, b""), path
    # Normalised by the client to /etc/passwd: no route of ours, and no file.
    assert client.get("/family-media/../../etc/passwd").status_code == 404


def test_the_demo_sign_in_ends_once_accounts_exist(client: TestClient, store: Store) -> None:
    film_url, _, _, _ = _media(store, ANNS)
    _sign_in(client, store, "demo", demo=True)
    assert _status(client, film_url) == (404, b"")


def test_a_bad_ticket_claims_no_cookie(client: TestClient, store: Store) -> None:
    answer = client.post(CLAIM_PATH, content="not-a-ticket", headers=FROM_OUR_PAGE)
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    sign_in = start_sign_in(store, "ann", time.time(), IDLE_MINUTES)
    assert client.post(CLAIM_PATH, content=sign_in.ticket, headers=FROM_OUR_PAGE).status_code == 204
    assert client.post(CLAIM_PATH, content=sign_in.ticket, headers=FROM_OUR_PAGE).status_code == 403
    assert client.get(CLAIM_PATH).status_code == 405


def test_every_response_carries_the_security_headers(client: TestClient, store: Store) -> None:
    film_url, _, _, _ = _media(store, ANNS)
    for answer in (client.get(film_url), client.post(CLAIM_PATH, content="x")):
        policy = answer.headers["content-security-policy"]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "connect-src 'self' ws://testserver wss://testserver" in policy
        assert answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["x-content-type-options"] == "nosniff"
