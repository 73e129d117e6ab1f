//! Times one quantized matmul three ways at prefill shape: candle's quantized kernel, and the
//! weights dequantized to f16 / f32 per call followed by gemm (what a prefill path could use).
//! `cargo run --release -p bench --example profile_step`.
use std::time::Instant;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Device, Module, Tensor};

/// Milliseconds per call of `f`, the mean of 5 after one warm-up call; the first error ends
/// the timing.
fn time(f: &mut dyn FnMut() -> candle_core::Result<Tensor>) -> candle_core::Result<f64> {
    f()?;
    let t = Instant::now();
    for _ in 0..5 {
        f()?;
    }
    Ok(t.elapsed().as_secs_f64() / 5.0 * 1e3)
}

fn main() -> candle_core::Result<()> {
    let dev = Device::Cpu;
    for (n, k, m) in [
        (1536usize, 576usize, 512usize),
        (8192, 2048, 512),
        (1536, 576, 1),
    ] {
        for dt in [GgmlDType::Q4_0, GgmlDType::Q8_0, GgmlDType::Q4K] {
            if k % dt.block_size() != 0 {
                continue;
            }
            let w = Tensor::randn(0f32, 0.02, (n, k), &dev)?;
            let qm = QMatMul::from_qtensor(QTensor::quantize(&w, dt)?)?;
            let x = Tensor::randn(0f32, 1.0, (m, k), &dev)?;
            let quant = time(&mut || qm.forward(&x))?;
            let via16 = time(&mut || qm.forward_via_f16(&x))?;
            let wf16 = qm.dequantize_f16()?;
            let x16 = x.to_dtype(DType::F16)?;
            let gemm16 = time(&mut || x16.matmul(&wf16.t()?))?;
            println!("{dt:?} m={m} n={n} k={k}: quantized {quant:.2} ms, dequant→f16+gemm {via16:.2} ms, f16 gemm only {gemm16:.2} ms");
        }
    }
    Ok(())
}
