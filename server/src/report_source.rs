//! What an export is made of, for the HTTP exports (`report_routes.rs`) and `breakeven
//! report` alike: a scenario's input, the price table that prices it, and its provenance
//! (the recorded table, the revision, the share link, the benchmarks behind a measured
//! throughput, the app version and the clock). The figures themselves are computed by the
//! engine inside `report::ReportScenario::compute`, never here.

use std::sync::Arc;

use pricing::PriceTable;
use report::{BenchmarkRef, Provenance, ReportError, ReportScenario, TableRef};
use serde_json::Value;
use sqlx::SqlitePool;
use tco::ScenarioInput;

use crate::{bench_store, scenarios, ApiError, AppState};

/// What one export renders, before the engine runs (the engine runs on a blocking thread).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub input: ScenarioInput,
    pub table: Arc<PriceTable>,
    pub provenance: Provenance,
    /// The stored revision's name ("" for an unnamed one), for the download's file name.
    pub name: String,
}

impl Prepared {
    /// Validates and plans (Monte Carlo included): CPU work, so call it off async workers.
    pub fn compute(self) -> Result<ReportScenario, ReportError> {
        ReportScenario::compute(self.input, &self.table, self.provenance)
    }
}

/// The formats an export comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Pdf(report::pdf::Paper),
    Xlsx,
    Cashflow,
    Routing,
}

impl Export {
    pub fn content_type(self) -> &'static str {
        match self {
            Export::Pdf(_) => "application/pdf",
            Export::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Export::Cashflow | Export::Routing => "text/csv; charset=utf-8",
        }
    }

    /// The file name's ending: `.pdf`, `.xlsx`, `-cashflow.csv`, `-routing.csv`.
    pub fn suffix(self) -> &'static str {
        match self {
            Export::Pdf(_) => ".pdf",
            Export::Xlsx => ".xlsx",
            Export::Cashflow => "-cashflow.csv",
            Export::Routing => "-routing.csv",
        }
    }

    /// The export's bytes: one scenario's report, or a comparison of two to four.
    pub fn render(self, scenarios: &[ReportScenario]) -> Result<Vec<u8>, ReportError> {
        match self {
            Export::Pdf(paper) => report::pdf::render(scenarios, paper),
            Export::Xlsx => report::xlsx::render(scenarios),
            Export::Cashflow => Ok(report::csv::cashflow(scenarios).into_bytes()),
            Export::Routing => Ok(report::csv::routing(scenarios).into_bytes()),
        }
    }
}

/// "a4" or "letter" (any case); anything else is None.
pub fn paper(text: &str) -> Option<report::pdf::Paper> {
    match text.trim().to_ascii_lowercase().as_str() {
        "a4" => Some(report::pdf::Paper::A4),
        "letter" => Some(report::pdf::Paper::Letter),
        _ => None,
    }
}

/// The provenance line of a price-table version.
pub fn table_ref(id: Option<i64>, table: &PriceTable) -> TableRef {
    TableRef {
        id,
        label: table.source.label(),
        as_of: table.source.as_of.clone(),
    }
}

