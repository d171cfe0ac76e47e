"""Issue 12 item 2 over plain HTTP: a film streamed to the family's folder as it arrives.

The app's own routes and middleware (what app.py gives st.App) in a Starlette app, driven by
Starlette's TestClient, by raw ASGI messages (a tablet that goes away part-way), and by a
real uvicorn server on loopback fed through a socket: no browser, no Streamlit runtime.
"""

from __future__ import annotations

import errno
import secrets
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.testclient import TestClient

from tests.browser.app_steps import find_free_port
from tests.http.conftest import (  # Ann's has filming consent, Bea's has none
    ANNS,
    BEAS,
    FROM_OUR_PAGE,
    run_on_a_thread_of_its_own,
)
from vigreview.caseload import record_consent, withdraw_consent
from vigreview.media.uploads import ArrivingFile, find_upload
from vigreview.models import ConsentPurpose
from vigreview.storage import Store
from vigreview.trust.sign_ins import claim_ticket, start_sign_in
from vigreview.ui.web import film_upload
from vigreview.ui.web.film_upload import (
    NAME_HEADER,
    TICKET_HEADER,
    film_upload_path,
    upload_ticket,
)
from vigreview.ui.web.routes import build_middleware, build_routes
from vigreview.ui.web.sign_in_cookie import COOKIE_NAME

IDLE_MINUTES = 10
WAIT_S = 15.0


@pytest.fixture
def store(store: Store) -> Store:
    """Ann's and Bea's families (tests/http/conftest.py), with filming consent for Ann's."""
    record_consent(store, ANNS, [ConsentPurpose.FILMING], "Lena", date.today(), "Ann")
    return store


@pytest.fixture
def app(store: Store) -> Starlette:
    return Starlette(routes=build_routes(), middleware=build_middleware())


@pytest.fixture
def client(app: Starlette) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


def _signed_in(store: Store, username: str) -> tuple[str, str]:
    """Sign `username` in as the app does; return the sign-in's id and its cookie."""
    sign_in = start_sign_in(store, username, time.time(), IDLE_MINUTES)
    cookie = claim_ticket(store, sign_in.ticket, time.time(), IDLE_MINUTES)
    assert cookie is not None
    return sign_in.sign_in_id, cookie


def _headers(sign_in_id: str, family_id: str, name: str = "IMG_0042.MOV") -> dict[str, str]:
    """Headers the film picker sends from the app's own page."""
    return {
        **FROM_OUR_PAGE,
        NAME_HEADER: name,
        TICKET_HEADER: upload_ticket(sign_in_id, family_id),
    }


