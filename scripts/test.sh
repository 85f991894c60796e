#!/usr/bin/env bash
# Run every test: installs what the tests need (Debian packages, Python and npm packages),
# starts Redis for the scale-out tests, and fails on any failure or skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

# what the tests drive for real: Chromium, Redis, espeak-ng + lame/sox for the voice, fonts
# for the printer emulator's PNGs, libusb for USB printers
scripts/apt-install.sh chromium redis-server espeak-ng lame sox fonts-dejavu-core \
  libusb-1.0-0

scripts/setup.sh --dev

# Redis for the tests that run several server processes on one message queue.
if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  redis-server --port 6379 --save "" --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 50); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

.venv/bin/ruff check .
# the layer contracts of pyproject.toml ([tool.importlinter])
.venv/bin/lint-imports --no-cache
npx --no-install tsc -p tsconfig.json  # the JS check: browser modules against their JSDoc types
export LOKET_FORBID_SKIPS=1
exec .venv/bin/python -m pytest "$@"
