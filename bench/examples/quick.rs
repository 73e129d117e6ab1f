//! `cargo run --release -p bench --example quick -- '<BenchRequest JSON>'`: one benchmark,
//! printed as JSON, without the server (for quick checks and the GPU host).
fn main() {
    let arg = std::env::args().nth(1).unwrap_or_else(|| {
        r#"{"model":"smollm2-135m","weights":{"kind":"synthetic"},"dtype":"q4_0","device":"cpu","concurrency":[1],"prompt_tokens":512,"gen_tokens":128}"#.to_string()
    });
    let request: bench::BenchRequest = match serde_json::from_str(&arg) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: request: {e}");
            std::process::exit(2);
        }
    };
    let cancel = std::sync::atomic::AtomicBool::new(false);
    let mut progress = |p: &bench::Progress| {
        eprintln!("[{:>3.0}%] {}: {}", p.fraction * 100.0, p.phase, p.message)
    };
    match bench::run(&request, &arg, &mut progress, &cancel) {
        Ok(result) => println!(
            "{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
