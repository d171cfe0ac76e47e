"""Settings read from environment variables, so tests and deployments can move the data."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vigreview.trust.idle import DEFAULT_IDLE_MINUTES, parse_idle_minutes

APP_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Where data lives and what the app does on first start."""

    data_dir: Path
    seed_demo: bool
    idle_minutes: int = DEFAULT_IDLE_MINUTES


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment.

    VIGREVIEW_DATA: folder for records and media (default ./data beside app.py).
    VIGREVIEW_DEMO: "0" stops the demo caseload being created on first run.
    VIGREVIEW_IDLE_MINUTES: minutes without use before a tablet locks (1-240, default 10);
    anything else raises ValueError saying so.
    """
    env = os.environ if environ is None else environ
    data = env.get("VIGREVIEW_DATA", "").strip()
    data_dir = Path(data).expanduser() if data else APP_ROOT / "data"
    return Settings(
        data_dir=data_dir.resolve(),
        seed_demo=_flag(env.get("VIGREVIEW_DEMO"), default=True),
        idle_minutes=parse_idle_minutes(env.get("VIGREVIEW_IDLE_MINUTES")),
    )
