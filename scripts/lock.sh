#!/usr/bin/env bash
# Rewrite the locks (requirements.txt, requirements-dev.txt: exact versions with hashes, for
# Linux, macOS and Windows alike) from the human-edited requirements.in and
# requirements-dev.in. Versions already in a lock are kept unless a .in file asks for another;
# pass --upgrade to move everything to the newest allowed versions. Needs the internet (PyPI).
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.9
TOOLS=.venv-lock
if [ ! -x "$TOOLS/bin/uv" ]; then
  python3 -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install --quiet "uv==$UV_VERSION"
fi
compile() {
  "$TOOLS/bin/uv" pip compile --quiet --universal --python-version 3.11 --generate-hashes \
    --index-url https://pypi.org/simple --no-header "$@"
}
# The dev lock is held to the app lock's versions, so tests run what the app runs.
compile requirements.in -o requirements.txt "$@"
compile requirements-dev.in -c requirements.txt -o requirements-dev.txt "$@"
echo "Locked: requirements.txt, requirements-dev.txt. Commit them with the .in files."
