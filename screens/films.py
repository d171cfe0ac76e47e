"""Cycles & films page."""

from vigreview.ui.films_view import render_films_page

render_films_page()
