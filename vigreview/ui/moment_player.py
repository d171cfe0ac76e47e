"""The parent's moment player: the film big, our own large buttons, frame-exact stills.

A small component shipped in assets/moment_player/ (HTML and JS, nothing from a CDN) owns the
<video>: it plays the moment by URL (range requests, flat server memory) only after a tap,
with sound, loops between the moment's start and end, slows to 1/2 or 1/4 once playing, and
replays the lead-up. It talks to Python only to step one frame back or on: the frame is then
taken exactly from the film with PyAV and shown in place of the film.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from vigreview.config import APP_ROOT
from vigreview.i18n import Translator
from vigreview.media import FilmRejected, extract_still, step_frame
from vigreview.parent_words import PLAYER_WORDS

ASSET_DIR = APP_ROOT / "assets" / "moment_player"
# The film may take up to this share of the screen's height, so its buttons, the question
# above and the bar with Back and Next stay in view on a landscape tablet.
HEIGHT_SHARE = 0.58
# Frame-step stills are shown as large as the film, so sharper than the strip's stills.
STEP_STILL_WIDTH = 960


@dataclass(frozen=True)
class MomentFilm:
    """What the player needs to know about one moment of one film."""

    url: str
    film_path: Path
    stills_dir: Path
    start_s: float
    end_s: float
    lead_start_s: float | None
    aspect: float
    poster: Path | None
    baby_voice: str
    baby_says: str


@functools.cache
def _player() -> Callable[..., Any]:
    # Declared on first use, not at import: nothing happens at import time.
    return components.declare_component("vig_moment_player", path=str(ASSET_DIR))


def _data_url(path: Path) -> str:
    return "data:image/jpeg;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def _still_key(key: str) -> str:
    return f"{key}_still"


def answer_frame_step(moment: MomentFilm, asked: object, key: str) -> None:
    """Take the frame the player asked for exactly from the film and keep it for the player.

    `asked` is the player's last message ({"step": -1 or 1, "at": seconds, "ask": n}); one
    already answered, or anything else, changes nothing.
    """
    if not isinstance(asked, dict):
        return
    number, frames, at = asked.get("ask"), asked.get("step"), asked.get("at")
    kept = st.session_state.get(_still_key(key))
    if not isinstance(number, int) or frames not in (-1, 1) or not isinstance(at, int | float):
        return
    if isinstance(kept, dict) and kept.get("ask") == number:
        return
    try:
        time_s = step_frame(moment.film_path, float(at), int(frames))
        still = extract_still(moment.film_path, time_s, moment.stills_dir, width=STEP_STILL_WIDTH)
    except (FilmRejected, OSError, ValueError):
        return
    st.session_state[_still_key(key)] = {
        "ask": number,
        "time": still.time_s,
        "src": _data_url(still.path),
    }


def show_moment_player(moment: MomentFilm, *, key: str, say: Translator) -> None:
    """Draw the moment player in `say`'s language; a frame step reruns only the player."""
    player_words = {name: say.gettext(text) for name, text in PLAYER_WORDS.items()}

    @st.fragment
    def player() -> None:
        answer_frame_step(moment, st.session_state.get(key), key)
        poster = _data_url(moment.poster) if moment.poster and moment.poster.exists() else ""
        _player()(
            key=key,
            default=None,
            url=moment.url,
            start=moment.start_s,
            end=moment.end_s,
            lead_start=moment.lead_start_s,
            aspect=moment.aspect,
            height_share=HEIGHT_SHARE,
            poster=poster,
            baby_voice=moment.baby_voice,
            baby_says=moment.baby_says,
            words=player_words,
            lang=say.language.code,
            dir=say.language.direction.value,
            still=st.session_state.get(_still_key(key)),
        )

    player()
