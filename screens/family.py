"""Family page."""

from vigreview.ui.family_view import render_family_page

render_family_page()
