use candle_core::{
    quantized::{GgmlDType, QMatMul, QTensor},
    Device, Module, Tensor,
};
use std::time::Instant;
fn main() {
    let dev = Device::Cpu;
    for (n, k) in [(576usize, 576usize), (1536, 576), (576, 1536), (49152, 576)] {
        for dt in [GgmlDType::Q4_0, GgmlDType::Q8_0] {
            let w = Tensor::randn(0f32, 0.02, (n, k), &dev).unwrap();
            let q = QMatMul::from_qtensor(QTensor::quantize(&w, dt).unwrap()).unwrap();
            let x = Tensor::randn(0f32, 1.0, (1, k), &dev).unwrap();
            for _ in 0..3 {
                q.forward(&x).unwrap();
            }
            let t = Instant::now();
            let reps = 50;
            for _ in 0..reps {
                q.forward(&x).unwrap();
            }
            let per = t.elapsed().as_secs_f64() / reps as f64;
            let bytes = (n * k) as f64
                * if dt == GgmlDType::Q4_0 {
                    18.0 / 32.0
                } else {
                    34.0 / 32.0
                };
            println!(
                "{dt:?} {n}x{k}: {:.1} us  {:.1} GB/s",
                per * 1e6,
                bytes / per / 1e9
            );
        }
    }
    // f32 dense
    let w = Tensor::randn(0f32, 0.02, (1536, 576), &dev).unwrap();
    let x = Tensor::randn(0f32, 1.0, (1, 576), &dev).unwrap();
    let t = Instant::now();
    for _ in 0..50 {
        x.matmul(&w.t().unwrap()).unwrap();
    }
    println!(
        "f32 1536x576: {:.1} us",
        t.elapsed().as_secs_f64() / 50.0 * 1e6
    );
    // small op overhead
    let a = Tensor::randn(0f32, 1.0, (1, 576), &dev).unwrap();
    let t = Instant::now();
    for _ in 0..1000 {
        (&a + &a).unwrap();
    }
    println!(
        "add overhead: {:.2} us",
        t.elapsed().as_secs_f64() / 1000.0 * 1e6
    );
}
