//! `cargo run --release -p bench --example write_gguf -- MODEL DTYPE PATH`: a catalog
//! architecture with synthetic weights as a GGUF file (llama or mistral family), so llama.cpp
//! and Breakeven can be timed on the very same bytes (`scripts/compare-llamacpp.sh`).
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, dtype, path] = args.as_slice() else {
        eprintln!("usage: write_gguf MODEL DTYPE PATH");
        std::process::exit(2);
    };
    let result = (|| -> Result<(), bench::BenchError> {
        let arch = bench::catalog::architecture(model)
            .ok_or_else(|| bench::BenchError::UnknownModel(model.clone()))?;
        let config = bench::config::DecoderConfig::from_architecture(arch)?;
        let dtype = bench::WeightDtype::parse(dtype)
            .ok_or_else(|| bench::BenchError::invalid("dtype", format!("unknown dtype {dtype}")))?;
        let bytes = bench::gguf::synthetic_gguf(&config, dtype, 0)?;
        std::fs::write(path, bytes).map_err(|e| bench::BenchError::BadWeights {
            path: path.clone(),
            reason: e.to_string(),
        })
    })();
    if let Err(e) = result {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}
