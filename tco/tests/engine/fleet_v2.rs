//! Cost model v2's fleet (docs/cost-model.md §2, §5), figures worked by hand: a weekday
//! shape, hourly scaling with scale to zero and cold starts, N+1, whole instances, the
//! optimal reserved base, spot, owned GPUs; the exact break-even against brute force.

use proptest::prelude::*;
use tco::break_even::{last_losing_volume, BreakEvenVolume};
use tco::fleet::{FleetModel, GpuCost, Owned, Rented, ReservedBase, Scaling};
use tco::week::Traffic;

use crate::common::assert_close;

/// 1000 input tokens at 10,000 tokens/s plus 100 output tokens at 1,000 tokens/s: a
/// request holds a replica 0.2 s; at u = 0.5 a replica serves 2.5 requests/s.
fn model(scaling: Scaling, gpu: GpuCost) -> FleetModel {
    FleetModel {
        seconds_per_request: 0.2,
        target_utilization: 0.5,
        min_replicas: if scaling == Scaling::Hourly { 0.0 } else { 1.0 },
        spare_replicas: 0.0,
        scaling,
        gpus_per_replica: 1.0,
        gpus_per_instance: 1.0,
        gpu,
        ops_usd_per_month: 0.0,
        fixed_usd_per_month: 0.0,
    }
}

fn rented(p: f64, discount: f64, reserved: ReservedBase) -> GpuCost {
    GpuCost::Rented(Rented {
        usd_per_gpu_hour: p,
        reserved_discount: discount,
        spot_share: 0.0,
        spot_usd_per_gpu_hour: 0.0,
        reserved,
        cold_start_s: 0.0,
    })
}

/// Every hour of Monday to Friday alike, nothing at the weekend: Σw = 120.
fn weekdays() -> Traffic {
    Traffic::week(&[1.0; 24], Some(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]), 0.0)
}

/// 6,570,000 requests a month on weekdays only: λ = 6,570,000·(1/120)·168/(730·3600)
/// = 3.5 requests/s in each weekday hour; need = ⌈3.5·0.2/0.5⌉ = ⌈1.4⌉ = 2.
const WEEKDAY_VOLUME: f64 = 6_570_000.0;

#[test]
fn a_weekday_shape_always_on_bills_the_weekday_peak_every_hour() {
    let f = model(Scaling::AlwaysOn, rented(2.0, 0.0, ReservedBase::Optimal));
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    assert_eq!(bill.schedule.len(), 168);
    assert_eq!(bill.peak_replicas, 2.0);
    assert!(bill.schedule.iter().all(|s| s.replicas == 2.0));
    // 2 replicas × $2 × 730 h = $2,920; with no discount every base ties: b = 0.
    assert_close!(bill.monthly_usd, 2_920.0);
    assert_eq!(bill.reserved_instances, 0.0);
    assert_close!(bill.breakdown.on_demand_usd, 2_920.0);
    // The weekday peak is 168/120 = 1.4× the weekly mean.
    assert_close!(weekdays().peak_to_average(), 1.4);
}

#[test]
fn hourly_scaling_follows_the_weekdays_and_scales_to_zero() {
    let f = model(Scaling::Hourly, rented(2.0, 0.0, ReservedBase::Optimal));
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    assert!(bill.schedule[..120].iter().all(|s| s.replicas == 2.0));
    assert!(bill.schedule[120..].iter().all(|s| s.replicas == 0.0));
    // 2 replicas × 120 h × 730/168 = 1,042.857142857 replica-hours; × $2 = $2,085.714286.
    assert_close!(bill.replica_hours_per_month, 2.0 * 120.0 * 730.0 / 168.0);
    assert_close!(bill.monthly_usd, 2.0 * 2.0 * 120.0 * 730.0 / 168.0);
    // Two instances come up each Monday 00:00: 2 × 730/168 = 8.690476 starts a month.
    assert_close!(bill.instance_starts_per_month, 2.0 * 730.0 / 168.0);
}

