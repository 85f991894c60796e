#!/usr/bin/env bash
# Install (or upgrade) Loket on a Debian/Ubuntu hall PC; see docs/install.md.
#
#   sudo scripts/install.sh --enable          install into /opt/loket and start on boot
#
# What it makes (each path under DIR with --prefix DIR):
#   /opt/loket/app        this checkout's code, pages and browser libraries
#   /opt/loket/venv       its own Python environment (pip install of the app)
#   /opt/loket/bin/loket  `queue-server` on the hall's config and data folder, as user loket
#   /etc/loket/config.toml         copied from config.toml only if absent (never overwritten)
#   /etc/loket/config.example.toml this version's config, to compare with
#   /var/lib/loket        the data folder (database, secrets, backups, log), mode 0700
#   /etc/systemd/system/loket.service (+ loket-printer-emulator.service with --demo)
#   /etc/xdg/autostart/loket-kiosk.desktop, loket-tv.desktop with --kiosk-url / --tv-url
# Running it again gives the same result; on a PC where loket.service runs, it upgrades:
# stop, backup, install the new version, start (the start migrates the database).
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: scripts/install.sh [options]
  --prefix DIR      install everything under DIR (a test or a staging root): no user is
                    created, nothing is chowned, systemctl is never called
  --wheels DIR      offline: install Python packages only from the wheels in DIR
                    (made on a PC with internet: pip wheel -w DIR /path/to/loket
                    and pip download -d DIR setuptools, which builds Loket)
  --no-deps         install Loket alone; its libraries must already be importable in the
                    venv (with --system-site-packages: Debian's python3-* packages)
  --system-site-packages   the venv also sees the Python packages of the system
  --deps-from VENV  offline: reuse the libraries of another venv of the same Python (e.g. a
                    checkout's .venv made by scripts/setup.sh); implies --no-deps
  --python PY       the Python 3.11+ the venv is made from (default: python3)
  --demo            the server runs `serve --demo`; also writes
                    loket-printer-emulator.service (an ESC/POS emulator on 127.0.0.1:9100)
  --kiosk-url URL   this PC's screen is a kiosk: Chromium opens URL full screen at login
  --tv-url URL      this PC's screen is the lobby TV: Chromium opens URL full screen at login
  --enable          enable and start loket.service now (and at every boot)
  -h, --help        this text
EOF
}

PREFIX="" WHEELS="" NO_DEPS=0 SYSTEM_SITE=0 PYTHON="" DEPS_FROM="" DEMO=0 ENABLE=0
KIOSK_URL="" TV_URL=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) PREFIX=${2:?--prefix needs a folder}; shift 2 ;;
    --wheels) WHEELS=${2:?--wheels needs a folder}; shift 2 ;;
    --no-deps) NO_DEPS=1; shift ;;
    --system-site-packages) SYSTEM_SITE=1; shift ;;
    --python) PYTHON=${2:?--python needs an interpreter}; shift 2 ;;
    --deps-from) DEPS_FROM=${2:?--deps-from needs a venv}; NO_DEPS=1; shift 2 ;;
    --demo) DEMO=1; shift ;;
    --kiosk-url) KIOSK_URL=${2:?--kiosk-url needs an address}; shift 2 ;;
    --tv-url) TV_URL=${2:?--tv-url needs an address}; shift 2 ;;
    --enable) ENABLE=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

SRC=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$PYTHON" ]; then
  PYTHON=python3
  [ -n "$DEPS_FROM" ] && PYTHON=$DEPS_FROM/bin/python  # the same Python as its libraries
fi
if [ -n "$PREFIX" ]; then
  mkdir -p "$PREFIX"
  ROOT=$(cd "$PREFIX" && pwd)
else
  ROOT=""
fi
OPT=$ROOT/opt/loket
APP=$OPT/app
VENV=$OPT/venv
ETC=$ROOT/etc/loket
DATA=$ROOT/var/lib/loket
UNITS=$ROOT/etc/systemd/system
AUTOSTART=$ROOT/etc/xdg/autostart
CHROMIUM=/usr/bin/chromium
# only a real install as root touches users, ownership and systemd
SYSTEM=0
if [ -z "$PREFIX" ] && [ "$(id -u)" -eq 0 ]; then SYSTEM=1; fi

say() { echo "loket install: $*"; }

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "Loket needs Python 3.11 or newer ($PYTHON: $("$PYTHON" --version 2>&1 || echo missing))." >&2
  echo "  Debian/Ubuntu: apt-get install python3 python3-venv" >&2
  exit 1
fi
if [ -z "$PREFIX" ] && [ "$SYSTEM" -eq 0 ]; then
  echo "install.sh: run as root (sudo) to install into /opt/loket, or give --prefix DIR." >&2
  exit 1
fi

