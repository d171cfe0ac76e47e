"""The film upload: a film written to the family's own media folder as it arrives.

The Cycles & films page's film picker (vigreview/ui/film_picker.py) sends the chosen file
as the body of one PUT; the route writes it to disk piece by piece (vigreview.media.uploads),
so the server's memory stays flat for a 2 GiB film, and answers with the stored upload's
name, from which the page starts the import.

Nothing is written unless everything below holds; otherwise the answer is 403, or 413/415
with the reason as JSON ({"refused": ...}) for the page to say in plain words:
- the request comes from the app's own page (vigreview.ui.web.same_origin): a page elsewhere
  cannot post into a signed-in tablet's families (cross-site request forgery);
- its sign-in cookie is a guider who may see the family (vigreview.trust.ownership);
- it carries the upload ticket the page got for that sign-in and that family (no other page,
  tab or sign-in can have it);
- the parent's filming consent is on record, and the file's name and size are a film's.
Consent is checked again once every byte has arrived. A film that stops part-way (400), grows
past the limit (413) or meets a full disk (507) leaves nothing behind.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import secrets
from datetime import date
from urllib.parse import unquote

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from vigreview.media.limits import MAX_UPLOAD_BYTES
from vigreview.ui.web.same_origin import is_from_this_apps_page
from vigreview.ui.web.sign_in_cookie import COOKIE_NAME as SIGN_IN_COOKIE

# The functions below import the film, store and sign-in code inside them, on the first
# upload: imported with the routes, it would hold up the server's start, and so the first
# page (bench/first_run.py).

URL_PREFIX = "/film-upload"
# The page sends the file's own name (URI-encoded: headers are Latin-1) and its ticket here.
NAME_HEADER = "x-film-name"
TICKET_HEADER = "x-upload-ticket"
_MAX_NAME_CHARS = 1000
# Pieces arrive in tens of KiB; gathered into this much before each write to disk.
_WRITE_BYTES = 1024 * 1024


def film_upload_path(family_id: str) -> str:
    """Return the URL path the film picker sends a film for the family to."""
    return f"{URL_PREFIX}/{family_id}"


@functools.cache
def _ticket_key() -> bytes:
    # Made on first use and kept for the server's life; the page's session ends with it too.
    return secrets.token_bytes(32)


def upload_ticket(sign_in_id: str, family_id: str) -> str:
    """Return the ticket a page signed in as `sign_in_id` sends with uploads for `family_id`."""
    message = f"{sign_in_id}\n{family_id}".encode()
    return hmac.new(_ticket_key(), message, hashlib.sha256).hexdigest()


def _refused(status: int, reason: str) -> Response:
    return JSONResponse({"refused": reason}, status_code=status)


def _declared_size(request: Request) -> int | None:
    value = request.headers.get("content-length", "")
    return int(value) if value.isdigit() else None


def _may_upload(request: Request, family_id: str) -> bool:
    """Return True when the cookie's guider may see the family and the ticket is theirs."""
    from vigreview.ui.gate import may_see_family
    from vigreview.ui.signed_in import find_cookie_sign_in

    found = find_cookie_sign_in(request.cookies.get(SIGN_IN_COOKIE))
    if found is None:
        return False
    identity, record = found
    ticket = request.headers.get(TICKET_HEADER, "")
    expected = upload_ticket(record.sign_in_id, family_id)
    return hmac.compare_digest(ticket, expected) and may_see_family(identity, family_id)


async def receive_film_upload(request: Request) -> Response:
    """Write the film in the request's body to the family's media folder as it arrives."""
    from vigreview.cycles import FilmingNotConsented
    from vigreview.film_import import check_film_upload
    from vigreview.media import FilmRejected
    from vigreview.media.uploads import (
        ArrivingFile,
        UploadCutShort,
        UploadTooBig,
        new_upload_path,
    )
    from vigreview.storage import StorageError
    from vigreview.storage.disk_space import is_disk_full
    from vigreview.storage.family_ids import is_family_id
    from vigreview.ui.resources import get_store

    family_id = str(request.path_params["family_id"])
    if not is_family_id(family_id) or not is_from_this_apps_page(request):
        return Response(status_code=403)
    if not await run_in_threadpool(_may_upload, request, family_id):
        return Response(status_code=403)
    name = unquote(request.headers.get(NAME_HEADER, "")[:_MAX_NAME_CHARS])
    size = _declared_size(request)
    store = get_store()
    try:
        suffix = await run_in_threadpool(
            check_film_upload, store, family_id, name, size, date.today()
        )
    except FilmingNotConsented:
        return _refused(403, "consent")
    except FilmRejected as rejection:
        return _refused(413 if rejection.reason == "upload_too_big" else 415, rejection.reason)
    except StorageError:
        return Response(status_code=403)
    dest = new_upload_path(await run_in_threadpool(store.media_dir, family_id), suffix)
    try:
        with ArrivingFile(dest, max_bytes=MAX_UPLOAD_BYTES) as arriving:
            gathered = bytearray()
            async for piece in request.stream():
                gathered += piece
                if len(gathered) >= _WRITE_BYTES:
                    await run_in_threadpool(arriving.write, bytes(gathered))
                    gathered.clear()
            await run_in_threadpool(arriving.write, bytes(gathered))
            # Consent may have been withdrawn while the film was on its way: then it goes.
            await run_in_threadpool(
                check_film_upload, store, family_id, name, arriving.received, date.today()
            )
            await run_in_threadpool(arriving.finish, size)
    except FilmingNotConsented:
        return _refused(403, "consent")
    except UploadTooBig:
        return _refused(413, "upload_too_big")
    except (UploadCutShort, ClientDisconnect):
        return _refused(400, "cut_short")
    except OSError as error:
        if is_disk_full(error):
            return _refused(507, "disk_full")
        raise
    return JSONResponse({"upload": dest.name}, status_code=201)


def film_upload_routes() -> list[Route]:
    """Return the route that receives films."""
    return [Route(URL_PREFIX + "/{family_id}", receive_film_upload, methods=["PUT"])]
