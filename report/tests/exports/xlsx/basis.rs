//! What the self-hosted figures rest on, in the workbook: the model served, its number
//! format and the throughput's basis with what was measured are rows of the Inputs sheet
//! (named by the vocabulary, each with a defined name), the Summary says them in a line
//! each ("estimate" first for a typed throughput), the coherence warnings are Provenance
//! rows named by their field's label, and a decode adjusted to the scenario's lengths is
//! the value of the cell the fleet's formulas read, so LibreOffice's recalculation equals
//! the engine's adjusted plan.

use tco::vocabulary::{self, label, label_when_served};

use super::readers::{fixture, num, Read};

/// The value cell (column B) of the Inputs row labelled `l`.
fn input<'a>(read: &'a Read, l: &str) -> &'a serde_json::Value {
    read.stored("Inputs", &format!("B{}", read.row_of("Inputs", l)))
}

/// The source cell (column D) of the Inputs row labelled `l`.
fn source(read: &Read, l: &str) -> String {
    read.stored("Inputs", &format!("D{}", read.row_of("Inputs", l)))
        .as_str()
        .unwrap_or_else(|| panic!("{l}: no source"))
        .to_string()
}

/// The engine's value (column B) of the Summary row labelled `l`, as text.
fn summary_text(read: &Read, l: &str) -> String {
    read.stored("Summary", &format!("B{}", read.row_of("Summary", l)))
        .as_str()
        .unwrap_or_else(|| panic!("{l}: not text"))
        .to_string()
}

