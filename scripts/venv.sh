# Sourced by run-app.sh, serve-lan.sh and test.sh (not run on its own): checks Python 3.11+,
# makes the project's own virtual environment in .venv (never installing into the system's
# Python, which Debian and Ubuntu refuse: PEP 668), and installs a lock into it with hashes.

MIN_PYTHON="3.11"
VENV_DIR=".venv"

say() { printf '%s\n' "$*" >&2; }

# Run a command as root: directly when we are root, through sudo when there is sudo.
# Returns 1 (running nothing) when neither is possible.
as_root() {
  if [ "$(id -u)" = 0 ]; then
    env DEBIAN_FRONTEND=noninteractive "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo env DEBIAN_FRONTEND=noninteractive "$@"
  else
    return 1
  fi
}

# Install Debian/Ubuntu packages with apt, or say exactly what to run and stop.
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    say "Please install these with your system's package manager, then run this again: $*"
    exit 1
  fi
  say "Installing $* with apt-get (once) ..."
  if ! { as_root apt-get update -qq && as_root apt-get install -y -qq "$@" >/dev/null; }; then
    say "Could not install $* (this needs root or sudo). Please run, as root:"
    say "    apt-get update && apt-get install -y $*"
    say "then run this again."
    exit 1
  fi
}

# The Python that makes the venv: $PYTHON if set, else python3, else python.
find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1; then
      printf '%s' "$candidate"
      return 0
    fi
  done
  say "VIG Review needs Python $MIN_PYTHON or newer, and no Python was found."
  say "Debian/Ubuntu: apt-get install python3 python3-venv. macOS: the installer from"
  say "python.org or 'brew install python@3.12'. Then run this again."
  exit 1
}

check_python_version() {
  local python="$1" version
  if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    version="$("$python" -c 'import platform; print(platform.python_version())' 2>/dev/null)"
    say "VIG Review needs Python $MIN_PYTHON or newer; '$python' is Python ${version:-unknown}."
    say "Debian 12 and Ubuntu 24.04 ship a new enough python3. macOS: the installer from"
    say "python.org or 'brew install python@3.12', then: PYTHON=python3.12 $0"
    exit 1
  fi
}

# The venv's own Python (bin/ on Linux and macOS, Scripts/ under Git Bash on Windows).
venv_python() {
  if [ -x "$VENV_DIR/bin/python" ]; then
    printf '%s' "$VENV_DIR/bin/python"
  else
    printf '%s' "$VENV_DIR/Scripts/python.exe"
  fi
}

# Make .venv if it is not there (or is broken), installing python3-venv when Debian lacks it.
ensure_venv() {
  local python
  python="$(find_python)"
  check_python_version "$python"
  if "$(venv_python)" -m pip --version >/dev/null 2>&1; then
    return 0
  fi
  rm -rf "$VENV_DIR"
  say "Making the project's own Python environment in $VENV_DIR (once) ..."
  if ! "$python" -m venv "$VENV_DIR" >/dev/null 2>&1; then
    # Debian and Ubuntu split venv (with ensurepip) out of the python3 package.
    rm -rf "$VENV_DIR"
    apt_install python3-venv
    "$python" -m venv "$VENV_DIR"
  fi
}

# Install a lock file into .venv, only when it changed since the last install.
install_lock() {
  local lock="$1" stamp python digest
  python="$(venv_python)"
  stamp="$VENV_DIR/.installed-$(basename "$lock")"
  digest="$("$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$lock")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$digest" ]; then
    return 0
  fi
  say "Installing what $lock lists into $VENV_DIR (the first time takes a few minutes) ..."
  "$python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
  printf '%s\n' "$digest" >"$stamp"
}
