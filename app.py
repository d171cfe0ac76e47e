"""VIG Review: start with `streamlit run app.py`."""

from vigreview.ui.frame import run_app

run_app()
