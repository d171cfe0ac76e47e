"""A calm word of our own while the link to the server is lost, instead of Streamlit's box.

Streamlit 1.67's page keeps its connection state on the app's root element
(`data-test-connection-state`: CONNECTED, PINGING_SERVER, CONNECTING ...) and, when the link
drops, opens a "Connection error ... Are you connected to the internet?" dialog
(`data-testid="stDialog"`). The parent view hides that dialog in its style sheet; this small
script, installed once per page, watches the state and shows our own notice until the link is
back. The page (and the film) stay as they were meanwhile.
"""

from __future__ import annotations

import json

import streamlit as st

from vigreview.i18n import DEFAULT_LANGUAGE, Translator, translator_for
from vigreview.parent_words import RECONNECT_TEXT, RECONNECT_TITLE

NOTICE_ID = "vig-reconnect"
GUIDER_WORDS = "Reconnecting to the app…"
# Our own constant script; only our own words go in (as JSON strings).
_SCRIPT = """<script>
(function () {
  const words = WORDS;
  if (window.vigReconnect) { window.vigReconnect.words = words; return; }
  window.vigReconnect = {words: words};
  let wasConnected = false;
  function notice() {
    let box = document.getElementById("NOTICE_ID");
    if (!box) {
      box = document.createElement("div");
      box.id = "NOTICE_ID";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      const title = document.createElement("strong");
      const text = document.createElement("span");
      box.appendChild(title);
      box.appendChild(text);
      document.body.appendChild(box);
    }
    const w = window.vigReconnect.words;
    box.className = w.parent ? "vig-reconnect-parent" : "vig-reconnect-guider";
    box.children[0].textContent = w.title;
    box.children[1].textContent = w.text;
    return box;
  }
  setInterval(function () {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app ? app.getAttribute("data-test-connection-state") : null;
    if (state === "CONNECTED") { wasConnected = true; }
    const lost = wasConnected && state !== "CONNECTED";
    const box = document.getElementById("NOTICE_ID");
    if (lost) { notice().style.display = "flex"; } else if (box) { box.style.display = "none"; }
  }, 250);
})();
</script>""".replace("NOTICE_ID", NOTICE_ID)
_STYLE = """<style>
#NOTICE_ID { position: fixed; z-index: 1000001; display: none; flex-direction: column;
  gap: 0.3rem; font-family: inherit; }
#NOTICE_ID.vig-reconnect-parent { left: 50%; top: 1.2rem; transform: translateX(-50%);
  width: min(90vw, 640px); padding: 1.1rem 1.5rem; border-radius: 18px; background: #fffdf4;
  color: #1d1d1d; border: 3px solid #2f6f6a; box-shadow: 0 6px 24px rgba(0,0,0,.25);
  font-size: 24px; line-height: 1.4; }
#NOTICE_ID.vig-reconnect-parent strong { font-size: 28px; color: #1f4e4a; }
#NOTICE_ID.vig-reconnect-guider { right: 1rem; bottom: 1rem; padding: 0.4rem 0.9rem;
  border-radius: 999px; background: #fff4d6; color: #4a3b00; border: 1px solid #c9a227;
  font-size: 16px; }
#NOTICE_ID.vig-reconnect-guider span { display: none; }
</style>""".replace("NOTICE_ID", NOTICE_ID)


def watch_the_connection(*, for_parent: bool, say: Translator | None = None) -> None:
    """Show our own notice whenever the link to the server drops, until it is back.

    For the parent: a calm card saying the words are saved, in `say`'s language; for the
    guider: a small pill.
    """
    say = say or translator_for(DEFAULT_LANGUAGE.code)
    said = (
        {
            "parent": True,
            "title": say.gettext(RECONNECT_TITLE),
            "text": say.gettext(RECONNECT_TEXT),
        }
        if for_parent
        else {"parent": False, "title": GUIDER_WORDS, "text": ""}
    )
    st.html(_STYLE)
    st.html(_SCRIPT.replace("WORDS", json.dumps(said)), unsafe_allow_javascript=True)