#[test]
fn the_model_and_a_measured_throughput_are_inputs_rows() {
    let read = &fixture().books["measured"];
    let names = read.stored["names"].as_object().unwrap();
    let model = label_when_served("slm.model", "self_hosted");
    assert_eq!(model, "Self-hosted model");
    assert_eq!(input(read, &model), "smollm2-135m");
    assert!(
        source(read, &model).contains("SmolLM2 135M Instruct"),
        "{}",
        source(read, &model)
    );
    assert_eq!(
        input(read, &label("slm.model_format")),
        vocabulary::choice("slm.model_format", "q8_0").unwrap()
    );
    assert_eq!(
        input(read, &label("slm.throughput.basis")),
        vocabulary::choice("slm.throughput.basis", "benchmark").unwrap()
    );
    assert!(source(read, &label("slm.throughput.basis")).contains("measured: benchmark #7"));
    for (path, want) in [
        ("slm.throughput.benchmark", 7.0),
        ("slm.throughput.prompt_tokens", 128.0),
        ("slm.throughput.gen_tokens", 32.0),
        ("slm.throughput.concurrency", 4.0),
    ] {
        assert_eq!(num(input(read, &label(path)), path), want, "{path}");
    }
    for (path, want) in [
        ("slm.throughput.model", "smollm2-135m"),
        ("slm.throughput.device", "cpu"),
        ("slm.throughput.weights", "synthetic weights"),
        (
            "slm.throughput.hardware",
            "Intel Xeon Platinum 8481C, 2 threads",
        ),
    ] {
        assert_eq!(input(read, &label(path)), want, "{path}");
    }
    for name in [
        "slm_model",
        "slm_model_format",
        "throughput_basis",
        "throughput_benchmark",
        "throughput_device",
        "throughput_prompt_tokens",
        "throughput_gen_tokens",
        "throughput_concurrency",
    ] {
        assert!(
            names[name]
                .as_str()
                .is_some_and(|r| r.starts_with("Inputs!$B$")),
            "{name}: {names:?}"
        );
    }
    // Measured as stated (no decode fit): the decode priced is the decode measured, and
    // nothing claims an adjustment.
    let decode = label("slm.decode_tokens_per_s");
    assert_eq!(num(input(read, &decode), "decode"), 190.0);
    assert_eq!(source(read, &decode), "measured");

    // The Summary says which model and which basis, in the words the PDF's page 1 uses.
    let want = report::Summary::of(&read.rs[0]);
    assert_eq!(summary_text(read, &model), want.text.slm_model);
    let basis = summary_text(read, &label("slm.throughput.basis"));
    assert_eq!(basis, want.text.throughput);
    assert!(
        basis.starts_with("measured: benchmark #7: smollm2-135m q8_0 on cpu"),
        "{basis}"
    );

    // The coherence warnings, each named by its field's label, in the Provenance sheet.
    let warnings: Vec<String> = read.stored["cells"]["Provenance"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(cell, v)| cell.starts_with('A') && v[0] == "Warning")
        .map(|(cell, _)| {
            read.stored("Provenance", &format!("B{}", &cell[1..]))
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    for want in [
        format!(
            "{}: The throughput was measured on cpu but is priced on aws:g6.xlarge",
            label("slm.throughput.device")
        ),
        format!(
            "{}: Benchmark #7 ran at 128/32 tokens but this scenario's requests are 500/200",
            label("workload.input_tokens")
        ),
    ] {
        assert!(
            warnings.iter().any(|w| w.starts_with(&want)),
            "no warning `{want}` in {warnings:?}"
        );
    }
    let codes: Vec<&str> = read.rs[0]
        .result
        .warnings
        .iter()
        .map(|w| w.code.as_str())
        .collect();
    assert!(codes.contains(&"throughput_device"), "{codes:?}");
    assert!(codes.contains(&"throughput_shape"), "{codes:?}");
}

#[test]
fn a_typed_throughput_says_estimate() {
    let read = &fixture().books["default"];
    let basis = summary_text(read, &label("slm.throughput.basis"));
    assert!(basis.starts_with("estimate: "), "{basis}");
    assert_eq!(
        input(read, &label("slm.throughput.basis")),
        vocabulary::choice("slm.throughput.basis", "typed").unwrap()
    );
    assert!(source(read, &label("slm.throughput.basis")).starts_with("default: "));
    for l in [
        label("slm.prefill_tokens_per_s"),
        label("slm.decode_tokens_per_s"),
    ] {
        assert_eq!(source(read, &l), "typed (an estimate, not measured)", "{l}");
    }
    assert!(
        summary_text(read, &label_when_served("slm.model", "self_hosted")).starts_with("not named")
    );
    // A hosted SLM names its price-table model, and has no throughput.
    let cascade = &fixture().books["cascade"];
    assert_eq!(
        summary_text(cascade, &label_when_served("slm.model", "api")),
        "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct, a hosted API"
    );
    assert!(!cascade.stored["cells"]["Summary"]
        .as_object()
        .unwrap()
        .values()
        .any(|v| v[0] == label("slm.throughput.basis")));
}

#[test]
fn an_adjusted_decode_is_the_cell_the_formulas_read() {
    let f = fixture();
    let read = &f.books["adjusted"];
    let rs = &read.rs[0];
    let t = rs.scenario.slm.throughput.as_ref().unwrap();
    let tco::scenario::SlmServing::SelfHosted(fleet) = &rs.scenario.slm.serving else {
        panic!("self-hosted");
    };
    // 4 ÷ (20 + 0.01 · 4 · (500 + 200/2)) ms = 90.9 tokens/s, against 190 measured.
    let adjusted = t.adjusted_decode_tokens_per_s.unwrap();
    assert!((adjusted - 4.0 / 0.044).abs() < 1e-9, "{adjusted}");
    assert_eq!(fleet.decode_tokens_per_s, adjusted);
    assert_eq!(t.stated_decode_tokens_per_s, 190.0);

    let decode = label("slm.decode_tokens_per_s");
    assert_eq!(num(input(read, &decode), "decode"), adjusted);
    let why = source(read, &decode);
    assert!(
        why.starts_with("adjusted from benchmark #7 measured at 128/32")
            && why.contains("the figure priced"),
        "{why}"
    );
    let measured = format!("{decode} as measured, before the adjustment");
    assert_eq!(num(input(read, &measured), "measured"), 190.0);
    assert!(source(read, &measured).contains("read by no formula"));
    // The formulas read the priced cell, never the measured one.
    let names = read.stored["names"].as_object().unwrap();
    let decode_cell = names["decode_tokens_per_s"].as_str().unwrap();
    assert_eq!(
        decode_cell,
        format!("Inputs!$B${}", read.row_of("Inputs", &decode))
    );
    let mut readers = 0;
    for sheet in read.sheets() {
        for (cell, v) in read.stored["cells"][&sheet].as_object().unwrap() {
            let Some(formula) = v[0].as_str().filter(|s| s.starts_with('=')) else {
                continue;
            };
            assert!(
                !formula.contains("decode_tokens_per_s_measured"),
                "{sheet}!{cell} reads the measured decode: {formula}"
            );
            readers += usize::from(formula.contains("decode_tokens_per_s"));
        }
    }
    assert!(readers > 0, "no formula reads the decode");

    // The adjustment matters: priced as measured, the same scenario needs fewer replicas
    // (the `measured` book), so a workbook sized from the measured figure would not equal
    // the engine. The recalculated workbook equals the adjusted plan to the cent
    // (`recalculated_figures_equal_the_engine_to_the_cent`, `every_fleet_equals_the_engine_hour_by_hour`);
    // here, the fleet's replicas as LibreOffice computed them.
    let as_measured = &f.books["measured"].rs[0].result;
    assert!(
        rs.result.self_hosted.fleet.replicas > as_measured.self_hosted.fleet.replicas,
        "{:?} vs {:?}",
        rs.result.self_hosted.fleet.replicas,
        as_measured.self_hosted.fleet.replicas
    );
    let sheet = "Fleet schedule";
    let row = read.row_of(sheet, "Replicas in the busiest hour");
    assert_eq!(
        num(read.calc(sheet, &format!("B{row}")), "replicas"),
        rs.result.self_hosted.fleet.replicas.unwrap()
    );
    let summary = report::Summary::of(rs);
    assert!(summary.text.throughput.ends_with(
        "decode priced at 90.9 tokens/s at this scenario's lengths, measured 190.0 tokens/s"
    ));
    assert_eq!(
        summary_text(read, &label("slm.throughput.basis")),
        summary.text.throughput
    );
    // The Provenance says the same, and warns with the decode's label.
    let prov = read.stored["cells"]["Provenance"].to_string();
    assert!(prov.contains(&format!(
        "{decode}: Benchmark #7 ran at 128/32 tokens and this scenario's requests are 500/200"
    )));
}