#[test]
fn cold_starts_are_billed_at_the_burst_price() {
    let mut f = model(Scaling::Hourly, rented(2.0, 0.0, ReservedBase::Optimal));
    if let GpuCost::Rented(r) = &mut f.gpu {
        r.cold_start_s = 600.0;
    }
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    // 8.690476 starts × 600 s/3600 × 1 GPU × $2 = $2.896825.
    assert_close!(
        bill.breakdown.cold_start_usd,
        2.0 * 730.0 / 168.0 / 6.0 * 2.0
    );
    assert_close!(
        bill.monthly_usd,
        2.0 * 2.0 * 120.0 * 730.0 / 168.0 + 2.0 * 730.0 / 168.0 / 6.0 * 2.0
    );
}

#[test]
fn the_optimal_reserved_base_reserves_only_when_it_pays() {
    // Reserved at 30 % off: 2 × $1.40 × 730 = $2,044 < $2,085.71 on demand: reserve both.
    let f = model(Scaling::Hourly, rented(2.0, 0.3, ReservedBase::Optimal));
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    assert_eq!(bill.reserved_instances, 2.0);
    assert_close!(bill.monthly_usd, 2_044.0);
    assert_close!(bill.breakdown.reserved_usd, 2_044.0);
    assert_eq!(bill.breakdown.on_demand_usd, 0.0);
    // At 20 % off: 2 × $1.60 × 730 = $2,336 > $2,085.71: reserve none.
    let f = model(Scaling::Hourly, rented(2.0, 0.2, ReservedBase::Optimal));
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    assert_eq!(bill.reserved_instances, 0.0);
    assert_close!(bill.monthly_usd, 2.0 * 2.0 * 120.0 * 730.0 / 168.0);
}

#[test]
fn spare_replicas_are_added_where_the_fleet_runs() {
    let mut f = model(Scaling::Hourly, rented(2.0, 0.0, ReservedBase::Optimal));
    f.spare_replicas = 1.0;
    let bill = f.bill(&weekdays(), WEEKDAY_VOLUME);
    // N+1: 3 replicas on weekdays, still 0 at the weekend.
    assert!(bill.schedule[..120].iter().all(|s| s.replicas == 3.0));
    assert!(bill.schedule[120..].iter().all(|s| s.replicas == 0.0));
    let mut f = model(Scaling::AlwaysOn, rented(2.0, 0.0, ReservedBase::Optimal));
    f.spare_replicas = 1.0;
    assert_close!(
        f.bill(&weekdays(), WEEKDAY_VOLUME).monthly_usd,
        3.0 * 2.0 * 730.0
    );
}

#[test]
fn whole_instances_are_rented() {
    // (GPUs per replica N, GPUs per instance G, replicas, instances): an instance holds
    // ⌊G/N⌋ replicas, or a replica spans N/G instances.
    let cases = [
        (1.0, 8.0, 3.0, 1.0),
        (2.0, 8.0, 5.0, 2.0),
        (8.0, 8.0, 3.0, 3.0),
        (3.0, 8.0, 3.0, 2.0),
        (1.0, 4.0, 5.0, 2.0),
        (2.0, 4.0, 5.0, 3.0),
        (8.0, 4.0, 3.0, 6.0),
        (16.0, 8.0, 3.0, 6.0),
    ];
    for (n, g, replicas, instances) in cases {
        let mut f = model(Scaling::AlwaysOn, rented(6.88, 0.0, ReservedBase::Optimal));
        f.gpus_per_replica = n;
        f.gpus_per_instance = g;
        assert_eq!(f.instances_for(replicas), instances, "N={n} G={g}");
    }
    // aws:p5.48xlarge at $6.88/GPU-h: one 1-GPU replica rents the whole 8-GPU box,
    // 8 × $6.88 × 730 = $40,179.20 a month.
    let mut f = model(Scaling::AlwaysOn, rented(6.88, 0.0, ReservedBase::Optimal));
    f.gpus_per_instance = 8.0;
    let bill = f.bill(&weekdays(), 1.0);
    assert_eq!(bill.peak_instances, 1.0);
    assert_close!(bill.monthly_usd, 40_179.2);
    assert_close!(bill.gpu_hours_per_month, 8.0 * 730.0);
}

