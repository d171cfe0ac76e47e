"""The AppTest fixtures themselves: a failing page says what failed."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest


def test_an_exception_shows_its_own_message_in_apptests(tmp_path: Path) -> None:
    script = tmp_path / "failing.py"
    script.write_text("raise ValueError('the real reason')\n", encoding="utf-8")
    at = AppTest.from_file(str(script)).run()
    assert at.exception, "the script's exception should be on the page"
    assert "the real reason" in at.exception[0].message