def _files_in_media(store: Store, family_id: str) -> list[str]:
    """Every file in the family's media folder, hidden ones (temporary, uploads) included."""
    folder = store.family_dir(family_id) / "media"
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def _pieces(data: bytes, size: int = 256 * 1024) -> Iterator[bytes]:
    """Send `data` as a stream of pieces (chunked), as a slow link delivers it."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_film_streamed_through_the_route_arrives_byte_exact(
    client: TestClient, store: Store
) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)
    film = secrets.token_bytes(5 * 1024 * 1024 + 123)
    for body in (film, _pieces(film)):  # with Content-Length, then chunked without it
        answer = client.put(
            film_upload_path(ANNS), content=body, headers=_headers(sign_in_id, ANNS)
        )
        assert answer.status_code == 201, answer.text
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
        stored = answer.json()["upload"]
        assert stored.endswith(".mov")
        path = find_upload(store.media_dir(ANNS), stored)
        assert path is not None and path.read_bytes() == film
        path.unlink()
        # Only the finished upload was ever left: no temporary part beside it.
        assert _files_in_media(store, ANNS) == []


def test_no_cookie_another_guider_or_a_wrong_ticket_writes_nothing(
    client: TestClient, store: Store
) -> None:
    film = secrets.token_bytes(64 * 1024)
    url = film_upload_path(ANNS)
    ann, ann_cookie = _signed_in(store, "ann")
    bea, bea_cookie = _signed_in(store, "bea")
    attempts = [
        (None, _headers(ann, ANNS)),  # no cookie at all
        (bea_cookie, _headers(bea, ANNS)),  # another guider, with her own ticket
        (bea_cookie, _headers(ann, ANNS)),  # another guider with Ann's ticket
        (ann_cookie, {**_headers(ann, ANNS), TICKET_HEADER: ""}),  # no ticket
        (ann_cookie, _headers(ann, BEAS)),  # a ticket for another family
        (ann_cookie, _headers(bea, ANNS)),  # a ticket for another sign-in
    ]
    for cookie, headers in attempts:
        client.cookies.clear()
        if cookie is not None:
            client.cookies.set(COOKIE_NAME, cookie)
        answer = client.put(url, content=film, headers=headers)
        assert answer.status_code == 403, headers
        assert _files_in_media(store, ANNS) == []


def test_a_post_from_another_site_writes_nothing(client: TestClient, store: Store) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)
    good = _headers(sign_in_id, ANNS)
    no_origin = {k: v for k, v in good.items() if k != "Origin"}
    for headers in (
        {**good, "Origin": "http://elsewhere.example"},
        {**good, "Origin": "null"},
        {**good, "Sec-Fetch-Site": "cross-site"},
        {**good, "Sec-Fetch-Site": "same-site"},
        no_origin,
    ):
        answer = client.put(film_upload_path(ANNS), content=b"x" * 1000, headers=headers)
        assert answer.status_code == 403, headers
    assert _files_in_media(store, ANNS) == []
    # The same request from the app's own page is taken.
    assert client.put(film_upload_path(ANNS), content=b"x" * 1000, headers=good).status_code == 201


def test_without_filming_consent_nothing_is_written(client: TestClient, store: Store) -> None:
    sign_in_id, cookie = _signed_in(store, "bea")
    client.cookies.set(COOKIE_NAME, cookie)
    answer = client.put(
        film_upload_path(BEAS),
        content=secrets.token_bytes(10_000),
        headers=_headers(sign_in_id, BEAS),
    )
    assert (answer.status_code, answer.json()) == (403, {"refused": "consent"})
    assert _files_in_media(store, BEAS) == []


def test_consent_withdrawn_while_the_film_is_on_its_way_keeps_nothing(
    client: TestClient, store: Store
) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)

    def withdrawn_half_way() -> Iterator[bytes]:
        yield secrets.token_bytes(1024 * 1024)
        withdraw_consent(store, ANNS, [ConsentPurpose.FILMING], date.today())
        yield secrets.token_bytes(1024 * 1024)

    answer = client.put(
        film_upload_path(ANNS), content=withdrawn_half_way(), headers=_headers(sign_in_id, ANNS)
    )
    assert (answer.status_code, answer.json()) == (403, {"refused": "consent"})
    assert _files_in_media(store, ANNS) == []


def test_pictures_sound_and_documents_are_refused_before_writing(
    client: TestClient, store: Store
) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)
    for name, reason in (
        ("IMG_0001.jpg", "picture"),
        ("Voice memo.m4a", "audio_only"),
        ("letter.pdf", "document"),
        ("notes.txt", "not_video"),
    ):
        answer = client.put(
            film_upload_path(ANNS), content=b"x" * 5000, headers=_headers(sign_in_id, ANNS, name)
        )
        assert (answer.status_code, answer.json()) == (415, {"refused": reason})
    assert _files_in_media(store, ANNS) == []


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)
    headers = _headers(sign_in_id, ANNS)
    # Said up front: refused before a byte is read.
    declared = client.put(
        film_upload_path(ANNS),
        content=b"x" * 100,
        headers={**headers, "Content-Length": str(2 * 1024**3 + 1)},
    )
    assert (declared.status_code, declared.json()) == (413, {"refused": "upload_too_big"})
    # Not said (chunked): refused once more than the limit has arrived, the part deleted.
    monkeypatch.setattr(film_upload, "MAX_UPLOAD_BYTES", 3 * 1024 * 1024)
    answer = client.put(
        film_upload_path(ANNS),
        content=_pieces(secrets.token_bytes(4 * 1024 * 1024)),
        headers=headers,
    )
    assert (answer.status_code, answer.json()) == (413, {"refused": "upload_too_big"})
    assert _files_in_media(store, ANNS) == []


def test_a_full_disk_is_said_and_nothing_is_kept(
    client: TestClient, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    client.cookies.set(COOKIE_NAME, cookie)
    real_write = ArrivingFile.write

    def fill_up(self: ArrivingFile, data: bytes) -> None:
        real_write(self, data)
        if self.received > 2 * 1024 * 1024:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ArrivingFile, "write", fill_up)
    film = _pieces(secrets.token_bytes(4 * 1024 * 1024))
    answer = client.put(film_upload_path(ANNS), content=film, headers=_headers(sign_in_id, ANNS))
    assert (answer.status_code, answer.json()) == (507, {"refused": "disk_full"})
    assert _files_in_media(store, ANNS) == []


def _asgi_put(
    app: Starlette, path: str, headers: dict[str, str], cookie: str, pieces: list[bytes]
) -> list[dict[str, Any]]:
    """Send a PUT whose body stops after `pieces` and whose tablet then goes away."""
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw_headers += [
        (b"host", b"testserver"),
        (b"cookie", f"{COOKIE_NAME}={cookie}".encode()),
        (b"content-length", str(10 * 1024 * 1024).encode()),
    ]
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "PUT",
        "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"",
        "root_path": "", "headers": raw_headers, "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }  # fmt: skip
    messages = [{"type": "http.request", "body": p, "more_body": True} for p in pieces]
    messages.append({"type": "http.disconnect"})
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0) if messages else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    run_on_a_thread_of_its_own(app(scope, receive, send))
    return sent


def test_a_tablet_that_goes_away_part_way_leaves_nothing(app: Starlette, store: Store) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    pieces = [secrets.token_bytes(700 * 1024) for _ in range(3)]  # 2.1 MiB of a 10 MiB film
    _asgi_put(app, film_upload_path(ANNS), _headers(sign_in_id, ANNS), cookie, pieces)
    assert _files_in_media(store, ANNS) == []


@pytest.fixture
def served(app: Starlette) -> Iterator[int]:
    """Serve the app's routes with uvicorn on a loopback port; yield the port."""
    port = find_free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + WAIT_S
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield port
    server.should_exit = True
    thread.join(WAIT_S)


