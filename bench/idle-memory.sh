#!/usr/bin/env bash
# Memory of the idle desktop app: starts `yishi app --demo` under its own Xvfb on a fresh demo
# database, waits for it to settle, and sums the resident memory (VmRSS) of the yishi process
# and every process under it (WebKitWebProcess, WebKitNetworkProcess, ...). Target: < 150 MB.
#
#   bash bench/idle-memory.sh            (BIN=target/release/yishi by default when it exists)
#   BIN=target/debug/yishi SETTLE=8 bash bench/idle-memory.sh
#
# RSS counts shared libraries once per process, so the sum overstates what the app really
# costs; PSS (each shared page split among its users) is printed beside it for that reason.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
TARGET_MB=150
SETTLE="${SETTLE:-8}"
if [ -z "${BIN:-}" ]; then
  if [ -x target/release/yishi ]; then BIN=target/release/yishi; else BIN=target/debug/yishi; fi
fi
[ -x "$BIN" ] || { echo "$BIN is missing: run 'cargo build' (or 'cargo build --release') first" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing: run scripts/setup.sh" >&2; exit 1; }

TMP="$(mktemp -d)"
XVFB_PID=""
APP_PID=""
cleanup() {
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null && wait "$XVFB_PID" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT

# Our own X server on a free display number (Xvfb writes the number it took to fd 3).
Xvfb -displayfd 3 -screen 0 1280x900x24 -nolisten tcp 3>"$TMP/display" 2>"$TMP/xvfb.log" &
XVFB_PID=$!
for _ in $(seq 1 50); do [ -s "$TMP/display" ] && break; sleep 0.1; done
[ -s "$TMP/display" ] || { echo "Xvfb did not start:" >&2; cat "$TMP/xvfb.log" >&2; exit 1; }
export DISPLAY=":$(cat "$TMP/display")"

YISHI_DB="$TMP/demo.db" "$BIN" app --demo >"$TMP/app.log" 2>&1 &
APP_PID=$!
echo "idle memory: $BIN app --demo on DISPLAY=$DISPLAY, waiting ${SETTLE} s to settle"
sleep "$SETTLE"
if ! kill -0 "$APP_PID" 2>/dev/null; then
  echo "the app exited early:" >&2
  cat "$TMP/app.log" >&2
  exit 1
fi

# The app and all its descendants.
descendants() {
  local pid=$1 child
  echo "$pid"
  for child in $(ps -o pid= --ppid "$pid"); do descendants "$child"; done
}

kb_of() { awk -v k="$2:" '$1 == k { print $2; exit }' "$1" 2>/dev/null || true; }

total_rss=0
total_pss=0
printf '  %-8s %-24s %10s %10s\n' PID PROCESS "RSS MB" "PSS MB"
for pid in $(descendants "$APP_PID"); do
  [ -r "/proc/$pid/status" ] || continue
  name="$(cat "/proc/$pid/comm")"
  rss="$(kb_of "/proc/$pid/status" VmRSS)"
  pss="$(kb_of "/proc/$pid/smaps_rollup" Pss)"
  rss="${rss:-0}"
  pss="${pss:-0}"
  total_rss=$((total_rss + rss))
  total_pss=$((total_pss + pss))
  awk -v p="$pid" -v n="$name" -v r="$rss" -v s="$pss" 'BEGIN { printf "  %-8s %-24s %10.1f %10.1f\n", p, n, r / 1024, s / 1024 }'
done
awk -v r="$total_rss" -v s="$total_pss" -v t="$TARGET_MB" 'BEGIN {
  printf "  %-33s %10.1f %10.1f\n", "total", r / 1024, s / 1024
  printf "idle memory: %.1f MB RSS (%.1f MB PSS) against the %d MB target: %s\n", r / 1024, s / 1024, t, (r / 1024 < t ? "MET" : "MISSED")
}'
