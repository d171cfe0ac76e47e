"""Data page."""

from vigreview.ui.data_view import render_data_page

render_data_page()
