"""The page the browser gets first: Streamlit's own, saying "VIG Review is starting" at once.

Streamlit's page is an empty shell until its code (2 MB of JavaScript) has loaded and run: a
second or more of blank screen on a fresh start, longer on a tablet over Wi-Fi. This copy of it
says in plain words, from the moment it arrives, that the app is starting. The message is plain
HTML with its own inline style (no script, so the Content-Security-Policy holds), a polite
status for screen readers, inside the element Streamlit draws into: Streamlit replaces it with
its own frame as soon as its code runs, so it never shows over a page.

It also has the browser fetch, with Streamlit's code, the code of the widgets the first page
draws (the first-account form, the sign-in), which Streamlit fetches only once the page asks
for them: 0.3-0.5 s after the form has arrived, measured in Chromium (bench/first_run.py).

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
# Streamlit's code files (static/js/<name>.<hash>.js) for st.html (the app's style), buttons
# and text inputs, and those they import, as Chromium fetched them for the first page
# (Streamlit 1.67); tests/http/test_starting_page.py checks each is still there.
FIRST_PAGE_CODE = (
    "Html", "purify.es", "Button", "TextInput", "Input", "TextField", "Autocomplete",
    "useFormValidation", "useTextField", "useField", "useFormReset", "ErrorOutline.esm",
    "Cancel.esm", "WidgetLabel", "WidgetLabelHelpIcon", "useBasicWidgetState",
    "InputInstructions", "inputUtils", "useDebouncedCallback", "requiredField",
    "useUpdateUiValue", "styled-components",
)  # fmt: skip
_STYLE = (
    "<style>.vig-starting{position:fixed;top:35%;left:0;right:0;margin:0;"
    "text-align:center;font-family:sans-serif;font-size:1.4rem;color:#2b2b2b}</style>"
)


def code_files(name: str) -> list[str]:
    """Return the file names of Streamlit's code called `name` (a hash follows the name)."""
    folder = Path(file_util.get_static_dir()) / "static" / "js"
    found = folder.glob(f"{name}.*.js")
    return sorted(p.name for p in found if p.name.count(".") == name.count(".") + 2)


def _preload_links(page: str) -> str:
    files = [f for name in FIRST_PAGE_CODE for f in code_files(name)]
    return "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{file}">'
        for file in files
        if f"./static/js/{file}" not in page
    )


@functools.cache
def starting_page() -> str:
    """Return Streamlit's page with the app's title, its starting message and the first page's
    code fetched early."""
    page = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    for marker in ("<title>Streamlit</title>", "</head>", _ROOT_DIV):
        if marker not in page:
            # A Streamlit whose page has changed: serve it as it is rather than guess.
            return page
    page = page.replace("<title>Streamlit</title>", "<title>VIG Review</title>", 1)
    page = page.replace("</head>", _STYLE + _preload_links(page) + "</head>", 1)
    message = f'<p class="vig-starting" role="status">{MESSAGE}</p>'
    return page.replace(_ROOT_DIV, f'<div id="root">{message}</div>', 1)


def serve_starting_page(request: Request) -> HTMLResponse:
    """Answer with the starting page (never cached: Streamlit's own page is not either)."""
    return HTMLResponse(starting_page(), headers={"Cache-Control": "no-cache"})


def starting_page_routes() -> list[Route]:
    """Return the route that serves the starting page at the app's address."""
    return [Route("/", serve_starting_page, methods=["GET", "HEAD"])]
