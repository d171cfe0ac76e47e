"""The centre's certificate authority, offered for download only on this machine itself.

A tablet must install the authority before it trusts the app over HTTPS; the person setting up
fetches it here on the serving machine (loopback) and passes it on (README, "Running it for a
children's centre"). From any other address the route answers 404.
"""

from __future__ import annotations

import ipaddress

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from vigreview.trust.tls_files import AUTHORITY_CERT, authority_certificate_file

CERTIFICATE_PATH = "/" + AUTHORITY_CERT


def _from_this_machine(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_centre_certificate(request: Request) -> Response:
    """Answer with the authority's certificate, to this machine only."""
    # Imported on the first request, not with the routes: the store's code would hold up the
    # server's start, and so the first page (bench/first_run.py).
    from vigreview.ui.resources import get_settings

    certificate = authority_certificate_file(get_settings().data_dir)
    if not _from_this_machine(request) or not certificate.is_file():
        return Response(status_code=404)
    return FileResponse(
        certificate,
        # The type iPads and Android tablets offer to install as a certificate.
        media_type="application/x-x509-ca-cert",
        filename=AUTHORITY_CERT,
    )


def centre_certificate_routes() -> list[Route]:
    """Return the route that offers the authority's certificate."""
    return [Route(CERTIFICATE_PATH, serve_centre_certificate, methods=["GET"])]
