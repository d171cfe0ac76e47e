"""What the server loads before it answers: app.py's routes, and nothing heavier.

Everything loaded here delays the first page (bench/first_run.py); the routes load the film,
store and certificate code on their first request instead, and the first script run loads
the pages (and with them the store), but never the film or certificate code.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from streamlit import delta_generator

from tests.http.conftest import run_on_a_thread_of_its_own
from vigreview.ui.web.warm_up import warm_up

ROOT = Path(__file__).resolve().parents[2]

# PyAV and numpy (films), cryptography (the centre's certificates), TinyDB and the store.
HEAVY = ("av", "numpy", "cryptography", "tinydb", "vigreview.storage", "vigreview.caseload")


def test_loading_the_app_loads_no_film_store_or_certificate_code() -> None:
    code = (
        "import sys; import app;"
        f"heavy = {HEAVY!r};"
        "loaded = sorted(m for m in sys.modules if m.startswith(heavy));"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_the_pages_load_no_film_or_certificate_code() -> None:
    # What the first script run imports (app.py's __main__ part): the sign-in gate and the
    # store, but a first-account form or a sign-in needs no film or certificate code.
    code = (
        "import sys; import app; import vigreview.ui.frame, vigreview.ui.sign_in_view;"
        "heavy = {'av', 'numpy', 'cryptography'};"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in heavy);"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)


def test_the_warm_up_skips_streamlits_prompt_check(monkeypatch: pytest.MonkeyPatch) -> None:
    # Raises if this Streamlit has no such flag: then the check would be made again.
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)

    async def start_the_server() -> None:
        async with warm_up(object()):
            pass

    run_on_a_thread_of_its_own(start_the_server())
    assert delta_generator._use_warning_has_been_displayed is True
