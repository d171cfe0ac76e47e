"""Shared review page (guider view)."""

from vigreview.ui.review_view import render_review_page

render_review_page()
