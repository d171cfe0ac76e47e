"""VIG Review: start with `streamlit run app.py`.

`streamlit run` finds `app` below and serves it (with the app's own routes and headers);
each browser tab's script run then executes this file as "__main__", which runs the app.
"""

import streamlit as st

from vigreview.ui.web.routes import build_middleware, build_routes
from vigreview.ui.web.warm_up import warm_up

app = st.App("app.py", routes=build_routes(), middleware=build_middleware(), lifespan=warm_up)

if __name__ == "__main__":
    # Imported in the script run, not when the server loads `app`: a custom component (the
    # film player) registers itself on import, which only counts once Streamlit is running.
    from vigreview.ui.frame import run_app

    run_app()
