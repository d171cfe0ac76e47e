"""Moments page."""

from vigreview.ui.moments_view import render_moments_page

render_moments_page()
