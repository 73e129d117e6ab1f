#!/usr/bin/env bash
# Holds Breakeven's CPU benchmark against llama.cpp on the same GGUF files, same threads,
# batch 1: prefill (pp) and decode (tg) tokens/s. llama.cpp comes from PyPI's
# llama-cpp-python, built in a scratch virtual environment (never a project dependency).
#
#   scripts/compare-llamacpp.sh [THREADS] [PROMPT] [GEN]      # defaults: all cores, 512, 128
#
# Prints llama.cpp's JSON, then Breakeven's figures on the same three files (the fixture as
# shipped, requantized to Q8_0 and to Q4_0 by llama.cpp's own quantizer).
set -euo pipefail
cd "$(dirname "$0")/.."
THREADS="${1:-$(nproc)}"
PROMPT="${2:-512}"
GEN="${3:-128}"
VENV="${LLAMACPP_VENV:-.llamacpp-venv}"
FIXTURE=.fixtures/SmolLM2-135M-Instruct.Q4_1.gguf
[ -f "$FIXTURE" ] || scripts/fetch-fixture.sh
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import llama_cpp' 2>/dev/null; then
  python3 -m venv "$VENV"
  # GGML_NATIVE=OFF: a -march=native build faulted in this sandbox's virtual CPU; AVX2/FMA/F16C
  # are what its kernels use here.
  CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF" \
    "$VENV/bin/pip" install --no-cache-dir "llama-cpp-python==0.3.36"
fi
"$VENV/bin/python" scripts/llamacpp_bench.py "$FIXTURE" "$THREADS" "$PROMPT" "$GEN" > target/llamacpp.json
cat target/llamacpp.json
SQLX_OFFLINE=true cargo build --release -q -p breakeven
for file in "$FIXTURE" /tmp/breakeven-q8_0.gguf /tmp/breakeven-q4_0.gguf; do
  echo "== Breakeven on $file"
  RAYON_NUM_THREADS="$THREADS" CANDLE_NUM_THREADS="$THREADS" target/release/breakeven bench \
    --weights "$file" --concurrency 1 --prompt "$PROMPT" --gen "$GEN" --no-slo --format json \
    | python3 scripts/summarize_bench.py
done
