//! User-saved profiles: strict parsing and range checks with field paths.

use profiles::{LatencySlo, SavedProfile, Workload};

fn valid() -> SavedProfile {
    SavedProfile {
        name: "My support bot".to_owned(),
        workload: profiles::default_preset().workload,
        slo: Some(LatencySlo {
            ttft_ms: 800.0,
            tpot_ms: 40.0,
        }),
    }
}

/// Field paths of the problems `validate` reports.
fn problem_fields(p: &SavedProfile) -> Vec<String> {
    match p.validate() {
        Ok(()) => Vec::new(),
        Err(problems) => problems.into_iter().map(|(field, _)| field).collect(),
    }
}

#[test]
fn valid_profiles_pass() {
    assert_eq!(valid().validate(), Ok(()));
    let no_slo = SavedProfile {
        slo: None,
        ..valid()
    };
    assert_eq!(no_slo.validate(), Ok(()));
    for p in profiles::presets() {
        let saved = SavedProfile {
            name: p.name.to_string(),
            workload: p.workload,
            slo: Some(p.slo),
        };
        assert_eq!(saved.validate(), Ok(()), "{}", p.id);
    }
}

type Edit = fn(&mut SavedProfile);

#[test]
fn each_bad_value_is_reported_with_its_path() {
    let cases: &[(&str, Edit, &str)] = &[
        ("name", |p| p.name = "  ".into(), "must not be empty"),
        (
            "name",
            |p| p.name = "our\0bot".into(),
            "must not contain the NUL character (U+0000)",
        ),
        (
            "name",
            |p| p.name = "x".repeat(201),
            "must be at most 200 characters (got 201)",
        ),
        (
            "workload.requests_per_month",
            |p| p.workload.requests_per_month = -1.0,
            "must be between 0 and 1e15 (got -1)",
        ),
        (
            "workload.requests_per_month",
            |p| p.workload.requests_per_month = 2e15,
            "must be between 0 and 1e15",
        ),
        (
            "workload.input_tokens",
            |p| p.workload.input_tokens = f64::NAN,
            "must be a finite number",
        ),
        (
            "workload.input_tokens",
            |p| p.workload.input_tokens = -5.0,
            "must be between 0 and 1e8 (got -5)",
        ),
        (
            "workload.output_tokens",
            |p| p.workload.output_tokens = f64::INFINITY,
            "must be a finite number",
        ),
        (
            "workload.output_tokens",
            |p| p.workload.output_tokens = 1.5e8,
            "must be between 0 and 1e8",
        ),
        (
            "workload.cached_input_share",
            |p| p.workload.cached_input_share = 1.01,
            "must be between 0 and 1 (got 1.01)",
        ),
        (
            "workload.cached_input_share",
            |p| p.workload.cached_input_share = -0.1,
            "must be between 0 and 1",
        ),
        (
            "workload.peak_to_average",
            |p| p.workload.peak_to_average = 0.5,
            "must be between 1 and 1e6 (got 0.5)",
        ),
        (
            "workload.peak_to_average",
            |p| p.workload.peak_to_average = f64::NEG_INFINITY,
            "must be a finite number",
        ),
        (
            "workload.monthly_growth",
            |p| p.workload.monthly_growth = -1.0,
            "must be > -1 and <= 1 (got -1)",
        ),
        (
            "workload.monthly_growth",
            |p| p.workload.monthly_growth = 1.5,
            "must be > -1 and <= 1",
        ),
        (
            "slo.ttft_ms",
            |p| p.slo.as_mut().unwrap().ttft_ms = 0.0,
            "must be > 0 (got 0)",
        ),
        (
            "slo.ttft_ms",
            |p| p.slo.as_mut().unwrap().ttft_ms = f64::NAN,
            "must be a finite number",
        ),
        (
            "slo.tpot_ms",
            |p| p.slo.as_mut().unwrap().tpot_ms = -3.0,
            "must be > 0 (got -3)",
        ),
        (
            "slo.tpot_ms",
            |p| p.slo.as_mut().unwrap().tpot_ms = f64::INFINITY,
            "must be a finite number",
        ),
    ];
    for (field, edit, reason) in cases {
        let mut p = valid();
        edit(&mut p);
        let problems = p.validate().expect_err(field);
        assert_eq!(problems.len(), 1, "{field}: {problems:?}");
        assert_eq!(problems[0].0, *field);
        assert!(
            problems[0].1.starts_with(reason),
            "{field}: {:?}",
            problems[0].1
        );
    }
}

