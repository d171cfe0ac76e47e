#!/usr/bin/env bash
# Serve VIG Review to the tablets on a children's centre's own network, from this one machine.
# It will not start while no guider account exists: first run ./scripts/run-app.sh on this
# machine, make the first account, then run this. Tablets open http://<this machine>:8501.
# VIGREVIEW_DATA chooses the data folder; VIGREVIEW_PORT the port; extra arguments go to
# `streamlit run`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh
ensure_venv
install_lock requirements.txt
"$(venv_python)" -m vigreview.trust.lan_check
exec "$(venv_python)" -m streamlit run app.py \
  --server.address 0.0.0.0 --server.port "${VIGREVIEW_PORT:-8501}" "$@"
