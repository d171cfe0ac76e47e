"""The media layer: probe, normalise and import films; frames and stills.

Plain Python on PyAV (FFmpeg inside); nothing here imports Streamlit.
"""

from vigreview.media.demo_film import make_demo_film
from vigreview.media.errors import FilmRejected, ImportCancelled
from vigreview.media.frames import frame_times, nearest_frame_time, step_frame
from vigreview.media.importing import ImportJob, get_import_job, start_import
from vigreview.media.limits import ACCEPTED_EXTENSIONS, MAX_FILM_SECONDS, MAX_SERVABLE_BYTES
from vigreview.media.normalise import normalise_film
from vigreview.media.probe import FilmInfo, check_film_name, probe_film
from vigreview.media.stills import Still, extract_still, still_strip

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
