"""The frame around every page: page settings, shared style, navigation."""

from __future__ import annotations

import streamlit as st

from vigreview.config import APP_ROOT
from vigreview.ui.navigation import build_navigation
from vigreview.ui.resources import get_store

STYLE_PATH = APP_ROOT / "assets" / "app.css"


def apply_style() -> None:
    """Load the app's own CSS (shipped in assets/, never from a CDN)."""
    st.html(f"<style>{STYLE_PATH.read_text(encoding='utf-8')}</style>")


def run_app() -> None:
    """Set up the page, make sure the data folder is ready, and run the chosen page."""
    st.set_page_config(page_title="VIG Review", page_icon=":material/movie:", layout="wide")
    apply_style()
    get_store()
    build_navigation().run()
