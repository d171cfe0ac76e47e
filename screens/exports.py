"""Keepsake & exports page."""

from vigreview.ui.exports_view import render_exports_page

render_exports_page()
