#!/usr/bin/env bash
# The Linux package, proved: builds the .deb (a debug bundle: `tauri build --debug --bundles deb`;
# a release build costs minutes more of LTO on two cores and tests nothing else), installs it
# with apt-get (root only; skipped with a message otherwise), and runs the desktop-window test
# (tests/e2e/desktop.mjs) against the INSTALLED /usr/bin/yishi under Xvfb, on a fresh temp data
# folder with the demo: the window must show the demo community after its host signs in.
#
#   bash scripts/deb-smoke.sh          (scripts/test.sh runs it as its last stages)
#
# Needs what scripts/setup.sh installs (WebKitGTK, xvfb, webkit2gtk-driver, tauri-driver, node).
# Screenshots: artifacts/deb-desktop*.png.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[deb] %s\n' "$*"; }

t0=$(date +%s)
# The UI is built already (test.sh's UI stage, or `npm run build`): no second Vite run.
if [ ! -f ui/dist/index.html ]; then npm run build; fi
# --ignore-version-mismatches: Cargo.lock holds tauri 2.11 and package-lock.json
# @tauri-apps/api 2.12 (each the newest its registry mirror and rust 1.85 allow); the desktop
# tests below are what shows the pair works.
npx tauri build --debug --bundles deb --ci --ignore-version-mismatches \
  --config '{"build":{"beforeBuildCommand":""}}'
deb="$(ls -t target/debug/bundle/deb/*.deb | head -n 1)"
say "built $deb ($(du -h "$deb" | cut -f1)) in $(($(date +%s) - t0)) s"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
contents="$(dpkg-deb --contents "$deb")"
for want in ' usr/bin/yishi$' ' usr/share/applications/yishi\.desktop$' 'icons/hicolor/128x128/apps/yishi\.png$'; do
  grep -qE "$want" <<<"$contents" || {
    echo "the .deb lacks ${want}:" >&2
    echo "$contents" >&2
    exit 1
  }
done
# The menu entry keeps the Chinese name (src-tauri/yishi.desktop; the package name is ASCII).
dpkg-deb --fsys-tarfile "$deb" | tar -xO usr/share/applications/yishi.desktop | grep -qx 'Name=议事厅 Yishi'

if [ "$(id -u)" -ne 0 ]; then
  say "SKIPPED install and window check: installing a .deb needs root (CI runs as root)"
  exit 0
fi

t1=$(date +%s)
# apt-get resolves the package's Depends (WebKitGTK, GTK) from Debian; they are already here
# after setup.sh, so this needs no network.
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
  --no-install-recommends --reinstall "$ROOT/$deb"
installed="$(dpkg -L yishi | grep -E '^/usr/bin/yishi$')"
say "installed $installed ($(dpkg-query -W -f='${Version}' yishi)) in $(($(date +%s) - t1)) s"
"$installed" --version

# The installed binary, its own data folder: desktop.mjs makes a temp one (YISHI_DB) per run.
export YISHI_BIN="$installed" YISHI_ARTIFACT_PREFIX="deb-"
if [ -n "${DISPLAY:-}" ] && [ "${YISHI_TEST_OWN_DISPLAY:-}" = "1" ]; then
  node tests/e2e/desktop.mjs
else
  xvfb-run -a -s "-screen 0 1280x900x24" node tests/e2e/desktop.mjs
fi
say "the installed app shows the demo community ($(($(date +%s) - t0)) s in all)"
