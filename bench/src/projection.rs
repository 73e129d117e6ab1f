//! GPUs a benchmark can be projected onto: the spec rows of the bundled GPU table (memory
//! bandwidth from the datasheets quoted there, memory from the offers).

/// (GPU name, memory bandwidth GB/s, memory GiB), one per spec row, the smallest memory an
/// offer lists for it; rows without a confirmed bandwidth are left out.
pub fn spec_gpus() -> Vec<(String, f64, f64)> {
    let mut rows: Vec<(String, f64, f64)> = Vec::new();
    for offer in &pricing::bundled_gpus().offers {
        let Some(spec) = &offer.spec else { continue };
        let Some(bandwidth) = spec.memory_bandwidth_gb_s else {
            continue;
        };
        match rows.iter_mut().find(|(name, _, _)| *name == spec.name) {
            Some(row) => row.2 = row.2.min(offer.gpu_memory_gib),
            None => rows.push((spec.name.clone(), bandwidth, offer.gpu_memory_gib)),
        }
    }
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
    rows
}
