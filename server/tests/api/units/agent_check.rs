//! `http::benchmarks::agent_check`: an agent's report held to the bounds of what a machine
//! measures, every problem named by its field path.

use breakeven::testing::agent_problems as problems;
use serde_json::json;

#[test]
fn figures_and_names_are_held_to_their_bounds() {
    let report = json!({
        "request": { "model": "qwen2.5-0.5b", "concurrency": [1, 2], "seed": 18446744073709551615u64 },
        "result": {
            "model": "../../etc/passwd",
            "hf_repo": "Qwen/Qwen2.5-0.5B-Instruct",
            "points": [{ "concurrency": 0, "decode_tokens_per_s": -1.0, "prefill_tokens_per_s": 1e308,
                         "ttft_ms": { "p95": 3.0 }, "decode_fit": { "fixed_ms": -0.2 } }],
            "stopped": "line\nbreak"
        }
    });
    let fields: Vec<String> = problems(&report).into_iter().map(|e| e.field).collect();
    assert_eq!(
        fields,
        [
            "result.model",
            "result.points[0].concurrency",
            "result.points[0].decode_tokens_per_s",
            "result.points[0].prefill_tokens_per_s",
            "result.stopped",
        ]
    );
}
