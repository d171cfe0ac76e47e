"""The shipped Streamlit settings that privacy and the parent's screen depend on."""

from __future__ import annotations

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_no_usage_statistics_no_error_details_local_only_no_static_folder() -> None:
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    # A traceback (with file paths and a search link to the internet) never reaches the screen.
    assert config["client"]["showErrorDetails"] == "none"
    assert config["client"]["toolbarMode"] == "minimal"
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"]["enableStaticServing"] is False
    assert config["server"]["maxUploadSize"] >= 1024


def test_no_full_garbage_collection_after_every_script_run() -> None:
    # Streamlit's default collects everything after each run, 0.1-0.5 s with the GIL held:
    # with ten tablets on one server every tap waited for the others' collections, and an
    # import polled twice a second stalled.
    from streamlit import config as streamlit_config

    config = tomllib.loads(CONFIG.read_text(encoding="utf-8"))
    assert config["runner"]["postScriptGC"] is False
    # Streamlit's own name for it: a misspelt option would be ignored without a word.
    assert "postScriptGC" in streamlit_config.get_options_for_section("runner")
