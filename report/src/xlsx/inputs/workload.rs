//! The workload's input rows: volume, tokens, caching, batch share, growth, and the load
//! shape's weights (24 or 168 hourly values, and 7 day weights over a 24-hour shape), each
//! weight a row of its own under one defined range.

use serde_json::Value;
use tco::vocabulary;

use super::{row, stated, typed_or_default, Cell, Row};
use crate::xlsx::cells::{Ctx, Kind};

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

pub(super) fn rows(ctx: &Ctx, input: &Value) -> Vec<Row> {
    let s = ctx.scenario();
    let td = |p: &str| typed_or_default(input, p);
    let w = &s.workload;
    let peak_source = if s.load_shape.is_some() && !stated(input, "workload.peak_to_average") {
        format!(
            "derived from “{}” (its busiest hour over its mean); the Fleet schedule works from the shape itself",
            vocabulary::label("workload.load_shape")
        )
    } else {
        td("workload.peak_to_average")
    };
    let mut out = vec![
        row(
            "workload.requests_per_month",
            "requests_per_month",
            w.requests_per_month,
            td("workload.requests_per_month"),
            Kind::Count,
        ),
        row(
            "workload.input_tokens",
            "input_tokens",
            w.input_tokens,
            td("workload.input_tokens"),
            Kind::Plain,
        ),
        row(
            "workload.output_tokens",
            "output_tokens",
            w.output_tokens,
            td("workload.output_tokens"),
            Kind::Plain,
        ),
        row(
            "workload.cached_input_share",
            "cached_input_share",
            w.cached_input_share,
            td("workload.cached_input_share"),
            Kind::Share,
        ),
        row(
            "workload.cache_write_share",
            "cache_write_share",
            w.cache_write_share,
            td("workload.cache_write_share"),
            Kind::Share,
        ),
        row(
            "workload.batch_share",
            "batch_share",
            w.batch_share,
            td("workload.batch_share"),
            Kind::Share,
        ),
        row(
            "workload.peak_to_average",
            "peak_to_average",
            w.peak_to_average,
            peak_source,
            Kind::Plain,
        ),
        row(
            "workload.monthly_growth",
            "monthly_growth",
            w.monthly_growth,
            td("workload.monthly_growth"),
            Kind::Share,
        ),
    ];
    if let Some(source) = &s.workload_source {
        out.insert(
            0,
            row(
                "workload.source",
                "workload_source",
                0.0,
                "typed".into(),
                Kind::Plain,
            )
            .holding(Cell::Text(source.clone()))
            .informational(vocabulary::label("workload.source").to_string()),
        );
    }
    if let Some(shape) = &s.load_shape {
        let len = shape.len();
        for (i, v) in shape.iter().enumerate() {
            let when = if len == 24 {
                format!("{i:02}:00–{:02}:00 every day", i + 1)
            } else {
                format!("{} {:02}:00–{:02}:00", DAYS[i / 24], i % 24, i % 24 + 1)
            };
            out.push(
                row(
                    &format!("workload.load_shape[{i}]"),
                    "load_shape",
                    *v,
                    format!("typed: {when} (UTC)"),
                    Kind::Plain,
                )
                .with_field("workload.load_shape")
                .in_list(i, len),
            );
        }
    }
    if let Some(days) = &s.weekly_shape {
        for (i, v) in days.iter().enumerate() {
            out.push(
                row(
                    &format!("workload.weekly_shape[{i}]"),
                    "weekly_shape",
                    *v,
                    format!("typed: {}", DAYS[i]),
                    Kind::Plain,
                )
                .with_field("workload.weekly_shape")
                .in_list(i, days.len()),
            );
        }
    }
    out
}