# ---------------------------------------------------------------- the loket user
if [ "$SYSTEM" -eq 1 ]; then
  if ! id loket >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/loket --no-create-home \
      --shell /usr/sbin/nologin --comment "Loket queue server" loket
    say "user loket created"
  fi
  # USB and serial thermal printers belong to these groups on Debian
  for group in lp dialout; do
    if getent group "$group" >/dev/null; then usermod -a -G "$group" loket; fi
  done
else
  say "skipped: no loket system user (--prefix or not root); the units still name it"
fi

# ---------------------------------------------------------------- an upgrade stops first
WAS_RUNNING=0
if [ "$SYSTEM" -eq 1 ] && systemctl is-active --quiet loket.service 2>/dev/null; then
  WAS_RUNNING=1
  say "upgrade: stopping loket.service"
  systemctl stop loket.service
  if "$OPT/bin/loket" backup --help >/dev/null 2>&1; then
    say "upgrade: backup before the new version migrates the database"
    "$OPT/bin/loket" backup
  else
    # the installed version has no backup command: the server is stopped, so a copy of the
    # database files is consistent
    copy="$DATA/backups/before-upgrade-$(date +%Y%m%d-%H%M%S)"
    install -d -m 0700 -o loket -g loket "$copy"
    cp -a "$DATA"/loket.db* "$copy"/
    say "upgrade: database copied to $copy"
  fi
fi

# ---------------------------------------------------------------- the code
# The app is installed editable from its own copy: the kiosk and TV pages (kiosk/, display/)
# and the browser libraries (node_modules/) live beside the Python packages, not inside them.
if [ ! -d "$SRC/node_modules" ]; then
  echo "install.sh: $SRC/node_modules is missing: run 'npm ci' in the checkout first" \
    "(scripts/setup.sh does); the pages need its browser libraries." >&2
  exit 1
fi
mkdir -p "$OPT"
rm -rf "$APP.new"
mkdir -p "$APP.new"
(cd "$SRC" && tar -c --exclude=__pycache__ --exclude='*.pyc' --exclude='*.egg-info' \
  queue_server printer kiosk display node_modules docs config.toml pyproject.toml README.md) \
  | tar -x -C "$APP.new"
rm -rf "$APP"
mv "$APP.new" "$APP"

if [ ! -x "$VENV/bin/python" ]; then
  venv_args=()
  [ "$SYSTEM_SITE" -eq 1 ] && venv_args+=(--system-site-packages)
  "$PYTHON" -m venv "${venv_args[@]}" "$VENV"
fi
pip_args=(--quiet --disable-pip-version-check --no-input)
[ -n "$WHEELS" ] && pip_args+=(--no-index --find-links "$WHEELS")
# --no-deps: only Loket itself; its build still needs setuptools (from the index or --wheels)
[ "$NO_DEPS" -eq 1 ] && pip_args+=(--no-deps)
site_packages() { "$1" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])'; }
if [ -n "$DEPS_FROM" ]; then
  # a .pth line puts the other venv's libraries on this venv's path, after its own
  site_packages "$DEPS_FROM/bin/python" > "$(site_packages "$VENV/bin/python")/loket-deps.pth"
fi
"$VENV/bin/python" -m pip install "${pip_args[@]}" -e "$APP"
rm -rf "$APP/build"
if [ "$SYSTEM" -eq 1 ]; then
  # the server's user cannot write bytecode caches into root's /opt: make them now, so a
  # small PC does not compile every module at each start
  "$VENV/bin/python" -m compileall -q "$APP/queue_server" "$APP/printer" >/dev/null
fi
version=$("$VENV/bin/queue-server" --version)
say "${version/queue-server, version /Loket } installed in $OPT"

# the command for the IT officer: the server's config and data folder, as the server's user
mkdir -p "$OPT/bin"
cat > "$OPT/bin/loket" <<EOF
#!/bin/sh
# queue-server on this hall's config and data folder (written by scripts/install.sh)
export LOKET_CONFIG="$ETC/config.toml" LOKET_DATA_DIR="$DATA"
if [ "\$(id -u)" -eq 0 ] && id loket >/dev/null 2>&1; then
  # as loket: files it makes in the data folder stay the server's
  exec runuser -u loket -- "$VENV/bin/queue-server" "\$@"
fi
exec "$VENV/bin/queue-server" "\$@"
EOF
chmod 0755 "$OPT/bin/loket"
if [ "$SYSTEM" -eq 1 ]; then ln -sfn "$OPT/bin/loket" /usr/local/bin/loket; fi

# ---------------------------------------------------------------- config and data folder
mkdir -p "$ETC"
cp "$SRC/config.toml" "$ETC/config.example.toml"
chmod 0644 "$ETC/config.example.toml"
if [ -e "$ETC/config.toml" ]; then
  say "kept $ETC/config.toml (never overwritten; this version's is config.example.toml)"
else
  cp "$SRC/config.toml" "$ETC/config.toml"
  chmod 0640 "$ETC/config.toml"
  say "created $ETC/config.toml: set [site] public_url and [printers] for this hall"
