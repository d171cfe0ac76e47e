"""Saving what is typed in a text area while it is typed, not only when it loses focus.

Streamlit sends a text area's value when it loses focus or on Ctrl+Enter, so a reload in the
middle of typing would lose the words. After a short pause in typing, a tiny script in the
page sends the same Ctrl+Enter the guider could press; the words are then saved by the
area's on_change callback and the cursor stays where it was (measured in Chromium).
"""

from __future__ import annotations

import streamlit as st

PAUSE_MS = 800

# Our own constant script, nothing typed goes in. Installed once per page load.
_SCRIPT = """
<script>
(function () {
  if (window.vigAutosave) { return; }
  window.vigAutosave = true;
  let timer = null;
  document.addEventListener("input", function (event) {
    const area = event.target;
    if (!(area instanceof HTMLTextAreaElement)) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () {
      area.dispatchEvent(new KeyboardEvent("keydown", {
        key: "Enter", code: "Enter", ctrlKey: true, metaKey: true, bubbles: true
      }));
    }, PAUSE);
  }, true);
})();
</script>
"""


def save_text_areas_while_typing() -> None:
    """Make every text area on this page send its words after a short pause in typing."""
    st.html(_SCRIPT.replace("PAUSE", str(PAUSE_MS)), unsafe_allow_javascript=True)
