//! Probe: the last logits of one pass over n tokens against the same tokens run one at a time,
//! quantized (as loaded) or dequantized (`dense`): how the eval found that candle's quantized CPU
//! kernels move logits with the rows in a pass. `cargo run --release -p bench --example probe_len [dense]`
use candle_core::{Device, Tensor, D};
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = ".fixtures/SmolLM2-135M-Instruct.Q4_1.gguf";
    let dense = std::env::args().nth(1).as_deref() == Some("dense");
    let mut file = std::fs::File::open(path)?;
    let content = bench::gguf::read_content(&mut file, path)?;
    let mut dec = bench::weights::build_from_gguf(&content, &mut file, path, None, &Device::Cpu)?;
    if dense {
        dec.dequantize_weights()?;
    }
    let ids: Vec<u32> = (0..16u32).map(|i| 100 + i * 37).collect();
    for n in [1usize, 4, 8, 9, 10, 12, 16] {
        let mut c1 = dec.new_cache(1, 32)?;
        let full = dec.forward(
            &Tensor::from_vec(ids[..n].to_vec(), (1, n), &Device::Cpu)?,
            &mut c1,
        )?;
        let mut c2 = dec.new_cache(1, 32)?;
        let mut last = None;
        for &id in &ids[..n] {
            last = Some(dec.forward(&Tensor::from_vec(vec![id], (1, 1), &Device::Cpu)?, &mut c2)?);
        }
        let last = last.ok_or("n is at least 1")?;
        let diff = (full - last)?.abs()?.max(D::Minus1)?.to_vec1::<f32>()?;
        println!("dense={dense} n={n} max|Δlogit|={:?}", diff);
    }
    Ok(())
}
