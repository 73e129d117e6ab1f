//! The workload from a trace (docs/traffic.md, "The workload from a trace"): small traces in
//! three formats with every figure counted by hand in the comments.

use traffic::analysis::{fit_log_linear, workload, HourModelTotals, Trace, TraceWorkload};
use traffic::{read, read_all, Format, TrafficRecord};

use crate::request;

fn close(actual: f64, expected: f64, what: &str) {
    let tolerance = 1e-9 * expected.abs().max(1.0);
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} ≠ {expected}"
    );
}

/// Each hour of the span with its totals over models, quiet hours as zeros.
fn hourly(trace: &Trace) -> Vec<(i64, HourModelTotals)> {
    let Some((first, last)) = trace.span() else {
        return Vec::new();
    };
    (first..=last).map(|h| (h, trace.hour(h))).collect()
}

fn trace_of(format: &Format, text: &str) -> Trace {
    let mut trace = Trace::new();
    if let Err(e) = read(format, text.as_bytes(), &mut |r| trace.add(&r)) {
        panic!("the file is not usable: {e}");
    }
    trace
}

/// 2025-03-02T22:00:00Z (a Sunday), hour 483,598 since 1970: local Monday 00:00 at +02:00.
const SUNDAY_22Z: i64 = 1_740_952_800;
const H0: i64 = SUNDAY_22Z / 3600;

/// A week of LiteLLM spend logs (UTC unless said):
///
/// | row | start | model | in | cached | write | out | spend |
/// |---|---|---|---|---|---|---|---|
/// | r1 | Sun 03-02 22:15 | gpt-4o-mini | 100 | | | 20 | 0.0001 |
/// | r2 | Sun 03-02 22:40 | gpt-4o-mini | 300 | | | 40 | 0.0001 |
/// | r3 | Mon 03-03 08:05 | gpt-4o | 1000 | 600 | | 100 | 0.002 |
/// | r4 | Wed 03-05 12:00 | gpt-4o | 2000 | | 500 | 200 | 0.002 |
/// | r5 | Wed 03-05 14:30+02:00 = 12:30 | gpt-4o-mini | 50 | | | 10 | 0.0001 |
/// | r6 | Wed 03-05 13:00, LiteLLM cache hit | gpt-4o-mini | 100 | | | 20 | 0 |
/// | r7 | Sun 03-09 21:59:59 | gpt-4o-mini | 200 | | | 30 | 0.0001 |
/// | r8 | Sun 03-09 21:10 (out of order) | gpt-4o-mini | 400 | | | 60 | 0.0001 |
const WEEK_CSV: &str = r#"request_id,call_type,spend,prompt_tokens,completion_tokens,startTime,model,metadata,cache_hit
r1,acompletion,0.0001,100,20,2025-03-02T22:15:00Z,gpt-4o-mini,,False
r2,acompletion,0.0001,300,40,2025-03-02T22:40:00Z,gpt-4o-mini,,False
r3,acompletion,0.002,1000,100,2025-03-03T08:05:00Z,gpt-4o,"{""usage_object"": {""prompt_tokens_details"": {""cached_tokens"": 600}}}",False
r4,acompletion,0.002,2000,200,2025-03-05T12:00:00Z,gpt-4o,"{""usage_object"": {""cache_creation_input_tokens"": 500}}",False
r5,acompletion,0.0001,50,10,2025-03-05 14:30:00+02:00,gpt-4o-mini,,False
r6,acompletion,0.0,100,20,2025-03-05T13:00:00Z,gpt-4o-mini,,True
r7,acompletion,0.0001,200,30,2025-03-09T21:59:59Z,gpt-4o-mini,,False
r8,acompletion,0.0001,400,60,2025-03-09T21:10:00Z,gpt-4o-mini,,False
"#;

