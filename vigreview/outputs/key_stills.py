"""The key stills the guider chose for a moment, as JPEG files for keepsakes and packs."""

from __future__ import annotations

import logging
from pathlib import Path

from vigreview.media import FilmRejected, extract_still
from vigreview.models import Cycle, Moment
from vigreview.storage import Store

logger = logging.getLogger(__name__)

# Wide enough to print sharply at the size a keepsake shows them (about 8 cm across).
PRINT_WIDTH = 960


def stills_folder(store: Store, family_id: str, film_file_name: str) -> Path:
    """Return where stills of one film are kept: the one cache every page and PDF uses."""
    return store.media_dir(family_id) / "stills" / Path(film_file_name).stem


def find_key_stills(
    store: Store, family_id: str, cycle: Cycle, moment: Moment, *, width: int = PRINT_WIDTH
) -> list[Path]:
    """Return a JPEG for each of the moment's key stills that can still be made.

    Footage that was deleted (consent withdrawn, retention ended) or cannot be read gives no
    still: the words are kept and the picture is simply left out.
    """
    film = next((f for f in cycle.films if f.id == moment.film_id), None)
    if film is None or film.deleted_on is not None:
        return []
    film_path = store.media_dir(family_id) / film.file_name
    if not film_path.is_file():
        return []
    folder = stills_folder(store, family_id, film.file_name)
    stills = []
    for time_s in moment.key_still_times:
        try:
            stills.append(extract_still(film_path, time_s, folder, width=width).path)
        except (FilmRejected, OSError, ValueError) as error:
            logger.warning("No still at %.2f s of %s: %s", time_s, film.file_name, error)
    return stills
