#!/usr/bin/env bash
# Install the test tools (and Debian's Chromium if it is missing), then lint, type-check and run
# every test: unit, AppTest and real-browser. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/WebKitWebDriver ] || ! command -v Xvfb >/dev/null; then
  # Debian's packages, never `playwright install` (that downloads a browser from the internet):
  # Chromium, and WebKit (Safari's engine) with its WebDriver, a virtual screen and the
  # GStreamer plugins it plays H.264/AAC films with.
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium webkit2gtk-driver xvfb \
    gstreamer1.0-libav gstreamer1.0-plugins-good >/dev/null
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  # axe-core (accessibility checks the browser tests inject into pages), from package.json.
  npm install --no-audit --no-fund
fi
echo "== ruff"
python3 -m ruff check .
python3 -m ruff format --check .
echo "== mypy"
python3 -m mypy vigreview
echo "== pytest"
python3 -m pytest "$@"
