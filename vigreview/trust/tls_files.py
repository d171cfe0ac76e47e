"""Where the centre's HTTPS files lie in the data folder.

Apart from tls.py, which makes and checks the certificates: that code loads the cryptography
package, which the server's start (the route that offers the authority) need not wait for.
"""

from __future__ import annotations

from pathlib import Path

TLS_FOLDER = "tls"
AUTHORITY_CERT = "centre-authority.crt"


def authority_certificate_file(data_dir: Path) -> Path:
    """Return where the centre's authority certificate is kept (it may not exist yet)."""
    return data_dir / TLS_FOLDER / AUTHORITY_CERT
