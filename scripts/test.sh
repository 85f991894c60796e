#!/usr/bin/env bash
# Run every test: installs what the tests need (Debian packages, Python and npm packages),
# starts Redis for the scale-out tests, and fails on any failure or skipped test.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
command -v lame >/dev/null 2>&1 || need+=(lame)
command -v sox >/dev/null 2>&1 || need+=(sox)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
ls /usr/lib/*/libusb-1.0.so.0 >/dev/null 2>&1 || need+=(libusb-1.0-0)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian packages: ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

scripts/setup.sh --dev

# Redis for the tests that run several server processes on one message queue.
if ! redis-cli -p 6379 ping >/dev/null 2>&1; then
  redis-server --port 6379 --save "" --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 50); do redis-cli -p 6379 ping >/dev/null 2>&1 && break; sleep 0.1; done
fi

.venv/bin/ruff check .
export LOKET_FORBID_SKIPS=1
exec .venv/bin/python -m pytest "$@"