#[test]
fn a_week_of_litellm_spend_logs_at_plus_two_hours() {
    let trace = trace_of(&Format::LitellmSpendLogsCsv, WEEK_CSV);
    // Span: Sun 03-02 22:00Z (r1's hour) to Sun 03-09 21:00Z (r7's hour): 7 × 24 = 168
    // hours; the cache hit r6 is not traffic.
    assert_eq!(trace.span(), Some((H0, H0 + 167)));
    assert_eq!(trace.proxy_cache_hits, 1);
    assert!(!trace.has_daily_buckets());

    let hourly = hourly(&trace);
    assert_eq!(hourly.len(), 168);
    let requests: Vec<(usize, f64)> = hourly
        .iter()
        .enumerate()
        .filter(|(_, (_, t))| t.requests() > 0.0)
        .map(|(i, (_, t))| (i, t.requests()))
        .collect();
    // Hour 0: r1, r2; hour 10 (Mon 08Z): r3; hour 62 (Wed 12Z): r4, r5; hour 63 (Wed 13Z,
    // the cache hit) stays 0; hour 167 (Sun 21Z): r7, r8.
    assert_eq!(requests, [(0, 2.0), (10, 1.0), (62, 2.0), (167, 2.0)]);
    assert_eq!(hourly[62].0, H0 + 62);
    // r4 and r5 in hour 62: input 2000 + 50, cache-write 500, output 200 + 10, spend
    // 0.002 + 0.0001.
    let wed = hourly[62].1;
    assert_eq!(
        (
            wed.interactive.input_tokens,
            wed.interactive.cache_write_tokens,
            wed.interactive.output_tokens,
            wed.requests_with_spend
        ),
        (2050.0, 500.0, 210.0, 2.0)
    );
    close(wed.recorded_spend_usd, 0.0021, "Wednesday's spend");

    let w = workload(&trace, "spend.csv", 120);
    assert_eq!(
        w.label,
        "from spend.csv, 7 requests, 2025-03-03 – 2025-03-09 (UTC+02:00)"
    );
    assert_eq!(
        (w.first_date.as_str(), w.last_date.as_str()),
        ("2025-03-03", "2025-03-09")
    );
    assert_eq!(w.zone, "+02:00");
    assert_eq!(
        (w.start_unix, w.end_unix),
        (SUNDAY_22Z, SUNDAY_22Z + 168 * 3600)
    );
    assert_eq!((w.hours, w.weeks_covered, w.requests), (168.0, 1.0, 7.0));
    // 7 requests / 168 h × 730 h = 30.41667 a month.
    close(
        w.requests_per_month,
        7.0 / 168.0 * 730.0,
        "requests per month",
    );
    // Input 100 + 300 + 1000 + 2000 + 50 + 200 + 400 = 4050 over 7 = 578.571;
    // output 20 + 40 + 100 + 200 + 10 + 30 + 60 = 460 over 7 = 65.714.
    close(w.input_tokens_mean, 4050.0 / 7.0, "mean input");
    close(w.output_tokens_mean, 460.0 / 7.0, "mean output");
    // Inputs sorted 50 100 200 300 400 1000 2000: p50 is rank ⌈0.5 × 7⌉ = 4 → 300, p95 rank
    // ⌈6.65⌉ = 7 → 2000. Outputs 10 20 30 40 60 100 200: p50 40, p95 200.
    let p = w.percentiles.clone().expect("single requests");
    assert_eq!(
        (
            p.requests,
            p.input_p50,
            p.input_p95,
            p.output_p50,
            p.output_p95
        ),
        (7, 300, 2000, 40, 200)
    );
    assert_eq!(w.percentiles_reason, None);
    // κ = 600 / 4050 = 0.14815, ω = 500 / 4050 = 0.12346, no batch.
    close(w.cached_input_share, 600.0 / 4050.0, "cached share");
    close(w.cache_write_share, 500.0 / 4050.0, "cache-write share");
    assert_eq!((w.batch_share, w.batch_requests), (0.0, 0.0));
    // Recorded spend: 5 × 0.0001 + 2 × 0.002 = 0.0045 over the 7 requests.
    close(w.recorded_spend_usd, 0.0045, "recorded spend");
    assert_eq!(w.requests_with_spend, 7.0);
    assert_eq!(w.proxy_cache_hits, 1);
    assert_eq!(
        w.warnings,
        ["1 request answered from LiteLLM's own cache not counted: no model served them"]
    );

    // The shape at +02:00: local Monday 00:00 is Sun 22:00Z, so slot j is hour j of the
    // span; each slot occurs once (one week). r1, r2 (Sunday 22Z in UTC) are Monday 00:xx
    // here: slot 0 = 2; r3 10:05 local Monday: slot 10 = 1; r4, r5 Wednesday 14:xx local:
    // slot 2 × 24 + 14 = 62 = 2; r7, r8 Sunday 23:xx local: slot 6 × 24 + 23 = 167 = 2.
    let shape = w.shape.clone().expect("a week is covered");
    assert_eq!(w.shape_reason, None);
    assert_eq!(shape.weeks_covered, 1.0);
    let filled: Vec<(usize, f64)> = shape
        .requests_per_hour
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0.0)
        .map(|(i, &v)| (i, v))
        .collect();
    assert_eq!(filled, [(0, 2.0), (10, 1.0), (62, 2.0), (167, 2.0)]);
    // Peak 2 over the mean 7 / 168.
    close(
        shape.peak_to_average,
        2.0 / (7.0 / 168.0),
        "peak to average",
    );

    // Growth: the full local days are 03-03 to 03-09; only Monday, Wednesday and Sunday
    // have requests: 3 < 14.
    assert_eq!(w.growth, None);
    assert_eq!(
        w.growth_reason.as_deref(),
        Some("growth needs 14 full days with requests; the trace has 3")
    );

    // Model mix: gpt-4o-mini r1 r2 r5 r7 r8 = 5 (5/7), input 1050, output 160, spend 0.0005;
    // gpt-4o r3 r4 = 2 (2/7), input 3000, cached 600, write 500, output 300, spend 0.004.
    let mix: Vec<(&str, f64, f64, f64, f64, f64, f64)> = w
        .models
        .iter()
        .map(|m| {
            (
                m.model.as_str(),
                m.requests,
                m.input_tokens,
                m.cached_input_tokens,
                m.cache_write_tokens,
                m.output_tokens,
                m.requests_with_spend,
            )
        })
        .collect();
    assert_eq!(
        mix,
        [
            ("gpt-4o-mini", 5.0, 1050.0, 0.0, 0.0, 160.0, 5.0),
            ("gpt-4o", 2.0, 3000.0, 600.0, 500.0, 300.0, 2.0),
        ]
    );
    close(w.models[0].share, 5.0 / 7.0, "gpt-4o-mini share");
    close(w.models[1].share, 2.0 / 7.0, "gpt-4o share");
    close(w.models[0].recorded_spend_usd, 0.0005, "gpt-4o-mini spend");
    close(w.models[1].recorded_spend_usd, 0.004, "gpt-4o spend");

    // The planner's workload: the figures above, the shape, no growth, the label.
    let input = w.workload_input();
    assert_eq!(input.requests_per_month, Some(w.requests_per_month));
    assert_eq!(input.input_tokens, Some(4050.0 / 7.0));
    assert_eq!(input.output_tokens, Some(460.0 / 7.0));
    assert_eq!(input.cached_input_share, Some(w.cached_input_share));
    assert_eq!(input.cache_write_share, Some(w.cache_write_share));
    assert_eq!(input.batch_share, Some(0.0));
    // The planner's hours are UTC: its shape is the UTC one (the same week seen from UTC,
    // `the_same_week_in_utc`: slots 8, 60, 165 and 166), not the +02:00 one above.
    let utc = w.shape_utc.as_ref().expect("a week in UTC");
    let filled: Vec<(usize, f64)> = utc
        .requests_per_hour
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0.0)
        .map(|(i, &v)| (i, v))
        .collect();
    assert_eq!(filled, [(8, 1.0), (60, 2.0), (165, 2.0), (166, 2.0)]);
    assert_eq!(
        input.load_shape.as_deref(),
        Some(&utc.requests_per_hour[..])
    );
    assert_ne!(utc.requests_per_hour, shape.requests_per_hour);
    assert_eq!(input.monthly_growth, None);
    assert_eq!(input.source.as_deref(), Some(w.label.as_str()));
    assert_eq!(input.peak_to_average, None);
    assert_eq!(input.latency_slo, None);
}

