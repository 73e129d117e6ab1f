//! A stored scenario's inputs as rows of (path, value), shown by their vocabulary label
//! and unit: the read-only table of the shared view, and the compare page's inputs table.

use leptos::prelude::*;
use serde_json::Value;
use tco::ScenarioInput;

pub use tco::vocabulary::unit;

/// A number as typed: Rust's shortest form, so 1e6 reads "1000000", not "1000000.0".
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |v| format!("{v}")),
        other => other.to_string(),
    }
}

fn walk(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, v) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                walk(&path, v, out);
            }
        }
        Value::Array(items) => out.push((
            prefix.to_string(),
            items.iter().map(text).collect::<Vec<_>>().join(", "),
        )),
        // A yes/no field (prefix caching) reads as people say it.
        Value::Bool(on) => out.push((prefix.to_string(), if *on { "yes" } else { "no" }.into())),
        // A choice reads in words ("Self-hosted GPUs"), never as the format spells it.
        Value::String(s) => out.push((
            prefix.to_string(),
            tco::vocabulary::choice(prefix, s).map_or_else(|| s.clone(), str::to_string),
        )),
        other => out.push((prefix.to_string(), text(other))),
    }
}

/// Every input the scenario states, by path; what it leaves out is left to defaults.
pub fn rows(input: &ScenarioInput) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Ok(value) = serde_json::to_value(input) {
        walk("", &value, &mut out);
    }
    // The planner's order of sections, not the alphabet's.
    const ORDER: [&str; 7] = [
        "name",
        "workload",
        "llm",
        "slm",
        "routing",
        "finance",
        "uncertainty",
    ];
    out.sort_by_key(|(path, _)| {
        let section = path.split('.').next().unwrap_or_default();
        ORDER
            .iter()
            .position(|s| *s == section)
            .unwrap_or(ORDER.len())
    });
    out
}

/// The compact read-only table of a scenario's inputs.
#[component]
pub fn InputsTable(input: ScenarioInput) -> impl IntoView {
    let body = rows(&input)
        .into_iter()
        .map(|(path, value)| {
            let unit = unit(&path);
            let label = tco::vocabulary::label(&path);
            view! { <tr data-path=path><td class="model">{label}</td><td class="num">{value}</td><td class="unit-cell">{unit}</td></tr> }
        })
        .collect_view();
    view! {
        <table class="rows inputs" id="shared-inputs">
            <thead><tr><th>"Input"</th><th>"Value"</th><th>"Unit"</th></tr></thead>
            <tbody>{body}</tbody>
        </table>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_every_stated_input_with_its_unit() {
        let input = tco::from_json(
            r#"{"name": "x", "workload": {"requests_per_month": 1000000, "load_shape": [1, 2]},
                "uncertainty": {"inputs": {"slm.gpu_usd_per_hour": {"p10": 1, "p90": 2}}}}"#,
        )
        .unwrap();
        let rows = rows(&input);
        assert!(rows.contains(&("name".into(), "x".into())));
        let hosted =
            tco::from_json(r#"{"slm": {"serving": "api"}, "routing": {"mode": "cascade"}}"#)
                .unwrap();
        assert!(super::rows(&hosted).contains(&("slm.serving".into(), "Hosted SLM API".into())));
        assert!(super::rows(&hosted)
            .contains(&("routing.mode".into(), "Cascade: SLM first, escalate".into())));
        assert!(rows.contains(&("workload.requests_per_month".into(), "1000000".into())));
        assert!(rows.contains(&("workload.load_shape".into(), "1, 2".into())));
        assert_eq!(unit("workload.requests_per_month"), "requests/month");
        assert_eq!(
            unit("uncertainty.inputs.slm.gpu_usd_per_hour.p90"),
            "USD/GPU-hour"
        );
        assert!(rows.iter().all(|(p, _)| !p.contains("null")));
        assert_eq!(rows[0].0, "name");
        assert_eq!(
            rows.last().unwrap().0,
            "uncertainty.inputs.slm.gpu_usd_per_hour.p90"
        );
        // Every row is named in words.
        for (path, _) in &rows {
            assert!(!tco::vocabulary::label(path).contains('“'), "{path}");
        }
        assert_eq!(unit("slm.owned.pue"), "≥ 1");
    }

    #[test]
    fn v2_inputs_read_in_words() {
        let input = tco::from_json(
            r#"{"workload": {"weekly_shape": [1, 1, 1, 1, 1, 0, 0], "batch_share": 0.2},
                "slm": {"serving": "self_hosted", "scaling": "hourly",
                  "reserved_instances": "optimal", "prefix_caching": false, "ops_fte": 0.25}}"#,
        )
        .unwrap();
        let rows = rows(&input);
        for (path, value) in [
            ("workload.weekly_shape", "1, 1, 1, 1, 1, 0, 0"),
            ("workload.batch_share", "0.2"),
            ("slm.scaling", "Hour by hour"),
            ("slm.reserved_instances", "Optimal"),
            ("slm.prefix_caching", "no"),
            ("slm.ops_fte", "0.25"),
        ] {
            assert!(
                rows.contains(&(path.to_string(), value.to_string())),
                "{path}: {rows:?}"
            );
            assert!(!tco::vocabulary::label(path).contains('“'), "{path}");
        }
        let counted = tco::from_json(r#"{"slm": {"reserved_instances": 2}}"#).unwrap();
        assert!(super::rows(&counted).contains(&("slm.reserved_instances".into(), "2".into())));
    }
}
