#!/usr/bin/env bash
# Sets up everything, builds the app and starts it on the demo community 阳光山庄.
#
#   bash scripts/demo.sh
#
# With a display (DISPLAY or WAYLAND_DISPLAY set) it opens the desktop window; without one it
# serves the same app on http://127.0.0.1:8080/ (PORT=... to change) for a browser.
# The database is the OS app-data folder's yishi/yishi.db (Linux: ~/.local/share/yishi/yishi.db)
# unless YISHI_DB names another file. The demo is loaded only into a database with no community.
#
# It builds the debug profile: it shares its build with scripts/test.sh and takes about half as
# long as a release build from clean (PROFILE=release for an optimised build).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
PROFILE="${PROFILE:-debug}"
PORT="${PORT:-8080}"

say() { printf '\n[demo] %s\n' "$*"; }

say "1/4 setup (scripts/setup.sh)"
bash scripts/setup.sh

say "2/4 building the UI (npm run build)"
npm run build

if [ "$PROFILE" = "release" ]; then
  say "3/4 building the app: cargo build --release (several minutes the first time)"
  cargo build --release
  BIN="target/release/yishi"
else
  say "3/4 building the app: cargo build (debug profile; several minutes the first time)"
  cargo build
  BIN="target/debug/yishi"
fi

if [ -n "${YISHI_DB:-}" ]; then
  say "database: $YISHI_DB (from YISHI_DB)"
else
  say "database: the app-data folder (Linux: ${XDG_DATA_HOME:-$HOME/.local/share}/yishi/yishi.db); set YISHI_DB=FILE for another"
fi

if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  say "4/4 opening the desktop window on the demo community: $BIN app --demo"
  exec "$BIN" app --demo
else
  say "4/4 no display: serving the app for a browser"
  echo "       open http://127.0.0.1:$PORT/ in a browser (Ctrl-C stops the server)"
  exec "$BIN" serve --demo --bind "127.0.0.1:$PORT"
fi
