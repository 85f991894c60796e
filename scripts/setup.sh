#!/usr/bin/env bash
# Prepare this checkout: a virtualenv with Loket installed, and the browser libraries the
# pages serve (from npm, by exact version in package-lock.json). Safe to run again.
# Quiet: one line while it works; pip's and npm's output is kept in a log that is shown
# only when a step fails (LOKET_SETUP_VERBOSE=1 shows everything as it happens).
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --dev    plus everything the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Loket needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ -f package.json ] && ! command -v npm >/dev/null 2>&1; then
  echo "npm tidak ada / npm is missing: install Node.js (Debian: apt-get install -y nodejs npm)." >&2
  exit 1
fi

LOG=$(mktemp "${TMPDIR:-/tmp}/loket-setup.XXXXXX")
trap 'rm -f "$LOG"' EXIT
quietly() {  # run "$@" with its output in $LOG; on failure show that output and stop
  if [ "${LOKET_SETUP_VERBOSE:-}" = 1 ]; then
    "$@"
    return
  fi
  if ! "$@" >>"$LOG" 2>&1; then
    echo "Persiapan gagal / setup failed at: $*" >&2
    cat "$LOG" >&2
    exit 1
  fi
}

extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
echo "Menyiapkan Loket (virtualenv, paket Python dan npm) / setting up Loket…"
if [ ! -x .venv/bin/python ]; then
  quietly "$PYTHON" -m venv .venv
fi
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
quietly .venv/bin/python -m pip install --quiet --upgrade pip
quietly .venv/bin/python -m pip install --quiet -e ".${extra}"
quietly .venv/bin/python -m pip check
if [ -f package.json ]; then
  quietly npm ci --no-audit --no-fund --loglevel=error
fi
