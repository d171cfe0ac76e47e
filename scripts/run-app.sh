#!/usr/bin/env bash
# Make the project's own Python environment (.venv) if needed, install the app's locked
# requirements into it, and start the app at http://localhost:8501 (the address is printed).
# On an empty data folder it opens on the first-account form, with the demo a click away.
# Extra arguments go to `streamlit run`, e.g. --server.port 8600.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv
install_lock requirements.txt
# Compile the app's own code once (a second or so), as pip does for installed packages, so
# the first page never waits for it; a no-op when nothing changed.
"$(venv_python)" -m compileall -q app.py screens vigreview >/dev/null
exec "$(venv_python)" -m streamlit run app.py "$@"
