"""Supervision pack page."""

from vigreview.ui.supervision_pack_view import render_supervision_pack_page

render_supervision_pack_page()
