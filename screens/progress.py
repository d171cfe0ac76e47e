"""Progress page."""

from vigreview.ui.progress_view import render_progress_page

render_progress_page()
