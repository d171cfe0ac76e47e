"""The centre's certificate authority and this machine's server certificate."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509

from vigreview.trust.tls import (
    AUTHORITY_CERT,
    choose_server_certificate,
    ensure_server_certificate,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
NAMES = ["localhost", "centre-laptop", "centre-laptop.local"]
ADDRESSES = [ipaddress.ip_address("127.0.0.1"), ipaddress.ip_address("192.168.1.20")]


def _load(path: Path) -> x509.Certificate:
    return x509.load_pem_x509_certificate(path.read_bytes())


def test_the_server_certificate_names_the_machine_and_is_signed_by_the_authority(
    tmp_path: Path,
) -> None:
    paths = ensure_server_certificate(tmp_path, NAMES, ADDRESSES, NOW)
    cert, authority = _load(paths.cert_file), _load(tmp_path / AUTHORITY_CERT)
    cert.verify_directly_issued_by(authority)
    san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert san.get_values_for_type(x509.DNSName) == NAMES
    assert san.get_values_for_type(x509.IPAddress) == ADDRESSES
    assert authority.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert not cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert cert.not_valid_after_utc - NOW <= timedelta(days=825)  # what Apple devices accept
    assert oct(paths.key_file.stat().st_mode & 0o777) == "0o600"


def test_it_is_kept_until_the_machine_changes_or_it_nears_its_end(tmp_path: Path) -> None:
    first = _load(ensure_server_certificate(tmp_path, NAMES, ADDRESSES, NOW).cert_file)
    again = _load(ensure_server_certificate(tmp_path, NAMES, ADDRESSES, NOW).cert_file)
    assert again.serial_number == first.serial_number
    moved = [*ADDRESSES[:1], ipaddress.ip_address("10.0.0.7")]
    other = _load(ensure_server_certificate(tmp_path, NAMES, moved, NOW).cert_file)
    assert other.serial_number != first.serial_number
    later = NOW + timedelta(days=350)
    renewed = _load(ensure_server_certificate(tmp_path, NAMES, moved, later).cert_file)
    assert renewed.serial_number != other.serial_number
    # The authority stays the same, so tablets that installed it keep trusting the app.
    renewed.verify_directly_issued_by(_load(tmp_path / AUTHORITY_CERT))
    first.verify_directly_issued_by(_load(tmp_path / AUTHORITY_CERT))


def test_a_certificate_the_centre_provides_is_used_as_it_is(tmp_path: Path) -> None:
    cert, key = tmp_path / "centre.crt", tmp_path / "centre.key"
    cert.write_text("cert")
    key.write_text("key")
    env = {"VIGREVIEW_TLS_CERT": str(cert), "VIGREVIEW_TLS_KEY": str(key)}
    chosen = choose_server_certificate(env)
    assert (chosen.cert_file, chosen.key_file) == (cert, key)
    with pytest.raises(FileNotFoundError, match="must both name files"):
        choose_server_certificate({"VIGREVIEW_TLS_CERT": str(cert)})


def test_without_one_a_certificate_is_made_in_the_data_folder(tmp_path: Path) -> None:
    chosen = choose_server_certificate({"VIGREVIEW_DATA": str(tmp_path / "data")})
    assert chosen.cert_file.parent == (tmp_path / "data" / "tls").resolve()
    assert chosen.cert_file.is_file() and chosen.key_file.is_file()
