#!/usr/bin/env bash
# Writes a brotli (.br) and a gzip (.gz) copy beside each of the built app's files, at the
# highest levels, so the server sends compressed bytes without compressing per request
# (server/src/http/mod.rs serves them by the request's Accept-Encoding). Trunk runs this
# after each build (Trunk.toml's post_build hook) on its staging directory; given a
# directory as the argument it compresses that one instead. A debug build (`trunk serve`)
# is left as it is: brotli's highest level takes a while on an unoptimised module.
set -euo pipefail
if [ $# -eq 0 ] && [ "${TRUNK_PROFILE:-}" != release ]; then exit 0; fi
dir=${1:-${TRUNK_STAGING_DIR:?run by trunk, or pass the directory}}
# brotli is Debian's `brotli` package (scripts/setup.sh installs it); without it the
# app is still served, gzipped only.
have_brotli=$(command -v brotli >/dev/null && echo yes || echo no)
find "$dir" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' -o -name '*.html' \) |
  while read -r file; do
    gzip -9 --no-name --keep --force "$file"
    if [ "$have_brotli" = yes ]; then
      brotli -q 11 --keep --force "$file"
    fi
  done
