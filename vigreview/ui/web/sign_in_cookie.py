"""The HttpOnly cookie that carries a guider's sign-in across reloads and new tabs.

Right after signing in, the page claims the cookie with a one-time ticket it got from its own
script run (a same-origin POST, the ticket in the body, never in an address). Page scripts
cannot read the cookie; the server reads it when a new tab or a reload connects. Both routes
answer only the app's own page (vigreview.ui.web.same_origin): a page on another site can
neither sign a tablet in with its own ticket nor sign it out.
"""

from __future__ import annotations

import time

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from vigreview.ui.web.same_origin import is_from_this_apps_page

COOKIE_NAME = "vig_sign_in"
CLAIM_PATH = "/auth/claim"
FORGET_PATH = "/auth/forget"
_MAX_TICKET_CHARS = 200


def _set_cookie(request: Request, response: Response, value: str, max_age: int | None) -> None:
    response.set_cookie(
        COOKIE_NAME,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        # Over HTTPS (the centre network) the browser must never send it in clear.
        secure=request.url.scheme == "https",
    )


async def claim_sign_in_cookie(request: Request) -> Response:
    """Answer a page's claim: set the sign-in cookie for a good ticket, 403 otherwise."""
    # Imported on the first claim, not with the routes: the store's code would hold up the
    # server's start, and so the first page (bench/first_run.py).
    from vigreview.trust.sign_ins import claim_ticket
    from vigreview.ui.resources import get_settings, get_store

    if not is_from_this_apps_page(request):
        return Response(status_code=403)
    body = await request.body()
    ticket = body[:_MAX_TICKET_CHARS].decode("ascii", errors="replace").strip()
    settings = get_settings()
    cookie = await run_in_threadpool(
        claim_ticket, get_store(), ticket, time.time(), settings.idle_minutes
    )
    if cookie is None:
        return Response(status_code=403)
    response = Response(status_code=204)
    # A session cookie: it goes when the browser closes; the record decides before that.
    _set_cookie(request, response, cookie, None)
    return response


async def forget_sign_in_cookie(request: Request) -> Response:
    """Remove this browser's sign-in cookie (after sign-out or when its record has ended)."""
    if not is_from_this_apps_page(request):
        return Response(status_code=403)
    response = Response(status_code=204)
    _set_cookie(request, response, "", 0)
    return response
