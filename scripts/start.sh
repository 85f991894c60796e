#!/usr/bin/env bash
# Set up and start the whole system on the embedded default: SQLite in ./data, the printer
# emulator, the MPP Lebong demo. Extra arguments go to `queue-server serve` (e.g. --port 8081).
# Quiet: setup.sh shows pip's and npm's output only when a step fails, and the banner with
# the addresses and the demo's credentials is the last thing the start prints.
set -euo pipefail
cd "$(dirname "$0")/.."
# the TV's offline voice (espeak-ng, lame) and the printer emulator's fonts
scripts/apt-install.sh espeak-ng lame fonts-dejavu-core libusb-1.0-0
scripts/setup.sh
exec .venv/bin/queue-server serve --demo "$@"