#[test]
fn the_same_week_in_utc() {
    let w = workload(
        &trace_of(&Format::LitellmSpendLogsCsv, WEEK_CSV),
        "spend.csv",
        0,
    );
    assert_eq!(
        w.label,
        "from spend.csv, 7 requests, 2025-03-02 – 2025-03-09 (UTC)"
    );
    // In UTC r1, r2 stay on Sunday 22:xx: slot 6 × 24 + 22 = 166; r3 Monday 08: slot 8;
    // r4, r5 Wednesday 12: slot 60; r7, r8 Sunday 21: slot 165.
    let shape = w.shape.expect("a week");
    let filled: Vec<(usize, f64)> = shape
        .requests_per_hour
        .iter()
        .enumerate()
        .filter(|(_, &v)| v > 0.0)
        .map(|(i, &v)| (i, v))
        .collect();
    assert_eq!(filled, [(8, 1.0), (60, 2.0), (165, 2.0), (166, 2.0)]);
    // Full UTC days 03-03 to 03-08 (03-02 and 03-09 are partial and dropped): requests on
    // Monday and Wednesday only.
    assert_eq!(
        w.growth_reason.as_deref(),
        Some("growth needs 14 full days with requests; the trace has 2")
    );
}

#[test]
fn a_trace_shorter_than_a_week_has_no_shape() {
    // The week without r7 and r8: Sun 22Z to Wed 12Z, 2 + 24 + 24 + 13 = 63 hours, 2.6 days.
    let text: String = WEEK_CSV
        .lines()
        .filter(|l| !l.starts_with("r7") && !l.starts_with("r8"))
        .map(|l| format!("{l}\n"))
        .collect();
    let w = workload(
        &trace_of(&Format::LitellmSpendLogsCsv, &text),
        "spend.csv",
        120,
    );
    assert_eq!(w.hours, 63.0);
    close(w.weeks_covered, 63.0 / 168.0, "weeks covered");
    assert_eq!(w.shape, None);
    assert_eq!(
        w.shape_reason.as_deref(),
        Some("the trace covers 2.6 days; a week's shape needs 7")
    );
    assert_eq!(w.workload_input().load_shape, None);
    // 5 requests / 63 h × 730.
    close(
        w.requests_per_month,
        5.0 / 63.0 * 730.0,
        "requests per month",
    );
}

