#!/usr/bin/env bash
# Check what the tests need (Python 3.11+, Node.js for axe-core, Debian's browser packages),
# make the project's own Python environment (.venv) with the locked test tools, then lint,
# type-check and run every test: unit, AppTest and real-browser. Extra arguments go to pytest,
# e.g. `scripts/test.sh tests/unit` or `scripts/test.sh -m "not browser"` (which also skips
# the browser prerequisites). Missing system packages are installed with apt-get, as root or
# through sudo; never a browser downloaded by playwright.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/venv.sh

# Debian's packages the real-browser tests drive: Chromium (Playwright) and WebKit (Safari's
# engine, through WebKitWebDriver under a virtual display, playing H.264/AAC via GStreamer).
BROWSER_PACKAGES=(chromium chromium-driver webkit2gtk-driver xvfb gstreamer1.0-libav
  gstreamer1.0-plugins-good)

wants_browsers() {
  local arg
  for arg in "$@"; do
    case "$arg" in *"not browser"*) return 1 ;; esac
  done
  return 0
}

check_browser_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "The browser tests drive Debian/Ubuntu's ${BROWSER_PACKAGES[*]}, which this machine"
    say "cannot install. Run everything else with: scripts/test.sh -m \"not browser\""
    exit 1
  fi
  local missing=() package
  for package in "${BROWSER_PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
}

check_node() {
  # axe-core (the accessibility checker the browser tests inject into pages), exactly as
  # package-lock.json has it.
  if [ -f node_modules/axe-core/axe.min.js ]; then
    return 0
  fi
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  npm ci --no-audit --no-fund --silent
}

if wants_browsers "$@"; then
  check_browser_packages
  check_node
fi
ensure_venv
install_lock requirements-dev.txt
PY="$(venv_python)"
echo "== ruff"
"$PY" -m ruff check .
"$PY" -m ruff format --check .
echo "== mypy"
"$PY" -m mypy vigreview
echo "== pytest"
# Spread over the machine's cores; the browser tests stay one group, run one at a time in one
# worker (see tests/browser/conftest.py).
"$PY" -m pytest -n auto --dist loadgroup "$@"
