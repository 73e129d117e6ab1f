//! `make bench-eval`: the shipped demo sample (168 support messages, four intents) classified
//! by the SmolLM2-135M fixture on the CPU, release build. Prints one JSON line: accuracy with
//! its interval, items/s and tokens/s (the warm-up item excluded).
//!
//! `cargo run --release -p bench --example eval_demo -- [--batch N] [--no-chat-template] [--template FILE]`

use std::path::Path;
use std::sync::atomic::AtomicBool;

use api::quality::{EvalRequest, EvalSample, Task};
use quality::sample::{demo_display_name, read_sample, DEMO_SAMPLE};

const FIXTURE: &str = ".fixtures/SmolLM2-135M-Instruct.Q4_1.gguf";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut batch_items = api::quality::default_batch_items();
    let mut chat_template = true;
    let mut template = None;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--batch" => {
                i += 1;
                batch_items = args.get(i).ok_or("--batch needs a number")?.parse()?;
            }
            "--no-chat-template" => chat_template = false,
            "--template" => {
                i += 1;
                template = Some(std::fs::read_to_string(
                    args.get(i).ok_or("--template needs a file")?,
                )?);
            }
            other => return Err(format!("unknown option {other}").into()),
        }
        i += 1;
    }
    let weights = std::env::var("BREAKEVEN_EVAL_WEIGHTS").unwrap_or_else(|_| FIXTURE.into());
    let request = EvalRequest {
        weights: weights.clone(),
        sample: EvalSample::Demo,
        task: Task::Classify,
        labels: None,
        template,
        chat_template,
        match_rule: None,
        max_new_tokens: api::quality::default_max_new_tokens(),
        device: api::bench::Device::Cpu,
        threads: None,
        batch_items,
        llm_quality: Some(0.95),
        min_quality: None,
        prices: None,
    };
    let sample = read_sample(DEMO_SAMPLE.as_bytes(), Task::Classify, None)?;
    let cancel = AtomicBool::new(false);
    let result = bench::eval::evaluate(
        &request,
        Path::new(&weights),
        &sample,
        &demo_display_name(),
        "cargo run --release -p bench --example eval_demo",
        &mut |_| {},
        &cancel,
    )?;
    let a = &result.figures.accuracy;
    let line = serde_json::json!({
        "batch_items": batch_items,
        "chat_template": chat_template,
        "items": a.n,
        "correct": a.correct,
        "accuracy": a.accuracy,
        "interval_95": [a.interval_95.low, a.interval_95.high],
        "items_per_second": result.speed.items_per_second,
        "tokens_per_second": result.speed.tokens_per_second,
        "prompt_tokens": result.speed.prompt_tokens,
        "elapsed_s": result.speed.elapsed_s,
        "threads": result.reproducibility.threads,
        "cpu": result.reproducibility.cpu_model,
    });
    println!("{line}");
    Ok(())
}
