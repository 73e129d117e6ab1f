#!/usr/bin/env bash
# Builds `breakeven` with candle's CUDA backend (`--features cuda`) on a machine without a
# CUDA toolkit, using NVIDIA's PyPI wheels for nvcc and the libraries candle links
# (cuBLAS, cuRAND, NVRTC, the runtime). Not part of CI: CI has no GPU.
#
#   scripts/build-cuda.sh                 # → target/release/breakeven
#   CUDA_COMPUTE_CAP=90 scripts/build-cuda.sh   # Hopper, when no GPU is visible while building
#
# With a system toolkit (nvcc on PATH) plain `cargo build --release -p breakeven --features
# cuda` is enough. The toolkit must not be newer than the GPU driver supports.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${CUDA_VENV:-.cuda-venv}"
CUDA_SERIES="${CUDA_SERIES:-13.0}"
if [ ! -x "$VENV/bin/pip" ]; then
  python3 -m venv "$VENV"
fi
# Every wheel of the same series: an unpinned cuBLAS pulls the newest nvidia-cuda-crt, whose
# crt/host_runtime.h no longer matches nvcc 13.0 (`__cudaLaunch` takes two arguments there).
"$VENV/bin/pip" install --quiet \
  "nvidia-cuda-nvcc==${CUDA_SERIES}.*" "nvidia-nvvm==${CUDA_SERIES}.*" \
  "nvidia-cuda-crt==${CUDA_SERIES}.*" "nvidia-cuda-runtime==${CUDA_SERIES}.*" \
  "nvidia-cuda-nvrtc==${CUDA_SERIES}.*" "nvidia-cuda-cccl==${CUDA_SERIES}.*" \
  "nvidia-cublas==${CUDA_SERIES}.*" "nvidia-curand"

SITE="$("$VENV/bin/python" -c 'import site; print(site.getsitepackages()[0])')"
# The wheels unpack under nvidia/cu13 (13.x) or one folder per component (12.x); gather
# them into one toolkit-shaped tree that nvcc, cudarc and the linker understand.
ROOT="$PWD/$VENV/cuda"
mkdir -p "$ROOT/bin" "$ROOT/include" "$ROOT/lib64" "$ROOT/nvvm"
for dir in "$SITE"/nvidia/*/; do
  [ -d "$dir/bin" ] && cp -rs "$dir/bin/." "$ROOT/bin/" 2>/dev/null || true
  [ -d "$dir/include" ] && cp -rs "$dir/include/." "$ROOT/include/" 2>/dev/null || true
  [ -d "$dir/lib" ] && cp -rs "$dir/lib/." "$ROOT/lib64/" 2>/dev/null || true
  [ -d "$dir/nvvm" ] && cp -rs "$dir/nvvm/." "$ROOT/nvvm/" 2>/dev/null || true
done
# The wheels ship versioned sonames only; the linker looks for the plain names.
for lib in "$ROOT"/lib64/lib*.so.*; do
  base="${lib%%.so.*}.so"
  [ -e "$base" ] || ln -s "$(basename "$lib")" "$base"
done

export CUDA_ROOT="$ROOT" CUDA_PATH="$ROOT" CUDA_HOME="$ROOT"
export PATH="$ROOT/bin:$PATH"
export LIBRARY_PATH="$ROOT/lib64:${LIBRARY_PATH:-}"
export LD_LIBRARY_PATH="$ROOT/lib64:${LD_LIBRARY_PATH:-}"
if ! command -v nvidia-smi >/dev/null 2>&1; then
  export CUDA_COMPUTE_CAP="${CUDA_COMPUTE_CAP:-90}"
fi
nvcc --version | tail -2
# candle links the driver library (libcuda.so, from the NVIDIA driver, not from any wheel).
# Without it the code and kernels can still be compiled and checked, not linked.
if ! ldconfig -p 2>/dev/null | grep -q 'libcuda\.so' \
  && ! ls "${CUDA_DRIVER_LIB:-/nonexistent}"/libcuda.so* >/dev/null 2>&1; then
  echo "no libcuda.so (NVIDIA driver) on this machine: checking the cuda build instead of linking it" >&2
  SQLX_OFFLINE=true cargo check --release -p breakeven --features cuda
  echo "checked; build on a host with the NVIDIA driver (or set CUDA_DRIVER_LIB to its lib folder)" >&2
  exit 3
fi
if [ -n "${CUDA_DRIVER_LIB:-}" ]; then
  export LIBRARY_PATH="$CUDA_DRIVER_LIB:$LIBRARY_PATH"
fi
SQLX_OFFLINE=true cargo build --release -p breakeven --features cuda
echo "built target/release/breakeven with CUDA; run it with LD_LIBRARY_PATH=$ROOT/lib64"
