"""Settings come from the environment."""

from __future__ import annotations

from pathlib import Path

from vigreview.config import APP_ROOT, load_settings


def test_defaults_to_data_beside_the_app() -> None:
    settings = load_settings({})
    assert settings.data_dir == (APP_ROOT / "data").resolve()
    assert settings.seed_demo is True


def test_data_folder_and_demo_switch_from_environment(tmp_path: Path) -> None:
    settings = load_settings({"VIGREVIEW_DATA": str(tmp_path), "VIGREVIEW_DEMO": "0"})
    assert settings.data_dir == tmp_path.resolve()
    assert settings.seed_demo is False
    assert load_settings({"VIGREVIEW_DEMO": "off"}).seed_demo is False
    assert load_settings({"VIGREVIEW_DEMO": "yes"}).seed_demo is True
