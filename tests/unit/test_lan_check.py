"""The network-mode check run by scripts/serve-lan.sh before the server starts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vigreview.caseload import open_store
from vigreview.config import APP_ROOT
from vigreview.trust.accounts import AccountDraft, Role, create_account
from vigreview.trust.lan_check import main


def test_refuses_without_an_account_then_allows(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main() == 1
    assert "no guider account has been made yet" in capsys.readouterr().err
    draft = AccountDraft("ann", "Ann", Role.GUIDER, "2468", "2468")
    create_account(open_store(data_dir), draft, "test", "2026-11-26")
    assert main() == 0


def test_the_lan_script_checks_before_it_serves(data_dir: Path) -> None:
    script = (APP_ROOT / "scripts" / "serve-lan.sh").read_text(encoding="utf-8")
    check = script.index('"$(venv_python)" -m vigreview.trust.lan_check')
    assert check < script.index('exec "$(venv_python)" -m streamlit run app.py')
    assert "--server.address 0.0.0.0" in script
    # Run as the script does, in its own process, on an empty data folder: it refuses.
    done = subprocess.run(
        [sys.executable, "-m", "vigreview.trust.lan_check"],
        cwd=APP_ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1 and "Not starting." in done.stderr