#[test]
fn spot_takes_its_share_of_the_burst() {
    let gpu = GpuCost::Rented(Rented {
        usd_per_gpu_hour: 2.0,
        reserved_discount: 0.0,
        spot_share: 0.5,
        spot_usd_per_gpu_hour: 0.8 * 1.1,
        reserved: ReservedBase::Fixed(0.0),
        cold_start_s: 0.0,
    });
    let bill = model(Scaling::Hourly, gpu).bill(&weekdays(), WEEKDAY_VOLUME);
    // 1,042.857 GPU-hours: half at $2 = $1,042.857, half at $0.80 × 1.1 = $458.857.
    let hours = 2.0 * 120.0 * 730.0 / 168.0;
    assert_close!(bill.breakdown.on_demand_usd, hours * 0.5 * 2.0);
    assert_close!(bill.breakdown.spot_usd, hours * 0.5 * 0.88);
    assert_close!(bill.monthly_usd, hours * (1.0 + 0.44));
}

#[test]
fn owned_gpus_pay_capital_on_the_peak_and_energy_when_idle() {
    let gpu = GpuCost::Owned(Owned {
        capital_usd_per_gpu_month: 30_000.0 / 36.0,
        power_watts: 700.0,
        idle_power_watts: 100.0,
        usd_per_watt_hour: 1.3 * 0.12 / 1000.0,
    });
    let bill = model(Scaling::Hourly, gpu).bill(&weekdays(), WEEKDAY_VOLUME);
    assert_eq!(bill.reserved_instances, 2.0);
    // Capital: 2 GPUs × $30,000/36 = $1,666.67. Energy: 1,042.857 serving GPU-hours at
    // 700 W and 2 × 48 × 730/168 = 417.143 idle GPU-hours at 100 W, × 1.3 × $0.12/kWh.
    let serving = 2.0 * 120.0 * 730.0 / 168.0;
    let idle = 2.0 * 48.0 * 730.0 / 168.0;
    assert_close!(bill.breakdown.owned_capital_usd, 2.0 * 30_000.0 / 36.0);
    assert_close!(
        bill.breakdown.owned_energy_usd,
        (serving * 700.0 + idle * 100.0) / 1000.0 * 1.3 * 0.12
    );
}

#[test]
fn without_a_shape_the_fleet_is_v1() {
    // v1: peak λ = R·k/(H·3600); n = max(m, ⌈λ·t/u⌉); S = n·N·p·H + F.
    let traffic = Traffic::Flat {
        hours_per_month: 600.0,
        peak_to_average: 3.0,
        batch_share: 0.0,
    };
    let mut f = model(Scaling::AlwaysOn, rented(2.0, 0.0, ReservedBase::Optimal));
    f.fixed_usd_per_month = 100.0;
    // R = 5,400,000: λ = 5.4e6·3/(600·3600) = 7.5/s; ⌈7.5·0.2/0.5⌉ = 3 replicas.
    let bill = f.bill(&traffic, 5_400_000.0);
    assert_eq!(bill.peak_replicas, 3.0);
    assert_close!(bill.monthly_usd, 3.0 * 2.0 * 600.0 + 100.0);
    assert_eq!(bill.instance_starts_per_month, 0.0);
}

#[test]
fn batch_requests_spread_over_the_whole_week() {
    // β = 0.5: weekday slots carry 0.5/120 + 0.5/168 of the month, weekend slots 0.5/168.
    let t = Traffic::week(&[1.0; 24], Some(&[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]), 0.5);
    let slots = t.slots();
    let per_request = 168.0 / (730.0 * 3600.0);
    assert_close!(
        slots[0].rate_per_monthly_request,
        (0.5 / 120.0 + 0.5 / 168.0) * per_request
    );
    assert_close!(
        slots[167].rate_per_monthly_request,
        0.5 / 168.0 * per_request
    );
}

fn api_line(a: f64) -> impl Fn(f64) -> f64 {
    move |r| a * r
}