/// Every "benchmark #N" a throughput source names, in order, without repeats.
pub fn benchmark_ids(source: &str) -> Vec<i64> {
    let mut ids = Vec::new();
    for (at, _) in source.match_indices("benchmark #") {
        let digits: String = source[at + "benchmark #".len()..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if let Ok(id) = digits.parse::<i64>() {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    ids
}

/// "smollm2-135m q8_0 on cpu (Intel Xeon …, 2 threads; synthetic weights)" from a stored
/// result's JSON (`bench::BenchResult`: the machine is in its `reproducibility` record).
pub fn hardware(result: &Value) -> String {
    let text = |v: &Value| v.as_str().map(str::to_string);
    let repro = &result["reproducibility"];
    let device = text(&result["device"]).unwrap_or_else(|| "an unknown device".into());
    let machine = if device.starts_with("cuda") {
        text(&repro["gpu_name"]).or_else(|| text(&repro["cpu_model"]))
    } else {
        text(&repro["cpu_model"]).map(|cpu| match repro["threads"].as_u64() {
            Some(n) => format!("{cpu}, {n} threads"),
            None => cpu,
        })
    };
    let mut details: Vec<String> = machine.into_iter().collect();
    details.extend(text(&result["weights_label"]));
    let mut line = format!(
        "{} {} on {device}",
        text(&result["model"]).unwrap_or_else(|| "unknown model".into()),
        text(&result["dtype"]).unwrap_or_default()
    )
    .replace("  ", " ");
    if !details.is_empty() {
        line += &format!(" ({})", details.join("; "));
    }
    line
}

/// The benchmarks behind a measured throughput (`slm.throughput_source` names them as
/// "benchmark #N"); none for a typed throughput. A benchmark this database does not hold
/// (the scenario came from elsewhere) is listed with that said, never dropped.
pub async fn benchmark_refs(
    pool: &SqlitePool,
    input: &ScenarioInput,
) -> anyhow::Result<Vec<BenchmarkRef>> {
    let Some(source) = input
        .slm
        .as_ref()
        .and_then(|s| s.throughput_source.as_deref())
    else {
        return Ok(Vec::new());
    };
    let label = if source.contains("projected") {
        "projected"
    } else {
        "measured"
    };
    let mut refs = Vec::new();
    for id in benchmark_ids(source) {
        let job = bench_store::get(pool, id).await?;
        let hardware = match job.as_ref().and_then(|j| j.result.as_ref()) {
            Some(result) => hardware(result),
            None => "not in this server's benchmark results".to_string(),
        };
        refs.push(BenchmarkRef {
            id,
            hardware,
            label: label.to_string(),
        });
    }
    Ok(refs)
}

/// A saved scenario's revision (the newest when None), priced with its recorded table.
/// `public_base` is the scheme and host the share link is written with
/// ("https://breakeven.example"); None leaves the link as the path `/s/<id>`.
pub async fn saved(
    state: &AppState,
    id: &str,
    revision: Option<i64>,
    public_base: Option<&str>,
) -> Result<Prepared, ApiError> {
    let stored = scenarios::load(state, id, revision).await?;
    let benchmarks = benchmark_refs(&state.db, &stored.input).await?;
    let base = public_base.unwrap_or("").trim_end_matches('/');
    let provenance = Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: table_ref(Some(stored.table_id), &stored.table),
        scenario_id: Some(stored.row.id.clone()),
        revision: Some(stored.rev.revision),
        share_link: Some(format!("{base}/s/{}", stored.row.id)),
        generated_unix: crate::db::now_unix(),
        benchmarks,
    };
    Ok(Prepared {
        input: stored.input,
        table: stored.table,
        provenance,
        name: stored.rev.name,
    })
}

/// A scenario file's input, priced with `table` (the bundled one for `breakeven report`):
/// no id, revision or share link.
pub fn unsaved(input: ScenarioInput, table: Arc<PriceTable>, table_id: Option<i64>) -> Prepared {
    let provenance = Provenance {
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        price_table: table_ref(table_id, &table),
        scenario_id: None,
        revision: None,
        share_link: None,
        generated_unix: crate::db::now_unix(),
        benchmarks: Vec::new(),
    };
    Prepared {
        name: input.name.clone().unwrap_or_default(),
        input,
        table,
        provenance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn benchmark_ids_are_read_from_the_source_line() {
        assert_eq!(
            benchmark_ids("benchmark #12: smollm2-135m q8_0 on cpu, concurrency 4"),
            [12]
        );
        assert_eq!(
            benchmark_ids("benchmark #3 and benchmark #41, benchmark #3"),
            [3, 41]
        );
        assert!(benchmark_ids("vLLM on an L4, my notes").is_empty());
        assert!(benchmark_ids("benchmark #x").is_empty());
    }

    #[test]
    fn hardware_names_the_model_format_device_and_machine() {
        let cpu = json!({ "model": "smollm2-135m", "dtype": "q8_0", "device": "cpu",
            "weights_label": "synthetic weights",
            "reproducibility": { "cpu_model": "Intel Xeon", "threads": 2, "gpu_name": null } });
        assert_eq!(
            hardware(&cpu),
            "smollm2-135m q8_0 on cpu (Intel Xeon, 2 threads; synthetic weights)"
        );
        let gpu = json!({ "model": "qwen2.5-0.5b", "dtype": "f16", "device": "cuda:0",
            "weights_label": "real weights",
            "reproducibility": { "cpu_model": "AMD EPYC", "threads": 16, "gpu_name": "NVIDIA H100" } });
        assert_eq!(
            hardware(&gpu),
            "qwen2.5-0.5b f16 on cuda:0 (NVIDIA H100; real weights)"
        );
    }
}
