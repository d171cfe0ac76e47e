"""Issue 12 item 3: scripts/serve-lan.sh serves HTTPS only, with a certificate for its address.

The script runs as a centre would run it, on a temporary data folder with one guider account;
the test trusts only the authority the script made in that folder.
"""

from __future__ import annotations

import http.client
import os
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.app_steps import find_free_port
from vigreview.caseload import open_store
from vigreview.config import APP_ROOT
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.tls import AUTHORITY_CERT, TLS_FOLDER, machine_addresses

pytestmark = pytest.mark.slow

START_TIMEOUT_S = 120.0


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[int, Path, Path]]:
    """Run serve-lan.sh on a free port; yield the port, the data folder and the server log."""
    data = tmp_path / "data"
    create_account(
        open_store(data), AccountDraft("ann", "Ann", Role.GUIDER, "2468", "2468"), "t", "2026-12-01"
    )
    port = find_free_port()
    log = tmp_path / "server.log"
    env = {
        **os.environ,
        # The script's `python3` is this test's Python, with the packages already installed.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "VIGREVIEW_DATA": str(data),
        "VIGREVIEW_PORT": str(port),
    }
    command = ["bash", str(APP_ROOT / "scripts" / "serve-lan.sh"),
               "--server.headless", "true", "--server.fileWatcherType", "none"]  # fmt: skip
    with log.open("wb") as log_file:
        process = subprocess.Popen(
            command, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield port, data, log
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _trusting(authority: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(authority))
    context.check_hostname = True  # the certificate must name the address we asked for
    return context


def _wait_for_https(url: str, authority: Path, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if authority.exists():
            try:
                with urllib.request.urlopen(url, context=_trusting(authority), timeout=3) as got:
                    if got.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ssl.SSLError):
                pass
        time.sleep(0.5)
    raise AssertionError(f"no HTTPS answer from {url}:\n{log.read_text(errors='replace')}")


def test_serve_lan_answers_https_for_its_address_and_refuses_plain_http(
    served: tuple[int, Path, Path],
) -> None:
    port, data, log = served
    authority = data / TLS_FOLDER / AUTHORITY_CERT
    _wait_for_https(f"https://127.0.0.1:{port}/_stcore/health", authority, log)
    context = _trusting(authority)
    # Every address the machine serves on, as a tablet would reach it, verified by name.
    for address in [a for a in machine_addresses() if a.version == 4]:
        url = f"https://{address}:{port}/"
        with urllib.request.urlopen(url, context=context, timeout=10) as page:
            assert page.status == 200
            assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    # The same port refuses plain HTTP.
    with pytest.raises((urllib.error.URLError, ConnectionError, http.client.HTTPException)):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10)
    # A certificate from no authority of ours is refused by a client that checks.
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(
            f"https://127.0.0.1:{port}/", context=ssl.create_default_context(), timeout=10
        )


def test_the_authority_is_offered_only_to_this_machine(served: tuple[int, Path, Path]) -> None:
    port, data, log = served
    authority = data / TLS_FOLDER / AUTHORITY_CERT
    _wait_for_https(f"https://127.0.0.1:{port}/_stcore/health", authority, log)
    context = _trusting(authority)
    url = f"https://127.0.0.1:{port}/{AUTHORITY_CERT}"
    with urllib.request.urlopen(url, context=context, timeout=10) as got:
        assert got.headers["content-type"] == "application/x-x509-ca-cert"
        assert got.read() == authority.read_bytes()
    outside = [a for a in machine_addresses() if a.version == 4 and not a.is_loopback]
    if not outside:
        pytest.skip("this machine has no network address to ask from")
    # Asked over the machine's network address, the route says nothing.
    request = f"https://{outside[0]}:{port}/{AUTHORITY_CERT}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, context=context, timeout=10)
    assert refused.value.code == 404
