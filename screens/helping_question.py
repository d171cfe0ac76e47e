"""Helping question page."""

from vigreview.ui.helping_question_view import render_helping_question_page

render_helping_question_page()
