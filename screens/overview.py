"""Caseload overview page."""

from vigreview.ui.overview_view import render_overview_page

render_overview_page()
