#!/usr/bin/env bash
# Holds Breakeven's CPU benchmark against llama.cpp on the same GGUF files, same threads,
# batch 1: prefill (pp) and decode (tg) tokens/s. llama.cpp comes from PyPI's
# llama-cpp-python, built in a scratch virtual environment (never a project dependency).
#
#   scripts/compare-llamacpp.sh [THREADS] [PROMPT] [GEN]      # defaults: all cores, 512, 128
#   scripts/compare-llamacpp.sh --endpoint [THREADS] [PROMPT] [GEN]   # defaults: 1, 128, 32
#
# Prints llama.cpp's JSON, then Breakeven's figures on the same three files (the fixture as
# shipped, requantized to Q8_0 and to Q4_0 by llama.cpp's own quantizer).
#
# With --endpoint: starts llama.cpp's OpenAI-compatible server (llama-cpp-python[server]) on
# the fixture with THREADS threads (queueing concurrent requests rather than interrupting
# them), measures it with `breakeven bench --endpoint` (chat API,
# concurrency 1,2, 5 repetitions, no SLO, tokens counted with the fixture's own tokenizer),
# then runs Breakeven's candle benchmark on the same file with the same threads. Results:
# target/endpoint-llamacpp.json and target/candle-llamacpp-compare.json.
set -euo pipefail
cd "$(dirname "$0")/.."
MODE=eval
if [ "${1:-}" = "--endpoint" ]; then
  MODE=endpoint
  shift
fi
if [ "$MODE" = endpoint ]; then
  THREADS="${1:-1}"
  PROMPT="${2:-128}"
  GEN="${3:-32}"
else
  THREADS="${1:-$(nproc)}"
  PROMPT="${2:-512}"
  GEN="${3:-128}"
fi
VENV="${LLAMACPP_VENV:-.llamacpp-venv}"
FIXTURE=.fixtures/SmolLM2-135M-Instruct.Q4_1.gguf
# GGML_NATIVE=OFF: a -march=native build faulted in this sandbox's virtual CPU; AVX2/FMA/F16C
# are what its kernels use here.
LLAMA_CMAKE_ARGS="-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF"
[ -f "$FIXTURE" ] || scripts/fetch-fixture.sh
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import llama_cpp' 2>/dev/null; then
  python3 -m venv "$VENV"
  CMAKE_ARGS="$LLAMA_CMAKE_ARGS" "$VENV/bin/pip" install --no-cache-dir "llama-cpp-python==0.3.36"
fi
if [ "$MODE" = endpoint ]; then
  if ! "$VENV/bin/python" -c 'import llama_cpp.server.app' 2>/dev/null; then
    CMAKE_ARGS="$LLAMA_CMAKE_ARGS" "$VENV/bin/pip" install --no-cache-dir "llama-cpp-python[server]==0.3.36"
  fi
  SQLX_OFFLINE=true cargo build --release -q -p breakeven
  PORT="${LLAMACPP_PORT:-8765}"
  "$VENV/bin/python" -m llama_cpp.server --model "$FIXTURE" --model_alias smollm2 \
    --n_threads "$THREADS" --n_threads_batch "$THREADS" --n_ctx 2048 --interrupt_requests False \
    --host 127.0.0.1 --port "$PORT" > target/llamacpp-server.log 2>&1 &
  SERVER=$!
  trap 'kill "$SERVER" 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$PORT/v1/models" > /dev/null && break
    sleep 0.5
  done
  echo "== llama.cpp server ($THREADS threads) measured by breakeven bench --endpoint; load: $(cut -d' ' -f1-3 /proc/loadavg)"
  target/release/breakeven bench --endpoint "http://127.0.0.1:$PORT/v1" --model smollm2 \
    --catalog-model smollm2-135m --dtype q4_1 --tokenizer "$FIXTURE" \
    --concurrency 1,2 --prompt "$PROMPT" --gen "$GEN" --repetitions 5 --no-slo --format json \
    > target/endpoint-llamacpp.json
  python3 scripts/summarize_bench.py < target/endpoint-llamacpp.json
  echo "== Breakeven's candle decoder on $FIXTURE ($THREADS threads); load: $(cut -d' ' -f1-3 /proc/loadavg)"
  RAYON_NUM_THREADS="$THREADS" CANDLE_NUM_THREADS="$THREADS" target/release/breakeven bench \
    --weights "$FIXTURE" --threads "$THREADS" --concurrency 1,2 --prompt "$PROMPT" --gen "$GEN" \
    --repetitions 5 --no-slo --format json > target/candle-llamacpp-compare.json
  python3 scripts/summarize_bench.py < target/candle-llamacpp-compare.json
  exit 0
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
