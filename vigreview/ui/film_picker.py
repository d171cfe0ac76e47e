"""The film picker of the Cycles & films page: choose a film, watch it arrive, or cancel.

A small component shipped in assets/film_picker/ (HTML and JS, nothing from a CDN) opens the
tablet's own picker for videos (on an iPad: Take Video, the Photo Library, Files) and sends
the chosen file to the app's upload route (vigreview/ui/web/film_upload.py) with a progress
bar and Cancel. The film never passes through Streamlit, so the server holds none of it in
memory. The page learns the outcome as a `PickerReport`, takes it up once, and hands it back
(`handled`), after which the picker is empty again.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeGuard

import streamlit as st
import streamlit.components.v1 as components

from vigreview.config import APP_ROOT
from vigreview.media.limits import MAX_UPLOAD_BYTES
from vigreview.ui.signed_in import SIGN_IN_ID_KEY
from vigreview.ui.web.film_upload import film_upload_path, upload_ticket

ASSET_DIR = APP_ROOT / "assets" / "film_picker"
# {name} is the file's own name, {percent} how much of it has arrived.
PICKER_WORDS = {
    "label": "Choose the film from the tablet",
    "choose": "Choose the film",
    "help": "Films from phones and tablets are fine, including iPhone (HEVC) and portrait. "
    "It goes into the cycle chosen above as soon as it has arrived.",
    "sending": "Sending {name} to this machine… {percent}%",
    "arrived": "{name} has arrived.",
    "cancelled": "Sending {name} was cancelled. Nothing was kept.",
    "cancel": "Cancel",
}


@dataclass(frozen=True)
class PickerReport:
    """What the picker says happened to the file the guider chose.

    `upload` is the stored upload's name in the family's media folder once the whole film
    has arrived; otherwise `refused` is the upload route's reason. `name` and `size` are the
    file's own, as the tablet gave them: text to show and check, never a path. `instance`
    (the picker drawn) and `number` (its reports so far) tell one report from the next.
    """

    name: str
    size: int | None
    upload: str | None
    refused: str | None
    instance: str
    number: int

    @property
    def ident(self) -> dict[str, Any]:
        """Return what names this report to the picker (handed back once it is taken up)."""
        return {"instance": self.instance, "n": self.number}


@functools.cache
def _picker() -> Callable[..., Any]:
    # Declared on first use, not at import: nothing happens at import time.
    return components.declare_component("vig_film_picker", path=str(ASSET_DIR))


def read_picker_report(value: object) -> PickerReport | None:
    """Return the picker's report in `value` (its component value), or None if there is none."""
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return None
    instance, number = value.get("instance"), value.get("n")
    if not isinstance(instance, str) or not _is_count(number):
        return None
    size, upload, refused = value.get("size"), value.get("upload"), value.get("refused")
    return PickerReport(
        name=value["name"],
        size=size if _is_count(size) else None,
        upload=upload if isinstance(upload, str) else None,
        refused=refused if isinstance(refused, str) else None,
        instance=instance,
        number=number,
    )


def _is_count(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def show_film_picker(family_id: str, *, key: str, handled: PickerReport | None) -> None:
    """Draw the picker that sends a film for the family; its report is in session_state[key].

    `handled` is the last report the page took up: the picker empties once it sees its own.
    """
    sign_in_id = st.session_state.get(SIGN_IN_ID_KEY)
    # Without a sign-in record there is no ticket, and the route refuses the film.
    ticket = upload_ticket(sign_in_id, family_id) if isinstance(sign_in_id, str) else ""
    _picker()(
        key=key,
        default=None,
        url=film_upload_path(family_id),
        ticket=ticket,
        max_bytes=MAX_UPLOAD_BYTES,
        words=PICKER_WORDS,
        handled=handled.ident if handled is not None else None,
    )
