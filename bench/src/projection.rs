//! GPUs a benchmark can be projected onto: the spec rows of the bundled GPU table (memory
//! bandwidth and BF16 peak from the datasheets quoted there, memory from the offers).

use tco::throughput::GpuSheet;

/// One sheet per spec row, with the smallest memory an offer lists for it, ordered by
/// bandwidth; rows without a confirmed bandwidth are left out.
pub fn spec_gpus() -> Vec<GpuSheet> {
    let mut rows: Vec<GpuSheet> = Vec::new();
    for sheet in pricing::bundled_gpus()
        .offers
        .iter()
        .filter_map(GpuSheet::of)
    {
        match rows.iter_mut().find(|row| row.name == sheet.name) {
            Some(row) => row.memory_gib = row.memory_gib.min(sheet.memory_gib),
            None => rows.push(sheet),
        }
    }
    rows.sort_by(|a, b| a.memory_bandwidth_gb_s.total_cmp(&b.memory_bandwidth_gb_s));
    rows
}