/// OpenAI's usage page, hourly buckets grouped by model and batch, read at −05:00:
/// 00:00Z gpt-4o-mini 5 interactive (1000 in, 800 cached, 500 out) and 2 batch (2000 in,
/// 100 out); 01:00Z gpt-4o 3 interactive (600 in, 200 cache-write, 60 out); 02:00Z empty.
const HOURLY_PAGE: &str = r#"{"object": "page", "data": [
 {"object": "bucket", "start_time": 1730419200, "end_time": 1730422800, "results": [
  {"object": "organization.usage.completions.result", "input_tokens": 1000, "output_tokens": 500, "input_cached_tokens": 800, "num_model_requests": 5, "model": "gpt-4o-mini", "batch": false},
  {"object": "organization.usage.completions.result", "input_tokens": 2000, "output_tokens": 100, "input_cached_tokens": 0, "num_model_requests": 2, "model": "gpt-4o-mini", "batch": true}]},
 {"object": "bucket", "start_time": 1730422800, "end_time": 1730426400, "results": [
  {"object": "organization.usage.completions.result", "input_tokens": 600, "output_tokens": 60, "input_cached_tokens": 0, "input_cache_write_tokens": 200, "num_model_requests": 3, "model": "gpt-4o", "batch": false}]},
 {"object": "bucket", "start_time": 1730426400, "end_time": 1730430000, "results": []}],
 "has_more": false, "next_page": null}"#;