#[test]
fn boundaries_are_accepted() {
    let mut p = valid();
    p.name = "é".repeat(200); // characters, not bytes
    p.workload = Workload {
        requests_per_month: 1e15,
        input_tokens: 1e8,
        output_tokens: 0.0,
        cached_input_share: 1.0,
        peak_to_average: 1.0,
        monthly_growth: 1.0,
        batch_share: 0.0,
        cache_write_share: 0.0,
    };
    assert_eq!(p.validate(), Ok(()));
    p.workload.monthly_growth = -0.999;
    p.workload.peak_to_average = 1e6;
    assert_eq!(p.validate(), Ok(()));
}

#[test]
fn every_problem_is_reported_at_once() {
    let mut p = valid();
    p.name.clear();
    p.workload.input_tokens = f64::NAN;
    p.workload.monthly_growth = -2.0;
    p.slo = Some(LatencySlo {
        ttft_ms: -1.0,
        tpot_ms: f64::NAN,
    });
    assert_eq!(
        problem_fields(&p),
        [
            "name",
            "workload.input_tokens",
            "workload.monthly_growth",
            "slo.ttft_ms",
            "slo.tpot_ms"
        ]
    );
}

#[test]
fn json_round_trip() {
    let p = valid();
    let json = serde_json::to_string(&p).unwrap();
    let back: SavedProfile = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    let without_slo = json.replace(r#","slo":{"ttft_ms":800.0,"tpot_ms":40.0}"#, "");
    assert_ne!(without_slo, json);
    let back: SavedProfile = serde_json::from_str(&without_slo).unwrap();
    assert_eq!(back.slo, None);
}

/// The path serde_path_to_error reports for a document that fails to parse.
fn parse_error_path(json: &str) -> (String, String) {
    let de = &mut serde_json::Deserializer::from_str(json);
    let err = serde_path_to_error::deserialize::<_, SavedProfile>(de).expect_err(json);
    (err.path().to_string(), err.inner().to_string())
}

#[test]
fn unknown_fields_are_rejected_at_every_level() {
    let good = serde_json::to_value(valid()).unwrap();
    let cases = [
        ("", "owner"),
        ("workload", "peak_to_avg"),
        ("slo", "ttfb_ms"),
    ];
    for (section, key) in cases {
        let mut doc = good.clone();
        let target = if section.is_empty() {
            &mut doc
        } else {
            &mut doc[section]
        };
        target[key] = 1.into();
        let (path, message) = parse_error_path(&doc.to_string());
        let expected = if section.is_empty() {
            key.to_owned()
        } else {
            format!("{section}.{key}")
        };
        assert_eq!(path, expected, "{message}");
        assert!(
            message.contains(&format!("unknown field `{key}`")),
            "{message}"
        );
    }
}

#[test]
fn wrong_types_and_missing_fields_are_rejected_with_their_path() {
    let mut doc = serde_json::to_value(valid()).unwrap();
    doc["workload"]["input_tokens"] = "500".into();
    assert_eq!(
        parse_error_path(&doc.to_string()).0,
        "workload.input_tokens"
    );

    let mut doc = serde_json::to_value(valid()).unwrap();
    doc["workload"]
        .as_object_mut()
        .unwrap()
        .remove("monthly_growth");
    let (path, message) = parse_error_path(&doc.to_string());
    assert_eq!(path, "workload");
    assert!(
        message.contains("missing field `monthly_growth`"),
        "{message}"
    );
}