/// Brute force: the largest grid volume below `upper` where S > A.
fn last_losing_on_grid(f: &FleetModel, t: &Traffic, a: f64, upper: f64, steps: u32) -> f64 {
    let mut last = 0.0;
    for i in 0..=steps {
        let r = upper * f64::from(i) / f64::from(steps);
        if f.bill(t, r).monthly_usd > api_line(a)(r) {
            last = r;
        }
    }
    last
}

#[test]
fn break_even_matches_a_fine_grid_for_hourly_scaling() {
    let mut f = model(Scaling::Hourly, rented(2.0, 0.3, ReservedBase::Optimal));
    f.fixed_usd_per_month = 500.0;
    let t = weekdays();
    // The API at $0.002 a request.
    let a = 0.002;
    let BreakEvenVolume::Exact(r_star) =
        last_losing_volume(|r| f.bill(&t, r).monthly_usd, a, &f.cost_bounds(&t))
    else {
        panic!("expected an exact break-even");
    };
    assert!(f.bill(&t, r_star * (1.0 - 1e-9)).monthly_usd > a * r_star * (1.0 - 1e-9));
    assert!(f.bill(&t, r_star * (1.0 + 1e-9)).monthly_usd <= a * r_star * (1.0 + 1e-9));
    let grid = last_losing_on_grid(&f, &t, a, 4.0 * r_star, 20_000);
    assert!(grid <= r_star && grid > r_star * (1.0 - 4.0 / 20_000.0 - 1e-9));
}

#[test]
fn break_even_at_a_huge_volume_does_not_walk_every_step() {
    // $400M a month of fixed cost against an API at twice the fleet's marginal cost puts
    // R* near 1e12 requests a month: ~180,000 replicas at the weekday peak, millions of
    // replica steps below it. The search must end exactly, in few steps.
    let mut f = model(Scaling::Hourly, rented(2.0, 0.0, ReservedBase::Optimal));
    f.fixed_usd_per_month = 4e8;
    let t = weekdays();
    let bounds = f.cost_bounds(&t);
    let slope = bounds.iter().map(|b| b.slope).fold(f64::INFINITY, f64::min);
    let a = 2.0 * slope;
    let evaluations = std::cell::Cell::new(0u32);
    let cost = |r: f64| {
        evaluations.set(evaluations.get() + 1);
        f.bill(&t, r).monthly_usd
    };
    let BreakEvenVolume::Exact(r_star) = last_losing_volume(cost, a, &bounds) else {
        panic!("expected an exact break-even");
    };
    assert!(r_star > 1e11, "R* = {r_star}");
    assert!(
        evaluations.get() < 2_000,
        "{} evaluations",
        evaluations.get()
    );
    assert!(f.bill(&t, r_star * (1.0 - 1e-12)).monthly_usd > a * r_star * (1.0 - 1e-12));
    assert!(f.bill(&t, r_star * (1.0 + 1e-9)).monthly_usd <= a * r_star * (1.0 + 1e-9));
}

#[test]
fn a_fleet_dearer_per_request_than_the_api_never_breaks_even() {
    let f = model(Scaling::AlwaysOn, rented(2.0, 0.0, ReservedBase::Optimal));
    let t = weekdays();
    let slope = f
        .cost_bounds(&t)
        .iter()
        .map(|b| b.slope)
        .fold(f64::INFINITY, f64::min);
    assert_eq!(
        last_losing_volume(|r| f.bill(&t, r).monthly_usd, slope, &f.cost_bounds(&t)),
        BreakEvenVolume::Unbounded
    );
}

