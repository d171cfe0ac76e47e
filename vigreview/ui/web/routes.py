"""The routes and middleware app.py hands to st.App."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Route

from vigreview.ui.web.centre_certificate import centre_certificate_routes
from vigreview.ui.web.family_media import family_media_routes
from vigreview.ui.web.film_upload import film_upload_routes
from vigreview.ui.web.security_headers import SecurityHeadersMiddleware
from vigreview.ui.web.sign_in_cookie import (
    CLAIM_PATH,
    FORGET_PATH,
    claim_sign_in_cookie,
    forget_sign_in_cookie,
)
from vigreview.ui.web.starting_page import starting_page_routes


def build_routes() -> list[BaseRoute]:
    """Return the app's own routes (Streamlit's are added after them by st.App)."""
    return [
        Route(CLAIM_PATH, claim_sign_in_cookie, methods=["POST"]),
        Route(FORGET_PATH, forget_sign_in_cookie, methods=["POST"]),
        *family_media_routes(),
        *film_upload_routes(),
        *centre_certificate_routes(),
        *starting_page_routes(),
    ]


def build_middleware() -> list[Middleware]:
    """Return the middleware that wraps every response, Streamlit's own included."""
    return [Middleware(SecurityHeadersMiddleware)]
