//! Shared by the bench tests: where the model fixture is, and how logits are compared.

use std::path::PathBuf;

use candle_core::Tensor;

/// The SmolLM2-135M-Instruct Q4_1 fixture (`BREAKEVEN_FIXTURE` overrides the path); fails
/// with what to run when it is missing, since `make test` always fetches it.
pub fn fixture() -> PathBuf {
    let path = std::env::var_os("BREAKEVEN_FIXTURE")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../.fixtures/SmolLM2-135M-Instruct.Q4_1.gguf")
        });
    assert!(
        path.is_file(),
        "model fixture missing at {}: run scripts/fetch-fixture.sh (make test does)",
        path.display()
    );
    path
}

/// (max |a − b|, max |b|) over two flat f32 tensors.
pub fn max_diff_and_scale(a: &Tensor, b: &Tensor) -> (f32, f32) {
    let max = |t: Tensor| t.abs().unwrap().max(0).unwrap().to_scalar::<f32>().unwrap();
    (max((a - b).unwrap()), max(b.clone()))
}