#[test]
fn openai_hourly_buckets_with_batch_at_minus_five_hours() {
    let trace = trace_of(&Format::OpenaiUsageCompletions, HOURLY_PAGE);
    // 2024-11-01T00:00Z is hour 480,672; the empty 02:00Z bucket adds no record.
    assert_eq!(trace.span(), Some((480_672, 480_673)));
    let hourly = hourly(&trace);
    assert_eq!(hourly.len(), 2);
    let first = hourly[0].1;
    assert_eq!(
        (
            first.interactive.requests,
            first.interactive.cached_input_tokens,
            first.batch.requests,
            first.batch.input_tokens
        ),
        (5.0, 800.0, 2.0, 2000.0)
    );
    assert_eq!(hourly[1].1.interactive.cache_write_tokens, 200.0);

    let w = workload(&trace, "usage.json", -300);
    // 00:00Z–01:59:59Z is 19:00–20:59 on 2024-10-31 at −05:00.
    assert_eq!(
        w.label,
        "from usage.json, 10 requests, 2024-10-31 (UTC-05:00)"
    );
    assert_eq!(w.zone, "-05:00");
    // 10 requests over 2 hours: 10 / 2 × 730 = 3650 a month.
    assert_eq!(
        (w.requests, w.hours, w.requests_per_month),
        (10.0, 2.0, 3650.0)
    );
    // Input 1000 + 2000 + 600 = 3600 / 10 = 360; output 500 + 100 + 60 = 660 / 10 = 66.
    assert_eq!((w.input_tokens_mean, w.output_tokens_mean), (360.0, 66.0));
    // κ = 800 / 3600, ω = 200 / 3600, β = 2 / 10.
    close(w.cached_input_share, 800.0 / 3600.0, "cached share");
    close(w.cache_write_share, 200.0 / 3600.0, "cache-write share");
    assert_eq!((w.batch_share, w.batch_requests), (0.2, 2.0));
    // Buckets only: no percentiles; 2 hours = 0.08 days, shown 0.1.
    assert_eq!(w.percentiles, None);
    assert_eq!(
        w.percentiles_reason.as_deref(),
        Some("the log holds totals (per hour or per day), not single requests: p50 and p95 need single requests")
    );
    assert_eq!(
        w.shape_reason.as_deref(),
        Some("the trace covers 0.1 days; a week's shape needs 7")
    );
    assert!(!w.has_daily_buckets);
    assert_eq!(w.warnings, Vec::<String>::new());
    // Mix: gpt-4o-mini 7 (0.7, 2 of them batch), gpt-4o 3 (0.3); no spend recorded.
    let mix: Vec<(&str, f64, f64, f64)> = w
        .models
        .iter()
        .map(|m| (m.model.as_str(), m.requests, m.share, m.batch_requests))
        .collect();
    assert_eq!(
        mix,
        [("gpt-4o-mini", 7.0, 0.7, 2.0), ("gpt-4o", 3.0, 0.3, 0.0)]
    );
    assert_eq!((w.recorded_spend_usd, w.requests_with_spend), (0.0, 0.0));
    assert_eq!(w.workload_input().batch_share, Some(0.2));
}

#[test]
fn a_daily_bucket_is_spread_over_its_24_hours() {
    // One `1d` bucket: 48 gpt-4o requests, 4800 input, 480 output on 2024-11-01 UTC.
    let page = r#"{"object":"page","data":[{"start_time":1730419200,"end_time":1730505600,"results":[{"input_tokens":4800,"output_tokens":480,"num_model_requests":48,"model":"gpt-4o"}]}]}"#;
    let trace = trace_of(&Format::OpenaiUsageCompletions, page);
    assert!(trace.has_daily_buckets());
    let hourly = hourly(&trace);
    // 24 hours, each 48 / 24 = 2 requests, 200 input, 20 output.
    assert_eq!(hourly.len(), 24);
    for (i, (hour, t)) in hourly.iter().enumerate() {
        assert_eq!(*hour, 480_672 + i as i64);
        assert_eq!(
            (
                t.interactive.requests,
                t.interactive.input_tokens,
                t.interactive.output_tokens
            ),
            (2.0, 200.0, 20.0),
            "hour {i}"
        );
    }
    let w = workload(&trace, "daily.json", 0);
    // 48 / 24 h × 730 = 1460 a month.
    assert_eq!((w.requests, w.requests_per_month), (48.0, 1460.0));
    assert!(w.has_daily_buckets);
    assert_eq!(
        w.warnings,
        ["48 requests came in totals over 24 hours, spread evenly over their hours: when they came within those hours is not known"]
    );
}

#[test]
fn a_bucket_not_on_the_hour_is_shared_by_the_seconds_in_each_hour() {
    // A 2-hour bucket from 00:30Z: 1/4 of it in hour 0, 1/2 in hour 1, 1/4 in hour 2.
    let record = TrafficRecord {
        bucket_seconds: Some(7200),
        requests: 8,
        ..request(1_730_419_200 + 1800, "m", 800, 80)
    };
    let mut trace = Trace::new();
    trace.add(&record);
    let requests: Vec<f64> = hourly(&trace).iter().map(|(_, t)| t.requests()).collect();
    assert_eq!(requests, [2.0, 4.0, 2.0]);
    // Rows standing for several requests are not in the percentiles.
    assert_eq!(trace.aggregated_requests, 8);
    assert_eq!(trace.input_histogram.total(), 0);
}

