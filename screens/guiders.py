"""Guider accounts page."""

from vigreview.ui.guiders_view import render_guiders_page

render_guiders_page()
