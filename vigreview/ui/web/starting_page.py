"""The page the browser gets first: Streamlit's own, saying "VIG Review is starting" at once.

Streamlit's page is an empty shell until its code (2 MB of JavaScript) has loaded and run: a
second or more of blank screen on a fresh start, longer on a tablet over Wi-Fi. This copy of it
says in plain words, from the moment it arrives, that the app is starting. The message is plain
HTML with its own inline style (no script, so the Content-Security-Policy holds), a polite
status for screen readers, inside the element Streamlit draws into: Streamlit replaces it with
its own frame as soon as its code runs, so it never shows over a page.

It answers the app's address ("/"), where everyone starts (README); a page's own address (a
reload on a page) gets Streamlit's page as it is.
"""

from __future__ import annotations

import functools
from pathlib import Path

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route
from streamlit import file_util

MESSAGE = "VIG Review is starting…"
_ROOT_DIV = '<div id="root"></div>'
_STYLE = (
    "<style>.vig-starting{position:fixed;top:35%;left:0;right:0;margin:0;"
    "text-align:center;font-family:sans-serif;font-size:1.4rem;color:#2b2b2b}</style>"
)


@functools.cache
def starting_page() -> str:
    """Return Streamlit's page with the app's title and its starting message."""
    page = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    for marker in ("<title>Streamlit</title>", "</head>", _ROOT_DIV):
        if marker not in page:
            # A Streamlit whose page has changed: serve it as it is rather than guess.
            return page
    page = page.replace("<title>Streamlit</title>", "<title>VIG Review</title>", 1)
    page = page.replace("</head>", _STYLE + "</head>", 1)
    message = f'<p class="vig-starting" role="status">{MESSAGE}</p>'
    return page.replace(_ROOT_DIV, f'<div id="root">{message}</div>', 1)


def serve_starting_page(request: Request) -> HTMLResponse:
    """Answer with the starting page (never cached: Streamlit's own page is not either)."""
    return HTMLResponse(starting_page(), headers={"Cache-Control": "no-cache"})


def starting_page_routes() -> list[Route]:
    """Return the route that serves the starting page at the app's address."""
    return [Route("/", serve_starting_page, methods=["GET", "HEAD"])]
