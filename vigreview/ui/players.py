"""Video players: a looped, slowed moment player and the scrubbing film player.

Films are always played by URL from the app's own media route (range requests, flat server
memory, only for those who may see the family); never with st.video(path), which loads the
whole file into server memory.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_player import st_player

from vigreview.ui.resources import get_store
from vigreview.ui.web.family_media import family_media_path

PLAYER_HEIGHT = 420

# Only numbers and our own URLs go into this page, never anything a person typed.
_LOOP_PLAYER = """
<video id="moment" src="{url}" controls playsinline preload="auto"
       style="width:100%;max-height:{height}px;background:#000;border-radius:12px"></video>
<script>
  const v = document.getElementById("moment");
  const start = {start}, end = {end}, rate = {rate};
  v.addEventListener("loadedmetadata", () => {{
    v.currentTime = start;
    v.playbackRate = rate;
    // With sound when the browser allows it (the parent's voice matters); where it only
    // allows silent autoplay, start muted and let the speaker button bring the sound.
    v.play().catch(() => {{ v.muted = true; v.play(); }});
  }});
  v.addEventListener("play", () => {{ v.playbackRate = rate; }});
  v.addEventListener("timeupdate", () => {{
    if (v.currentTime >= end || v.currentTime < start - 0.5) {{ v.currentTime = start; v.play(); }}
  }});
</script>
"""


def show_looped_moment(
    url: str, start_s: float, end_s: float, *, speed: float = 1.0, height: int = PLAYER_HEIGHT
) -> None:
    """Play [start_s, end_s] of the film at `url` over and over, at `speed` (0.25 to 1)."""
    html = _LOOP_PLAYER.format(
        url=json.dumps(url)[1:-1],
        start=float(start_s),
        end=float(end_s),
        rate=float(speed),
        height=height,
    )
    st.iframe(html, height=height + 16)


def show_scrubbing_player(url: str, *, key: str) -> DeltaGenerator:
    """Show the whole film with controls, in a form; return the form for its buttons.

    The player's position events go into the form and rerun nothing: only a tap on one of the
    caller's `form_submit_button`s (e.g. "Start here") sends the playhead to Python, and
    `read_playhead(key)` reads it, also inside that button's callback.

    Why a form: every rerun a player event asks for names the page the browser believed it
    was on when the event left. An event sent around a tap on another page in the sidebar
    arrives while that page runs; Streamlit then runs the Moments fragment's rerun afterwards
    under the Moments page's name, the browser takes it for a page change and drops the new
    page's content (an empty main area, or "Bad delta path index" and a white page when the
    new page's own fragment draws next). Inside a form, an event is only stored in the
    browser, so there is no rerun to arrive late.

    streamlit-player 0.1.5 leaves the video frozen at 0 s unless playback_rate is given.
    """
    form = st.form(f"{key}_form", border=False, enter_to_submit=False)
    with form:
        st_player(
            url,
            key=key,
            playback_rate=1,
            controls=True,
            play_inline=True,
            progress_interval=250,
            events=["onProgress", "onSeek"],
            height=PLAYER_HEIGHT,
        )
    return form


def read_playhead(key: str) -> float | None:
    """Return the playhead, in seconds, the player with this key last sent, when known."""
    # The player's last event sits in session state under its key (under AppTest too, where
    # the component is not rendered and a test puts the event there).
    stored = st.session_state.get(key)
    data = stored.get("data") if isinstance(stored, dict) else None
    if isinstance(data, dict) and "playedSeconds" in data:
        return float(data["playedSeconds"])
    if isinstance(data, int | float):
        # onSeek reports the new position as a bare number.
        return float(data)
    return None


def media_url(family_id: str, file: Path) -> str:
    """Return the address players and pictures use for one of a family's films or stills.

    Served by the app's own route only to whoever may see the family (ui/web/family_media).
    """
    return family_media_path(family_id, get_store().media_dir(family_id), file)


def show_still(url: str, *, alt: str, caption: str | None = None, width: int | None = None) -> None:
    """Show a still from `url` (st.image takes only files or absolute addresses)."""
    size = f"width:{int(width)}px;max-width:100%" if width else "width:100%"
    st.html(f'<img src="{html.escape(url)}" alt="{html.escape(alt)}" style="{size}">')
    if caption:
        st.caption(caption)
