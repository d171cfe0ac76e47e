"""A `streamlit run` server that a test can stop and start again on the same port.

For the link-drop test: the parent's page must keep its picture while the server is away and
say so calmly, then carry on when a server answers on the same address again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.browser.app_steps import find_free_port
from tests.browser.conftest import _stop_process_group, _wait_until_healthy


class AppServer:
    """One app served on one fixed 127.0.0.1 port, stoppable and restartable."""

    def __init__(self, script: Path, env: dict[str, str], log: Path) -> None:
        self.script = script
        self.env = {**os.environ, **env}
        self.port = find_free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> str:
        """Start the server (again) and wait until it answers; return its address."""
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.port", str(self.port),
            "--server.address", "127.0.0.1",
            "--server.headless", "true",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        with self.log.open("ab") as log_file:
            self.process = subprocess.Popen(
                command,
                cwd=self.script.parent,
                env=self.env,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        _wait_until_healthy(self.base_url, self.process, self.log)
        return self.base_url

    def stop(self) -> None:
        """Stop the server and everything it started."""
        if self.process is not None:
            _stop_process_group(self.process)
            self.process = None
