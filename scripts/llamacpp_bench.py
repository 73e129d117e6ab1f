"""llama.cpp reference figures on the same GGUF, same threads, batch 1: pp (prefill) and tg
(decode) tokens/s, median of 5 after a warm-up, like llama-bench's pp512 / tg128.

Run with scripts/compare-llamacpp.sh, which builds llama-cpp-python from PyPI in a scratch
virtual environment (never a dependency of the project). Optionally requantizes the file first.
"""
import json
import statistics
import sys
import time

import llama_cpp


def requantize(src, dst, ftype):
    params = llama_cpp.llama_model_quantize_default_params()
    params.ftype = ftype
    params.allow_requantize = True
    rc = llama_cpp.llama_model_quantize(src.encode(), dst.encode(), params)
    if rc != 0:
        raise SystemExit(f"quantize failed: {rc}")


def bench(path, threads, prompt, gen, reps=5):
    llm = llama_cpp.Llama(model_path=path, n_ctx=prompt + gen + 8, n_threads=threads,
                          n_threads_batch=threads, n_batch=prompt, n_ubatch=prompt,
                          verbose=False, seed=0)
    tokens = [(i * 7919) % 30000 + 100 for i in range(prompt)]
    pp, tg = [], []
    for rep in range(reps + 1):
        llm.reset()
        llm._ctx.kv_cache_clear() if hasattr(llm._ctx, "kv_cache_clear") else None
        start = time.perf_counter()
        llm.eval(tokens)
        t_pp = time.perf_counter() - start
        steps = []
        for i in range(gen):
            start = time.perf_counter()
            llm.eval([(i * 31) % 30000 + 100])
            steps.append(time.perf_counter() - start)
        if rep > 0:
            pp.append(prompt / t_pp)
            tg.append(1.0 / statistics.median(steps))
    return {"pp_tokens_per_s": statistics.median(pp), "tg_tokens_per_s": statistics.median(tg),
            "pp_spread": (max(pp) - min(pp)) / statistics.median(pp),
            "tg_spread": (max(tg) - min(tg)) / statistics.median(tg)}


if __name__ == "__main__":
    # FILE THREADS PROMPT GEN [--as-is]: with --as-is only FILE is timed, not requantized.
    src, threads, prompt, gen = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    out = {"file": src, "threads": threads, "llama_cpp_python": llama_cpp.__version__}
    files = {"as shipped": src}
    if "--as-is" not in sys.argv:
        for name, ftype in [("q8_0", llama_cpp.LLAMA_FTYPE_MOSTLY_Q8_0),
                            ("q4_0", llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_0)]:
            dst = f"/tmp/breakeven-{name}.gguf"
            requantize(src, dst, ftype)
            files[name] = dst
    for name, path in files.items():
        out[name] = {"path": path, **bench(path, threads, prompt, gen)}
        print(name, out[name], file=sys.stderr)
    print(json.dumps(out, indent=1))