def _wait_until(condition: Any) -> bool:
    deadline = time.monotonic() + WAIT_S
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_cut_off_upload_to_a_real_server_is_deleted(served: int, store: Store) -> None:
    sign_in_id, cookie = _signed_in(store, "ann")
    headers = _headers(sign_in_id, ANNS)
    head = (
        f"PUT {film_upload_path(ANNS)} HTTP/1.1\r\nHost: 127.0.0.1:{served}\r\n"
        f"Origin: http://127.0.0.1:{served}\r\nSec-Fetch-Site: same-origin\r\n"
        f"{NAME_HEADER}: {headers[NAME_HEADER]}\r\n{TICKET_HEADER}: {headers[TICKET_HEADER]}\r\n"
        f"Cookie: {COOKIE_NAME}={cookie}\r\nContent-Length: {50 * 1024 * 1024}\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", served), timeout=WAIT_S) as tablet:
        tablet.sendall(head.encode())
        tablet.sendall(secrets.token_bytes(3 * 1024 * 1024))
        # The film is being written to disk as it arrives, under a temporary name...
        assert _wait_until(lambda: any(n.endswith(".part") for n in _files_in_media(store, ANNS)))
    # ...and once the link drops, the part that arrived is deleted.
    assert _wait_until(lambda: _files_in_media(store, ANNS) == []), _files_in_media(store, ANNS)
