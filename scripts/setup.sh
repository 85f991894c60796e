#!/usr/bin/env bash
# Prepare this checkout: a virtualenv with Loket installed, and the browser libraries the
# pages serve (from npm, by exact version in package-lock.json). Safe to run again.
#   scripts/setup.sh          runtime only
#   scripts/setup.sh --dev    plus everything the tests need
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Loket needs Python 3.11 or newer ($PYTHON is $("$PYTHON" --version 2>&1))." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extra=""
[ "${1:-}" = "--dev" ] && extra="[dev]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extra}"
.venv/bin/python -m pip check

if [ -f package.json ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js (Debian: apt-get install -y nodejs npm)." >&2
    exit 1
  fi
  npm ci --no-audit --no-fund --loglevel=error
fi