fn any_fleet() -> impl Strategy<Value = (FleetModel, Traffic)> {
    (
        (0.001f64..2.0, 0.2f64..1.0, 0u8..3, 0u8..2, any::<bool>()),
        (0usize..4, 0usize..4, 0.5f64..10.0, 0.0f64..0.6, 0.0f64..1.0),
        (
            0.0f64..1200.0,
            0.0f64..2000.0,
            prop::collection::vec(0.0f64..5.0, 24),
        ),
        (
            prop::collection::vec(0.0f64..2.0, 7),
            0.0f64..0.5,
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (t, u, m, spare, hourly),
                (n_ix, g_ix, p, d, sigma),
                (cold, fixed, mut daily),
                (mut weekly, beta, owned),
            )| {
                daily[0] += 0.1;
                weekly[0] += 0.1;
                let n = [1.0, 2.0, 4.0, 8.0][n_ix];
                let g = [1.0, 2.0, 4.0, 8.0][g_ix];
                // N > G only as a multiple of G.
                let g = if n > g && n % g != 0.0 { n } else { g };
                let scaling = if hourly {
                    Scaling::Hourly
                } else {
                    Scaling::AlwaysOn
                };
                let gpu = if owned {
                    GpuCost::Owned(Owned {
                        capital_usd_per_gpu_month: p * 300.0,
                        power_watts: 700.0,
                        idle_power_watts: 150.0,
                        usd_per_watt_hour: 0.00015,
                    })
                } else {
                    GpuCost::Rented(Rented {
                        usd_per_gpu_hour: p,
                        reserved_discount: d,
                        spot_share: sigma,
                        spot_usd_per_gpu_hour: p * 0.4,
                        reserved: ReservedBase::Optimal,
                        cold_start_s: cold,
                    })
                };
                let weekly: [f64; 7] = [
                    weekly[0], weekly[1], weekly[2], weekly[3], weekly[4], weekly[5], weekly[6],
                ];
                (
                    FleetModel {
                        seconds_per_request: t,
                        target_utilization: u,
                        min_replicas: if hourly {
                            f64::from(m)
                        } else {
                            f64::from(m) + 1.0
                        },
                        spare_replicas: f64::from(spare),
                        scaling,
                        gpus_per_replica: n,
                        gpus_per_instance: g,
                        gpu,
                        ops_usd_per_month: 0.0,
                        fixed_usd_per_month: fixed,
                    },
                    Traffic::week(&daily, Some(&weekly), beta),
                )
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn the_optimal_base_is_never_beaten((f, t) in any_fleet(), r in 0.0f64..5e7) {
        let GpuCost::Rented(rented) = f.gpu else { return Ok(()) };
        let best = f.bill(&t, r);
        for b in 0..=(best.peak_instances as u32) {
            let mut fixed = f;
            fixed.gpu = GpuCost::Rented(Rented { reserved: ReservedBase::Fixed(f64::from(b)), ..rented });
            let other = fixed.bill(&t, r).monthly_usd;
            prop_assert!(best.monthly_usd <= other * (1.0 + 1e-12), "b={b}: {other} < {}", best.monthly_usd);
        }
    }

    #[test]
    fn hourly_with_the_optimal_base_never_costs_more_than_always_on(
        (f, t) in any_fleet(), r in 0.0f64..5e7,
    ) {
        prop_assume!(matches!(f.gpu, GpuCost::Rented(_)));
        let mut always = f;
        always.scaling = Scaling::AlwaysOn;
        always.min_replicas = f.min_replicas.max(1.0);
        let mut hourly = always;
        hourly.scaling = Scaling::Hourly;
        prop_assert!(
            hourly.bill(&t, r).monthly_usd <= always.bill(&t, r).monthly_usd * (1.0 + 1e-12)
        );
    }

    #[test]
    fn the_fleet_cost_never_falls_as_volume_grows((f, t) in any_fleet(), r in 0.0f64..5e7, dr in 0.0f64..5e6) {
        prop_assert!(f.bill(&t, r).monthly_usd <= f.bill(&t, r + dr).monthly_usd * (1.0 + 1e-12));
    }

    #[test]
    fn the_lines_lie_above_the_cost((f, t) in any_fleet(), r in 0.0f64..1e9) {
        let cost = f.bill(&t, r).monthly_usd;
        for b in f.cost_bounds(&t) {
            prop_assert!(cost <= (b.slope * r + b.intercept) * (1.0 + 1e-9) + 1e-9);
        }
    }

    #[test]
    fn break_even_is_where_the_api_starts_to_win_for_good(
        (f, t) in any_fleet(), margin in 1.2f64..5.0, probe in 0.0f64..1.0,
    ) {
        let bounds = f.cost_bounds(&t);
        let slope = bounds.iter().map(|b| b.slope).fold(f64::INFINITY, f64::min);
        prop_assume!(slope > 0.0);
        let a = slope * margin;
        let BreakEvenVolume::Exact(r_star) =
            last_losing_volume(|r| f.bill(&t, r).monthly_usd, a, &bounds)
        else {
            return Err(TestCaseError::fail("expected an exact break-even"));
        };
        // Above R*, the API never loses; just below it, self-hosting still costs more.
        let above = r_star * (1.0 + 1e-9) + r_star * 3.0 * probe;
        prop_assert!(f.bill(&t, above).monthly_usd <= a * above * (1.0 + 1e-9));
        if r_star > 0.0 {
            let below = r_star * (1.0 - 1e-9);
            prop_assert!(f.bill(&t, below).monthly_usd > a * below);
        }
    }
}

/// The v1 scenario's fleet as a v2 model: no shape, always on, the whole fleet at p.
fn v1_model(s: &tco::Scenario) -> (FleetModel, Traffic) {
    let tco::scenario::SlmServing::SelfHosted(f) = &s.slm.serving else {
        panic!("self-hosted scenario expected");
    };
    let w = &s.workload;
    (
        FleetModel {
            seconds_per_request: tco::cost::gpu_seconds_per_request(f, w, 1.0),
            target_utilization: f.target_utilization,
            min_replicas: f.min_replicas,
            spare_replicas: 0.0,
            scaling: Scaling::AlwaysOn,
            gpus_per_replica: f.gpus_per_replica,
            gpus_per_instance: 1.0,
            gpu: match f.gpu {
                tco::scenario::FleetGpu::Rented {
                    usd_per_gpu_hour, ..
                } => rented(usd_per_gpu_hour, 0.0, ReservedBase::Optimal),
                tco::scenario::FleetGpu::Owned { .. } => panic!("rented fleet expected"),
            },
            ops_usd_per_month: 0.0,
            fixed_usd_per_month: f.fixed_usd_per_month,
        },
        Traffic::Flat {
            hours_per_month: f.hours_per_month,
            peak_to_average: w.peak_to_average,
            batch_share: 0.0,
        },
    )
}

fn v2_break_even(s: &tco::Scenario) -> Option<f64> {
    let (f, t) = v1_model(s);
    let a = tco::cost::api_usd_per_request(s);
    match last_losing_volume(|r| f.bill(&t, r).monthly_usd, a, &f.cost_bounds(&t)) {
        BreakEvenVolume::Exact(r) => Some(r),
        BreakEvenVolume::Unbounded => None,
        BreakEvenVolume::AtMost(r) => panic!("search ran out of steps at {r}"),
    }
}

#[test]
fn the_worked_example_breaks_even_where_v1_says() {
    // docs/cost-model.md: one replica at $584 a month against $0.00325 a request.
    let s = crate::common::scenario(crate::common::WORKED_EXAMPLE);
    assert_close!(v2_break_even(&s).unwrap(), 584.0 / 0.00325);
}

/// v1's formulas, written out (docs/cost-model.md §5, "v1's closed form"): a fleet of
/// n = max(m, ⌈R·k/(H·3600)·t/u⌉) replicas at N·p·H each plus F, and its break-even.
struct V1 {
    t: f64,
    u: f64,
    m: f64,
    k: f64,
    hours: f64,
    replica_usd: f64,
    fixed: f64,
    c: f64,
}

impl V1 {
    fn fleet(&self, r: f64) -> f64 {
        let load = r * self.k / (self.hours * 3600.0) * self.t / self.u;
        self.m.max(tco::cost::ceil_tolerant(load)) * self.replica_usd + self.fixed
    }

    fn break_even(&self) -> Option<f64> {
        let capacity = self.u * self.hours * 3600.0 / (self.t * self.k);
        let (g, f, c) = (self.replica_usd, self.fixed, self.c);
        if c * capacity <= g {
            return None;
        }
        let bound = (c * capacity + f) / (c * capacity - g);
        let last = self.m.max(tco::cost::ceil_tolerant(bound) - 1.0);
        Some((last * g + f) / c)
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn a_v1_scenario_gives_its_v1_figures(
        (input, output) in (1.0f64..4000.0, 1.0f64..1000.0),
        (prefill, decode) in (100.0f64..20_000.0, 10.0f64..3000.0),
        (u, m, k, hours) in (0.1f64..1.0, 1u8..4, 1.0f64..6.0, 100.0f64..744.0),
        (p, fixed, price_in, price_out) in (0.1f64..10.0, 0.0f64..5000.0, 0.1f64..20.0, 0.1f64..60.0),
        (requests, share, escalation, growth) in (0.0f64..5e7, 0.0f64..1.0, 0.0f64..0.5, 0.0f64..0.05),
    ) {
        let json = format!(r#"{{"name": "v1", "workload": {{"requests_per_month": {requests},
            "input_tokens": {input}, "output_tokens": {output}, "peak_to_average": {k},
            "monthly_growth": {growth}}},
            "llm": {{"input_usd_per_mtok": {price_in}, "output_usd_per_mtok": {price_out}}},
            "slm": {{"serving": "self_hosted", "gpu_usd_per_hour": {p},
            "prefill_tokens_per_s": {prefill}, "decode_tokens_per_s": {decode},
            "target_utilization": {u}, "min_replicas": {m}, "hours_per_month": {hours},
            "fixed_usd_per_month": {fixed}, "one_time_usd": 1000}},
            "routing": {{"slm_share": {share}, "escalation_rate": {escalation}}},
            "finance": {{"horizon_months": 24}}}}"#);
        let s = crate::common::scenario(&json);
        let v1 = V1 {
            t: input / prefill + output / decode,
            u,
            m: f64::from(m),
            k,
            hours,
            replica_usd: p * hours,
            fixed,
            c: (input * price_in + output * price_out) / 1e6,
        };
        let r = tco::plan(&s);
        let close = crate::common::close;
        prop_assert!(close(r.api.monthly_usd, requests * v1.c));
        prop_assert!(close(r.self_hosted.monthly_usd, v1.fleet(requests)), "S {} vs v1 {}", r.self_hosted.monthly_usd, v1.fleet(requests));
        let llm = (1.0 - share) * requests + escalation * share * requests;
        let slm = if share > 0.0 { v1.fleet(share * requests) } else { 0.0 };
        prop_assert!(close(r.hybrid.monthly_usd, slm + llm * v1.c) || (r.hybrid.monthly_usd - (slm + llm * v1.c)).abs() < 1e-9);
        match (r.break_even.requests_per_month, v1.break_even()) {
            (Some(got), Some(expected)) => prop_assert!(close(got, expected), "R* {got} vs v1 {expected}"),
            (got, expected) => prop_assert_eq!(got, expected),
        }
        // v1's NPV: −X + Σ (R_t·c − S(R_t))/(1+r_m)^t, rented GPUs, no price trend.
        let rate = 1.1f64.powf(1.0 / 12.0);
        let mut npv = -1000.0;
        for t in 1..=24 {
            let rt = requests * (1.0 + growth).powi(t - 1);
            npv += (rt * v1.c - v1.fleet(rt)) / rate.powi(t);
        }
        prop_assert!((r.roi.self_hosted.npv_usd - npv).abs() <= 1e-9 * npv.abs().max(1.0), "NPV {} vs v1 {npv}", r.roi.self_hosted.npv_usd);
    }
}

/// The tolerant ceiling as first written, with libm's round and ceil.
fn ceil_tolerant_reference(x: f64) -> f64 {
    let nearest = x.round();
    if (x - nearest).abs() <= 1e-9 * nearest.abs() {
        nearest
    } else {
        x.ceil()
    }
}

proptest! {
    #[test]
    fn the_fast_tolerant_ceiling_matches_libm(
        whole in 0u64..10_000_000_000, offset in -1e-6f64..1e-6, scale in 0.0f64..1.0,
    ) {
        let near = whole as f64 + offset * whole as f64;
        let anywhere = scale * 1e6;
        for x in [near, anywhere, whole as f64, 3.0000000000000004, 0.0, 5e15, 1e300] {
            prop_assert_eq!(tco::cost::ceil_tolerant(x), ceil_tolerant_reference(x), "x = {}", x);
        }
    }
}