/// `LiteLLM_DailyUserSpend` rows for 21 days from Monday 2025-01-06, day d holding
/// round(10⁹ × 1.1^(d / 30.4167)) requests: growth of exactly 10 % a month, rounded to
/// whole requests (a relative error under 10⁻⁹).
fn growing_days() -> String {
    let mut text = String::from("date,model,prompt_tokens,completion_tokens,api_requests\n");
    for d in 0..21u32 {
        let requests = (1e9 * 1.1f64.powf(f64::from(d) / (730.0 / 24.0))).round() as u64;
        let date = tco::format::civil_date(20_094 + i64::from(d));
        text.push_str(&format!(
            "{date},gpt-4o,{},{},{requests}\n",
            requests * 10,
            requests * 2
        ));
    }
    text
}

#[test]
fn growth_of_ten_percent_a_month_is_found_with_a_perfect_fit() {
    let trace = trace_of(&Format::LitellmDailySpendCsv, &growing_days());
    let utc = workload(&trace, "daily.csv", 0);
    let g = utc.growth.clone().expect("21 full days");
    // ln(requests) = ln 10⁹ + d · ln 1.1 / 30.4167: slope ln 1.1 / 30.4167, R² = 1.
    assert!(
        (g.monthly_growth - 0.1).abs() < 1e-8,
        "{}",
        g.monthly_growth
    );
    assert!(g.r_squared > 1.0 - 1e-12, "{}", g.r_squared);
    assert_eq!(g.days_used, 21);
    assert_eq!(
        (g.first_day.as_str(), g.last_day.as_str()),
        ("2025-01-06", "2025-01-26")
    );
    assert!(g.fills_planner);
    assert_eq!(utc.growth_reason, None);
    assert_eq!(utc.workload_input().monthly_growth, Some(g.monthly_growth));
    // 21 days cover three weeks: the shape is filled.
    assert_eq!(utc.weeks_covered, 3.0);
    assert!(utc.shape.is_some());
    // Daily totals: no percentiles.
    assert!(utc.percentiles.is_none());

    // At +02:00 each local day holds 22/24 of its UTC day and 2/24 of the one before:
    // a q^d (22/24 + 2/(24 q)), the same ratio q from day to day, so the same growth. The
    // span is 01-06 02:00 to 01-27 02:00 local: 01-06 and 01-27 are partial, 20 days used.
    let east = workload(&trace, "daily.csv", 120);
    let g = east.growth.expect("20 full days");
    assert!(
        (g.monthly_growth - 0.1).abs() < 1e-8,
        "{}",
        g.monthly_growth
    );
    assert!(g.r_squared > 1.0 - 1e-12, "{}", g.r_squared);
    assert_eq!(g.days_used, 20);
    assert_eq!(
        (g.first_day.as_str(), g.last_day.as_str()),
        ("2025-01-07", "2025-01-26")
    );
}

#[test]
fn a_poor_growth_fit_does_not_fill_the_planner() {
    // 14 days alternating 100 and 1000 requests (day 0: 100). With x = 0..13, x̄ = 6.5,
    // Sxx = 227.5; ln y = ln 100 + ln 10 · [x odd], Sxy = ln 10 · (49 − 7 × 6.5) = 3.5 ln 10,
    // slope = ln 10 / 65 = 0.035424; SS_tot = 14 × 0.25 × (ln 10)², SS_reg = slope² Sxx =
    // (12.25 / 227.5)(ln 10)², R² = 12.25 / (227.5 × 3.5) = 1/65 = 0.0154; growth =
    // 10^(30.4167/65) − 1 = 193.7 % a month.
    let mut text = String::from("date,model,prompt_tokens,completion_tokens,api_requests\n");
    for d in 0..14i64 {
        let requests = if d % 2 == 0 { 100 } else { 1000 };
        let date = tco::format::civil_date(20_094 + d);
        text.push_str(&format!("{date},gpt-4o,{requests},{requests},{requests}\n"));
    }
    let w = workload(
        &trace_of(&Format::LitellmDailySpendCsv, &text),
        "alt.csv",
        0,
    );
    let g = w.growth.clone().expect("14 full days");
    close(g.slope_per_day, 10f64.ln() / 65.0, "slope");
    close(g.r_squared, 1.0 / 65.0, "R²");
    close(
        g.monthly_growth,
        10f64.powf(730.0 / 24.0 / 65.0) - 1.0,
        "growth",
    );
    assert_eq!(g.days_used, 14);
    assert!(!g.fills_planner);
    assert_eq!(
        w.growth_reason.as_deref(),
        Some("growth not filled: fit R² 0.02 < 0.5")
    );
    assert_eq!(w.workload_input().monthly_growth, None);
}

