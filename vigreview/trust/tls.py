"""HTTPS for the centre network: the centre's own certificate, or a local authority made once.

`python -m vigreview.trust.tls` prints two lines, the certificate file and its key file, for
scripts/serve-lan.sh. A centre that has a certificate for this machine names it with
VIGREVIEW_TLS_CERT and VIGREVIEW_TLS_KEY. Otherwise the first run makes a small certificate
authority for this centre (kept in the data folder's tls/ folder, never in git), which the
centre installs once on each tablet (README, "Running it for a children's centre"), and a
server certificate it signs for this machine's names and addresses. The server certificate is
made again when it nears its end or when the machine's names or addresses change; the
authority stays, so tablets keep trusting it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from vigreview.config import load_settings
from vigreview.trust.tls_files import AUTHORITY_CERT, TLS_FOLDER

_AUTHORITY_KEY = "centre-authority.key"
_SERVER_CERT = "server.crt"
_SERVER_KEY = "server.key"
_AUTHORITY_YEARS = 10
# Apple devices refuse server certificates valid for longer than 825 days even from an
# authority the user installed; a year (re-made automatically) stays well inside that.
_SERVER_DAYS = 365
_RENEW_DAYS = 30

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# An authority signs certificates (and revocation lists) and nothing else.
_AUTHORITY_USAGE = x509.KeyUsage(
    digital_signature=True, content_commitment=False, key_encipherment=False,
    data_encipherment=False, key_agreement=False, key_cert_sign=True,
    crl_sign=True, encipher_only=False, decipher_only=False,
)  # fmt: skip


@dataclass(frozen=True)
class ServerCertificate:
    """The files the HTTPS server needs."""

    cert_file: Path
    key_file: Path


def machine_names() -> list[str]:
    """Return the names tablets may use for this machine (its host name, and .local)."""
    host = socket.gethostname().strip().lower()
    names = ["localhost"]
    if host and host != "localhost":
        names += [host, host.split(".")[0] + ".local"]
    return list(dict.fromkeys(names))


def machine_addresses() -> list[IpAddress]:
    """Return this machine's loopback and network addresses, as far as it can tell."""
    found: list[IpAddress] = [ipaddress.ip_address("127.0.0.1")]
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None)
        found += [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    except (OSError, ValueError):
        pass
    # The address the machine would use to reach a network address: a UDP "connect" sends
    # nothing, it only asks the routing table.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 1))
            found.append(ipaddress.ip_address(probe.getsockname()[0]))
        except OSError:
            pass
    return list(dict.fromkeys(a for a in found if not a.is_unspecified))


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(path.name + ".tmp")
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temp, path)


def _key_bytes(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _cert_bytes(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def ensure_authority(
    folder: Path, now: datetime
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    """Return the centre's certificate authority, making it on first use."""
    cert_path, key_path = folder / AUTHORITY_CERT, folder / _AUTHORITY_KEY
    if cert_path.exists() and key_path.exists():
        cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
        key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
        if isinstance(key, ec.EllipticCurvePrivateKey) and cert.not_valid_after_utc > now:
            return cert, key
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(
                NameOID.COMMON_NAME, f"VIG Review centre authority ({socket.gethostname()})"
            ),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "VIG Review, this centre only"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * _AUTHORITY_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_AUTHORITY_USAGE, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    _write_private(key_path, _key_bytes(key))
    _write_private(cert_path, _cert_bytes(cert))
    return cert, key


def _covers(cert: x509.Certificate, names: list[str], addresses: list[IpAddress]) -> bool:
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return False
    return set(names) <= set(san.get_values_for_type(x509.DNSName)) and set(addresses) <= set(
        san.get_values_for_type(x509.IPAddress)
    )


def ensure_server_certificate(
    folder: Path, names: list[str], addresses: list[IpAddress], now: datetime
) -> ServerCertificate:
    """Return a server certificate for `names` and `addresses`, signed by the centre's authority.

    The one on disk is kept while it covers them, was signed by the current authority and
    has more than a month to run; otherwise a new one is made.
    """
    authority, authority_key = ensure_authority(folder, now)
    paths = ServerCertificate(folder / _SERVER_CERT, folder / _SERVER_KEY)
    if paths.cert_file.exists() and paths.key_file.exists():
        current = x509.load_pem_x509_certificate(paths.cert_file.read_bytes())
        fresh = current.not_valid_after_utc - now > timedelta(days=_RENEW_DAYS)
        if fresh and current.issuer == authority.subject and _covers(current, names, addresses):
            return paths
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, names[0])])
    alternatives: list[x509.GeneralName] = [x509.DNSName(n) for n in names]
    alternatives += [x509.IPAddress(a) for a in addresses]
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(authority.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=_SERVER_DAYS))
        .add_extension(x509.SubjectAlternativeName(alternatives), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(authority_key.public_key()),
            critical=False,
        )
        .sign(authority_key, hashes.SHA256())
    )
    _write_private(paths.key_file, _key_bytes(key))
    _write_private(paths.cert_file, _cert_bytes(cert))
    return paths


def choose_server_certificate(environ: dict[str, str] | None = None) -> ServerCertificate:
    """Return the centre's own certificate if it named one, else this machine's own."""
    env = os.environ if environ is None else environ
    given_cert = env.get("VIGREVIEW_TLS_CERT", "").strip()
    given_key = env.get("VIGREVIEW_TLS_KEY", "").strip()
    if given_cert or given_key:
        paths = ServerCertificate(Path(given_cert).expanduser(), Path(given_key).expanduser())
        missing = [str(p) for p in (paths.cert_file, paths.key_file) if not p.is_file()]
        if missing or not (given_cert and given_key):
            raise FileNotFoundError(
                "VIGREVIEW_TLS_CERT and VIGREVIEW_TLS_KEY must both name files that exist; "
                f"not found: {', '.join(missing) or 'one of the two is empty'}."
            )
        return paths
    folder = load_settings(dict(env)).data_dir / TLS_FOLDER
    return ensure_server_certificate(
        folder, machine_names(), machine_addresses(), datetime.now(UTC)
    )


def main() -> int:
    """Print the certificate and key files serve-lan.sh should give Streamlit."""
    try:
        paths = choose_server_certificate()
    except (FileNotFoundError, ValueError) as problem:
        print(problem, file=sys.stderr)
        return 1
    print(paths.cert_file)
    print(paths.key_file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
