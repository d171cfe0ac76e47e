"""Security headers on every HTTP response of the app, Streamlit's own included.

The Content-Security-Policy lets a page load only from the app's own origin, plus what
Streamlit's front end needs (checked in Chromium's console on every page): inline styles and
the inline scripts of st.html, data: and blob: pictures and media, and its WebSocket to the
same host. Nothing can frame the app, except that the app frames its own component pages
(the film player), which therefore allow their own origin as a parent.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Streamlit serves custom components (streamlit-player) in iframes from this path.
_COMPONENT_PREFIX = "/component/"


def content_security_policy(host: str, framed_by_self: bool) -> str:
    """Return the policy for a response to a request that named `host` (e.g. "tablet:8501")."""
    directives = [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' data: blob:",
        "font-src 'self' data:",
        f"connect-src 'self' ws://{host} wss://{host}",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'" if framed_by_self else "frame-ancestors 'none'",
    ]
    return "; ".join(directives)


def security_headers(host: str, path: str) -> list[tuple[bytes, bytes]]:
    """Return the headers every response to `path` on `host` carries."""
    policy = content_security_policy(host, framed_by_self=path.startswith(_COMPONENT_PREFIX))
    return [
        (b"content-security-policy", policy.encode("latin-1")),
        (b"referrer-policy", b"no-referrer"),
        (b"x-content-type-options", b"nosniff"),
    ]


class SecurityHeadersMiddleware:
    """ASGI middleware that adds `security_headers` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = Headers(scope=scope).get("host", "")
        # A Host header is the client's to choose: keep only what a host and port can be.
        host = "".join(c for c in host if c.isalnum() or c in ".-:[]")
        extra = security_headers(host, str(scope.get("path", "")))
        names = {name for name, _ in extra}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names]
                message = {**message, "headers": [*headers, *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