#[test]
fn the_log_linear_fit_on_exact_growth() {
    // y = 500 · 1.1^(x / 30.4167) for x = 0..29: slope ln 1.1 / 30.4167, R² = 1.
    let points: Vec<(f64, f64)> = (0..30)
        .map(|x| {
            (
                f64::from(x),
                500.0 * 1.1f64.powf(f64::from(x) / (730.0 / 24.0)),
            )
        })
        .collect();
    let (slope, r2) = fit_log_linear(&points).expect("30 points");
    close(slope, 1.1f64.ln() / (730.0 / 24.0), "slope");
    close(r2, 1.0, "R²");
    // A flat series lies on its line: R² = 1, slope 0.
    assert_eq!(
        fit_log_linear(&[(0.0, 5.0), (1.0, 5.0), (2.0, 5.0)]),
        Some((0.0, 1.0))
    );
    // Fewer than two usable points, or zeros only: no fit.
    assert_eq!(fit_log_linear(&[(0.0, 5.0), (1.0, 0.0)]), None);
}

#[test]
fn a_half_hour_offset_shares_each_utc_hour_between_two_local_hours() {
    // 7 days of one request at 00:00Z each day from Monday 2025-01-06; at +05:30 00:00Z is
    // 05:30 local: half of each hour's request in local 05:00, half in 06:00.
    let mut trace = Trace::new();
    for d in 0..7 {
        trace.add(&request(1_736_121_600 + d * 86_400, "m", 10, 1));
    }
    // Span: 6 × 24 + 1 = 145 hours: too short for a shape; extend it with a request at
    // the start of the 168th hour (Sunday 23:00Z = Monday 04:30 local, shared by slots 4
    // and 5).
    trace.add(&request(1_736_121_600 + 167 * 3600, "m", 10, 1));
    let w = workload(&trace, "t", 330);
    let shape = w.shape.expect("one week");
    let v = &shape.requests_per_hour;
    // Each day k: slots 24k + 5 and 24k + 6 get ½; the last request: slots 4 and 5 get ½.
    // Every slot occurs once (168 hours, shares ½ + ½).
    for k in 0..7 {
        let extra = if k == 0 { 0.5 } else { 0.0 };
        assert_eq!(
            (v[24 * k + 5], v[24 * k + 6]),
            (0.5 + extra, 0.5),
            "day {k}"
        );
    }
    assert_eq!(v[4], 0.5);
    assert_eq!(v.iter().sum::<f64>(), 8.0);
}

#[test]
fn an_empty_trace_says_so() {
    let w = workload(&Trace::new(), "empty.csv", 0);
    assert_eq!(w.label, "from empty.csv, 0 requests");
    assert_eq!((w.requests, w.requests_per_month, w.hours), (0.0, 0.0, 0.0));
    assert_eq!(w.warnings, ["the trace holds no traffic"]);
    assert!(w.shape.is_none() && w.growth.is_none() && w.percentiles.is_none());
    assert!(hourly(&Trace::new()).is_empty());
}

#[test]
fn the_workload_round_trips_through_json() {
    let w = workload(
        &trace_of(&Format::LitellmSpendLogsCsv, WEEK_CSV),
        "spend.csv",
        120,
    );
    let json = serde_json::to_string(&w).expect("serialises");
    let back: TraceWorkload = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, w);
    let trace = trace_of(&Format::LitellmSpendLogsCsv, WEEK_CSV);
    let json = serde_json::to_string(&trace).expect("a trace serialises");
    let mut back: Trace = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back, trace);
    // A read-back trace still finds its models by name.
    back.add(&request(SUNDAY_22Z, "gpt-4o", 1, 1));
    assert_eq!(back.models, ["gpt-4o-mini", "gpt-4o"]);
}

#[test]
fn records_read_whole_match_the_trace() {
    let (records, _) = read_all(&Format::LitellmSpendLogsCsv, WEEK_CSV.as_bytes()).expect("ok");
    let mut trace = Trace::new();
    records.iter().for_each(|r| trace.add(r));
    assert_eq!(trace, trace_of(&Format::LitellmSpendLogsCsv, WEEK_CSV));
}

mod invariants {
    use proptest::prelude::*;
    use traffic::analysis::{workload, Trace};

    use super::hourly;
    use traffic::TrafficRecord;

