//! A self-hosted fleet's GPU price: typed, from the GPU table (on-demand, spot, discount),
//! or owned hardware, with its basis in the result.

use tco::scenario::{GpuBasis, GpuPriceKind, SlmServing};
use tco::{parse_scenario, plan, Format};

use crate::common;

fn with_slm(slm_gpu: &str) -> String {
    format!(
        r#"{{"name": "gpu", "workload": {{"requests_per_month": 1000000, "input_tokens": 500, "output_tokens": 200, "peak_to_average": 3}},
            "llm": {{"model": "gpt-4o"}},
            "slm": {{"serving": "self_hosted", {slm_gpu} "prefill_tokens_per_s": 5000, "decode_tokens_per_s": 500}}}}"#
    )
}

fn gpu_price(slm_gpu: &str) -> Result<(f64, GpuBasis), Vec<(String, String)>> {
    parse_scenario(&with_slm(slm_gpu), Format::Json, pricing::bundled_table())
        .map(|s| match &s.slm.serving {
            // One always-on replica of one GPU: the month's GPU bill over 730 h is the
            // price paid per GPU-hour (reserved at (1−d)·p when a discount is given).
            SlmServing::SelfHosted(_) => (
                plan(&s).self_hosted.gpu_usd_per_month.unwrap() / 730.0,
                s.slm.gpu.clone().unwrap(),
            ),
            SlmServing::Api(_) => unreachable!(),
        })
        .map_err(|errs| errs.into_iter().map(|e| (e.field, e.message)).collect())
}

#[test]
fn table_offers_price_on_demand_spot_and_discounted() {
    // AWS g6.xlarge (one L4): $0.8048/h on demand, $0.3821/h spot in gpu_prices.csv.
    let cases: &[(&str, f64)] = &[
        (r#""gpu": "aws:g6.xlarge","#, 0.8048),
        (
            r#""gpu": "aws:g6.xlarge", "gpu_price": "on_demand","#,
            0.8048,
        ),
        (r#""gpu": "aws:g6.xlarge", "gpu_price": "spot","#, 0.3821),
        (
            r#""gpu": "aws:g6.xlarge", "gpu_discount": 0.3,"#,
            0.8048 * 0.7,
        ),
    ];
    for &(slm, expected) in cases {
        let (price, basis) = gpu_price(slm).unwrap();
        assert!((price - expected).abs() < 1e-12, "{slm}: {price}");
        let GpuBasis::Table {
            offer, gpu, source, ..
        } = basis
        else {
            panic!("{slm}: not a table basis")
        };
        assert_eq!((offer.as_str(), gpu.as_str()), ("aws:g6.xlarge", "L4"));
        assert!(source.contains("skypilot"), "{source}");
    }
    let (_, spot) = gpu_price(r#""gpu": "aws:g6.xlarge", "gpu_price": "spot","#).unwrap();
    assert!(matches!(
        spot,
        GpuBasis::Table {
            price: GpuPriceKind::Spot,
            ..
        }
    ));
}

#[test]
fn owned_hardware_is_capital_plus_energy() {
    // $30,000 over 36 months of 730 h = $1.141553/h; 700 W × PUE 1.3 × $0.12/kWh = $0.1092/h.
    let (price, basis) = gpu_price(
        r#""owned": {"purchase_usd": 30000, "amortisation_months": 36, "power_watts": 700, "pue": 1.3, "electricity_usd_per_kwh": 0.12},"#,
    )
    .unwrap();
    let capital = 30000.0 / (36.0 * 730.0);
    assert!((price - (capital + 0.1092)).abs() < 1e-12, "{price}");
    // A typed price takes a reserved discount too (v2): 1 replica reserved at $1 × 0.8.
    let (typed, _) = gpu_price(r#""gpu_usd_per_hour": 1, "gpu_discount": 0.2,"#).unwrap();
    assert!((typed - 0.8).abs() < 1e-12, "{typed}");
    let GpuBasis::Owned {
        capital_usd_per_gpu_hour,
        energy_usd_per_gpu_hour,
        ..
    } = basis
    else {
        panic!()
    };
    assert!((capital_usd_per_gpu_hour - capital).abs() < 1e-12);
    assert!((energy_usd_per_gpu_hour - 0.1092).abs() < 1e-12);
    assert!((capital_usd_per_gpu_hour + energy_usd_per_gpu_hour - price).abs() < 1e-12);
}

#[test]
fn gpu_price_choices_are_validated_by_field() {
    let cases: &[(&str, &str, &str)] = &[
        ("", "slm.gpu_usd_per_hour", "is required"),
        (
            r#""gpu_usd_per_hour": 1, "gpu": "aws:g6.xlarge","#,
            "slm.gpu_usd_per_hour",
            "not several",
        ),
        (r#""gpu": "aws:nope","#, "slm.gpu", "aws:nope"),
        (
            r#""gpu_usd_per_hour": 1, "gpu_price": "spot","#,
            "slm.gpu_price",
            "without slm.gpu",
        ),
        (
            r#""gpu": "aws:g6.xlarge", "gpu_discount": 1.5,"#,
            "slm.gpu_discount",
            "between 0",
        ),
        (
            r#""owned": {"purchase_usd": 30000},"#,
            "slm.owned.amortisation_months",
            "is required",
        ),
        (
            r#""owned": {"purchase_usd": 1, "amortisation_months": 1, "power_watts": 1, "pue": 0.5, "electricity_usd_per_kwh": 0.1},"#,
            "slm.owned.pue",
            "between 1",
        ),
        (
            r#""owned": {"price": 1},"#,
            "slm.owned.price",
            "unknown field",
        ),
    ];
    for &(slm, field, word) in cases {
        let errs = gpu_price(slm).unwrap_err();
        assert!(
            errs.iter().any(|(f, m)| f == field && m.contains(word)),
            "{slm}: {errs:?}"
        );
    }
}

#[test]
fn the_result_carries_the_gpu_basis_and_flags_suspect_rows() {
    let r = plan(&common::scenario(&with_slm(r#""gpu": "aws:g6.xlarge","#)));
    assert!(matches!(r.prices.gpu, Some(GpuBasis::Table { .. })));
    // One replica of an L4 at $0.8048 for 730 h.
    assert!((r.self_hosted.monthly_usd - 0.8048 * 730.0).abs() < 1e-9);
    assert!(
        r.warnings.iter().all(|w| w.code != "suspect_gpu_price"),
        "{:?}",
        r.warnings
    );
    let suspect = pricing::gpus::bundled_gpus()
        .offers
        .iter()
        .find(|o| o.flag == "suspect")
        .expect("a suspect row");
    let r = plan(&common::scenario(&with_slm(&format!(
        r#""gpu": "{}","#,
        suspect.id
    ))));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.field == "slm.gpu" && w.message.contains("suspect")),
        "{:?}",
        r.warnings
    );
}
