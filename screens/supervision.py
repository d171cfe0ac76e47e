"""Supervision page (the only page a supervisor sees)."""

from vigreview.ui.supervision_view import render_supervision_page

render_supervision_page()