    fn record() -> impl Strategy<Value = TrafficRecord> {
        (
            0i64..(21 * 86_400),
            prop_oneof![
                Just(None),
                Just(Some(3600)),
                Just(Some(86_400)),
                Just(Some(5400))
            ],
            0usize..3,
            (0u64..5000, 0u64..5000, 0u64..5000),
            0u64..4,
            any::<bool>(),
            prop_oneof![4 => Just(false), 1 => Just(true)],
            proptest::option::of(0.0f64..1.0),
        )
            .prop_map(
                |(at, bucket, model, (input, a, b), requests, batch, hit, spend)| {
                    let cached = a.min(input);
                    let write = b.min(input - cached);
                    TrafficRecord {
                        start_unix: 1_736_121_600 + at,
                        bucket_seconds: bucket,
                        model: ["a", "b/c", "d"][model].to_string(),
                        input_tokens: input,
                        cached_input_tokens: cached,
                        cache_write_tokens: write,
                        output_tokens: a,
                        requests,
                        spend_usd: spend,
                        batch,
                        proxy_cache_hit: hit,
                    }
                },
            )
    }

    /// Two JSON values equal but for float rounding (sums in another order).
    fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value;
        match (a, b) {
            (Value::Number(x), Value::Number(y)) => {
                let (x, y) = (
                    x.as_f64().unwrap_or(f64::NAN),
                    y.as_f64().unwrap_or(f64::NAN),
                );
                (x - y).abs() <= 1e-9 * x.abs().max(y.abs()).max(1.0)
            }
            (Value::Array(x), Value::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
            }
            (Value::Object(x), Value::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
            }
            _ => a == b,
        }
    }

    proptest! {
        /// Any record, however odd (times at the ends of i64, any bucket length, counts at
        /// u64::MAX), is added and analysed without a panic.
        #[test]
        fn any_record_is_analysed_without_a_panic(
            records in proptest::collection::vec(
                (any::<i64>(), proptest::option::of(any::<i64>()), any::<u64>(), any::<u64>(), any::<bool>(), any::<bool>()),
                0..8,
            ),
            offset in -1000i32..1000,
        ) {
            let mut trace = Trace::new();
            for (start, bucket, input, requests, batch, hit) in records {
                trace.add(&TrafficRecord {
                    start_unix: start,
                    bucket_seconds: bucket,
                    model: "m".into(),
                    input_tokens: input,
                    cached_input_tokens: input / 2,
                    cache_write_tokens: input / 4,
                    output_tokens: input,
                    requests,
                    spend_usd: Some(1.0),
                    batch,
                    proxy_cache_hit: hit,
                });
            }
            let w = workload(&trace, "odd", offset);
            prop_assert!(w.requests >= 0.0);
        }

        #[test]
        fn hourly_sums_to_the_workload_and_order_does_not_matter(
            records in proptest::collection::vec(record(), 0..60),
            offset in prop_oneof![Just(0i32), Just(120), Just(-300), Just(330)],
            seed in any::<u64>(),
        ) {
            let mut trace = Trace::new();
            records.iter().for_each(|r| trace.add(r));
            let w = workload(&trace, "p.csv", offset);
            let in_hours: f64 = hourly(&trace).iter().map(|(_, t)| t.requests()).sum();
            prop_assert!((in_hours - w.requests).abs() <= 1e-9 * w.requests.max(1.0));
            let hits: u64 = records.iter().filter(|r| r.proxy_cache_hit).map(|r| r.requests).sum();
            prop_assert_eq!(w.proxy_cache_hits, hits);
            for share in [w.cached_input_share, w.cache_write_share, w.batch_share] {
                prop_assert!((0.0..=1.0).contains(&share), "{}", share);
            }
            prop_assert!(w.cached_input_share + w.cache_write_share <= 1.0 + 1e-12);
            prop_assert!(w.models.iter().all(|m| (0.0..=1.0).contains(&m.share)));
            if let Some(shape) = &w.shape {
                prop_assert_eq!(shape.requests_per_hour.len(), 168);
            }

            // Any order: a permutation from the seed.
            let mut shuffled = records.clone();
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            let mut other = Trace::new();
            shuffled.iter().for_each(|r| other.add(r));
            let v = workload(&other, "p.csv", offset);
            let (a, b) = (serde_json::to_value(&w).unwrap(), serde_json::to_value(&v).unwrap());
            prop_assert!(same(&a, &b), "{} vs {}", a, b);
        }
    }
}
