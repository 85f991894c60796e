#!/usr/bin/env bash
# Set up and start the whole system on the embedded default: SQLite in ./data, the printer
# emulator, the MPP Lebong demo. Extra arguments go to `queue-server serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
# the TV's offline voice (espeak-ng, lame) and the printer emulator's fonts
scripts/apt-install.sh espeak-ng lame fonts-dejavu-core libusb-1.0-0
scripts/setup.sh
exec .venv/bin/queue-server serve --demo "$@"
