"""Whether a request comes from a page of this app: the one cross-site request forgery check.

Every route of ours that changes something (the film upload, claiming and forgetting the
sign-in cookie) asks this first and answers a plain 403 when the answer is no, so a page on
another site cannot post a film into a signed-in tablet's families, sign a tablet in as
somebody else, or sign it out.

The browser says where a request comes from in two headers page scripts cannot set:
- `Sec-Fetch-Site`, when present, must be `same-origin` (`same-site` is another app on this
  machine or this network's domain, which is not us);
- `Origin` must be present and name the host and port the request was sent to (its `Host`).
  Browsers send it with every POST and PUT, even from our own page; a request without one is
  not from a browser page of ours and is refused.
The scheme is not compared: behind a forwarder that ends HTTPS, the browser's origin is
https:// while the request reaches us over plain HTTP. X-Forwarded-Host is never read (anyone
may send it): the forwarder must pass the browser's Host header on unchanged, port included
(README, "Running it for a children's centre").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request


def is_from_this_apps_page(request: Request) -> bool:
    """Return True when the browser says the request comes from a page of this app's origin."""
    site = request.headers.get("sec-fetch-site")
    if site is not None and site != "same-origin":
        return False
    origin = request.headers.get("origin")
    host = request.headers.get("host")
    if not origin or not host or not host.strip():
        return False
    # "null" (a sandboxed frame, a file:// page) has no host: it never matches.
    return urlsplit(origin).netloc.lower() == host.strip().lower()
