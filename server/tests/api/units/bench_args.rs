//! `breakeven bench`'s options: the command line the server records for a job reads back,
//! through these options, as the same request.

use breakeven::cli::bench::BenchArgs;
use breakeven::jobs::command_line;
use clap::Parser;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    Bench(BenchArgs),
}

/// The options `args` give, read back from the command line the server records.
fn reread(args: &[&str]) -> (api::bench::BenchRequest, api::bench::BenchRequest) {
    let parse = |words: Vec<String>| match Cli::try_parse_from(words) {
        Ok(Cli {
            command: Command::Bench(args),
        }) => args.request().map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    let first: Vec<String> = ["breakeven", "bench"]
        .iter()
        .chain(args)
        .map(|s| s.to_string())
        .collect();
    let asked = parse(first).unwrap();
    let line = command_line(&asked);
    let words = shell_words(&line);
    (asked, parse(words).unwrap())
}

/// Splits a command line the way a POSIX shell does for the quoting `shell_quote` uses.
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted) = (Vec::new(), String::new(), false);
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' if !quoted => words.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    words.push(word);
    words.retain(|w| !w.is_empty());
    words
}

#[test]
fn the_recorded_command_line_asks_for_the_same_request() {
    for args in [
        &[][..],
        &[
            "--model",
            "qwen2.5-0.5b",
            "--dtype",
            "q4_k",
            "--device",
            "cuda:1",
            "--no-slo",
        ],
        &[
            "--weights",
            "models/my model.gguf",
            "--threads",
            "3",
            "--seed",
            "7",
            "--slo-ttft-ms",
            "500",
            "--max-memory-mib",
            "300",
            "--concurrency",
            "2,4",
        ],
        &[
            "--endpoint",
            "http://gpu-box:8000/v1",
            "--model",
            "Qwen/Qwen2.5-0.5B-Instruct",
            "--api",
            "completions",
            "--gpu",
            "NVIDIA L4",
            "--catalog-model",
            "qwen2.5-0.5b",
            "--dtype",
            "bf16",
            "--no-slo",
        ],
        &["--endpoint", "http://h:1", "--model", "m"],
    ] {
        let (asked, reread) = reread(args);
        assert_eq!(asked, reread, "{args:?}");
    }
}
