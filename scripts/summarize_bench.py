"""One line per concurrency of a `breakeven bench --format json` result (stdin)."""
import json
import sys

r = json.load(sys.stdin)
bandwidth = r["roofline"]["memory_bandwidth_gb_s"]
bandwidth = "not measured" if bandwidth is None else f"{bandwidth:.1f} GB/s"
engine = r.get("engine", {"kind": "candle"})
if engine["kind"] == "endpoint":
    print(f"endpoint {engine['url']} ({engine['api']} API), model {engine['served_model']}; "
          f"token counts: {engine['token_counts']}")
print(f"{r['model']} {r['dtype']} on {r['device']}, {r['weights_label']}, "
      f"bandwidth {bandwidth}, wall {r['wall_seconds']:.1f} s")
for p in r["points"]:
    eff = p["decode_bandwidth_efficiency"]
    print(f"  b={p['concurrency']}: pp {p['prefill_tokens_per_s']:.1f} tok/s, "
          f"tg {p['decode_tokens_per_s']:.1f} tok/s (TPOT p50 {p['tpot_ms_p50']:.2f} ms, "
          f"p95 {p['tpot_ms_p95']:.2f} ms, spread {p['tpot_ms']['spread']:.2f}), "
          f"TTFT p50 {p['ttft_ms_p50']:.0f} ms (p95 {p['ttft_ms_p95']:.0f} ms), "
          f"efficiency {eff if eff is None else round(eff, 2)}")
    itl = p.get("inter_token_ms")
    if itl:
        print(f"       inter-token gaps p50 {itl['p50']:.2f} ms, p95 {itl['p95']:.2f} ms "
              f"({itl['samples']} gaps)")
print(f"  stopped: {r['stopped']}")
if r.get("goodput"):
    g = r["goodput"]
    print(f"  goodput: b={g['concurrency']} pp {g['prefill_tokens_per_s']:.1f} tg {g['decode_tokens_per_s']:.1f}")
