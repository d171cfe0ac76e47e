"""The media layer: probe, normalise and import films; frames and stills.

Plain Python on PyAV (FFmpeg inside); nothing here imports Streamlit.

Each public name is loaded from its module on first use (PEP 562), not when the package is:
PyAV and numpy (for the demo film) take about half a second to import, which the server's
start must not wait for just because a route names an upload limit (vigreview/ui/web/).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vigreview.media.demo_film import make_demo_film
    from vigreview.media.errors import FilmRejected, ImportCancelled
    from vigreview.media.frames import frame_times, nearest_frame_time, step_frame
    from vigreview.media.importing import ImportJob, get_import_job, start_import
    from vigreview.media.limits import (
        ACCEPTED_EXTENSIONS,
        MAX_FILM_SECONDS,
        MAX_SERVABLE_BYTES,
    )
    from vigreview.media.normalise import normalise_film
    from vigreview.media.probe import FilmInfo, check_film_name, probe_film
    from vigreview.media.stills import Still, extract_still, still_strip

# Each public name and the module (in this package) it lives in.
_HOMES = {
    "ACCEPTED_EXTENSIONS": "limits",
    "MAX_FILM_SECONDS": "limits",
    "MAX_SERVABLE_BYTES": "limits",
    "FilmInfo": "probe",
    "FilmRejected": "errors",
    "ImportCancelled": "errors",
    "ImportJob": "importing",
    "Still": "stills",
    "check_film_name": "probe",
    "extract_still": "stills",
    "frame_times": "frames",
    "get_import_job": "importing",
    "make_demo_film": "demo_film",
    "nearest_frame_time": "frames",
    "normalise_film": "normalise",
    "probe_film": "probe",
    "start_import": "importing",
    "step_frame": "frames",
    "still_strip": "stills",
}

__all__ = [
    "ACCEPTED_EXTENSIONS",
    "MAX_FILM_SECONDS",
    "MAX_SERVABLE_BYTES",
    "FilmInfo",
    "FilmRejected",
    "ImportCancelled",
    "ImportJob",
    "Still",
    "check_film_name",
    "extract_still",
    "frame_times",
    "get_import_job",
    "make_demo_film",
    "nearest_frame_time",
    "normalise_film",
    "probe_film",
    "start_import",
    "step_frame",
    "still_strip",
]


def __getattr__(name: str) -> object:
    """Load a public name from its module the first time someone asks for it."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
