"""The parent view in the family's language: its words, and the page's direction and lang.

The page's <html> element gets `lang` and `dir` ("rtl" for Urdu), so the browser, screen
readers and Streamlit's own layout (columns, the fixed bottom bar) follow the language; the
parent's typed words and quoted text take their own direction paragraph by paragraph. A small
watcher puts the page back to English, left to right, as soon as the parent view is gone (after
the guider's PIN), because guider pages do not run this code.
"""

from __future__ import annotations

import json

import streamlit as st

from vigreview.config import APP_ROOT
from vigreview.i18n import Language, Translator, translator_for
from vigreview.models import Family

RTL_STYLE_PATH = APP_ROOT / "assets" / "parent-rtl.css"
MARKER_KEY = "parent_language"
# Our own constant script; only the language's code and direction go in (as JSON).
_SCRIPT = """<script>
(function () {
  window.vigParentLanguage = LANGUAGE;
  if (window.vigParentLanguageWatch) { return; }
  function apply() {
    const inParentView = document.querySelector(".st-key-MARKER") !== null;
    const want = inParentView ? window.vigParentLanguage : {lang: "en", dir: "ltr"};
    const page = document.documentElement;
    if (page.getAttribute("lang") !== want.lang) { page.setAttribute("lang", want.lang); }
    if (page.getAttribute("dir") !== want.dir) { page.setAttribute("dir", want.dir); }
  }
  apply();
  window.vigParentLanguageWatch = setInterval(apply, 200);
})();
</script><style>.st-key-MARKER { display: none; }</style>""".replace("MARKER", MARKER_KEY)


def parent_words(family: Family) -> Translator:
    """Return the translator for the family's language (English when it has none)."""
    return translator_for(family.language)


def show_page_in(language: Language) -> None:
    """Set the page's lang and direction for the parent view (and its RTL style if needed)."""
    said = json.dumps({"lang": language.code, "dir": language.direction.value})
    # The style sheet must hold no "<": Streamlit's HTML sanitiser drops such a style element.
    rtl_style = RTL_STYLE_PATH.read_text(encoding="utf-8") if language.is_rtl else ""
    with st.container(key=MARKER_KEY):
        st.html(
            _SCRIPT.replace("LANGUAGE", said) + f"<style>{rtl_style}</style>",
            unsafe_allow_javascript=True,
        )
