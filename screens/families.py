"""Families page."""

from vigreview.ui.families_view import render_families_page

render_families_page()
