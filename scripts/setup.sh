#!/usr/bin/env bash
# Installs everything Yishi needs to build, run and test on Debian (run as root, or with sudo
# available). Idempotent: a second run checks and skips what is already there, so it is cheap.
#
#   bash scripts/setup.sh
#
# What it installs:
#   - Debian packages: WebKitGTK + build tools for Tauri, Xvfb and WebKitWebDriver for the
#     desktop-window test, Debian's Chromium for the browser tests (no browser download is
#     possible here), CJK fonts so Chinese renders in screenshots, ImageMagick for X screenshots.
#   - Node.js + npm from Debian when `node` is missing, then `npm ci` for the UI's packages.
#   - Rust from Debian (rustc-web, cargo-web) when `cargo` is missing.
#   - tauri-driver (cargo install --locked) into ~/.cargo/bin when missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DEBIAN_FRONTEND=noninteractive
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[setup] %s\n' "$*"; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else SUDO="__none__"; fi
fi
as_root() {
  if [ "$SUDO" = "__none__" ]; then
    say "need root to run: $*  (re-run as root or install sudo)" >&2
    exit 1
  fi
  ${SUDO:+$SUDO} env DEBIAN_FRONTEND=noninteractive "$@"
}

APT_PACKAGES=(
  libwebkit2gtk-4.1-dev build-essential file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev pkg-config
  xvfb xauth webkit2gtk-driver chromium fonts-noto-cjk imagemagick curl ca-certificates
)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

APT_UPDATED=0
apt_install() {
  # Waits for another apt/dpkg (e.g. an unattended run) instead of failing on the lock.
  if [ "$APT_UPDATED" -eq 0 ]; then
    say "apt-get update"
    as_root apt-get -o DPkg::Lock::Timeout=600 update -q
    APT_UPDATED=1
  fi
  say "apt-get install $*"
  as_root apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends "$@"
}

# 1. Debian packages.
missing=()
for p in "${APT_PACKAGES[@]}"; do installed "$p" || missing+=("$p"); done
if [ "${#missing[@]}" -eq 0 ]; then
  say "Debian packages: all ${#APT_PACKAGES[@]} already installed"
else
  say "Debian packages missing: ${missing[*]}"
  apt_install "${missing[@]}"
fi

# 2. Node.js and npm.
if ! command -v node >/dev/null 2>&1; then
  say "node not found: installing Debian's nodejs and npm"
  apt_install nodejs npm
elif ! command -v npm >/dev/null 2>&1; then
  say "npm not found: installing Debian's npm"
  apt_install npm
fi
node_major="$(node -p 'process.versions.node.split(".")[0]')"
say "node $(node --version), npm $(npm --version)"
if [ "$node_major" -lt 20 ]; then
  say "WARNING: Vite 7 needs Node.js >= 20.19; this node is $(node --version). Install a newer nodejs." >&2
fi

# 3. The UI's packages. `npm ci` is skipped when node_modules was installed from this very
#    package-lock.json (a stamp holds the lockfile's hash).
stamp="node_modules/.yishi-lock.sha256"
if [ -f package-lock.json ]; then
  want="$(sha256sum package-lock.json | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -x node_modules/.bin/vite ]; then
    say "npm packages: node_modules matches package-lock.json"
  else
    say "npm ci"
    log="$(mktemp)"
    if npm ci --no-audit --no-fund >"$log" 2>&1; then
      tail -n 3 "$log"
    else
      # npm ci refuses a lockfile that lacks an optional platform package (e.g. a macOS build of
      # a native tool the registry does not carry in that version). `npm install --no-save`
      # installs the same locked versions for this platform and leaves package-lock.json as is.
      grep -m 6 -E 'npm error (code|Missing|Invalid|[A-Za-z`])' "$log" || tail -n 20 "$log"
      say "npm ci refused the lockfile (above); falling back to: npm install --no-save"
      npm install --no-save --no-audit --no-fund
    fi
    rm -f "$log"
    echo "$want" >"$stamp"
  fi
else
  say "no package-lock.json yet: npm install"
  npm install --no-audit --no-fund
fi

# 4. Rust.
if ! command -v cargo >/dev/null 2>&1; then
  say "cargo not found: installing Debian's rustc-web and cargo-web (Rust >= 1.85)"
  apt_install rustc-web cargo-web
fi
say "$(cargo --version), $(rustc --version)"

# 5. tauri-driver: the WebDriver proxy for the real desktop window (launches WebKitWebDriver).
if command -v tauri-driver >/dev/null 2>&1; then
  say "tauri-driver: $(command -v tauri-driver)"
else
  say "tauri-driver not found: cargo install tauri-driver --locked (~30 s)"
  cargo install tauri-driver --locked
fi

# 6. Python's `cryptography`: the independent implementation the signing cross-check uses
#    (tests/crosscheck). PyPI first (the machine's python3 may not be Debian's), else Debian's.
if command -v python3 >/dev/null 2>&1 && python3 -c 'import cryptography' 2>/dev/null; then
  say "python3 cryptography: present"
else
  command -v python3 >/dev/null 2>&1 || apt_install python3
  if ! python3 -m pip install -q cryptography 2>/dev/null && ! python3 -m pip install -q --break-system-packages cryptography 2>/dev/null; then
    apt_install python3-cryptography
  fi
  python3 -c 'import cryptography' && say "python3 cryptography: installed"
fi

say "done"