fi
mkdir -p "$DATA"
chmod 0700 "$DATA"
if [ "$SYSTEM" -eq 1 ]; then
  chown root:loket "$ETC/config.toml"
  chown -R loket:loket "$DATA"
fi

# ---------------------------------------------------------------- systemd units
mkdir -p "$UNITS"
serve_args="serve"
[ "$DEMO" -eq 1 ] && serve_args="serve --demo"
cat > "$UNITS/loket.service" <<EOF
# Written by scripts/install.sh (docs/install.md); a new install rewrites it.
[Unit]
Description=Loket queue server (Mal Pelayanan Publik)
Documentation=file://$APP/docs/install.md
After=network-online.target
Wants=network-online.target

[Service]
Type=simple
User=loket
Group=loket
SupplementaryGroups=lp dialout
Environment=LOKET_CONFIG=$ETC/config.toml
Environment=LOKET_DATA_DIR=$DATA
Environment=PYTHONUNBUFFERED=1
WorkingDirectory=$DATA
ExecStart=$VENV/bin/queue-server $serve_args
# a crash or a power-cut-torn start is retried; a clean stop stays stopped
Restart=on-failure
RestartSec=5
TimeoutStopSec=20
# logs: the server's stderr goes to journald (journalctl -u loket); it also keeps its own
# rotating log, loket.log in the data folder (5 files of 5 MB), read by /admin/status
StandardOutput=journal
StandardError=journal
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full
ProtectHome=yes

[Install]
WantedBy=multi-user.target
EOF
if [ "$DEMO" -eq 1 ]; then
  cat > "$UNITS/loket-printer-emulator.service" <<EOF
# Written by scripts/install.sh --demo: a network thermal printer on 127.0.0.1:9100 that
# draws each ticket as a PNG in the data folder. The demo server has its own; this one is
# for trying a real config (a [printers] entry with host 127.0.0.1, port 9100).
[Unit]
Description=Loket ESC/POS printer emulator (demo)
Documentation=file://$APP/docs/install.md
Before=loket.service

[Service]
Type=simple
User=loket
Group=loket
Environment=LOKET_CONFIG=$ETC/config.toml
Environment=LOKET_DATA_DIR=$DATA
ExecStart=$VENV/bin/queue-server printer-emulator --host 127.0.0.1 --port 9100 --out $DATA/printed
Restart=on-failure
RestartSec=5
UMask=0077
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=full
ProtectHome=yes

[Install]
WantedBy=multi-user.target
EOF
else
  rm -f "$UNITS/loket-printer-emulator.service"
fi

# ---------------------------------------------------------------- hall screens
# a desktop entry in the system's autostart folder opens on every graphical login of this PC
# (the flags of docs/display.md: sound without a tap, no dialogs over the screen)
screen_entry() {  # name, title, url
  mkdir -p "$AUTOSTART"
  local url=${3//%/%%}  # quoted for the Exec line (& ? are reserved); % is a field code there
  cat > "$AUTOSTART/$1.desktop" <<EOF
[Desktop Entry]
Type=Application
Name=$2
Comment=Written by scripts/install.sh (docs/install.md)
Exec=$CHROMIUM --kiosk --autoplay-policy=no-user-gesture-required --noerrdialogs --disable-session-crashed-bubble --disable-infobars --no-first-run --check-for-update-interval=31536000 --disable-features=Translate "$url"
X-GNOME-Autostart-enabled=true
NoDisplay=true
EOF
  say "screen: $2 opens $3 at login ($AUTOSTART/$1.desktop)"
}
if [ -n "$KIOSK_URL" ]; then screen_entry loket-kiosk "Loket kiosk" "$KIOSK_URL"; fi
if [ -n "$TV_URL" ]; then screen_entry loket-tv "Loket layar TV" "$TV_URL"; fi
if [ -n "$KIOSK_URL$TV_URL" ] && [ ! -x "$CHROMIUM" ]; then
  say "note: $CHROMIUM is missing (apt-get install chromium)"
fi

# ---------------------------------------------------------------- start
if [ -f "$DATA/loket.db" ] && [ "$SYSTEM" -eq 1 ]; then
  # what the start will migrate (exit 1 = migrations pending: expected after an upgrade)
  "$OPT/bin/loket" upgrade-check || true
fi
if [ "$SYSTEM" -eq 1 ]; then
  systemctl daemon-reload
  if [ "$ENABLE" -eq 1 ]; then
    systemctl enable --quiet loket.service
    systemctl restart loket.service
    say "loket.service enabled and started (journalctl -u loket -f to watch)"
  elif [ "$WAS_RUNNING" -eq 1 ]; then
    systemctl start loket.service
    say "upgrade: loket.service started again (it migrates the database as it starts)"
  else
    say "units written; start on every boot with: systemctl enable --now loket.service"
  fi
else
  say "units written to $UNITS, not enabled (--prefix: systemctl is never called)"
fi
